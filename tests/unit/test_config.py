from kayobe import config as kconfig
from kayobe import errors
from tests.unit import base
from tests.unit.base import write


def env(base_path, name, deps=None, files=("globals.yml",)):
    path = base_path / "environments" / name
    path.mkdir(parents=True, exist_ok=True)
    for f in files:
        write(path / f, f"from_{name}: true\n")
    if deps is not None:
        write(path / ".kayobe-environment",
              "dependencies: [" + ", ".join(deps) + "]\n")
    return path


# (environments and their dependencies, environment chosen, error message)
ENVIRONMENT_ERRORS = [
    ({}, "missing", "environment 'missing' does not exist"),
    ({"a": ["nope"]}, "a",
     "environment 'nope' (a dependency of 'a') does not exist"),
    ({"a": ["b"], "b": ["a"]}, "a", "environment dependency cycle: a -> b -> a"),
    ({"a": ["a"]}, "a", "environment dependency cycle: a -> a"),
    ({"a": ["b"], "b": ["c"], "c": ["b"]}, "a",
     "environment dependency cycle: b -> c -> b"),
    ({}, "kayobe", "environment name 'kayobe' is reserved"),
]

# (how the config path is made, error message)
CONFIG_PATH_ERRORS = [
    ("missing", lambda p: None, "does not exist"),
    ("file", lambda p: p.write_text("x"), "is not a directory"),
]


class TestConfig(base.TestCase):

    def setUp(self):
        super().setUp()
        self.base = self.make_base("config")

    def make_base(self, name):
        path = self.tmp_path / name
        write(path / "globals.yml", "a: 1\n")
        write(path / "b.yml", "b: 1\n")
        write(path / "notes.txt", "ignored\n")
        (path / "inventory").mkdir()
        return path

    def test_no_environment(self):
        cfg = self.base
        config = kconfig.resolve(cfg)
        self.assertEqual(config.layers, (cfg,))
        self.assertEqual([p.name for p in config.vars_files()],
                         ["b.yml", "globals.yml"])
        self.assertEqual(config.inventories(), [cfg / "inventory"])
        self.assertEqual(config.extra_vars(), {
            "kayobe_config_path": str(cfg), "kayobe_env_config_path": str(cfg),
            "kayobe_environment": ""})

    def test_environment_layers_follow_dependencies(self):
        cfg = self.base
        env(cfg, "common")
        env(cfg, "site", deps=["common"])
        prod = env(cfg, "prod", deps=["site", "common"],
                   files=("globals.yml", "zz.yml"))
        config = kconfig.resolve(cfg, "prod")
        self.assertEqual(config.environment_chain, ("common", "site", "prod"))
        files = [p.relative_to(cfg).as_posix() for p in config.vars_files()]
        self.assertEqual(files, ["b.yml", "globals.yml",
                                 "environments/common/globals.yml",
                                 "environments/site/globals.yml",
                                 "environments/prod/globals.yml",
                                 "environments/prod/zz.yml"])
        self.assertEqual(config.extra_vars()["kayobe_env_config_path"],
                         str(prod))

    def test_environment_inventories_and_ansible_cfg(self):
        cfg = self.base
        prod = env(cfg, "prod")
        (prod / "inventory").mkdir()
        write(cfg / "ansible.cfg", "[defaults]\n")
        config = kconfig.resolve(cfg, "prod")
        self.assertEqual(config.inventories(),
                         [cfg / "inventory", prod / "inventory"])
        self.assertEqual(config.ansible_cfg(), cfg / "ansible.cfg")
        write(prod / "ansible.cfg", "[defaults]\n")
        self.assertEqual(config.ansible_cfg(), prod / "ansible.cfg")

    def test_search_paths_highest_first(self):
        cfg = self.base
        prod = env(cfg, "prod")
        (cfg / "ansible" / "roles").mkdir(parents=True)
        (prod / "ansible" / "roles").mkdir(parents=True)
        config = kconfig.resolve(cfg, "prod")
        self.assertEqual(config.search_paths("roles"),
                         [prod / "ansible" / "roles", cfg / "ansible" / "roles"])
        self.assertEqual(config.search_paths("library"), [])

    def test_environment_errors(self):
        for i, (setup, name, message) in enumerate(ENVIRONMENT_ERRORS):
            with self.subTest(setup=setup, name=name):
                # A fresh tree per row: rows must not see each other's
                # environments.
                cfg = self.make_base(f"config{i}")
                for env_name, deps in setup.items():
                    env(cfg, env_name, deps=deps)
                with self.assertRaises(errors.ConfigError) as exc:
                    kconfig.resolve(cfg, name)
                self.assertIn(message, str(exc.exception))

    def test_bad_dependencies_value(self):
        path = env(self.base, "a")
        write(path / ".kayobe-environment", "dependencies: common\n")
        with self.assertRaisesRegex(errors.ConfigError, "must be a list"):
            kconfig.resolve(self.base, "a")

    def test_config_path_errors(self):
        for label, make, message in CONFIG_PATH_ERRORS:
            with self.subTest(label):
                path = self.tmp_path / label
                make(path)
                with self.assertRaisesRegex(errors.ConfigError, message):
                    kconfig.resolve(path)

    def test_default_config_path(self):
        self.setenv("KAYOBE_CONFIG_PATH", str(self.base))
        self.assertEqual(kconfig.resolve().path, self.base)

    def test_validate_reports_file_and_line(self):
        write(self.base / "inventory" / "group_vars" / "compute" / "main",
              "ok: 1\nbad: [1,\n")
        with self.assertRaises(errors.ConfigError) as exc:
            kconfig.validate(kconfig.resolve(self.base))
        self.assertIn("inventory/group_vars/compute/main:3: invalid YAML",
                      str(exc.exception))

    def test_validate_finds_vault_data(self):
        write(self.base / "secrets.yml",
              "pw: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n")
        write(self.base / "inventory" / "host_vars" / "h1",
              "$ANSIBLE_VAULT;1.1;AES256\n6162\n")
        found = kconfig.validate(kconfig.resolve(self.base))
        self.assertEqual([p.name for p in found], ["secrets.yml", "h1"])
