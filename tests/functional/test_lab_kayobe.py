"""The lab headline tests, driven through the kayobe CLI.

Contract used: ``kayobe overcloud host command run --command hostname
--show-output -i INVENTORY`` and ``kayobe playbook run PLAYBOOK -i INVENTORY``,
each writing a JSON run report at ``$KAYOBE_RUN_REPORT`` with ``hosts``
({name: {status: ok|changed|failed|unreachable, ...}}), ``failed_hosts`` and
``unreachable_hosts`` (or at ``$KAYOBE_STATE_DIR/last-run.json``).  Skips
until the CLI is installed.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("kayobe.cli")

from lab import SLEEP_PLAYBOOK  # noqa: E402

pytestmark = pytest.mark.lab


def kayobe_executable():
    exe = os.path.join(os.path.dirname(sys.executable), "kayobe")
    return exe if os.path.exists(exe) else shutil.which("kayobe")


@pytest.fixture
def kayobe(tmp_path):
    """argv prefix and environment for a kayobe run with an empty config."""
    exe = kayobe_executable()
    if not exe:
        pytest.skip("kayobe CLI not installed")
    config = tmp_path / "etc" / "kayobe"
    config.mkdir(parents=True)
    env = dict(os.environ, KAYOBE_CONFIG_PATH=str(config),
               KAYOBE_RUN_REPORT=str(tmp_path / "report.json"),
               KAYOBE_STATE_DIR=str(tmp_path / "state"),
               ANSIBLE_HOST_KEY_CHECKING="False", ANSIBLE_FORKS="50",
               ANSIBLE_TIMEOUT="5", ANSIBLE_NOCOLOR="1",
               # ssh keeps the first value of an option, and ssh_args come
               # before the inventory's ssh_common_args: a lost link must be
               # noticed in seconds here, not after kayobe's default minute.
               ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=60s "
                                "-o ServerAliveInterval=5 "
                                "-o ServerAliveCountMax=3")
    return [exe], env


def read_report(env):
    # $KAYOBE_RUN_REPORT per the contract; the CLI also keeps the last run's
    # report in its state directory.
    for path in (env["KAYOBE_RUN_REPORT"],
                 os.path.join(env["KAYOBE_STATE_DIR"], "last-run.json")):
        if os.path.exists(path):
            with open(path) as f:
                return json.load(f)
    raise AssertionError("kayobe wrote no run report")


def test_kayobe_host_command_run_on_full_hosts(lab_full, kayobe, tmp_path):
    argv, env = kayobe
    inventory = lab_full.write_inventory(tmp_path / "inventory")
    overcloud = lab_full.hosts[1:4]   # 2 controllers + 1 compute
    proc = subprocess.run(
        argv + ["overcloud", "host", "command", "run", "--command", "hostname",
                "--show-output", "-i", inventory],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for host in overcloud:
        assert host in proc.stdout
    report = read_report(env)
    assert set(report["hosts"]) == set(overcloud)
    assert all(h["status"] in ("ok", "changed")
               for h in report["hosts"].values())
    assert not report["failed_hosts"] and not report["unreachable_hosts"]


def test_kayobe_playbook_run_unreachable_mid_run(lab_scale, kayobe, tmp_path):
    argv, env = kayobe
    inventory = lab_scale.write_inventory(tmp_path / "inventory")
    playbook = tmp_path / "sleep.yml"
    playbook.write_text(SLEEP_PLAYBOOK)
    hosts = lab_scale.hosts
    link_down, killed = hosts[:3], hosts[10:12]
    victims = set(link_down) | set(killed)
    rc, text = lab_scale.run_with_faults(
        argv + ["playbook", "run", str(playbook), "-i", inventory], env,
        link_down, killed)
    assert rc != 0
    report = read_report(env)
    assert set(report["unreachable_hosts"]) == victims, text
    assert not report["failed_hosts"]
    assert len(report["hosts"]) == 50
    assert all(h["status"] in ("ok", "changed")
               for name, h in report["hosts"].items() if name not in victims)
