"""Tests of the OVS veth pairs in kayobe.network.veth."""

from kayobe.network import veth
from tests.unit import base

NAMES = [
    # (variables, bridge, phy, ovs)
    ({}, "breth1", "p-breth1-phy", "p-breth1-ovs"),
    ({}, "br-a-very-long-name", "p-br-a-very-phy", "p-br-a-very-ovs"),
    ({"network_patch_prefix": "v", "network_patch_suffix_phy": "P",
      "network_patch_suffix_ovs": "O"}, "br0", "vbr0P", "vbr0O"),
]


HOST = {
    "inventory_hostname": "net0",
    "provision_wl_net_name": "pwl",
    "cleaning_net_name": "clean",
    "external_net_names": ["ext1", "ext2", "ext3"],
    "pwl_interface": "brpwl",
    "pwl_bridge_ports": ["eth1"],
    "clean_interface": "brpwl.30",   # VLAN on the same bridge
    "clean_mtu": 9000,
    "ext1_interface": "brext",
    "ext1_bridge_ports": ["eth2"],
    "ext1_mtu": 1500,
    "ext2_interface": "brext.100",
    "ext2_mtu": 1400,
    "ext3_interface": "eth3",        # not a bridge: no veth
    "int_interface": "brint",        # a bridge, but not an OVS network
    "int_bridge_ports": ["eth4"],
}


class TestVeth(base.TestCase):

    def test_veth_names(self):
        for variables, bridge, phy, ovs in NAMES:
            with self.subTest(bridge=bridge, variables=variables):
                self.assertEqual(veth.veth_phy_name(variables, bridge), phy)
                self.assertEqual(veth.veth_ovs_name(variables, bridge), ovs)
                self.assertLessEqual(len(phy), veth.IFNAME_MAX)

    def test_ovs_veths_per_bridge_with_largest_mtu(self):
        nets = ["pwl", "clean", "ext1", "ext2", "ext3", "int"]
        self.assertEqual(veth.net_ovs_veths(HOST, nets), [
            {"device": "p-brpwl-phy", "peer_device": "p-brpwl-ovs",
             "bridge": "brpwl", "mtu": 9000},
            {"device": "p-brext-phy", "peer_device": "p-brext-ovs",
             "bridge": "brext", "mtu": 1500},
        ])

    def test_ovs_veths_only_for_attached_networks(self):
        self.assertEqual(veth.net_ovs_veths(HOST, ["int", "ext3"]), [])
        self.assertEqual(veth.net_ovs_veths(HOST, ["pwl"]), [
            {"device": "p-brpwl-phy", "peer_device": "p-brpwl-ovs",
             "bridge": "brpwl", "mtu": None}])
