"""kayobe physical network configure on Junos switches, over NETCONF.

The real CLI and ansible-playbook run junipernetworks.junos.junos_config
through ansible.netcommon.netconf (ncclient) against two
tools/lab/netconf-responder instances on loopback: junos1 loads the
candidate in text format over NETCONF 1.1 framing, junos2 in set format
over 1.0 framing and refuses a VLAN line, junos3 in json format. Checked:
the exact configuration each loaded and committed, the refused line fails
only junos2 (named in the error line and the run report) while junos1
commits, and a second run
commits nothing (changed=0).
"""

import json
import pathlib
import sys

import pytest
import yaml
from test_physical_network import kayobe_errors
from test_physical_network import last_report
from test_physical_network import recorded
from test_physical_network import responders

RESPONDER = pathlib.Path(__file__).resolve().parents[2] / "tools" / "lab" / \
    "netconf-responder"
PASSWORD = "s3cret-junos"
SWITCHES = {
    # name: (switch_junos_config_format, responder options)
    "junos1": ("text", []),
    "junos2": ("set", ["--base", "1.0", "--reject", "members 30$"]),
    "junos3": ("json", []),
}


def vlan(fmt, members):
    """One interface's access VLAN in each switch_junos_config_format."""
    if fmt == "text":
        return ["unit 0 { family ethernet-switching { vlan { members "
                f"{members}; }} }} }}"]
    if fmt == "set":
        return [f"set unit 0 family ethernet-switching vlan members {members}"]
    return {"unit": [{"name": 0, "family": {"ethernet-switching": {
        "vlan": {"members": [members]}}}}]}


def system(fmt, name):
    return {"text": [f"system {{ host-name {name}; }}"],
            "set": [f"set system host-name {name}"],
            "json": {"system": {"host-name": name}}}[fmt]


@pytest.fixture
def junos_responders(tmp_path):
    pytest.importorskip("ncclient")
    yield from responders(RESPONDER, {
        name: extra for name, (_, extra) in SWITCHES.items()},
        PASSWORD, tmp_path)


def write_config(config, responders, names):
    inventory = config / "inventory"
    (inventory / "host_vars").mkdir(parents=True, exist_ok=True)
    (inventory / "hosts").write_text("[switches]\n" + "\n".join(names) + "\n")
    for name, (port, _) in responders.items():
        fmt = SWITCHES[name][0]
        (inventory / "host_vars" / name).write_text(yaml.safe_dump({
            "ansible_host": "127.0.0.1",
            "ansible_port": port,
            "ansible_user": "admin",
            "ansible_password": PASSWORD,
            "ansible_connection": "ansible.netcommon.netconf",
            "ansible_network_os": "junipernetworks.junos.junos",
            "ansible_host_key_checking": False,
            "ansible_netconf_look_for_keys": False,
            "ansible_python_interpreter": sys.executable,
            "switch_type": "junos",
            "switch_junos_config_format": fmt,
            "switch_skip_keyscan": True,
            "switch_config": system(fmt, name),
            "switch_interface_config": {
                "ge-0/0/1": {"description": "controller0",
                             "config": vlan(fmt, 10)},
                "ge-0/0/2": {"description": "compute 0",
                             "config": vlan(fmt, 30)},
            },
        }))


def configure(run_kayobe, config):
    return run_kayobe("physical", "network", "configure", "--group",
                      "switches", "--config-path", str(config), timeout=600)


def test_junos_through_netconf(run_kayobe, tmp_path, junos_responders):
    config = tmp_path / "config"
    write_config(config, junos_responders, list(SWITCHES))
    first = configure(run_kayobe, config)
    output = first.stdout + first.stderr
    assert PASSWORD not in output
    assert "Traceback" not in output
    # junos2 refused its compute VLAN line and failed alone, named.
    assert first.returncode != 0, output[-3000:]
    error = kayobe_errors(first.stderr)
    assert len(error) == 1 and "failed: junos2" in error[0], first.stderr
    report = last_report(tmp_path)
    assert report["failed_hosts"] == ["junos2"]
    refused = report["hosts"]["junos2"]["message"]
    assert "set interfaces ge-0/0/2 unit 0 family ethernet-switching vlan " \
        "members 30" in refused, refused
    assert report["hosts"]["junos1"]["changed"] == 1

    sent = recorded(junos_responders["junos1"][1])
    rpcs = [r["rpc"] for r in sent]
    assert [r["text"] for r in sent if r["rpc"] == "commit-configuration"] \
        == ["configured by kayobe physical network configure"]
    load = [r for r in sent if r["rpc"] == "load-configuration"]
    assert [r["attrs"] for r in load] == [{"action": "merge",
                                           "format": "text"}]
    assert load[0]["text"] == (
        "system { host-name junos1; }\ninterfaces {\n    ge-0/0/1 {\n"
        '        description "controller0";\n'
        "        unit 0 { family ethernet-switching { vlan { members 10; } } }\n"
        "    }\n    ge-0/0/2 {\n"
        '        description "compute 0";\n'
        "        unit 0 { family ethernet-switching { vlan { members 30; } } }\n"
        "    }\n}\n")
    assert {"hello": "1.1"} == {r["rpc"]: r["attrs"]["base"]
                                for r in sent if r["rpc"] == "hello"}
    # lock, load, diff, commit, unlock: in that order, in one session
    order = [r for r in rpcs if r in ("lock", "load-configuration",
                                      "get-configuration",
                                      "commit-configuration", "unlock")]
    assert order == ["lock", "load-configuration", "get-configuration",
                     "commit-configuration", "unlock"]

    junos2 = recorded(junos_responders["junos2"][1])
    assert [r["attrs"]["base"] for r in junos2 if r["rpc"] == "hello"] \
        == ["1.0"]
    loads = [r for r in junos2 if r["rpc"] == "load-configuration"]
    assert [r["attrs"] for r in loads] == [{"action": "set", "format": "text"}]
    assert loads[0]["text"].splitlines() == [
        "set system host-name junos2",
        'set interfaces ge-0/0/1 description "controller0"',
        "set interfaces ge-0/0/1 unit 0 family ethernet-switching vlan "
        "members 10",
        'set interfaces ge-0/0/2 description "compute 0"',
        "set interfaces ge-0/0/2 unit 0 family ethernet-switching vlan "
        "members 30"]
    assert "error" in loads[0]
    assert "commit-configuration" not in [r["rpc"] for r in junos2]

    # junos3 loaded the JSON document, which the switch holds as the same
    # statements as junos1's text.
    junos3 = recorded(junos_responders["junos3"][1])
    loads = [r for r in junos3 if r["rpc"] == "load-configuration"]
    assert [r["attrs"] for r in loads] == [{"action": "merge", "format": "json"}]
    assert json.loads(loads[0]["text"]) == {"configuration": {
        "system": {"host-name": "junos3"},
        "interfaces": {"interface": [
            {"name": "ge-0/0/1", "description": "controller0", **vlan("json", 10)},
            {"name": "ge-0/0/2", "description": "compute 0", **vlan("json", 30)}]}}}
    diff = [r for r in junos3 if r["rpc"] == "get-configuration"]
    assert len(diff) == 1
    assert report["hosts"]["junos3"]["changed"] == 1
    assert [r["rpc"] for r in junos3].count("commit-configuration") == 1

    # Converged: junos1 loads the same candidate, sees no diff, commits
    # nothing.
    write_config(config, junos_responders, ["junos1", "junos3"])
    before = len(sent)
    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stderr + second.stdout[-3000:]
    report = last_report(tmp_path)
    assert {h: report["hosts"][h]["changed"] for h in ("junos1", "junos3")} \
        == {"junos1": 0, "junos3": 0}
    again = [r["rpc"] for r in recorded(junos_responders["junos1"][1])[before:]]
    assert "load-configuration" in again and "get-configuration" in again
    assert "commit-configuration" not in again
    assert [r["rpc"] for r in recorded(junos_responders["junos3"][1])].count(
        "commit-configuration") == 1
