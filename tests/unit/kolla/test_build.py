"""kolla-build.conf and template-override.j2 (kayobe/kolla/build.py),
against kolla's own registered options (the kolla package, pinned)."""

from kayobe import errors
from kayobe.kolla import build
from tests.unit import base

TABLE = build.option_table()

# (case, layer input as extra config, expected lines in the rendered file)
RENDERED = (
    ("bool", {"DEFAULT": {"template_only": True}}, ["template_only = true"]),
    ("int", {"DEFAULT": {"threads": 4}}, ["threads = 4"]),
    ("list", {"DEFAULT": {"allowed_to_fail": ["a", "b"]}},
     ["allowed_to_fail = a,b"]),
    ("dict", {"DEFAULT": {"build_args": {"HTTP_PROXY": "http://p:3128"}}},
     ["build_args = HTTP_PROXY:http://p:3128"]),
    ("multi", {"DEFAULT": {"profile": ["infra", "main"]}},
     ["profile = infra", "profile = main"]),
    ("hyphenated name", {"DEFAULT": {"squash-cleanup": False}},
     ["squash_cleanup = false"]),
    ("source group", {"keystone-base": {"type": "local", "location": "/src"}},
     ["[keystone-base]", "type = local", "location = /src"]),
    ("user group", {"keystone-user": {"uid": 4242}},
     ["[keystone-user]", "uid = 4242"]),
    ("own profile", {"profiles": {"kayobe": ["^keystone", "^cron$"]}},
     ["[profiles]", "kayobe = ^keystone,^cron$"]),
)

# (case, extra config, what the one-line error says)
REFUSED = (
    ("unknown option", {"DEFAULT": {"bsae": "debian"}},
     "kolla_build_extra_config: unknown kolla-build option: [DEFAULT] bsae"),
    ("unknown group", {"keystone-bsae": {"type": "local"}},
     "kolla_build_extra_config: unknown kolla-build group: [keystone-bsae]"),
    ("unknown source option", {"keystone-base": {"branch": "x"}},
     "unknown kolla-build option: [keystone-base] branch"),
    ("choice", {"DEFAULT": {"base": "arch"}},
     "[DEFAULT] base = 'arch' is not valid for kolla-build"),
    ("source type", {"keystone-base": {"type": "svn"}},
     "[keystone-base] type = 'svn' is not valid"),
    ("integer", {"DEFAULT": {"threads": "many"}},
     "[DEFAULT] threads = 'many' is not valid"),
    ("boolean", {"DEFAULT": {"push": "perhaps"}},
     "[DEFAULT] push = 'perhaps' is not valid"),
    ("not a mapping", {"DEFAULT": ["base"]},
     "kolla_build_extra_config: [DEFAULT] must be a mapping"),
)


def conf(text):
    """Non-comment, non-blank lines of a rendered file."""
    return [line for line in text.splitlines()
            if line and not line.startswith("#")]


class TestOptionTable(base.TestCase):
    def test_kolla_groups_are_loaded(self):
        self.assertIn("base", TABLE["DEFAULT"])
        self.assertIn("template_override", TABLE["DEFAULT"])
        self.assertIn("type", TABLE["keystone-base"])
        self.assertIn("uid", TABLE["keystone-user"])
        self.assertIn("infra", TABLE["profiles"])

    def test_error_is_a_kayobe_config_error(self):
        self.assertTrue(issubclass(build.BuildConfigError, errors.ConfigError))


class TestRender(base.TestCase):
    def test_values_render_in_oslo_syntax_and_read_back(self):
        for case, extra, lines in RENDERED:
            with self.subTest(case=case):
                text = build.build_files({}, extra_config=extra,
                                         table=TABLE)[build.CONFIG_FILE]
                for line in lines:
                    self.assertIn(line, conf(text))

    def test_variables_map_to_default_options(self):
        text = build.build_files({
            "kolla_base_distro": "debian", "kolla_base_distro_version": "bookworm",
            "kolla_docker_namespace": "kayobe", "kolla_docker_registry": "",
            "kolla_tag": "t1", "kolla_base_arch": "x86_64"},
            table=TABLE)[build.CONFIG_FILE]
        self.assertEqual(conf(text), [
            "[DEFAULT]", "base = debian", "base_arch = x86_64",
            "base_tag = bookworm", "namespace = kayobe", "network_mode = host",
            "tag = t1"])

    def test_later_layers_win(self):
        text = build.build_files(
            {"kolla_base_distro": "rocky", "kolla_tag": "from-variable"},
            sources={"keystone-base": {"type": "git", "location": "https://g"}},
            extra_config={"DEFAULT": {"tag": "from-extra"},
                          "keystone-base": {"type": "url"}},
            files=[("cfg/kolla/kolla-build.conf",
                    "[DEFAULT]\nbase = debian\n"),
                   ("env/kolla/kolla-build.conf",
                    "[DEFAULT]\nbase = ubuntu\nprofile = infra\nprofile = main\n")],
            table=TABLE)[build.CONFIG_FILE]
        lines = conf(text)
        for line in ("base = ubuntu", "tag = from-extra", "type = url",
                     "location = https://g", "profile = infra",
                     "profile = main"):
            self.assertIn(line, lines)
        self.assertNotIn("tag = from-variable", lines)

    def test_template_override_path_is_set(self):
        text = build.build_files({}, override_path="/etc/kolla/template-override.j2",
                                 table=TABLE)[build.CONFIG_FILE]
        self.assertIn("template_override = /etc/kolla/template-override.j2",
                      conf(text))

    def test_unset_values_are_left_to_kolla(self):
        text = build.build_files(
            {"kolla_docker_registry": "", "kolla_tag": None},
            sources={"keystone-base": {"type": "local", "location": None}},
            table=TABLE)[build.CONFIG_FILE]
        self.assertEqual(conf(text), ["[DEFAULT]", "network_mode = host",
                                      "[keystone-base]", "type = local"])


class TestRefused(base.TestCase):
    def test_unknown_options_and_bad_values_name_their_origin(self):
        for case, extra, message in REFUSED:
            with self.subTest(case=case):
                with self.assertRaises(build.BuildConfigError) as caught:
                    build.build_files({}, extra_config=extra, table=TABLE)
                self.assertIn(message, str(caught.exception))
                self.assertNotIn("\n", str(caught.exception))

    def test_variable_is_named(self):
        with self.assertRaisesRegex(build.BuildConfigError,
                                    "^kolla_base_distro: .*base = 'arch'"):
            build.build_files({"kolla_base_distro": "arch"}, table=TABLE)

    def test_source_is_named(self):
        with self.assertRaisesRegex(build.BuildConfigError,
                                    "^kolla_sources.ironic-bsae: unknown"):
            build.build_files({}, sources={"ironic-bsae": {"type": "local"}},
                              table=TABLE)

    def test_operator_file_is_named(self):
        for case, text, message in (
                ("unknown", "[DEFAULT]\nnope = 1\n", "unknown kolla-build option"),
                ("not ini", "nope = 1\n", "not an INI file")):
            with self.subTest(case=case):
                with self.assertRaisesRegex(build.BuildConfigError,
                                            f"^etc/kolla-build.conf: .*{message}"):
                    build.build_files({}, files=[("etc/kolla-build.conf", text)],
                                      table=TABLE)


class TestTemplateOverride(base.TestCase):
    def test_blocks_and_customizations(self):
        text = build.template_override(
            {"keystone_base_header": "RUN echo hi\n"},
            {"keystone_base_packages_append": ["vim-tiny"]})
        self.assertEqual(text.splitlines(), [
            "{% extends parent_template %}", "",
            "{% block keystone_base_header %}", "RUN echo hi", "{% endblock %}",
            "", '{% set keystone_base_packages_append = ["vim-tiny"] %}'])

    def test_refused(self):
        for case, blocks, customizations, message in (
                ("unknown block", {"keystone_bsae_header": "x"}, {},
                 "no kolla image template has a block 'keystone_bsae_header'"),
                ("not a name", {"a b": "x"}, {}, "is not a block name"),
                ("operation", {}, {"keystone_packages_add": ["x"]},
                 "keystone_packages_add' is not <image>"),
                ("not a list", {}, {"keystone_packages_append": "vim"},
                 "keystone_packages_append must be a list")):
            with self.subTest(case=case):
                with self.assertRaisesRegex(build.BuildConfigError, message):
                    build.template_override(blocks, customizations,
                                            known_blocks={"keystone_base_header"})

    def test_blocks_of_templates(self):
        base.write(self.tmp_path / "a" / "Dockerfile.j2",
                   "{% block one %}{% endblock %}\n{%- block two_x -%}")
        base.write(self.tmp_path / "notes.txt", "{% block three %}")
        self.assertEqual(build.template_blocks(self.tmp_path), {"one", "two_x"})


class TestImageRuns(base.TestCase):
    def test_runs(self):
        for case, sets, regexes, runs in (
                ("sets as strings", [{"regexes": "^a ^b"}, {"regexes": "^c"}],
                 None, [["^a", "^b"], ["^c"]]),
                ("set as list", [{"regexes": ["^a", "^b"]}], None, [["^a", "^b"]]),
                ("empty set skipped", [{"regexes": ""}, {"regexes": "^c"}], None,
                 [["^c"]]),
                ("command line wins", [{"regexes": "^a"}], ["^base$"], [["^base$"]]),
                ("command line string", [], "^a ^b", [["^a", "^b"]]),
                ("nothing", [], [], [])):
            with self.subTest(case=case):
                self.assertEqual(build.image_regexes(sets, regexes), runs)

    def test_set_without_regexes(self):
        with self.assertRaisesRegex(build.BuildConfigError,
                                    "container image set 0 has no 'regexes'"):
            build.image_regexes([{"regex": "^a"}])
