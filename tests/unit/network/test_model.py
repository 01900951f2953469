"""Table-driven tests of kayobe.network.model."""

import jinja2

from kayobe.network import model
from kayobe.network.errors import NetworkError
from tests.unit import base

HOST = {
    "inventory_hostname": "ctl0",
    # plain ethernet with an IP
    "int_interface": "eth0",
    "int_cidr": "10.66.1.0/24",
    "int_gateway": "10.66.1.1",
    "int_vip_address": "10.66.1.2",
    "int_mtu": "9000",
    "int_ips": {"ctl0": "10.66.1.10", "ctl1": "10.66.1.11"},
    "int_fqdn": "int.example.com",
    "int_physical_network": "physnet1",
    "int_zone": "trusted",
    "int_routes": [{"cidr": "10.2.0.0/16", "gateway": "10.66.1.254"}],
    "int_rules": ["from 10.66.1.0/24 table 1", {"from": "10.66.1.0/24"}],
    # bridge
    "br_interface": "breth1",
    "br_bridge_ports": ["eth1"],
    "br_bridge_stp": "yes",
    "br_libvirt_network_name": "brnet",
    # bond with options
    "bo_interface": "bond0",
    "bo_bond_slaves": ["eth2", "eth3"],
    "bo_bond_mode": "802.3ad",
    "bo_bond_miimon": 100,
    "bo_bond_lacp_rate": "fast",
    # VLAN by name, VLAN by parent, VLAN on a bridge
    "vl_interface": "eth0.20",
    "vl_vlan": 20,
    "vp_interface": "vlan30",
    "vp_vlan": 30,
    "vp_parent": "eth0",
    "vb_interface": "breth1.40",
    # no IP
    "noip_interface": "eth4",
    "noip_cidr": "10.66.4.0/24",
    "noip_no_ip": True,
    "noip_ips": {"ctl0": "10.66.4.9"},
    # undefined-by-Jinja attribute reads as None
    "und_interface": jinja2.Undefined(name="und_interface"),
}

CASES = [
    # (function, network, expected)
    (model.net_interface, "int", "eth0"),
    (model.net_interface, "missing", None),
    (model.net_interface, "und", None),
    (model.net_cidr, "int", "10.66.1.0/24"),
    (model.net_cidr, "br", None),
    (model.net_prefix, "int", 24),
    (model.net_prefix, "br", None),
    (model.net_mask, "int", "255.255.255.0"),
    (model.net_mask, "br", None),
    (model.net_gateway, "int", "10.66.1.1"),
    (model.net_gateway, "br", None),
    (model.net_vip_address, "int", "10.66.1.2"),
    (model.net_fqdn, "int", "int.example.com"),
    (model.net_physical_network, "int", "physnet1"),
    (model.net_zone, "int", "trusted"),
    (model.net_mtu, "int", 9000),
    (model.net_mtu, "br", None),
    (model.net_vlan, "vl", 20),
    (model.net_vlan, "int", None),
    (model.net_routes, "int", [{"cidr": "10.2.0.0/16",
                                "gateway": "10.66.1.254"}]),
    (model.net_routes, "br", []),
    (model.net_rules, "int", ["from 10.66.1.0/24 table 1",
                              {"from": "10.66.1.0/24"}]),
    (model.net_rules, "br", []),
    (model.net_bridge_ports, "br", ["eth1"]),
    (model.net_bridge_ports, "int", None),
    (model.net_bridge_stp, "br", True),
    (model.net_bridge_stp, "int", None),
    (model.net_bond_slaves, "bo", ["eth2", "eth3"]),
    (model.net_bond_mode, "bo", "802.3ad"),
    (model.net_bond_miimon, "bo", 100),
    (model.net_bond_updelay, "bo", None),
    (model.net_bond_options, "bo", {"bond_mode": "802.3ad",
                                    "bond_miimon": 100,
                                    "bond_lacp_rate": "fast"}),
    (model.net_no_ip, "noip", True),
    (model.net_no_ip, "int", False),
    (model.net_ip, "int", "10.66.1.10"),
    (model.net_ip, "noip", None),
    (model.net_ip, "br", None),
    (model.net_address, "int", "10.66.1.10/24"),
    (model.net_address, "noip", None),
    (model.net_address, "br", None),
    (model.net_libvirt_network_name, "br", "brnet"),
    (model.net_libvirt_network_name, "int", "int"),
    (model.net_libvirt_network, "br", {"name": "brnet", "mode": "bridge",
                                       "bridge": "breth1"}),
    (model.net_libvirt_vm_network, "int", {"network": "int",
                                           "net_name": "int"}),
    (model.net_interface_type, "int", "ether"),
    (model.net_interface_type, "br", "bridge"),
    (model.net_interface_type, "bo", "bond"),
    (model.net_interface_type, "vl", "ether"),
    (model.net_is_ether, "int", True),
    (model.net_is_bridge, "br", True),
    (model.net_is_bridge, "int", False),
    (model.net_is_bond, "bo", True),
    (model.net_is_vlan, "vl", True),
    (model.net_is_vlan, "vb", False),
    (model.net_is_vlan_interface, "vl", True),
    (model.net_is_vlan_interface, "vp", True),
    (model.net_is_vlan_interface, "vb", True),
    (model.net_is_vlan_interface, "int", False),
    (model.net_is_vlan_interface, "br", False),
    (model.net_parent, "vl", "eth0"),
    (model.net_parent, "vp", "eth0"),
    (model.net_parent, "vb", "breth1"),
    (model.net_parent, "int", None),
    (model.net_parent, "bo", None),
    (model.net_vlan_id, "vl", 20),
    (model.net_vlan_id, "vb", 40),
    (model.net_vlan_id, "int", None),
    (model.net_physical_interface, "br", ["eth1"]),
    (model.net_physical_interface, "bo", ["eth2", "eth3"]),
    (model.net_physical_interface, "int", ["eth0"]),
]


NETS = ["int", "br", "bo", "vl", "vp", "vb"]
SELECTS = [
    (model.net_select_ethers, ["int", "vl", "vp", "vb"]),
    (model.net_select_bridges, ["br"]),
    (model.net_select_bonds, ["bo"]),
    (model.net_select_vlans, ["vl", "vp"]),
    (model.net_select_vlan_interfaces, ["vl", "vp", "vb"]),
    (model.net_reject_vlans, ["int", "br", "bo", "vb"]),
]


def bad(**attrs):
    """Variables of host 'h1' with network 'n' having ``attrs``."""
    variables = {"inventory_hostname": "h1", "n_interface": "eth0"}
    variables.update({f"n_{key}": value for key, value in attrs.items()})
    return variables


ERRORS = [
    # (function, variables, message)
    (model.net_cidr, bad(cidr="10.66.1.0/33"),
     "network 'n' on host 'h1': invalid CIDR '10.66.1.0/33'"),
    (model.net_prefix, bad(cidr="nonsense"),
     "network 'n' on host 'h1': invalid CIDR 'nonsense'"),
    (model.net_gateway, bad(cidr="10.66.1.0/24", gateway="10.66.2.1"),
     "network 'n' on host 'h1': gateway: 10.66.2.1 is outside CIDR "
     "10.66.1.0/24"),
    (model.net_gateway, bad(gateway="10.66.2.300"),
     "network 'n' on host 'h1': gateway: invalid IP address '10.66.2.300'"),
    (model.net_vip_address, bad(cidr="10.66.1.0/24", vip_address="fd00::1"),
     "network 'n' on host 'h1': vip_address: fd00::1 is outside CIDR "
     "10.66.1.0/24"),
    (model.net_vlan, bad(vlan=0),
     "network 'n' on host 'h1': vlan 0 is not an integer in 1-4094"),
    (model.net_vlan, bad(vlan=4095),
     "network 'n' on host 'h1': vlan 4095 is not an integer in 1-4094"),
    (model.net_vlan, bad(vlan="ten"),
     "network 'n' on host 'h1': vlan 'ten' is not an integer in 1-4094"),
    (model.net_mtu, bad(mtu=67),
     "network 'n' on host 'h1': mtu 67 is not an integer in 68-65535"),
    (model.net_mtu, bad(mtu=True),
     "network 'n' on host 'h1': mtu True is not an integer in 68-65535"),
    (model.net_mtu, bad(mtu="jumbo"),
     "network 'n' on host 'h1': mtu 'jumbo' is not an integer in 68-65535"),
    (model.require_interface, {"inventory_hostname": "h1"},
     "network 'n' on host 'h1' has no interface (n_interface is undefined)"),
    (model.net_is_vlan_interface, {"inventory_hostname": "h1"},
     "network 'n' on host 'h1' has no interface (n_interface is undefined)"),
    (model.net_physical_interface, {"inventory_hostname": "h1"},
     "network 'n' on host 'h1' has no interface (n_interface is undefined)"),
    (model.net_interface_type, bad(bridge_ports=["a"], bond_slaves=["b"]),
     "network 'n' on host 'h1' defines both bridge_ports and bond_slaves"),
    (model.net_bridge_ports, bad(bridge_ports="eth1"),
     "network 'n' on host 'h1': bridge_ports must be a list of interface "
     "names"),
    (model.net_bond_slaves, bad(bond_slaves=["eth1", ""]),
     "network 'n' on host 'h1': bond_slaves must be a list of interface "
     "names"),
    (model.net_parent, bad(interface="eth0.10", vlan=11),
     "network 'n' on host 'h1': interface eth0.10 does not match n_vlan 11"),
    (model.net_routes, bad(routes={"cidr": "10.0.0.0/8"}),
     "network 'n' on host 'h1': routes must be a list"),
    (model.net_routes, bad(routes=[{"gateway": "10.0.0.1"}]),
     "network 'n' on host 'h1': route {'gateway': '10.0.0.1'} must be a dict "
     "with a cidr"),
    (model.net_routes, bad(routes=[{"cidr": "10.0.0.0/8", "via": "x"}]),
     "network 'n' on host 'h1': route 10.0.0.0/8 has unknown keys ['via']"),
    (model.net_routes, bad(routes=[{"cidr": "10.0.0/8"}]),
     "network 'n' on host 'h1': route: invalid CIDR '10.0.0/8'"),
    (model.net_routes, bad(routes=[{"cidr": "10.0.0.0/8", "gateway": "x"}]),
     "network 'n' on host 'h1': route 10.0.0.0/8 gateway: invalid IP "
     "address 'x'"),
    (model.net_routes, bad(routes=[{"cidr": "10.0.0.0/8", "options": "x"}]),
     "network 'n' on host 'h1': route 10.0.0.0/8: options must be a list"),
    (model.net_ip, bad(ips=["10.0.0.1"]),
     "network 'n' on host 'h1': n_ips must map hosts to IPs"),
    (model.net_address, bad(ips={"h1": "10.0.0.1"}),
     "network 'n' on host 'h1': IP 10.0.0.1 has no n_cidr"),
    (model.net_address, bad(ips={"h1": "10.0.0.1"}, cidr="10.66.0.0/16"),
     "network 'n' on host 'h1': IP: 10.0.0.1 is outside CIDR 10.66.0.0/16"),
    (model.net_rules, bad(rules="from all"),
     "network 'n' on host 'h1': rules must be a list"),
    (model.net_rules, bad(rules=[{"iif": "eth0"}]),
     "network 'n' on host 'h1': rule {'iif': 'eth0'} must be a string or a "
     "dict with keys from, to, priority, table"),
    (model.net_rules, bad(rules=[42]),
     "network 'n' on host 'h1': rule 42 must be a string or a dict with "
     "keys from, to, priority, table"),
]


POOL_ERRORS = [
    ({"allocation_pool_start": "10.66.1.10", "allocation_pool_end":
      "10.66.2.10"},
     "network 'n' on host 'h1': allocation_pool end: 10.66.2.10 is outside "
     "CIDR 10.66.1.0/24"),
    ({"inspection_allocation_pool_start": "10.66.1.100"},
     "network 'n' on host 'h1': inspection_allocation_pool: pool start and "
     "end must both be set"),
    ({"neutron_allocation_pool_start": "10.66.1.100",
      "neutron_allocation_pool_end": "10.66.1.50"},
     "network 'n' on host 'h1': neutron_allocation_pool: start 10.66.1.100 "
     "is after end 10.66.1.50"),
]


BOOLS = [(True, True), (False, False), ("yes", True), ("False", False),
         ("on", True), ("0", False), (1, True), (0, False)]



class TestModel(base.TestCase):

    def test_model_function(self):
        for func, net, expected in CASES:
            with self.subTest(f"{func.__name__}-{net}"):
                self.assertEqual(func(HOST, net), expected)

    def test_net_attr_reads_any_attribute(self):
        self.assertEqual(model.net_attr(HOST, "int", "cidr"), "10.66.1.0/24")
        self.assertIsNone(model.net_attr(HOST, "int", "nope"))

    def test_net_ip_of_other_host(self):
        self.assertEqual(model.net_ip(HOST, "int", "ctl1"), "10.66.1.11")
        self.assertIsNone(model.net_ip(HOST, "int", "ctl9"))

    def test_select(self):
        for func, expected in SELECTS:
            with self.subTest(func.__name__):
                self.assertEqual(func(HOST, NETS), expected)
                self.assertEqual(func(HOST, None), [])

    def test_model_error(self):
        for i, (func, variables, message) in enumerate(ERRORS):
            with self.subTest(f"{func.__name__}-{i}"):
                with self.assertRaises(NetworkError) as info:
                    func(variables, "n")
                self.assertEqual(str(info.exception), message)
                self.assertNotIn("\n", str(info.exception))

    def test_validate_network_pools(self):
        for attrs, message in POOL_ERRORS:
            with self.subTest(attrs=attrs):
                with self.assertRaises(NetworkError) as info:
                    model.validate_network(bad(cidr="10.66.1.0/24", **attrs),
                                           "n")
                self.assertEqual(str(info.exception), message)

    def test_validate_network_accepts_valid_networks(self):
        for net in NETS:
            with self.subTest(net):
                model.validate_network(HOST, net)   # raises when invalid

    def test_as_bool(self):
        for value, expected in BOOLS:
            with self.subTest(value=value):
                self.assertIs(model.as_bool(value), expected)

    def test_host_name_defaults_when_unknown(self):
        self.assertEqual(model.host_name({}), "<unknown>")

    def test_ipv6_network(self):
        variables = bad(cidr="fd00:66::/64", gateway="fd00:66::1")
        self.assertEqual(model.net_prefix(variables, "n"), 64)
        self.assertEqual(model.net_gateway(variables, "n"), "fd00:66::1")
