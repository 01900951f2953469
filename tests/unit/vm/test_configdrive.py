"""kayobe.vm.configdrive: the files cloud-init reads at first boot."""

import json

from kayobe import errors
from kayobe.vm import configdrive
from kayobe.vm import filters
from kayobe.vm import spec
from tests.unit import base
from tests.unit.vm.fixtures import KEY
from tests.unit.vm.fixtures import seed_vars


def network_data(**overrides):
    variables = seed_vars(**overrides)
    vm = spec.vm_spec(variables, "seed_vm")
    return vm, configdrive.network_data(vm, variables,
                                        variables["network_interfaces"],
                                        ["10.66.0.53"])


class TestNetworkData(base.TestCase):

    def test_links_match_vm_interfaces_by_mac(self):
        vm, data = network_data()
        self.assertEqual(
            [(link["id"], link["type"], link["ethernet_mac_address"])
             for link in data["links"]],
            [("eth0", "phy", vm.interfaces[0].mac),
             ("eth1", "phy", vm.interfaces[1].mac)])
        self.assertEqual(data["links"][0]["mtu"], 1500)
        self.assertNotIn("mtu", data["links"][1])

    def test_static_addresses_and_routes(self):
        _, data = network_data()
        admin, prov = data["networks"]
        self.assertEqual(
            (admin["link"], admin["type"], admin["ip_address"],
             admin["netmask"]),
            ("eth0", "ipv4", "10.66.10.5", "255.255.255.0"))
        self.assertEqual(admin["routes"], [
            {"network": "0.0.0.0", "netmask": "0.0.0.0",
             "gateway": "10.66.10.1"}])
        self.assertEqual(prov["routes"], [
            {"network": "10.77.0.0", "netmask": "255.255.0.0",
             "gateway": "10.66.20.254"}])
        self.assertEqual(data["services"],
                         [{"type": "dns", "address": "10.66.0.53"}])

    def test_vlan_on_the_vm_interface(self):
        vm, data = network_data(
            network_interfaces=["admin", "prov"], prov_interface="eth0.20",
            prov_vlan=None,
            seed_vm_interfaces=[{"network": "admin-net", "net_name": "admin"}])
        self.assertEqual([link["id"] for link in data["links"]],
                         ["eth0", "eth0.20"])
        vlan = data["links"][1]
        self.assertEqual((vlan["type"], vlan["vlan_link"], vlan["vlan_id"],
                          vlan["vlan_mac_address"]),
                         ("vlan", "eth0", 20, vm.interfaces[0].mac))
        self.assertEqual(data["networks"][1]["link"], "eth0.20")

    def test_dhcp(self):
        _, data = network_data(prov_bootproto="dhcp")
        self.assertEqual(data["networks"][1],
                         {"id": "network2", "type": "ipv4_dhcp",
                          "link": "eth1"})

    def test_allocated_address(self):
        """An address allocated earlier in the run is the one configured."""
        _, data = network_data(
            admin_ips={}, kayobe_network_allocation={
                "admin_ips": {"seed": "10.66.10.9"}})
        self.assertEqual(data["networks"][0]["ip_address"], "10.66.10.9")

    def test_refused(self):
        cases = (
            ({"seed_vm_interfaces": [{"network": "admin-net",
                                      "net_name": "admin"}]},
             "interface eth1 (networks prov) has no VM interface in "
             "seed_vm_interfaces"),
            ({"admin_interface": "br0", "admin_bridge_ports": ["eth0"],
              "seed_vm_interfaces": [{"network": "a", "net_name": "admin"},
                                     {"network": "p", "net_name": "prov"}]},
             "is a bridge"),
            ({"admin_cidr": "10.99.0.0/24", "admin_gateway": None},
             "network 'admin' on host 'seed': IP: 10.66.10.5 is outside"),
        )
        for overrides, words in cases:
            with self.subTest(case=overrides):
                with self.assertRaises((errors.InvalidValue, ValueError)) as caught:
                    network_data(**overrides)
                self.assertIn(words, str(caught.exception))


class TestFiles(base.TestCase):

    def test_meta_and_user_data(self):
        variables = seed_vars()
        vm = spec.vm_spec(variables, "seed_vm")
        files = configdrive.files(vm, variables, ["admin", "prov"], "debian",
                                  KEY + "\n")
        self.assertEqual(sorted(files), [
            "openstack/latest/meta_data.json",
            "openstack/latest/network_data.json",
            "openstack/latest/user_data"])
        meta = json.loads(files["openstack/latest/meta_data.json"])
        self.assertEqual((meta["uuid"], meta["hostname"]), (vm.uuid, "seed"))
        self.assertEqual(meta["public_keys"], {"kayobe": KEY})
        user_data = files["openstack/latest/user_data"]
        self.assertTrue(user_data.startswith("#cloud-config\n"))
        user = json.loads(user_data.split("\n", 1)[1])["users"][0]
        self.assertEqual((user["name"], user["ssh_authorized_keys"]),
                         ("debian", [KEY]))


class TestDefinition(base.TestCase):

    def test_definition(self):
        definition = filters.definition(seed_vars(), "seed_vm", KEY, "debian")
        self.assertEqual(definition["name"], "seed")
        self.assertEqual(definition["restart_var"], "seed_vm_allow_restart")
        self.assertEqual(definition["config_drive"]["volume"], "seed-configdrive")
        self.assertEqual([v["name"] for v in definition["volumes"]],
                         ["seed-root", "seed-data"])
        self.assertIn("<capacity unit=\"bytes\">53687091200</capacity>",
                      definition["volumes"][0]["xml"])
        json.dumps(definition)  # plain data, for Ansible

    def test_missing_key_or_pool(self):
        cases = (({}, "", "no SSH public key"),
                 ({"seed_vm_pool": None}, KEY, "'seed_vm_pool' of host 'seed'"))
        for overrides, key, words in cases:
            with self.subTest(case=words):
                with self.assertRaises(errors.InvalidValue) as caught:
                    filters.definition(seed_vars(**overrides), "seed_vm", key,
                                       "debian")
                self.assertIn(words, str(caught.exception))
