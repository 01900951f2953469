"""kolla-ansible argv and environment."""

import json

from kayobe import errors
from kayobe import runner
from kayobe import vault
from kayobe.kolla import ansible as kansible
from tests.unit import base

K = "/kc"
BASE = ["/v/bin/kolla-ansible"]
TAIL = ["--inventory", "/kc/inventory/overcloud", "--configdir", "/kc",
        "--passwords", "/kc/passwords.yml"]

CASES = [
    ("plain", {}, {}, BASE + ["deploy"] + TAIL),
    ("kolla options", {}, dict(limit="ctl1", tags="keystone", skip_tags="x",
                               extra_vars=("a=1", "@f.yml")),
     BASE + ["deploy"] + TAIL + ["-e", "a=1", "-e", "@f.yml", "--limit", "ctl1",
                                 "--tags", "keystone", "--skip-tags", "x"]),
    ("limits intersect", dict(limit="controllers"), dict(limit="ctl1"),
     BASE + ["deploy"] + TAIL + ["--limit", "controllers,&ctl1"]),
    ("passed through", dict(check=True, diff=True, list_tasks=True, verbose=2,
                            vault=vault.VaultSource("file", "/pw")), {},
     BASE + ["-v", "-v", "deploy"] + TAIL + [
         "--check", "--diff", "--list-tasks", "--vault-password-file", "/pw"]),
]


class TestBuildArgv(base.TestCase):

    def test_build_argv(self):
        for name, run, kolla, expected in CASES:
            with self.subTest(case=name):
                argv = kansible.build_argv(
                    kansible.Invocation("deploy"), "/v", K,
                    runner.RunOptions(**run), kansible.KollaOptions(**kolla))
                self.assertEqual(argv, expected)

    def test_args_playbook_and_typed_vars_before_the_operators(self):
        invocation = kansible.Invocation(
            "destroy", "seed", args=("--yes-i-really-really-mean-it",),
            playbook="/p.yml", extra_vars={"b": True, "a": 1})
        argv = kansible.build_argv(
            invocation, "/v", K, runner.RunOptions(),
            kansible.KollaOptions(extra_vars=("b=no",)))
        self.assertEqual(argv, BASE + [
            "destroy", "--inventory", "/kc/inventory/seed", "--configdir", "/kc",
            "--passwords", "/kc/passwords.yml", "--playbook", "/p.yml",
            "-e", '{"a": 1, "b": true}', "-e", "b=no",
            "--yes-i-really-really-mean-it"])
        self.assertEqual(json.loads(argv[argv.index("-e") + 1]),
                         {"a": 1, "b": True})

    def test_unintersectable_limits(self):
        with self.assertRaisesRegex(errors.ConfigError, "--kolla-limit"):
            kansible.build_argv(kansible.Invocation("deploy"), "/v", K,
                                runner.RunOptions(limit="a,b"),
                                kansible.KollaOptions(limit="c,d"))


class TestEnvironmentAndRun(base.TestCase):

    def test_environment(self):
        env = kansible.build_environment(
            "/v", "/kc", {"PATH": "/usr/bin:/v/bin", "ANSIBLE_FORKS": "5",
                          "PYTHONPATH": "/x", "HOME": "/root"},
            "/cfg/ansible.cfg")
        self.assertEqual(env, {"PATH": "/v/bin:/usr/bin", "HOME": "/root",
                               "VIRTUAL_ENV": "/v", "KOLLA_CONFIG_PATH": "/kc",
                               "ANSIBLE_CONFIG": "/cfg/ansible.cfg"})

    def test_run_reports_failure(self):
        exe = self.write("kolla-ansible", "")
        self.patch_object(runner, "run_process", autospec=True, return_value=3)
        with self.assertRaisesRegex(errors.RunError, "kolla-ansible deploy "
                                                     "exited with code 3"):
            kansible.run([str(exe), "-v", "deploy"], {})
        with self.assertRaisesRegex(errors.ConfigError, "control host bootstrap"):
            kansible.run([str(self.tmp_path / "missing"), "deploy"], {})

    def test_venv_file(self):
        path = self.write("v/share/kolla-ansible/ansible/inventory/multinode", "")
        self.assertEqual(kansible.venv_file(self.tmp_path / "v", "ansible",
                                            "inventory", "multinode"), path)
        with self.assertRaisesRegex(
                errors.ConfigError, r"share/kolla-ansible/x not found: is "
                                    r"kolla-ansible installed in "):
            kansible.venv_file(self.tmp_path / "v", "x")
