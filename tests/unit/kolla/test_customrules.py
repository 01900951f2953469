"""Include globs and rules of the custom service configuration."""

from kayobe import errors
from kayobe.kolla import customconfig
from kayobe.kolla import customrules
from tests.unit import base

GLOBS = (
    # glob, path, matches
    ("glance*.conf", "glance-api.conf", True),
    ("glance*.conf", "glance/glance-api.conf", False),
    ("aodh/**", "aodh/a/b.conf", True),
    ("aodh/**", "aodh.conf", False),
    ("**/*.conf", "keystone.conf", True),
    ("**/*.conf", "nova/nova-compute/nova.conf", True),
    ("**/*.conf", "nova.conf.bak", False),
    ("designate/**/named.conf", "designate/named.conf", True),
    ("designate/**/named.conf", "designate/x/y/named.conf", True),
    ("swift/*.ring.gz", "swift/object.ring.gz", True),
    ("swift/*.ring.gz", "swift/a/object.ring.gz", False),
    ("influx*", "influxdb.conf", True),
    ("n?va.conf", "nova.conf", True),
    ("**", "any/thing", True),
    ("a+b.conf", "aab.conf", False),
)


def render(text, source):
    return text.replace("{{ x }}", "X")


class TestGlobs(base.TestCase):

    def test_glob_matching(self):
        for glob, path, expected in GLOBS:
            with self.subTest(glob=glob, path=path):
                self.assertEqual(customrules.matches(path, glob), expected)

    def test_rule_order_and_single_source_merges(self):
        rules = customrules.rules([
            {"glob": "**", "strategy": "template", "priority": 65535},
            {"glob": "**/*.conf", "strategy": "merge_configs", "priority": 2000},
            {"glob": "x/*.conf", "strategy": "copy", "priority": 1000},
            {"glob": "y.conf", "strategy": "concat", "priority": 10,
             "enabled": "false"},
        ])
        for path, sources, expected in (("x/a.conf", 2, "copy"),
                                        ("y.conf", 2, "merge_configs"),
                                        ("y.conf", 1, "template"),
                                        ("z.txt", 3, "template")):
            with self.subTest(path=path, sources=sources):
                self.assertEqual(customrules.strategy(path, rules, sources), expected)
        self.assertIsNone(customrules.strategy("a", [], 1))

    def test_include_globs_enabled_only(self):
        self.assertEqual(customrules.include_globs([
            {"glob": "a.conf", "enabled": True}, {"glob": "b.conf", "enabled": "no"},
            {"glob": "c.conf"}]), ["a.conf"])

    def test_bad_entries(self):
        for case, call, pattern in (
                ("glob missing", lambda: customrules.rules([{"strategy": "copy"}]),
                 "item 0 needs glob and strategy"),
                ("strategy", lambda: customrules.rules(
                    [{"glob": "a", "strategy": "zip"}]), "strategy 'zip', not one of"),
                ("priority", lambda: customrules.rules(
                    [{"glob": "a", "strategy": "copy", "priority": "hi"}]),
                 "priority that is not a number"),
                ("not a list", lambda: customrules.include_globs("a.conf"),
                 "must be a list")):
            with self.subTest(case=case):
                with self.assertRaisesRegex(errors.ConfigError, pattern):
                    call()


class TestBuildWithRules(base.TestCase):

    def test_strategies_over_layers(self):
        for layer, value in (("base", "1"), ("env", "2")):
            self.write(f"{layer}/nova.conf",
                       f"[DEFAULT]\na = {value}\nb = {{{{ x }}}}\n")
            self.write(f"{layer}/keystone.conf", f"[DEFAULT]\na = {value}\n")
            self.write(f"{layer}/horizon/themes/t.css", f"{{{{ x }}}} {value}\n")
            self.write(f"{layer}/horizon/local.yml", f"a: {value}\n")
        self.write("base/aodh.conf", "[DEFAULT]\na = 1\n")
        globs = ["nova.conf", "keystone.conf", "horizon/**"]
        rules = customrules.rules([
            {"glob": "horizon/themes/**", "strategy": "copy", "priority": 1000},
            {"glob": "nova.conf", "strategy": "concat", "priority": 2000},
            {"glob": "**/*.conf", "strategy": "merge_configs", "priority": 2000},
            {"glob": "**/*.yml", "strategy": "merge_yaml", "priority": 2000,
             "enabled": False},
            {"glob": "**", "strategy": "template", "priority": 65535},
        ])
        tree = customconfig.build([self.tmp_path / "base", self.tmp_path / "env"],
                                  render, {"nova.conf": "[DEFAULT]\ng = 0\n"},
                                  globs=globs, rules=rules)
        self.assertEqual(tree, {
            "config/nova.conf": b"[DEFAULT]\ng = 0\n\n[DEFAULT]\na = 1\nb = X\n\n"
                                b"[DEFAULT]\na = 2\nb = X\n",
            "config/keystone.conf": b"[DEFAULT]\na = 2\n",
            "config/horizon/themes/t.css": b"{{ x }} 2\n",
            "config/horizon/local.yml": b"a: 2\n",
        })

    def test_always_globs_pass_the_include_list(self):
        self.write("bifrost/dib.yml", "a: 1\n")
        tree = customconfig.build([self.tmp_path], render, globs=[],
                                  always=("bifrost/**",))
        self.assertEqual(tree, {"config/bifrost/dib.yml": b"a: 1\n"})
