"""kolla inventories: group map, service groups, host variables."""

import yaml

from kayobe import errors
from kayobe.kolla import inventory
from tests.unit import base

TEMPLATE = """\
# comment
[control]
control01
[deployment]
localhost ansible_connection=local
[baremetal:children]
control
compute
[keystone:children]
control  # inline comment
[nova-compute:children]
compute
"""

GROUP_MAP = {"control": {"groups": ["controllers"]},
             "network": {"groups": ["network", "controllers"]},
             "compute": {"groups": ["compute"]}}
KAYOBE_GROUPS = {"controllers": ["c1", "c2"], "network": ["c2", "n1"],
                 "compute": ["h1"]}


HOST = {
    "inventory_hostname": "c1",
    "ansible_host": "10.66.0.11",
    "ansible_port": None,
    "kolla_ansible_user": "stack",
    "internal_net_name": "internal",
    "internal_interface": "br-int",
    "public_net_name": "public",
    "public_interface": "eth-pub",
    "tunnel_net_name": "tunnel",
    "storage_net_name": "storage",   # no storage_interface: left out
    "external_net_names": ["ext1", "ext2"],
    "ext1_interface": "eth3",
    "ext2_interface": "eth4",
}


NEUTRON = {
    "network_patch_prefix": "p-", "network_patch_suffix_ovs": "-ovs",
    "network_bridge_suffix_ovs": "-ovs",
    "network_interfaces": ["ext1", "ext2", "prov"],
    "external_net_names": ["ext1", "ext2"], "provision_wl_net_name": "prov",
}


NEUTRON_CASES = [
    # plain interfaces
    ({"ext1_interface": "eth3", "ext2_interface": "eth4"},
     {"neutron_bridge_name": "eth3-ovs,eth4-ovs",
      "neutron_external_interface": "eth3,eth4"}),
    # a Linux bridge is reached through its veth pair (name cut to 15)
    ({"ext1_interface": "brextern1", "ext1_bridge_ports": ["eth3"]},
     {"neutron_bridge_name": "brextern1-ovs",
      "neutron_external_interface": "p-brextern1-ovs"}),
    ({"ext1_interface": "br-very-long-name", "ext1_bridge_ports": ["eth3"]},
     {"neutron_bridge_name": "br-very-long-name-ovs",
      "neutron_external_interface": "p-br-very-l-ovs"}),
    # VLANs share their tagged parent: one bridge for both
    ({"ext1_interface": "eth5.10", "ext1_vlan": 10,
      "ext2_interface": "vlan20", "ext2_vlan": 20, "ext2_parent": "eth5",
      "prov_interface": "eth6"},
     {"neutron_bridge_name": "eth6-ovs,eth5-ovs",      # provisioning first
      "neutron_external_interface": "eth6,eth5"}),
    # physical networks, one per interface
    ({"ext1_interface": "eth3", "ext1_physical_network": "physnet1",
      "ext2_interface": "eth4", "ext2_physical_network": "physnet2"},
     {"neutron_bridge_name": "eth3-ovs,eth4-ovs",
      "neutron_external_interface": "eth3,eth4",
      "neutron_physical_networks": "physnet1,physnet2"}),
    # the bridge suffix is the operator's
    ({"ext1_interface": "eth3", "network_bridge_suffix_ovs": "-phys"},
     {"neutron_bridge_name": "eth3-phys", "neutron_external_interface": "eth3"}),
    ({}, {}),
]

NEUTRON_ERRORS = [
    ({"ext1_interface": "eth3", "ext1_physical_network": "physnet1",
      "ext2_interface": "eth4"},
     "some Neutron networks set physical_network and these do not: ext2"),
    ({"ext1_interface": "eth3", "ext1_physical_network": "physnet1",
      "ext2_interface": "eth3", "ext2_physical_network": "physnet2"},
     "networks ext1, ext2 share interface eth3 but name different physical "
     "networks: physnet1, physnet2"),
]

BAD_GROUP_MAPS = [[], {"control": {}}, {"control": {"groups": "controllers"}}]


class TestGroups(base.TestCase):

    def test_parse_group_template_takes_children_sections_only(self):
        self.assertEqual(inventory.parse_group_template(TEMPLATE), {
            "baremetal": ["control", "compute"], "keystone": ["control"],
            "nova-compute": ["compute"]})

    def test_parse_host_groups_takes_plain_sections_only(self):
        text = TEMPLATE + "[control:vars]\nx=1\n[compute]\nh1 ansible_host=a\nh2\n"
        self.assertEqual(inventory.parse_host_groups(text, "t"), {
            "control": ["control01"], "deployment": ["localhost"],
            "compute": ["h1", "h2"]})
        with self.assertRaisesRegex(errors.ConfigError, r"^t:2: invalid section"):
            inventory.parse_host_groups("[a]\n[b\n", "t")

    def test_split_service_groups(self):
        groups = {"baremetal": ["control", "compute"], "keystone": ["control"],
                  "keystone-api": ["keystone"], "mixed": ["control", "keystone"],
                  "empty": []}
        components, services = inventory.split_service_groups(
            groups, {"control", "compute"})
        self.assertEqual(components, {"baremetal": ["control", "compute"],
                                      "keystone": ["control"]})
        self.assertEqual(services, {"keystone-api": ["keystone"],
                                    "mixed": ["control", "keystone"], "empty": []})

    def test_top_level_groups_union_without_duplicates(self):
        self.assertEqual(inventory.top_level_groups(GROUP_MAP, KAYOBE_GROUPS), {
            "control": ["c1", "c2"], "network": ["c2", "n1", "c1"],
            "compute": ["h1"]})

    def test_bad_group_map(self):
        for group_map in BAD_GROUP_MAPS:
            with self.subTest(group_map=group_map):
                with self.assertRaisesRegex(
                        errors.ConfigError,
                        "kolla_overcloud_inventory_top_level_group_map"):
                    inventory.top_level_groups(group_map, KAYOBE_GROUPS)


class TestHostVars(base.TestCase):

    def test_host_vars_from_the_network_model(self):
        self.assertEqual(inventory.host_vars(HOST, ["ansible_host", "ansible_port"]), {
            "ansible_host": "10.66.0.11",
            "ansible_user": "stack",
            "network_interface": "br-int",
            "api_interface": "br-int",
            "kolla_external_vip_interface": "eth-pub",
            "neutron_external_interface": "eth3,eth4",
            "neutron_bridge_name": "eth3-ovs,eth4-ovs",
        })

    def test_neutron_external(self):
        for extra, expected in NEUTRON_CASES:
            with self.subTest(extra=extra):
                self.assertEqual(
                    inventory.neutron_external(dict(NEUTRON, **extra)), expected)

    def test_neutron_external_errors(self):
        for extra, message in NEUTRON_ERRORS:
            with self.subTest(extra=extra):
                with self.assertRaises(errors.ConfigError) as caught:
                    inventory.neutron_external(dict(NEUTRON, **extra))
                self.assertEqual(str(caught.exception), message)

    def test_seed_host_vars(self):
        host = {"provision_oc_net_name": "prov", "prov_interface": "br-prov",
                "external_net_names": ["ext1"], "ext1_interface": "eth3"}
        # the seed gets bifrost's interfaces, never Neutron's
        self.assertEqual(inventory.host_vars(host, [], seed=True), {
            "network_interface": "br-prov", "bifrost_network_interface": "br-prov"})


class TestRender(base.TestCase):

    def test_build_and_render_inventory(self):
        data = inventory.build_inventory(
            {"control": ["c1"], "compute": []}, {"keystone": ["control"]},
            {"c1": {"ansible_host": "10.66.0.11"}})
        parsed = yaml.safe_load(inventory.render_inventory(data))
        self.assertEqual(parsed, {"all": {
            "hosts": {"c1": {"ansible_host": "10.66.0.11"}},
            "children": {"control": {"hosts": {"c1": None}}, "compute": {},
                         "keystone": {"children": {"control": None}}}}})

    def test_group_both_top_level_and_service_is_an_error(self):
        with self.assertRaisesRegex(errors.ConfigError, "'control'"):
            inventory.build_inventory({"control": []}, {"control": ["x"]}, {})
