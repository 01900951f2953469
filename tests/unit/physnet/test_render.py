"""Each switch_type's lines for one small inventory, table-tested."""

import json
import pathlib

import yaml

from kayobe.errors import InvalidValue
from kayobe.physnet import candidate
from kayobe.physnet import render
from tests.unit import base

CONFIG = ["hostname sw1"]
INTERFACES = {
    "p1": {"description": "ctl0", "config": ["mode trunk"]},
    "vlan10": {"config": ["ip 1"]},
}

# switch_type -> the whole text it applies.
EXPECTED = {
    "arista": "hostname sw1\ninterface p1\n   description ctl0\n"
              "   mode trunk\ninterface vlan10\n   ip 1\n",
    "dellos6": "hostname sw1\ninterface p1\ndescription ctl0\nmode trunk\n"
               "exit\ninterface vlan10\nip 1\nexit\n",
    "dellos9": "hostname sw1\ninterface p1\n description ctl0\n mode trunk\n"
               " exit\ninterface vlan10\n ip 1\n exit\n",
    "dellos10": "hostname sw1\ninterface p1\ndescription ctl0\nmode trunk\n"
                "exit\ninterface vlan10\nip 1\nexit\n",
    "dell-powerconnect": "hostname sw1\ninterface p1\ndescription ctl0\n"
                         "mode trunk\nexit\ninterface vlan10\nip 1\nexit\n",
    "junos": "hostname sw1\ninterfaces {\n    p1 {\n"
             '        description "ctl0";\n        mode trunk\n    }\n'
             "    vlan10 {\n        ip 1\n    }\n}\n",
    "mellanox": "hostname sw1\ninterface p1 description ctl0\n"
                "interface p1 mode trunk\ninterface vlan10 ip 1\n",
    "nclu": "hostname sw1\nadd interface p1 mode trunk\n"
            "add interface p1 alias ctl0\nadd interface vlan10 ip 1\n",
    "nvue": "hostname sw1\nset interface p1 mode trunk\n"
            "set interface p1 description ctl0\nset interface vlan10 ip 1\n",
}


class TestRender(base.TestCase):

    def test_every_type(self):
        self.assertEqual(set(render.SWITCH_TYPES),
                         set(EXPECTED) | {"openvswitch"})
        for switch_type, text in EXPECTED.items():
            with self.subTest(switch_type=switch_type):
                got = render.render("sw1", switch_type, CONFIG, INTERFACES)
                self.assertEqual(text, got.text)
                self.assertEqual(CONFIG, got.global_lines)
                self.assertEqual(["p1", "vlan10"] if switch_type != "dellos9"
                                 else ["p1", "vlan10"], list(got.interfaces))

    def test_dellos9_ports_before_vlans(self):
        got = render.render("sw1", "dellos9", [], {
            "Vlan10": {"config": ["x"]}, "Te0/1": {"config": ["y"]}})
        self.assertEqual(["Te0/1", "Vlan10"], list(got.interfaces))

    def test_nclu_interface_type(self):
        got = render.render("sw1", "nclu", [], {
            "bond0": {"type": "bond", "config": ["bond slaves swp1"]}})
        self.assertEqual("add bond bond0 bond slaves swp1\n", got.text)

    def test_junos_set(self):
        got = render.render("sw1", "junos", ["set system host-name a"], {
            "xe-0/0/1": {"description": "c 0",
                         "config": ["set unit 0 x", "delete unit 0 y"]}},
            {"junos_config_format": "set"})
        self.assertEqual(
            'set system host-name a\nset interfaces xe-0/0/1 description "c 0"\n'
            "set interfaces xe-0/0/1 unit 0 x\n"
            "delete interfaces xe-0/0/1 unit 0 y\n", got.text)

    def test_junos_json(self):
        got = render.render("sw1", "junos", {"system": {"host-name": "a"}}, {
            "xe-0/0/1": {"description": "c0", "config": {"mtu": 9000}}},
            {"junos_config_format": "json"})
        self.assertEqual({"configuration": {
            "system": {"host-name": "a"},
            "interfaces": {"interface": [
                {"name": "xe-0/0/1", "description": "c0", "mtu": 9000}]}}},
            json.loads(got.text))

    def test_junos_text_example(self):
        data = yaml.safe_load((pathlib.Path(__file__).parent / "data"
                               / "junos-text.yml").read_text())
        got = render.render("junos2", "junos", data["switch_config"],
                            data["switch_interface_config"])
        self.assertEqual(
            "system { host-name junos2; }\ninterfaces {\n    ge-0/0/1 {\n"
            '        description "controller0";\n'
            "        unit 0 { family ethernet-switching { vlan { members 10; "
            "} } }\n    }\n    ge-0/0/2 {\n"
            '        description "compute0";\n'
            "        unit 0 { family ethernet-switching { vlan { members 30; "
            "} } }\n    }\n}\n", got.text)

    def test_openvswitch_plan(self):
        got = render.render("sw1", "openvswitch", ["stp_enable=true"], {
            "eth1": {"description": "compute 0", "config": ["tag=10"]}},
            {"openvswitch_bridge": "br0", "openvswitch_datapath_type": "netdev"})
        self.assertEqual({
            "bridge": "br0", "datapath_type": "netdev",
            "bridge_settings": [["stp_enable", "true"]],
            "ports": [{"name": "eth1", "settings": [
                ["tag", "10"], ["external_ids:description", '"compute 0"']]}],
        }, got.plan)

    def test_errors(self):
        cases = [
            ("missing type", None, [], {}, {},
             "sw1: switch_type is not set; set it to one of arista, dellos6, "
             "dellos9, dellos10, dell-powerconnect, junos, mellanox, nclu, "
             "nvue, openvswitch"),
            ("unknown type", "cisco", [], {}, {},
             "sw1: switch_type 'cisco' is not one of arista, dellos6, "
             "dellos9, dellos10, dell-powerconnect, junos, mellanox, nclu, "
             "nvue, openvswitch"),
            ("config a string", "arista", "hostname x", {}, {},
             "sw1: switch_config must be a list of lines"),
            ("junos set line", "junos", [], {"xe": {"config": ["unit 0"]}},
             {"junos_config_format": "set"},
             "sw1: switch_interface_config[xe]: junos 'set' lines must start "
             "with 'set' or 'delete', not 'unit 0'"),
            ("junos format", "junos", [], {}, {"junos_config_format": "xml"},
             "sw1: switch_junos_config_format must be one of set, text, json, "
             "not 'xml'"),
            ("ovs line", "openvswitch", [], {"eth1": {"config": ["tag 10"]}},
             {}, "sw1: switch_interface_config[eth1]: openvswitch lines are "
             "COLUMN=VALUE (e.g. tag=10), not 'tag 10'"),
        ]
        for name, switch_type, config, interfaces, options, message in cases:
            with self.subTest(case=name):
                with self.assertRaises(InvalidValue) as ctx:
                    candidate.candidate("sw1", switch_type, config,
                                        interfaces, options)
                self.assertEqual(message, str(ctx.exception))


class TestDisplay(base.TestCase):

    def test_empty(self):
        result = candidate.candidate("sw1", "arista", [], {})
        self.assertEqual(["# sw1 (arista): global configuration", "# (none)",
                          "# sw1: interface configuration", "# (none)"],
                         candidate.display("sw1", result))
