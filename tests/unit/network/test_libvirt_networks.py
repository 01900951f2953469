"""The seed hypervisor's libvirt networks, derived from its network model."""

from kayobe.network import filters
from kayobe.network import model
from kayobe.network.errors import NetworkError
from tests.unit import base

HOST = {
    "inventory_hostname": "hv0",
    # the provisioning network on a bridge, with a libvirt name of its own
    "prov_interface": "brprov",
    "prov_bridge_ports": ["eth1"],
    "prov_libvirt_network_name": "provision-net",
    # an external network on a bridge with no ports (VMs only)
    "ext_interface": "brext",
    "ext_bridge_ports": [],
    # plain ethernet and a bond: not bridges, no libvirt network
    "mgmt_interface": "eth0",
    "bo_interface": "bond0",
    "bo_bond_slaves": ["eth2", "eth3"],
    # a VLAN over a bridge is not itself a bridge
    "vl_interface": "brprov.20",
    # a bridge without an interface name is an error
    "broken_bridge_ports": ["eth5"],
}

CASES = [
    # (networks, expected)
    ([], []),
    (None, []),
    (["mgmt", "bo", "vl"], []),
    (["prov"], [{"name": "provision-net", "mode": "bridge", "bridge": "brprov"}]),
    (["mgmt", "ext", "prov"], [
        {"name": "ext", "mode": "bridge", "bridge": "brext"},
        {"name": "provision-net", "mode": "bridge", "bridge": "brprov"},
    ]),
]


class TestLibvirtNetworks(base.TestCase):
    def test_table(self):
        for nets, expected in CASES:
            with self.subTest(nets=nets):
                self.assertEqual(expected, model.net_libvirt_networks(HOST, nets))

    def test_bridge_without_interface_names_the_variable(self):
        with self.assertRaisesRegex(NetworkError, "broken_interface"):
            model.net_libvirt_networks(HOST, ["broken"])

    def test_is_a_filter(self):
        self.assertIn("net_libvirt_networks", filters.get_filters())
