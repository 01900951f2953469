"""Every configuration area is wired the same way, in the listed order.

The plays are generated from kayobe_host_areas (kayobe/areaplays.py); these
tests fail when the checked-in plays are stale or lose their shape.
"""

import yaml

from kayobe import areaplays
from kayobe import paths
from tests.unit import base

ANSIBLE = paths.ansible_dir()


def load(name):
    return yaml.safe_load((ANSIBLE / name).read_text())


def all_defaults():
    merged = {}
    for path in sorted((ANSIBLE / "inventory" / "group_vars" / "all").iterdir()):
        merged.update(yaml.safe_load(path.read_text()) or {})
    return merged


AREAS = all_defaults()["kayobe_host_areas"]

# (case, text, whether it must be quoted to read back the same)
SCALARS = (
    ("plain words", "Configure swap", False),
    ("apostrophe inside", "Add a host's keys", False),
    ("colon and space", "Configure: swap", True),
    ("leading quote", "'quoted' name", True),
    ("comment sign", "Set #1", True),
)


class TestGeneratedPlays(base.TestCase):

    def test_generated_plays_are_current(self):
        for name, text in sorted(areaplays.generated_files().items()):
            with self.subTest(file=name):
                path = ANSIBLE / name
                self.assertTrue(path.is_file(), f"{path}: run tools/gen-docs")
                self.assertEqual(path.read_text(), text, "run tools/gen-docs")

    def test_generated_plays_say_so(self):
        for name in areaplays.generated_files():
            with self.subTest(file=name):
                self.assertIn("do not edit", (ANSIBLE / name).read_text())

    def test_scalar_quotes_only_when_needed(self):
        for case, text, quoted in SCALARS:
            with self.subTest(case=case):
                out = areaplays._scalar(text)
                self.assertEqual(yaml.safe_load(f"k: {out}"), {"k": text})
                self.assertEqual(out != text, quoted)

    def test_missing_role_description_names_the_file(self):
        self.patch_object(paths, "ansible_dir", return_value=self.tmp_path)
        self.write("roles/nope/meta/main.yml", "---\ngalaxy_info: {}\n")
        with self.assertRaisesRegex(ValueError, "roles/nope/meta/main.yml"):
            areaplays.role_description("nope")


class TestAreaPlays(base.TestCase):

    def area_playbooks(self):
        imports = [p["ansible.builtin.import_playbook"]
                   for p in load("host-configure.yml")]
        self.assertEqual(imports[:2], ["host-areas.yml", "ip-allocation.yml"])
        return imports[2:]

    def test_host_configure_follows_the_area_list(self):
        names = [f.removesuffix(".yml").replace("-", "_")
                 for f in self.area_playbooks()]
        self.assertEqual(names, AREAS)

    def test_area_play_shape(self):
        for area in AREAS:
            with self.subTest(area=area):
                play = load(areaplays.play_path(area))[0]
                self.assertEqual(play["hosts"], f"kayobe_area_{area}:localhost")
                self.assertIs(play["gather_facts"], False)
                self.assertEqual(
                    play["max_fail_percentage"],
                    f"{{{{ {area}_max_fail_percentage"
                    " | default(host_configure_max_fail_percentage)"
                    " | default(kayobe_max_fail_percentage) | default(100) }}")
                # Ours and upstream's hyphenated tag, once each.
                self.assertEqual(
                    play["tags"],
                    list(dict.fromkeys((area, areaplays.role_name(area)))))
                self.assertEqual(play["roles"][0],
                                 {"role": "kayobe-area", "kayobe_area": area})
                self.assertEqual(play["roles"][1],
                                 {"role": areaplays.role_name(area)})

    def test_control_host_areas_keep_the_order(self):
        imports = [p["ansible.builtin.import_playbook"]
                   for p in load("control-host-configure.yml")]
        self.assertEqual(imports[0], "host-areas.yml")
        areas = [f.removesuffix(".yml").replace("-", "_") for f in imports[1:]]
        self.assertTrue(set(areas) <= set(AREAS), areas)
        self.assertEqual(areas, sorted(areas, key=AREAS.index))

    def test_area_has_an_enabled_switch(self):
        defaults = all_defaults()
        for area in AREAS:
            with self.subTest(area=area):
                self.assertIn(f"{area}_enabled", defaults)

    def test_fail_percentage_fallback_is_the_shipped_default(self):
        # Play keywords do not see inventory group_vars, so the plays carry
        # the shipped kayobe_max_fail_percentage as their last default.
        defaults = all_defaults()
        self.assertEqual(defaults["kayobe_max_fail_percentage"], 100)
        self.assertEqual(defaults["host_configure_max_fail_percentage"],
                         "{{ kayobe_max_fail_percentage }}")
