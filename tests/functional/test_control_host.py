"""control host bootstrap/upgrade: a real kolla-ansible virtualenv."""

import json
import subprocess
import sys

import pytest

from tests.conftest import kayobe_env


@pytest.fixture(scope="module")
def control(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("control")
    # An operator's inventory has hosts; control host commands must neither
    # refuse to run nor contact them (this one does not exist).
    (tmp / "config" / "inventory").mkdir(parents=True)
    (tmp / "config" / "inventory" / "hosts").write_text(
        "[controllers]\nctl1 ansible_host=10.66.255.254\n")
    venv = tmp / "kolla-venv"

    def run(*args):
        env = kayobe_env(tmp, KOLLA_VENV_PATH=str(venv))
        result = subprocess.run(
            [sys.executable, "-m", "kayobe.cli.app", *args,
             "--config-path", str(tmp / "config")],
            env=env, capture_output=True, text=True, timeout=900)
        report = json.loads((tmp / "state" / "last-run.json").read_text())
        return result, report["hosts"]["localhost"]

    return run, venv


def test_bootstrap_installs_kolla_ansible_idempotently(control):
    run, venv = control
    result, host = run("control", "host", "bootstrap")
    assert result.returncode == 0, result.stdout + result.stderr
    assert host["changed"] >= 1
    freeze = subprocess.run([venv / "bin" / "pip", "freeze"],
                            capture_output=True, text=True).stdout
    assert "kolla-ansible==22.2.0" in freeze   # the version constraints name
    # with its dependencies, none taken from kayobe's own virtualenv
    for name in ("ansible==12.3.0", "ansible-core==2.19.14", "cliff==",
                 "oslo.config=="):
        assert name in freeze, name
    assert (venv / "bin" / "kolla-genpwd").exists()
    result, host = run("control", "host", "bootstrap")
    assert result.returncode == 0 and host["changed"] == 0
    result, host = run("control", "host", "upgrade")
    assert result.returncode == 0 and host["changed"] == 0


def test_unreachable_registry_is_a_clear_error(control, tmp_path):
    run, _ = control
    result, host = run("control", "host", "bootstrap", "-e",
                       f"kolla_ansible_venv={tmp_path}/venv",
                       "-e", "kolla_ansible_venv_pip_extra_args="
                             "'--no-index --find-links /nonexistent'")
    assert result.returncode != 0
    assert "failed: localhost" in result.stderr
    assert host["message"].startswith("cannot install kolla-ansible, ansible")
    assert "from the package registry" in host["message"]


def test_control_host_command_run_with_other_hosts(control):
    run, _ = control
    result, host = run("control", "host", "command", "run", "--command",
                       "echo from-the-control-host", "--show-output")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "from-the-control-host" in result.stdout
    assert "ctl1" not in result.stdout
