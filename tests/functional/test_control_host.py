"""control host bootstrap/upgrade: a real kolla-ansible virtualenv.

kayobe runs here as an operator runs it: the package installed in the test
virtualenv (tools/run-tests reinstalls it from the tree), not the tree on
PYTHONPATH, since an installed kayobe once leaked its virtualenv into the
kolla-ansible virtualenv pip made.
"""

import filecmp
import json
import pathlib
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.conftest import kayobe_env

KAYOBE = pathlib.Path(sys.executable).parent / "kayobe"


def installed_env(tmp, **extra):
    env = kayobe_env(tmp, **extra)
    env.pop("PYTHONPATH")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The installed kayobe package, checked to match the tree."""
    where = subprocess.run(
        [sys.executable, "-c",
         "import kayobe, os; print(os.path.dirname(kayobe.__file__))"],
        env=installed_env(tmp_path_factory.mktemp("where")), cwd="/",
        capture_output=True, text=True)
    package = pathlib.Path(where.stdout.strip())
    if where.returncode or not KAYOBE.exists() or package == REPO / "kayobe":
        pytest.fail(
            "kayobe is not installed in the test virtualenv: run tools/run-tests")
    stale = [str(p.relative_to(REPO)) for p in (REPO / "kayobe").rglob("*.py")
             if not filecmp.cmp(p, package / p.relative_to(REPO / "kayobe"),
                                shallow=False)]
    if stale:
        pytest.fail(f"installed kayobe differs from the tree ({stale[0]}): "
                    "run tools/run-tests, which reinstalls it")
    return KAYOBE


@pytest.fixture(scope="module")
def control(tmp_path_factory, installed):
    tmp = tmp_path_factory.mktemp("control")
    # An operator's inventory has hosts; control host commands must neither
    # refuse to run nor contact them (this one does not exist).
    (tmp / "config" / "inventory").mkdir(parents=True)
    (tmp / "config" / "inventory" / "hosts").write_text(
        "[controllers]\nctl1 ansible_host=10.66.255.254\n")
    venv = tmp / "kolla-venv"

    def run(*args):
        env = installed_env(tmp, KOLLA_VENV_PATH=str(venv))
        result = subprocess.run(
            [str(installed), *args, "--config-path", str(tmp / "config")],
            env=env, capture_output=True, text=True, timeout=900, cwd=tmp)
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
