import json
import pathlib
import subprocess

from kayobe import config as kconfig
from kayobe import errors
from kayobe import paths
from kayobe import runner
from kayobe import vault
from tests.unit import base
from tests.unit.base import write

SHIPPED_INV = str(paths.ansible_dir() / "inventory")


def typed(config, **extra):
    values = {"kayobe_data_path": str(paths.DATA_DIR)}
    values.update(config.extra_vars())
    values.update(extra)
    return json.dumps(values, sort_keys=True)


class TestRunner(base.TestCase):

    def setUp(self):
        super().setUp()
        cfg = self.tmp_path / "cfg"
        write(cfg / "b.yml", "b: 1\n")
        write(cfg / "a.yml", "a: 1\n")
        (cfg / "inventory").mkdir()
        write(cfg / "environments" / "prod" / "p.yml", "p: 1\n")
        (cfg / "environments" / "prod" / "inventory").mkdir()
        self.config = kconfig.resolve(cfg, "prod")

    def test_minimal_argv(self):
        config = self.config
        cfg = config.path
        argv = runner.build_playbook_argv("site.yml", config, runner.RunOptions())
        self.assertEqual(argv, [
            "ansible-playbook",
            "--inventory", SHIPPED_INV,
            "--inventory", str(cfg / "inventory"),
            "--inventory", str(cfg / "environments/prod/inventory"),
            "-e", f"@{cfg}/a.yml",
            "-e", f"@{cfg}/b.yml",
            "-e", f"@{cfg}/environments/prod/p.yml",
            "-e", typed(config),
            "site.yml",
        ])

    def test_full_argv(self):
        config = self.config
        pw = write(self.tmp_path / "pw", "x")
        options = runner.RunOptions(
            inventory=("/inv1", "/inv2"), extra_vars=("x=1", "@extra.yml"),
            tags="t1,t2", skip_tags="t3", check=True, diff=True, become=True,
            verbose=3, list_tasks=True, forks=50,
            vault=vault.VaultSource("file", str(pw)))
        argv = runner.build_playbook_argv(
            "play.yml", config, options, {"wipe_disks": True, "n": 3},
            limit="ctl1,&overcloud", executable="/venv/bin/ansible-playbook")
        cfg = config.path
        self.assertEqual(argv, [
            "/venv/bin/ansible-playbook",
            "--inventory", SHIPPED_INV, "--inventory", "/inv1",
            "--inventory", "/inv2",
            "-e", f"@{cfg}/a.yml", "-e", f"@{cfg}/b.yml",
            "-e", f"@{cfg}/environments/prod/p.yml",
            "-e", typed(config, wipe_disks=True, n=3),
            "-e", "x=1", "-e", "@extra.yml",
            "--limit", "ctl1,&overcloud",
            "--tags", "t1,t2", "--skip-tags", "t3",
            "--check", "--diff", "--become", "-vvv", "--list-tasks",
            "--forks", "50",
            "--vault-password-file", str(pw),
            "play.yml",
        ])

    def test_typed_vars_keep_types(self):
        argv = runner.build_playbook_argv("p.yml", self.config,
                                          runner.RunOptions(),
                                          {"flag": True, "count": 2})
        doc = json.loads(next(a for a in argv if a.startswith("{")))
        self.assertIs(doc["flag"], True)
        self.assertEqual(doc["count"], 2)

    def test_environment_defaults(self):
        config = self.config
        env = runner.build_environment(config, {"PATH": "/bin"}, "/r.json")
        self.assertEqual(env["ANSIBLE_FORKS"], "20")
        self.assertEqual(env["ANSIBLE_PIPELINING"], "True")
        self.assertIn("ControlPersist", env["ANSIBLE_SSH_ARGS"])
        self.assertIn("ServerAliveInterval", env["ANSIBLE_SSH_ARGS"])
        self.assertEqual(env["ANSIBLE_CALLBACKS_ENABLED"], "kayobe_report")
        self.assertEqual(env["KAYOBE_RUN_REPORT"], "/r.json")
        self.assertEqual(env["KAYOBE_CONFIG_PATH"], str(config.path))
        self.assertEqual(env["KAYOBE_ENVIRONMENT"], "prod")
        self.assertNotIn("ANSIBLE_CONFIG", env)
        self.assertTrue(
            env["ANSIBLE_FILTER_PLUGINS"].endswith("ansible/filter_plugins"))
        self.assertEqual(env["ANSIBLE_ROLES_PATH"],
                         str(paths.ansible_dir() / "roles"))

    def test_environment_respects_ansible_cfg_and_caller(self):
        config = self.config
        cfg = write(config.path / "ansible.cfg", """\
[defaults]
forks = 5
roles_path = myroles:/abs/roles
callbacks_enabled = timer
[ssh_connection]
pipelining = False
""")
        (config.path / "ansible" / "roles").mkdir(parents=True)
        env = runner.build_environment(
            config, {"ANSIBLE_SSH_ARGS": "-o Mine=yes"})
        self.assertEqual(env["ANSIBLE_CONFIG"], str(cfg))
        self.assertNotIn("ANSIBLE_FORKS", env)
        self.assertNotIn("ANSIBLE_PIPELINING", env)
        self.assertEqual(env["ANSIBLE_SSH_ARGS"], "-o Mine=yes")
        self.assertEqual(env["ANSIBLE_CALLBACKS_ENABLED"], "timer,kayobe_report")
        self.assertEqual(env["ANSIBLE_ROLES_PATH"].split(":"), [
            str(config.path / "ansible" / "roles"),
            str(config.path / "myroles"),
            "/abs/roles", str(paths.ansible_dir() / "roles")])

    def test_invalid_ansible_cfg(self):
        write(self.config.path / "ansible.cfg", "no section header\n")
        with self.assertRaisesRegex(errors.ConfigError, "ansible.cfg: invalid"):
            runner.build_environment(self.config, {})


class TestProcess(base.TestCase):

    def test_compose_playbook(self):
        text = runner.compose_playbook(["/a/pre.yml", "/b/main.yml"])
        self.assertIn("ansible.builtin.import_playbook: \"/a/pre.yml\"", text)
        self.assertLess(text.index("/a/pre.yml"), text.index("/b/main.yml"))

    def test_run_process_is_the_seam(self):
        mock_run = self.patch_object(subprocess, "run", autospec=True)
        mock_run.return_value = subprocess.CompletedProcess(["x"], 4)
        self.assertEqual(runner.run_process(["x"], {"A": "1"}), 4)
        mock_run.assert_called_once_with(["x"], env={"A": "1"}, check=False)

    def test_run_process_missing_binary(self):
        with self.assertRaisesRegex(errors.KayobeError,
                                    "cannot run /nonexistent"):
            runner.run_process(["/nonexistent"], {})

    def test_pythonpath_exposes_only_kayobe(self):
        """Ansible's PYTHONPATH holds kayobe and nothing else of its venv."""
        self.setenv("KAYOBE_STATE_DIR", str(self.tmp_path))
        directory = paths.import_dir()
        self.assertEqual([p.name for p in directory.iterdir()], ["kayobe"])
        self.assertEqual((directory / "kayobe").resolve(),
                         pathlib.Path(paths.__file__).resolve().parent)
        (directory / "kayobe").unlink()
        (directory / "kayobe").symlink_to(self.tmp_path)      # stale: replaced
        self.assertEqual(paths.import_dir(), directory)
        self.assertTrue((directory / "kayobe" / "paths.py").is_file())
        self.assertEqual([p.name for p in directory.iterdir()], ["kayobe"])
