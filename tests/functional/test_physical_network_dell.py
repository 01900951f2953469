"""Dell OS10 and OS9 switches through network_cli, against
tools/lab/switch-responder.

The dellemc.os10 collection (no longer in the ansible package) comes from
tools/install-network-collections, run here (it is idempotent and fast once
its cache holds the wheels); without network and without that cache the
test is skipped, saying so. They go into the config's own
ansible/collections directory, where operators put them. Two os10
responders: os10a takes everything, os10b refuses trunk lines. The exact
commands os10_config sends, the refused line failing only os10b (named),
and a second run sending nothing.
"""

import pathlib
import subprocess
import sys

import pytest
import yaml
from test_physical_network import RESPONDER
from test_physical_network import kayobe_errors
from test_physical_network import last_report
from test_physical_network import recorded

ROOT = pathlib.Path(__file__).resolve().parents[2]
INSTALL = ROOT / "tools" / "install-network-collections"
PASSWORD = "s3cret-os10"


@pytest.fixture(scope="module")
def collections():
    """The collections installed in the cache (the wheels fetched once)."""
    result = subprocess.run([sys.executable, str(INSTALL)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.skip("the Dell collections cannot be installed (no network "
                    f"and no cache?): {result.stderr.strip()}")


def start_responders(tmp_path, personality):
    """PERSONALITYa, and PERSONALITYb refusing trunk lines."""
    pytest.importorskip("paramiko")
    started = {}
    for name, extra in ((f"{personality}a", []),
                        (f"{personality}b", ["--reject", "^switchport trunk"])):
        record = tmp_path / f"{name}.jsonl"
        proc = subprocess.Popen(
            [sys.executable, str(RESPONDER), "--personality", personality,
             "--hostname", name, "--user", "admin", "--password", PASSWORD,
             "--record", str(record), *extra],
            stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        assert line.startswith("listening "), line
        started[name] = (proc, int(line.split()[1]), record)
    return started


def stop_responders(started):
    for proc, _, _ in started.values():
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def os10_responders(tmp_path):
    started = start_responders(tmp_path, "os10")
    yield {name: (port, record) for name, (_, port, record) in started.items()}
    stop_responders(started)


@pytest.fixture
def os9_responders(tmp_path):
    started = start_responders(tmp_path, "os9")
    yield {name: (port, record) for name, (_, port, record) in started.items()}
    stop_responders(started)


OS10_INTERFACES = {
    "ethernet1/1/1": {"description": "controller0", "config": [
        "switchport mode trunk", "switchport trunk allowed vlan 10,20"]},
    "ethernet1/1/2": {"description": "compute0", "config": [
        "switchport access vlan 30"]},
}
OS9_INTERFACES = {
    "TenGigabitEthernet 1/1": {"description": "controller0", "config": [
        "switchport", "switchport trunk allowed vlan 10,20"]},
    "TenGigabitEthernet 1/2": {"description": "compute0", "config": [
        "switchport", "no shutdown"]},
}


def write_config(config, responders, dell_os="os10",
                 interfaces=OS10_INTERFACES):
    inventory = config / "inventory"
    (inventory / "host_vars").mkdir(parents=True)
    (inventory / "hosts").write_text("[switches]\n" + "\n".join(responders)
                                     + "\n")
    for name, (port, _) in responders.items():
        (inventory / "host_vars" / name).write_text(yaml.safe_dump({
            "ansible_host": "127.0.0.1",
            "ansible_port": port,
            "ansible_user": "admin",
            "ansible_password": PASSWORD,
            "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_network_os": f"dellemc.{dell_os}.{dell_os}",
            "ansible_network_cli_ssh_type": "paramiko",
            "ansible_host_key_checking": False,
            "ansible_python_interpreter": sys.executable,
            "switch_type": f"dell{dell_os}",
            "switch_skip_keyscan": True,
            "switch_config": [f"hostname {name}"],
            "switch_interface_config": interfaces,
        }))


def configure(run_kayobe, config):
    return run_kayobe("physical", "network", "configure", "--group",
                      "switches", "--config-path", str(config), timeout=600)


def test_dell_os10_through_network_cli(run_kayobe, tmp_path, collections,
                                       os10_responders):
    config = tmp_path / "config"
    write_config(config, os10_responders)
    # Where an operator puts them: the config's own collections directory.
    subprocess.run([sys.executable, str(INSTALL),
                    str(config / "ansible" / "collections")],
                   check=True, capture_output=True, timeout=120)
    first = configure(run_kayobe, config)
    out = first.stdout + first.stderr
    assert PASSWORD not in out
    assert "Traceback" not in out
    # os10b refused a line and failed alone, named, with the device's
    # answer; os10a was configured.
    assert first.returncode != 0
    error = kayobe_errors(first.stderr)
    assert len(error) == 1 and "failed: os10b" in error[0], first.stderr
    report = last_report(tmp_path)
    assert report["failed_hosts"] == ["os10b"]
    assert "Unrecognized command" in report["hosts"]["os10b"]["message"]
    assert report["hosts"]["os10a"]["changed"] == 1

    sent = [c["command"] for c in recorded(os10_responders["os10a"][1])]
    assert sent == [
        "terminal length 0", "show running-configuration",
        "configure terminal",
        "hostname os10a",
        "interface ethernet1/1/1", "description controller0",
        "switchport mode trunk", "switchport trunk allowed vlan 10,20",
        "interface ethernet1/1/2", "description compute0",
        "switchport access vlan 30",
        "commit", "end"]
    # os10b stopped at the refused line: nothing after it was sent. (OS10
    # applies each line as it is typed; those before it stay applied.)
    os10b = [c["command"] for c in recorded(os10_responders["os10b"][1])]
    refused = sent.index("switchport trunk allowed vlan 10,20")
    assert os10b == [c.replace("os10a", "os10b") for c in sent[:refused + 1]]

    # Converged: os10a reads its running configuration and sends nothing.
    (config / "inventory" / "hosts").write_text("[switches]\nos10a\n")
    before = len(recorded(os10_responders["os10a"][1]))
    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stderr
    assert last_report(tmp_path)["hosts"]["os10a"]["changed"] == 0
    again = recorded(os10_responders["os10a"][1])[before:]
    assert [c for c in again if c["mode"] == "config"] == []
    assert "show running-configuration" in [c["command"] for c in again]


def test_dell_os9_through_network_cli(run_kayobe, tmp_path, collections,
                                      os9_responders):
    """os9_config gets a staged file, nested as OS9 shows it: the exact
    lines, a refused line failing only os9b, and a second run sending
    nothing."""
    config = tmp_path / "config"
    write_config(config, os9_responders, "os9", OS9_INTERFACES)
    subprocess.run([sys.executable, str(INSTALL),
                    str(config / "ansible" / "collections")],
                   check=True, capture_output=True, timeout=120)
    first = configure(run_kayobe, config)
    out = first.stdout + first.stderr
    assert PASSWORD not in out
    assert "Traceback" not in out
    assert first.returncode != 0
    error = kayobe_errors(first.stderr)
    assert len(error) == 1 and "failed: os9b" in error[0], first.stderr
    report = last_report(tmp_path)
    assert report["failed_hosts"] == ["os9b"]
    assert "Invalid input" in report["hosts"]["os9b"]["message"]
    assert report["hosts"]["os9a"]["changed"] == 1

    sent = [c["command"] for c in recorded(os9_responders["os9a"][1])]
    assert sent == [
        "terminal length 0", "show running-config",
        "configure terminal",
        "hostname os9a",
        "interface TenGigabitEthernet 1/1", "description controller0",
        "switchport", "switchport trunk allowed vlan 10,20",
        "interface TenGigabitEthernet 1/2", "description compute0",
        "switchport", "no shutdown",
        "end"]
    os9b = [c["command"] for c in recorded(os9_responders["os9b"][1])]
    refused = sent.index("switchport trunk allowed vlan 10,20")
    assert os9b == [c.replace("os9a", "os9b") for c in sent[:refused + 1]]

    (config / "inventory" / "hosts").write_text("[switches]\nos9a\n")
    before = len(recorded(os9_responders["os9a"][1]))
    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stderr
    assert last_report(tmp_path)["hosts"]["os9a"]["changed"] == 0
    again = recorded(os9_responders["os9a"][1])[before:]
    assert [c for c in again if c["mode"] == "config"] == []
    assert "show running-config" in [c["command"] for c in again]
