"""kolla-ansible argv and environment."""

import pytest

from kayobe import errors
from kayobe import runner
from kayobe import vault
from kayobe.kolla import ansible as kansible

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


@pytest.mark.parametrize("run,kolla,expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_build_argv(run, kolla, expected):
    argv = kansible.build_argv("deploy", "/v", K, "overcloud",
                               runner.RunOptions(**run),
                               kansible.KollaOptions(**kolla))
    assert argv == expected


def test_extra_args_playbook_and_vars():
    argv = kansible.build_argv(
        "destroy", "/v", K, "seed", runner.RunOptions(), kansible.KollaOptions(),
        ["--yes-i-really-really-mean-it"], playbook="/p.yml",
        extra_vars={"b": 2, "a": 1})
    assert argv == BASE + ["destroy", "--inventory", "/kc/inventory/seed",
                           "--configdir", "/kc", "--passwords",
                           "/kc/passwords.yml", "--playbook", "/p.yml",
                           "-e", "a=1", "-e", "b=2",
                           "--yes-i-really-really-mean-it"]


def test_unintersectable_limits():
    with pytest.raises(errors.ConfigError, match="--kolla-limit"):
        kansible.build_argv("deploy", "/v", K, "overcloud",
                            runner.RunOptions(limit="a,b"),
                            kansible.KollaOptions(limit="c,d"))


def test_environment():
    env = kansible.build_environment(
        "/v", "/kc", {"PATH": "/usr/bin:/v/bin", "ANSIBLE_FORKS": "5",
                      "PYTHONPATH": "/x", "HOME": "/root"}, "/cfg/ansible.cfg")
    assert env == {"PATH": "/v/bin:/usr/bin", "HOME": "/root",
                   "VIRTUAL_ENV": "/v", "KOLLA_CONFIG_PATH": "/kc",
                   "ANSIBLE_CONFIG": "/cfg/ansible.cfg"}


def test_run_reports_failure(tmp_path, monkeypatch):
    exe = tmp_path / "kolla-ansible"
    exe.write_text("")
    monkeypatch.setattr(runner, "run_process", lambda argv, env: 3)
    with pytest.raises(errors.RunError, match="kolla-ansible deploy exited "
                                              "with code 3"):
        kansible.run([str(exe), "-v", "deploy"], {})
    with pytest.raises(errors.ConfigError, match="control host bootstrap"):
        kansible.run([str(tmp_path / "missing"), "deploy"], {})
