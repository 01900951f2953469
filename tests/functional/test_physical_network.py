"""kayobe physical network configure, through the real CLI.

- --display over the ten-switch inventory (tests/functional/data/
  physical-network, one switch of each switch_type, local connection) gives
  the golden text the pure renderer gives (tests/unit/physnet/golden.py).
- Bad input: the exclusive options; an unknown switch_type fails only
  that switch, named (in the EOS run).
- Arista EOS through network_cli against tools/lab/switch-responder: the
  exact commands, a refused line fails only its switch, second run sends
  nothing.
- Open vSwitch switches are lab hosts (prefix $KAYOBE_SW_LAB_PREFIX, 'sw')
  running Debian's openvswitch-switch on the userspace (netdev) datapath:
  ports, VLAN tags, trunks and descriptions read back with ovs-vsctl; the
  second run changes nothing; a switch taken down is named and the others
  are configured.
"""

import functools
import hashlib
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import urllib.request

import pytest
import yaml
from lab import Lab
from lab import bring_up

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
    lab = Lab("full", SW_PREFIX)
    bring_up(request, lab, len(OVS_SWITCHES))
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


def kayobe_errors(stderr):
    """kayobe's own error lines (Ansible's warnings go to stderr too)."""
    return [line for line in stderr.splitlines()
            if line.startswith("kayobe: error: ")]


def last_report(tmp_path):
    return json.loads((tmp_path / "state" / "last-run.json").read_text())


# About two minutes (three switch hosts, an unreachable one): slow tier.
@pytest.mark.lab
@pytest.mark.slow
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
    error = kayobe_errors(third.stderr)
    assert len(error) == 1 and "unreachable: sw3" in error[0], third.stderr
    report = last_report(tmp_path)
    assert report["unreachable_hosts"] == ["sw3"]
    assert report["failed_hosts"] == []
    assert switches.state("sw1", ["eth2"])["Port", "eth2", "tag"] == "35"


# --- Dell switch BMP on a seed lab host ---------------------------------------

@pytest.fixture
def image_server(tmp_path):
    """An HTTP server on the lab bridge (10.66.0.1) serving one image."""
    root = tmp_path / "images"
    root.mkdir()
    data = b"ONIE installer image\n" * 100
    (root / "onie.bin").write_bytes(data)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(root))
    server = http.server.ThreadingHTTPServer(("10.66.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield (f"http://10.66.0.1:{server.server_address[1]}/onie.bin",
           "sha256:" + hashlib.sha256(data).hexdigest(), data)
    server.shutdown()


@pytest.mark.lab
@pytest.mark.slow
def test_dell_switch_bmp_on_the_seed(ovs_lab, run_kayobe, tmp_path,
                                     image_server):
    url, checksum, data = image_server
    config = tmp_path / "config"
    (config / "inventory").mkdir(parents=True)
    ovs_lab.write_inventory(config / "inventory" / "hosts",
                            groups={"seed": 1})
    seed = ovs_lab.hosts[0]
    seed_ip = ovs_lab.ip(seed)
    (config / "dell-switch-bmp.yml").write_text(yaml.safe_dump({
        "dell_switch_bmp_http_base_url": f"http://{seed_ip}:8080",
        "dell_switch_bmp_images": [
            {"url": url, "checksum": checksum, "dest": "onie-s6010",
             "match": "option:vendor-class,onie_vendor:x86_64-dell_s6010",
             "tag": "onie"},
            {"url": url, "checksum": checksum, "dest": "os10.bin",
             "macs": ["AA:BB:CC:DD:EE:01"], "tag": "os10"}]}))
    playbook = pathlib.Path(__file__).resolve().parents[2] / "ansible" / \
        "dell-switch-bmp.yml"

    def deploy():
        return run_kayobe("playbook", "run", str(playbook), "--config-path",
                          str(config), timeout=600)

    first = deploy()
    assert first.returncode == 0, first.stderr + first.stdout[-3000:]
    switches = Switches(ovs_lab)
    assert switches.ssh(seed, "cat /etc/dnsmasq.d/dell-switch-bmp.conf") == (
        "# Dell switch BMP: written by kayobe seed service deploy.\n\n"
        "# onie-s6010\n"
        "dhcp-match=set:onie,option:vendor-class,onie_vendor:x86_64-dell_s6010\n"
        f"dhcp-boot=tag:onie,http://{seed_ip}:8080/onie-s6010\n\n"
        "# os10.bin\ndhcp-host=aa:bb:cc:dd:ee:01,set:os10\n"
        f"dhcp-boot=tag:os10,http://{seed_ip}:8080/os10.bin\n")
    assert switches.ssh(seed, "systemctl is-active dnsmasq nginx").split() == \
        ["active", "active"]
    with urllib.request.urlopen(f"http://{seed_ip}:8080/os10.bin",
                                timeout=10) as response:
        assert response.read() == data

    second = deploy()
    assert second.returncode == 0, second.stderr
    assert last_report(tmp_path)["hosts"][seed]["changed"] == 0


# --- Arista EOS through network_cli, against tools/lab/switch-responder -------

RESPONDER = pathlib.Path(__file__).resolve().parents[2] / "tools" / "lab" / \
    "switch-responder"
EOS_PASSWORD = "s3cret-eos"


def responders(tool, switches, password, tmp_path):
    """Run ``tool`` (a responder under tools/lab) once per switch on
    loopback, ``switches`` being {name: extra arguments}; yields
    {name: (port, record file)} and stops them all afterwards."""
    started = {}
    try:
        for name, extra in switches.items():
            record = tmp_path / f"{name}.jsonl"
            proc = subprocess.Popen(
                [sys.executable, str(tool), "--hostname", name, "--user",
                 "admin", "--password", password, "--record", str(record),
                 *extra], stdout=subprocess.PIPE, text=True)
            started[name] = (proc, record)
            line = proc.stdout.readline()
            assert line.startswith("listening "), line
            started[name] = (proc, record, int(line.split()[1]))
        yield {name: (port, record)
               for name, (_, record, port) in started.items()}
    finally:
        for proc, *_ in started.values():
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture
def eos_responders(tmp_path):
    """Two responders on loopback: eos1, and eos2 refusing trunk lines."""
    pytest.importorskip("paramiko")
    yield from responders(RESPONDER, {
        "eos1": [], "eos2": ["--reject", "^switchport trunk"]},
        EOS_PASSWORD, tmp_path)


def write_eos_config(config, responders):
    """The two EOS responders, and bad1 whose switch_type is unknown."""
    inventory = config / "inventory"
    (inventory / "host_vars").mkdir(parents=True)
    (inventory / "hosts").write_text("[switches]\nbad1\n"
                                     + "\n".join(responders) + "\n")
    (inventory / "host_vars" / "bad1").write_text(
        "ansible_connection: local\nswitch_type: cisco\n")
    for name, (port, _) in responders.items():
        (inventory / "host_vars" / name).write_text(yaml.safe_dump({
            "ansible_host": "127.0.0.1",
            "ansible_port": port,
            "ansible_user": "admin",
            "ansible_password": EOS_PASSWORD,
            "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_network_os": "arista.eos.eos",
            "ansible_network_cli_ssh_type": "paramiko",
            "ansible_host_key_checking": False,
            "ansible_become": True,
            "ansible_become_method": "ansible.netcommon.enable",
            "ansible_python_interpreter": sys.executable,
            "switch_type": "arista",
            "switch_skip_keyscan": True,
            "switch_config": [f"hostname {name}"],
            "switch_interface_config": {
                "Ethernet1": {"description": "controller0", "config": [
                    "switchport mode trunk",
                    "switchport trunk allowed vlan 10,20"]},
                "Ethernet2": {"description": "compute0", "config": [
                    "switchport access vlan 30"]},
            },
        }))


def recorded(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_arista_eos_through_network_cli(run_kayobe, tmp_path, eos_responders):
    config = tmp_path / "config"
    write_eos_config(config, eos_responders)
    first = configure(run_kayobe, config)
    assert EOS_PASSWORD not in first.stdout + first.stderr
    # bad1 (unknown type) and eos2 (refused a line) failed, each alone and
    # named, with its cause; eos1 was configured.
    assert first.returncode != 0
    error = kayobe_errors(first.stderr)
    assert len(error) == 1 and "failed: bad1, eos2" in error[0], first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    report = last_report(tmp_path)
    assert sorted(report["failed_hosts"]) == ["bad1", "eos2"]
    assert "bad1: switch_type 'cisco' is not one of arista, dellos6" in \
        report["hosts"]["bad1"]["message"]
    refused = report["hosts"]["eos2"]["message"]
    assert "switchport trunk allowed vlan 10,20" in refused
    assert "% Invalid input" in refused
    assert report["hosts"]["eos1"]["changed"] == 1

    sent = recorded(eos_responders["eos1"][1])
    config_cmds = [c["command"] for c in sent if c["mode"] == "config"]
    assert config_cmds == [
        "hostname eos1",
        "interface Ethernet1", "description controller0",
        "switchport mode trunk", "switchport trunk allowed vlan 10,20",
        "interface Ethernet2", "description compute0",
        "switchport access vlan 30",
        "show session-config diffs", "commit"]
    opened = [c["command"] for c in sent if c["command"].startswith("configure")]
    assert len(opened) == 1 and opened[0].startswith("configure session ")
    # eos2's session was aborted after the refused line: nothing committed.
    eos2 = [c["command"] for c in recorded(eos_responders["eos2"][1])]
    assert "commit" not in eos2 and "abort" in eos2

    # Converged: eos1 reads its running configuration and sends nothing.
    (config / "inventory" / "hosts").write_text("[switches]\neos1\n")
    before = len(recorded(eos_responders["eos1"][1]))
    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stderr
    assert last_report(tmp_path)["hosts"]["eos1"]["changed"] == 0
    again = recorded(eos_responders["eos1"][1])[before:]
    assert [c for c in again if c["mode"] == "config"] == []
    assert "show running-config" in [c["command"] for c in again]
