"""kayobe physical network configure, through the real CLI.

- --display over the ten-switch inventory (tests/functional/data/
  physical-network, one switch of each switch_type, local connection) gives
  the golden text the pure renderer gives (tests/unit/physnet/golden.py).
- Bad input: the exclusive options, an unknown switch_type (named; the
  other switches still displayed).
- Open vSwitch switches are lab hosts (prefix $KAYOBE_SW_LAB_PREFIX, 'sw')
  running Debian's openvswitch-switch on the userspace (netdev) datapath:
  ports, VLAN tags, trunks and descriptions read back with ovs-vsctl; the
  second run changes nothing; a switch taken down is named and the others
  are configured.
"""

import json
import os
import pathlib
import shutil
import subprocess

import pytest
import yaml
from lab import Lab
from lab import missing_requirements

from tests.unit.physnet import golden

DATA = pathlib.Path(__file__).resolve().parent / "data" / "physical-network"
SW_PREFIX = os.environ.get("KAYOBE_SW_LAB_PREFIX", "sw")


def display_of(stdout):
    """switch -> display lines from the json stdout callback's output."""
    document, _ = json.JSONDecoder().raw_decode(stdout)
    for play in document["plays"]:
        for task in play["tasks"]:
            if task["task"]["name"].endswith("Display the candidate switch "
                                             "configuration"):
                return {host: result["msg"]
                        for host, result in task["hosts"].items()
                        if "msg" in result}
    raise AssertionError("no display task in the run")


@pytest.fixture
def switch_config(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(DATA / "config", config)
    return config


# One case in the default tier (each costs an ansible-playbook run); the
# others are checked against the renderer in the unit tests.
@pytest.mark.parametrize("case", [
    "plain", pytest.param("description-limit", marks=pytest.mark.slow)])
def test_display_matches_the_golden_text(run_kayobe, switch_config, case):
    args, _ = golden.CASES[case]
    proc = run_kayobe("physical", "network", "configure", "--group", "switches",
                      "--display", *args, "--config-path", str(switch_config),
                      env={"ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"})
    assert proc.returncode == 0, proc.stderr + proc.stdout[-3000:]
    shown = display_of(proc.stdout)
    assert golden.display_text(shown) == golden.golden_path(case).read_text()


@pytest.mark.parametrize("args, message", [
    (("--interface-limit", "swp1", "--interface-description-limit", "x"),
     "--interface-limit and --interface-description-limit are mutually "
     "exclusive"),
    (("--enable-discovery", "--disable-discovery"),
     "--enable-discovery and --disable-discovery are mutually exclusive"),
])
def test_exclusive_options_are_refused(run_kayobe, switch_config, args,
                                       message):
    proc = run_kayobe("physical", "network", "configure", "--group", "switches",
                      *args, "--config-path", str(switch_config))
    assert proc.returncode == 2
    assert proc.stderr == f"kayobe: error: {message}\n"


def test_unknown_switch_type_names_the_switch(run_kayobe, switch_config):
    (switch_config / "inventory" / "host_vars" / "eos1").write_text(
        "switch_type: cisco\n")
    (switch_config / "inventory" / "host_vars" / "os6a").unlink()
    proc = run_kayobe("physical", "network", "configure", "--group", "switches",
                      "--display", "--config-path", str(switch_config))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kayobe: error: "), proc.stderr
    assert "failed: eos1, os6a" in lines[0]
    assert "eos1: switch_type 'cisco' is not one of arista" in lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout
    # The other eight were displayed.
    assert "# ovs1 (openvswitch): global configuration" in proc.stdout


# --- Open vSwitch on lab hosts ------------------------------------------------

OVS_SWITCHES = {
    "sw1": {"eth1": ("controller0", ["vlan_mode=trunk", "trunks=10,20"]),
            "eth2": ("compute0", ["tag=30"])},
    "sw2": {"eth1": ("compute1", ["tag=31"]),
            "eth2": ("compute2", ["vlan_mode=native-untagged", "tag=32",
                                  "trunks=40,41"])},
    "sw3": {"eth1": ("compute3", ["tag=33"])},
}


@pytest.fixture(scope="module")
def ovs_lab(request):
    reason = missing_requirements("full")
    if reason:
        pytest.skip(f"lab unavailable: {reason}")
    lab = Lab("full", SW_PREFIX)
    request.addfinalizer(lab.down)
    lab.up(len(OVS_SWITCHES))
    return lab


def write_ovs_config(config, lab, switches, extra=None):
    inventory = config / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    lab.write_inventory(inventory / "hosts",
                        groups={"switches": len(OVS_SWITCHES)})
    for name, ports in switches.items():
        host_vars = {
            "switch_type": "openvswitch",
            "switch_openvswitch_bridge": "br-tor",
            "switch_config": ["other_config:mac-aging-time=120"],
            "switch_interface_config": {
                port: {"description": desc, "config": lines}
                for port, (desc, lines) in ports.items()},
        }
        host_vars.update(extra or {})
        path = inventory / "host_vars" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump(host_vars))
    (config / "switches.yml").write_text(yaml.safe_dump(
        {"ssh_known_host_file": str(config / "known_hosts")}))


class Switches:
    """ovs-vsctl reads on the lab switches, one ssh per host and read."""

    def __init__(self, lab):
        status = lab.status()
        self.key = status["key"]
        self.ips = {h["name"]: h["ip"] for h in status["hosts"]}

    def ssh(self, host, command):
        return subprocess.run(
            ["ssh", "-F", "/dev/null", "-i", self.key, "-o", "BatchMode=yes",
             "-o", "StrictHostKeyChecking=no", "-o",
             "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
             "-o", "ConnectTimeout=5", f"root@{self.ips[host]}", command],
            capture_output=True, text=True, timeout=120, check=True).stdout

    def state(self, host, ports):
        """{'ports': [...], (table, record, column): value} of one host."""
        reads = [("Bridge", "br-tor", "datapath_type"),
                 ("Bridge", "br-tor", "other_config:mac-aging-time")]
        for port in ports:
            reads += [("Port", port, column) for column in
                      ("tag", "trunks", "vlan_mode", "external_ids:description")]
        script = "ovs-vsctl list-ports br-tor | paste -sd' '; " + "; ".join(
            # one line per read, even when a key is missing
            f'echo "$(ovs-vsctl --if-exists get {t} {r} {c})"'
            for t, r, c in reads)
        lines = self.ssh(host, script).splitlines()
        state = {"ports": lines[0].split()}
        state.update(zip(reads, (line.strip() for line in lines[1:]),
                         strict=True))
        return state


def configure(run_kayobe, config, *args):
    return run_kayobe("physical", "network", "configure", "--group",
                      "switches", "--config-path", str(config), *args,
                      timeout=600)


def last_report(tmp_path):
    return json.loads((tmp_path / "state" / "last-run.json").read_text())


@pytest.mark.lab
def test_openvswitch_switches(ovs_lab, run_kayobe, tmp_path):
    config = tmp_path / "config"
    write_ovs_config(config, ovs_lab, OVS_SWITCHES)

    first = configure(run_kayobe, config)
    assert first.returncode == 0, first.stderr + first.stdout[-3000:]
    switches = Switches(ovs_lab)
    states = {h: switches.state(h, ports) for h, ports in OVS_SWITCHES.items()}
    for host, ports in OVS_SWITCHES.items():
        state = states[host]
        assert state["ports"] == sorted(ports)
        assert state["Bridge", "br-tor", "datapath_type"] == "netdev"
        assert state["Bridge", "br-tor", "other_config:mac-aging-time"] \
            == '"120"'
        for port, (desc, _) in ports.items():
            assert state["Port", port, "external_ids:description"].strip('"') \
                == desc
    assert states["sw1"]["Port", "eth1", "vlan_mode"] == "trunk"
    assert states["sw1"]["Port", "eth1", "trunks"] == "[10, 20]"
    assert states["sw1"]["Port", "eth2", "tag"] == "30"
    assert states["sw2"]["Port", "eth2", "vlan_mode"] == "native-untagged"
    assert states["sw2"]["Port", "eth2", "tag"] == "32"
    assert states["sw2"]["Port", "eth2", "trunks"] == "[40, 41]"
    assert states["sw3"]["Port", "eth1", "tag"] == "33"

    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stderr
    report = last_report(tmp_path)
    assert {h: report["hosts"][h]["changed"] for h in OVS_SWITCHES} == \
        dict.fromkeys(OVS_SWITCHES, 0)

    # sw3 down; sw1's compute0 port moves to the discovery VLAN: only sw3
    # fails, and sw1 is configured.
    write_ovs_config(config, ovs_lab, OVS_SWITCHES, extra={
        "switch_interface_config_enable_discovery": {
            "eth2": {"description": "compute0", "config": ["tag=35"]}}})
    ovs_lab.make_unreachable("sw3")
    try:
        third = configure(run_kayobe, config, "--enable-discovery")
    finally:
        ovs_lab.restore("sw3")
    assert third.returncode != 0
    error = third.stderr.strip().splitlines()
    assert len(error) == 1 and "unreachable: sw3" in error[0], third.stderr
    report = last_report(tmp_path)
    assert report["unreachable_hosts"] == ["sw3"]
    assert report["failed_hosts"] == []
    assert switches.state("sw1", ["eth2"])["Port", "eth2", "tag"] == "35"
