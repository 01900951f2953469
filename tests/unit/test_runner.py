import json
import pathlib
import subprocess
from unittest import mock

import pytest

from kayobe import config as kconfig
from kayobe import errors
from kayobe import paths
from kayobe import runner
from kayobe import vault
from tests.conftest import write

SHIPPED_INV = str(paths.ansible_dir() / "inventory")


@pytest.fixture
def config(tmp_path):
    base = tmp_path / "cfg"
    write(base / "b.yml", "b: 1\n")
    write(base / "a.yml", "a: 1\n")
    (base / "inventory").mkdir()
    write(base / "environments" / "prod" / "p.yml", "p: 1\n")
    (base / "environments" / "prod" / "inventory").mkdir()
    return kconfig.resolve(base, "prod")


def typed(config, **extra):
    values = {"kayobe_data_path": str(paths.DATA_DIR)}
    values.update(config.extra_vars())
    values.update(extra)
    return json.dumps(values, sort_keys=True)


def test_minimal_argv(config):
    base = config.path
    argv = runner.build_playbook_argv("site.yml", config, runner.RunOptions())
    assert argv == [
        "ansible-playbook",
        "--inventory", SHIPPED_INV,
        "--inventory", str(base / "inventory"),
        "--inventory", str(base / "environments/prod/inventory"),
        "-e", f"@{base}/a.yml",
        "-e", f"@{base}/b.yml",
        "-e", f"@{base}/environments/prod/p.yml",
        "-e", typed(config),
        "site.yml",
    ]


def test_full_argv(config, tmp_path):
    pw = write(tmp_path / "pw", "x")
    options = runner.RunOptions(
        inventory=("/inv1", "/inv2"), extra_vars=("x=1", "@extra.yml"),
        tags="t1,t2", skip_tags="t3", check=True, diff=True, become=True,
        verbose=3, list_tasks=True, forks=50,
        vault=vault.VaultSource("file", str(pw)))
    argv = runner.build_playbook_argv(
        "play.yml", config, options, {"wipe_disks": True, "n": 3},
        limit="ctl1,&overcloud", executable="/venv/bin/ansible-playbook")
    base = config.path
    assert argv == [
        "/venv/bin/ansible-playbook",
        "--inventory", SHIPPED_INV, "--inventory", "/inv1",
        "--inventory", "/inv2",
        "-e", f"@{base}/a.yml", "-e", f"@{base}/b.yml",
        "-e", f"@{base}/environments/prod/p.yml",
        "-e", typed(config, wipe_disks=True, n=3),
        "-e", "x=1", "-e", "@extra.yml",
        "--limit", "ctl1,&overcloud",
        "--tags", "t1,t2", "--skip-tags", "t3",
        "--check", "--diff", "--become", "-vvv", "--list-tasks",
        "--forks", "50",
        "--vault-password-file", str(pw),
        "play.yml",
    ]


def test_typed_vars_keep_types(config):
    argv = runner.build_playbook_argv("p.yml", config, runner.RunOptions(),
                                      {"flag": True, "count": 2})
    doc = json.loads(next(a for a in argv if a.startswith("{")))
    assert doc["flag"] is True and doc["count"] == 2


def test_environment_defaults(config):
    env = runner.build_environment(config, {"PATH": "/bin"}, "/r.json")
    assert env["ANSIBLE_FORKS"] == "20"
    assert env["ANSIBLE_PIPELINING"] == "True"
    assert "ControlPersist" in env["ANSIBLE_SSH_ARGS"]
    assert "ServerAliveInterval" in env["ANSIBLE_SSH_ARGS"]
    assert env["ANSIBLE_CALLBACKS_ENABLED"] == "kayobe_report"
    assert env["KAYOBE_RUN_REPORT"] == "/r.json"
    assert env["KAYOBE_CONFIG_PATH"] == str(config.path)
    assert env["KAYOBE_ENVIRONMENT"] == "prod"
    assert "ANSIBLE_CONFIG" not in env
    assert env["ANSIBLE_FILTER_PLUGINS"].endswith("ansible/filter_plugins")
    assert env["ANSIBLE_ROLES_PATH"] == str(paths.ansible_dir() / "roles")


def test_environment_respects_ansible_cfg_and_caller(config):
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
    assert env["ANSIBLE_CONFIG"] == str(cfg)
    assert "ANSIBLE_FORKS" not in env
    assert "ANSIBLE_PIPELINING" not in env
    assert env["ANSIBLE_SSH_ARGS"] == "-o Mine=yes"
    assert env["ANSIBLE_CALLBACKS_ENABLED"] == "timer,kayobe_report"
    assert env["ANSIBLE_ROLES_PATH"].split(":") == [
        str(config.path / "ansible" / "roles"), str(config.path / "myroles"),
        "/abs/roles", str(paths.ansible_dir() / "roles")]


def test_invalid_ansible_cfg(config):
    write(config.path / "ansible.cfg", "no section header\n")
    with pytest.raises(errors.ConfigError, match="ansible.cfg: invalid"):
        runner.build_environment(config, {})


def test_compose_playbook(tmp_path):
    text = runner.compose_playbook(["/a/pre.yml", "/b/main.yml"])
    assert "ansible.builtin.import_playbook: \"/a/pre.yml\"" in text
    assert text.index("/a/pre.yml") < text.index("/b/main.yml")


@mock.patch.object(subprocess, "run", autospec=True)
def test_run_process_is_the_seam(mock_run):
    mock_run.return_value = subprocess.CompletedProcess(["x"], 4)
    assert runner.run_process(["x"], {"A": "1"}) == 4
    mock_run.assert_called_once_with(["x"], env={"A": "1"}, check=False)


def test_run_process_missing_binary():
    with pytest.raises(errors.KayobeError, match="cannot run /nonexistent"):
        runner.run_process(["/nonexistent"], {})


def test_pythonpath_exposes_only_kayobe(tmp_path, monkeypatch):
    """Ansible's PYTHONPATH holds kayobe and nothing else of its venv."""
    monkeypatch.setenv("KAYOBE_STATE_DIR", str(tmp_path))
    directory = paths.import_dir()
    assert [p.name for p in directory.iterdir()] == ["kayobe"]
    assert (directory / "kayobe").resolve() == pathlib.Path(paths.__file__).resolve().parent
    (directory / "kayobe").unlink()
    (directory / "kayobe").symlink_to(tmp_path)          # stale: replaced
    assert paths.import_dir() == directory
    assert (directory / "kayobe" / "paths.py").is_file()
    assert [p.name for p in directory.iterdir()] == ["kayobe"]
