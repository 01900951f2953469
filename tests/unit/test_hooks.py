from kayobe import config as kconfig
from kayobe import errors
from kayobe import hooks
from tests.unit import base
from tests.unit.base import write

# (--skip-hooks pattern, pre hooks left)
SKIPS = [
    ("all", []),
    ("20-*", ["10-a.yml", "30-c.yml"]),
    ("*.yml", []),
    ("nothing", ["10-a.yml", "20-b.yml", "30-c.yml"]),
]


class TestHooks(base.TestCase):

    def setUp(self):
        super().setUp()
        cfg = self.cfg = self.tmp_path / "cfg"
        d = cfg / "hooks" / "overcloud-host-configure"
        write(d / "pre.d" / "20-b.yml", "---\n")
        write(d / "pre.d" / "10-a.yml", "---\n")
        write(d / "pre.d" / "README", "not a hook\n")
        write(cfg / "shared" / "30-c.yml", "---\n")
        (d / "pre.d" / "30-c.yml").symlink_to(cfg / "shared" / "30-c.yml")
        write(d / "post.d" / "10-x.yml", "---\n")
        env = cfg / "environments" / "prod"
        write(env / "hooks" / "overcloud-host-configure" / "pre.d" /
              "15-env.yml", "---\n")

    def test_hook_dir_name(self):
        self.assertEqual(hooks.hook_dir_name("overcloud host configure"),
                         "overcloud-host-configure")

    def test_discover_orders_by_name_across_layers(self):
        config = kconfig.resolve(self.cfg, "prod")
        found = hooks.discover(config, "overcloud host configure", "pre")
        self.assertEqual([p.name for p in found],
                         ["10-a.yml", "15-env.yml", "20-b.yml", "30-c.yml"])
        post = hooks.discover(config, "overcloud host configure", "post")
        self.assertEqual([p.name for p in post], ["10-x.yml"])

    def test_discover_skip(self):
        config = kconfig.resolve(self.cfg)
        for skip, names in SKIPS:
            with self.subTest(skip=skip):
                found = hooks.discover(config, "overcloud host configure",
                                       "pre", skip)
                self.assertEqual([p.name for p in found], names)

    def test_broken_symlink_is_an_error(self):
        d = self.cfg / "hooks" / "overcloud-host-configure" / "pre.d"
        (d / "40-gone.yml").symlink_to(self.tmp_path / "missing.yml")
        with self.assertRaisesRegex(errors.ConfigError,
                                    "40-gone.yml is a broken"):
            hooks.discover(kconfig.resolve(self.cfg),
                           "overcloud host configure", "pre")

    def test_no_hooks_for_other_command(self):
        config = kconfig.resolve(self.cfg)
        self.assertEqual(
            hooks.discover(config, "seed host configure", "pre"), [])
