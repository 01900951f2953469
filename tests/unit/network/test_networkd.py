"""Golden-file tests of the systemd-networkd renderer.

Regenerate the golden files with
``UPDATE_GOLDEN=1 python -m stestr run tests.unit.network.test_networkd``
and review the diff by eye before committing.
"""

import os
import pathlib
import shutil

from kayobe.network import render
from kayobe.network.errors import NetworkError
from tests.unit import base

GOLDEN = pathlib.Path(__file__).parent / "golden" / "networkd"


def host(**variables):
    return dict({"inventory_hostname": "node0"}, **variables)


def net(name, ip=None, cidr="10.66.1.0/24", **attrs):
    """Variables of network ``name``; ``ip`` is node0's address."""
    variables = {f"{name}_{key}": value for key, value in attrs.items()}
    if cidr:
        variables[f"{name}_cidr"] = cidr
    if ip:
        variables[f"{name}_ips"] = {"node0": ip}
    return variables


CASES = {
    "ether": (host(**net("a", "10.66.1.5", interface="eth0",
                         gateway="10.66.1.1", mtu=1500)), ["a"]),
    "ether_no_ip": (host(**net("a", "10.66.1.5", interface="eth0",
                               no_ip=True)), ["a"]),
    "ether_dhcp": (host(**net("a", interface="eth0", bootproto="dhcp")),
                   ["a"]),
    "ether_no_defroute": (host(**net("a", "10.66.1.5", interface="eth0",
                                     gateway="10.66.1.1", defroute=False)),
                          ["a"]),
    "two_networks_one_interface": (host(
        **net("a", "10.66.1.5", interface="eth0", gateway="10.66.1.1"),
        **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="eth0")),
        ["a", "b"]),
    "bridge": (host(**net("a", "10.66.1.5", interface="br0",
                          bridge_ports=["eth0", "eth1"], bridge_stp=False,
                          mtu=9000)), ["a"]),
    "bond": (host(**net("a", "10.66.1.5", interface="bond0",
                        bond_slaves=["eth0", "eth1"], bond_mode="802.3ad",
                        bond_miimon=100, bond_updelay=200,
                        bond_downdelay=200, bond_xmit_hash_policy="layer3+4",
                        bond_lacp_rate=1, bond_ad_select="bandwidth")),
             ["a"]),
    "bond_numeric_mode": (host(**net("a", interface="bond0", cidr=None,
                                     bond_slaves=["eth0"], bond_mode=1)),
                          ["a"]),
    "vlan_on_ether": (host(
        **net("a", "10.66.1.5", interface="eth0"),
        **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="eth0.10",
              vlan=10, mtu=1400)), ["a", "b"]),
    "vlan_on_unconfigured_parent": (host(
        **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="eth1.20",
              mtu=9000)), ["b"]),
    "vlan_named_with_parent": (host(
        **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="vlan30",
              vlan=30, parent="eth2")), ["b"]),
    "vlan_on_bond": (host(
        **net("a", interface="bond0", cidr=None, bond_slaves=["eth0", "eth1"],
              bond_mode="active-backup", mtu=9000),
        **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="bond0.100",
              vlan=100)), ["a", "b"]),
    "vlan_on_bridge": (host(
        **net("a", "10.66.1.5", interface="br0", bridge_ports=["eth0"]),
        **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="br0.200")),
        ["a", "b"]),
    "bridge_on_vlan_port": (host(
        **net("a", "10.66.1.5", interface="br0", bridge_ports=["eth3.30"],
              mtu=9000)), ["a"]),
    "bridge_on_bond": (host(
        **net("a", interface="bond0", cidr=None, bond_slaves=["eth0", "eth1"],
              bond_mode="802.3ad"),
        **net("b", "10.66.1.5", interface="br0", bridge_ports=["bond0"])),
        ["a", "b"]),
    "veth_external": (host(
        external_net_names=["ext", "ext2"], provision_wl_net_name="pwl",
        **net("ext", interface="brext", cidr=None, bridge_ports=["eth1"],
              mtu=9000, physical_network="physnet1"),
        # ext2 is a VLAN on the same bridge: one veth pair serves both.
        **net("pwl", "10.66.3.5", cidr="10.66.3.0/24", interface="brpwl",
              bridge_ports=["eth2"]),
        **net("ext2", interface="brext.50", cidr=None, mtu=9000,
              physical_network="physnet2")),
        ["ext", "pwl", "ext2"]),
    "routes_and_rules": (host(
        network_route_tables=[{"name": "tab1", "id": 1}],
        **net("a", "10.66.1.5", interface="eth0", gateway="10.66.1.1",
              routes=[{"cidr": "10.10.0.0/16", "gateway": "10.66.1.254"},
                      {"cidr": "0.0.0.0/0", "gateway": "10.66.1.1",
                       "table": "tab1", "options": ["onlink", "metric 400"]},
                      {"cidr": "10.66.1.0/24", "table": 2,
                       "options": ["src 10.66.1.5"]}],
              rules=[{"from": "10.66.1.0/24", "table": "tab1"},
                     {"to": "10.20.0.0/16", "priority": 100, "table": 2}])),
        ["a"]),
    "macaddress_rename": (host(**net("a", "10.66.1.5", interface="lan0",
                                     macaddress="aa:bb:cc:dd:ee:ff")),
                          ["a"]),
    "custom_prefix": (host(networkd_prefix="10-k-",
                           **net("a", "10.66.1.5", interface="eth0")), ["a"]),
}


def golden_files(case):
    directory = GOLDEN / case
    return {path.name: path.read_text()
            for path in sorted(directory.iterdir())}


def update_golden(case, files):
    directory = GOLDEN / case
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, text in files.items():
        (directory / name).write_text(text)


ERRORS = [
    ("string rule",
     host(**net("a", "10.66.1.5", interface="eth0", rules=["from all"])),
     ["a"],
     "host 'node0': interface eth0: rule 'from all' must be a dict (from, "
     "to, priority, table) for systemd-networkd"),
    ("unknown table",
     host(**net("a", interface="eth0",
                routes=[{"cidr": "10.0.0.0/8", "table": "nope"}])),
     ["a"],
     "host 'node0': interface eth0: route table 'nope' is not in "
     "network_route_tables"),
    ("unsupported route option",
     host(**net("a", interface="eth0",
                routes=[{"cidr": "10.0.0.0/8", "options": ["proto 4"]}])),
     ["a"],
     "host 'node0': interface eth0: route option 'proto 4' is not supported "
     "by systemd-networkd (use onlink, metric N, src IP)"),
    ("bad bond mode",
     host(**net("a", interface="bond0", bond_slaves=["eth0"],
                bond_mode="fastest")),
     ["a"],
     "host 'node0': interface bond0: bond_mode 'fastest' is not one of "
     "balance-rr, active-backup, balance-xor, broadcast, 802.3ad, "
     "balance-tlb, balance-alb"),
    ("bad lacp rate",
     host(**net("a", interface="bond0", bond_slaves=["eth0"],
                bond_lacp_rate="medium")),
     ["a"],
     "host 'node0': interface bond0: bond_lacp_rate 'medium' is not one of "
     "0, 1, slow, fast"),
    ("conflicting gateways",
     host(**net("a", "10.66.1.5", interface="eth0", gateway="10.66.1.1"),
          **net("b", "10.66.2.5", cidr="10.66.2.0/24", interface="eth0",
                gateway="10.66.2.1")),
     ["a", "b"],
     "interface eth0 on host 'node0' has conflicting gateway: 10.66.1.1 and "
     "10.66.2.1"),
    ("conflicting MTUs",
     host(**net("a", interface="eth0", mtu=1500),
          **net("b", interface="eth0", mtu=9000)),
     ["a", "b"],
     "interface eth0 on host 'node0' has conflicting mtu: 1500 and 9000"),
    ("port in two bridges",
     host(**net("a", interface="br0", bridge_ports=["eth0"]),
          **net("b", interface="br1", bridge_ports=["eth0"])),
     ["a", "b"],
     "interface eth0 on host 'node0' has conflicting master: br0 and br1"),
    ("bridge and bond on one interface",
     host(**net("a", interface="x0", bridge_ports=["eth0"]),
          **net("b", interface="x0", bond_slaves=["eth1"])),
     ["a", "b"],
     "interface x0 on host 'node0' has conflicting types: bridge and bond"),
    ("VLAN MTU above parent MTU",
     host(**net("a", interface="eth0", mtu=1500),
          **net("b", interface="eth0.5", mtu=9000)),
     ["a", "b"],
     "interface eth0.5 on host 'node0' has MTU 9000, above the MTU 1500 of "
     "its parent eth0"),
    ("network without interface",
     host(**net("a", "10.66.1.5")), ["a"],
     "network 'a' on host 'node0' has no interface (a_interface is "
     "undefined)"),
    ("invalid network attribute",
     host(**net("a", interface="eth0", vlan=5000)), ["a"],
     "network 'a' on host 'node0': vlan 5000 is not an integer in 1-4094"),
]



class TestNetworkd(base.TestCase):

    def test_golden(self):
        for case in sorted(CASES):
            with self.subTest(case):
                variables, nets = CASES[case]
                files = render.render_host(variables, nets, "networkd")
                if os.environ.get("UPDATE_GOLDEN"):
                    update_golden(case, files)
                self.assertEqual(files, golden_files(case))

    def test_every_golden_directory_has_a_case(self):
        self.assertEqual(sorted(path.name for path in GOLDEN.iterdir()),
                         sorted(CASES))

    def test_render_is_deterministic(self):
        variables, nets = CASES["veth_external"]
        first = render.render_host(variables, nets)
        self.assertEqual(list(first), sorted(first))
        self.assertEqual(
            render.render_host(dict(reversed(variables.items())), nets), first)

    def test_render_errors(self):
        for name, variables, nets, message in ERRORS:
            with self.subTest(name):
                with self.assertRaises(NetworkError) as info:
                    render.render_host(variables, nets)
                self.assertEqual(str(info.exception), message)

    def test_unknown_renderer(self):
        with self.assertRaises(NetworkError) as info:
            render.render_host({}, [], "ifupdown")
        self.assertEqual(str(info.exception),
                         "unknown network renderer 'ifupdown'; known: "
                         "networkd")
