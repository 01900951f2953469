"""Dell OS10, OS9 and OS6 switches through network_cli, against
tools/lab/switch-responder.

The dellemc.os10/os9/os6 collections (no longer in the ansible package) come
from tools/install-network-collections, run here (it is idempotent and fast
once its cache holds the wheels); without network and without that cache
the test is skipped, saying so. They go into the config's own
ansible/collections directory, where operators put them. Two responders per
OS: os10a/os9a/os6a take everything, os10b/os9b/os6b refuse trunk lines.
The exact commands each OS's module sends, a refused line failing only its
switch (named), and a second run sending nothing.
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
from test_physical_network import responders

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


@pytest.fixture
def dell_responders(tmp_path):
    """os10a/os10b, os9a/os9b and os6a/os6b, the b ones refusing trunk
    lines: one kayobe run drives all six (one run instead of one per OS
    keeps the test inside CI's time)."""
    pytest.importorskip("paramiko")
    switches = {}
    for personality in ("os10", "os9", "os6"):
        switches[f"{personality}a"] = ["--personality", personality]
        switches[f"{personality}b"] = ["--personality", personality,
                                       "--reject", "^switchport trunk"]
    yield from responders(RESPONDER, switches, PASSWORD, tmp_path)


INTERFACES = {
    "os10": {
        "ethernet1/1/1": {"description": "controller0", "config": [
            "switchport mode trunk", "switchport trunk allowed vlan 10,20"]},
        "ethernet1/1/2": {"description": "compute0", "config": [
            "switchport access vlan 30"]},
    },
    "os9": {
        "TenGigabitEthernet 1/1": {"description": "controller0", "config": [
            "switchport", "switchport trunk allowed vlan 10,20"]},
        "TenGigabitEthernet 1/2": {"description": "compute0", "config": [
            "switchport", "no shutdown"]},
    },
    "os6": {
        "Te1/0/1": {"description": "controller0", "config": [
            "switchport mode trunk", "switchport trunk allowed vlan 10,20"]},
        "Te1/0/2": {"description": "compute0", "config": [
            "switchport access vlan 30"]},
    },
}
# What each OS's module sends to the switch that takes everything.
SENT = {
    "os10": [
        "terminal length 0", "show running-configuration",
        "configure terminal",
        "hostname os10a",
        "interface ethernet1/1/1", "description controller0",
        "switchport mode trunk", "switchport trunk allowed vlan 10,20",
        "interface ethernet1/1/2", "description compute0",
        "switchport access vlan 30",
        "commit", "end"],
    "os9": [
        "terminal length 0", "show running-config",
        "configure terminal",
        "hostname os9a",
        "interface TenGigabitEthernet 1/1", "description controller0",
        "switchport", "switchport trunk allowed vlan 10,20",
        "interface TenGigabitEthernet 1/2", "description compute0",
        "switchport", "no shutdown",
        "end"],
    # OS6 shows its configuration flat, each block closed by 'exit', and
    # os6_config sends it so.
    "os6": [
        "terminal length 0", "show running-config",
        "configure terminal",
        "hostname os6a",
        "interface Te1/0/1", "description controller0",
        "switchport mode trunk", "switchport trunk allowed vlan 10,20",
        "exit",
        "interface Te1/0/2", "description compute0",
        "switchport access vlan 30",
        "exit",
        "end"],
}
REFUSAL = {"os10": "Unrecognized command", "os9": "Invalid input",
           "os6": "Invalid input"}


def write_config(config, responders):
    inventory = config / "inventory"
    (inventory / "host_vars").mkdir(parents=True)
    (inventory / "hosts").write_text("[switches]\n" + "\n".join(responders)
                                     + "\n")
    for name, (port, _) in responders.items():
        dell_os = name[:-1]
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
            "switch_interface_config": INTERFACES[dell_os],
        }))


def configure(run_kayobe, config):
    return run_kayobe("physical", "network", "configure", "--group",
                      "switches", "--config-path", str(config), timeout=600)


def test_dell_os10_os9_os6_through_network_cli(run_kayobe, tmp_path,
                                              collections, dell_responders):
    """os10_config gets the candidate as content, os9_config as a staged
    file, both nested as the OS shows its configuration; os6_config the
    flat staged file (OS6 shows blocks flat, closed by 'exit')."""
    config = tmp_path / "config"
    write_config(config, dell_responders)
    # Where an operator puts them: the config's own collections directory.
    subprocess.run([sys.executable, str(INSTALL),
                    str(config / "ansible" / "collections")],
                   check=True, capture_output=True, timeout=120)
    first = configure(run_kayobe, config)
    out = first.stdout + first.stderr
    assert PASSWORD not in out
    assert "Traceback" not in out
    # Each b switch refused a line and failed alone, named, with the
    # device's answer; each a switch was configured.
    assert first.returncode != 0
    error = kayobe_errors(first.stderr)
    assert len(error) == 1, first.stderr
    assert all(name in error[0] for name in ("os10b", "os9b", "os6b")), \
        first.stderr
    report = last_report(tmp_path)
    assert sorted(report["failed_hosts"]) == ["os10b", "os6b", "os9b"]
    for dell_os, sent_a in SENT.items():
        hosts = report["hosts"]
        assert REFUSAL[dell_os] in hosts[f"{dell_os}b"]["message"]
        assert hosts[f"{dell_os}a"]["changed"] == 1
        sent = [c["command"]
                for c in recorded(dell_responders[f"{dell_os}a"][1])]
        assert sent == sent_a, dell_os
        # b stopped at the refused line: nothing after it was sent.
        # (Both apply each line as it is typed; those before it stay.)
        b = [c["command"]
             for c in recorded(dell_responders[f"{dell_os}b"][1])]
        refused = sent.index("switchport trunk allowed vlan 10,20")
        assert b == [c.replace(f"{dell_os}a", f"{dell_os}b")
                     for c in sent[:refused + 1]]

    # Converged: each a switch reads its running configuration and is sent
    # nothing.
    (config / "inventory" / "hosts").write_text(
        "[switches]\nos10a\nos9a\nos6a\n")
    before = {name: len(recorded(dell_responders[name][1]))
              for name in ("os10a", "os9a", "os6a")}
    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stderr
    hosts = last_report(tmp_path)["hosts"]
    for name, count in before.items():
        assert hosts[name]["changed"] == 0, name
        again = recorded(dell_responders[name][1])[count:]
        assert [c for c in again if c["mode"] == "config"] == [], name
        assert SENT[name[:-1]][1] in [c["command"] for c in again], name
