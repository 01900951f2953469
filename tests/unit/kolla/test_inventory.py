"""kolla inventories: group map, service groups, host variables."""

import pytest
import yaml

from kayobe import errors
from kayobe.kolla import inventory

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


def test_parse_group_template_takes_children_sections_only():
    assert inventory.parse_group_template(TEMPLATE) == {
        "baremetal": ["control", "compute"], "keystone": ["control"],
        "nova-compute": ["compute"]}


def test_parse_host_groups_takes_plain_sections_only():
    text = TEMPLATE + "[control:vars]\nx=1\n[compute]\nh1 ansible_host=a\nh2\n"
    assert inventory.parse_host_groups(text, "t") == {
        "control": ["control01"], "deployment": ["localhost"],
        "compute": ["h1", "h2"]}
    with pytest.raises(errors.ConfigError, match=r"^t:2: invalid section"):
        inventory.parse_host_groups("[a]\n[b\n", "t")


def test_split_service_groups():
    groups = {"baremetal": ["control", "compute"], "keystone": ["control"],
              "keystone-api": ["keystone"], "mixed": ["control", "keystone"],
              "empty": []}
    components, services = inventory.split_service_groups(
        groups, {"control", "compute"})
    assert components == {"baremetal": ["control", "compute"],
                          "keystone": ["control"]}
    assert services == {"keystone-api": ["keystone"],
                        "mixed": ["control", "keystone"], "empty": []}


def test_top_level_groups_union_without_duplicates():
    assert inventory.top_level_groups(GROUP_MAP, KAYOBE_GROUPS) == {
        "control": ["c1", "c2"], "network": ["c2", "n1", "c1"],
        "compute": ["h1"]}


@pytest.mark.parametrize("group_map", [[], {"control": {}},
                                       {"control": {"groups": "controllers"}}])
def test_bad_group_map(group_map):
    with pytest.raises(errors.ConfigError,
                       match="kolla_overcloud_inventory_top_level_group_map"):
        inventory.top_level_groups(group_map, KAYOBE_GROUPS)


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


def test_host_vars_from_the_network_model():
    assert inventory.host_vars(HOST, ["ansible_host", "ansible_port"]) == {
        "ansible_host": "10.66.0.11",
        "ansible_user": "stack",
        "network_interface": "br-int",
        "api_interface": "br-int",
        "kolla_external_vip_interface": "eth-pub",
        "neutron_external_interface": "eth3,eth4",
        "neutron_bridge_name": "eth3-ovs,eth4-ovs",
    }


NEUTRON = {
    "network_patch_prefix": "p-", "network_patch_suffix_ovs": "-ovs",
    "network_bridge_suffix_ovs": "-ovs",
    "network_interfaces": ["ext1", "ext2", "prov"],
    "external_net_names": ["ext1", "ext2"], "provision_wl_net_name": "prov",
}


@pytest.mark.parametrize("extra, expected", [
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
])
def test_neutron_external(extra, expected):
    assert inventory.neutron_external(dict(NEUTRON, **extra)) == expected


@pytest.mark.parametrize("extra, message", [
    ({"ext1_interface": "eth3", "ext1_physical_network": "physnet1",
      "ext2_interface": "eth4"},
     "some Neutron networks set physical_network and these do not: ext2"),
    ({"ext1_interface": "eth3", "ext1_physical_network": "physnet1",
      "ext2_interface": "eth3", "ext2_physical_network": "physnet2"},
     "networks ext1, ext2 share interface eth3 but name different physical "
     "networks: physnet1, physnet2"),
])
def test_neutron_external_errors(extra, message):
    with pytest.raises(errors.ConfigError) as exc:
        inventory.neutron_external(dict(NEUTRON, **extra))
    assert str(exc.value) == message


def test_seed_host_vars():
    host = {"provision_oc_net_name": "prov", "prov_interface": "br-prov"}
    assert inventory.host_vars(host, [], inventory.SEED_INTERFACE_NETWORKS) == {
        "network_interface": "br-prov", "bifrost_network_interface": "br-prov"}


def test_build_and_render_inventory():
    data = inventory.build_inventory(
        {"control": ["c1"], "compute": []}, {"keystone": ["control"]},
        {"c1": {"ansible_host": "10.66.0.11"}})
    parsed = yaml.safe_load(inventory.render_inventory(data))
    assert parsed == {"all": {
        "hosts": {"c1": {"ansible_host": "10.66.0.11"}},
        "children": {"control": {"hosts": {"c1": None}}, "compute": {},
                     "keystone": {"children": {"control": None}}}}}


def test_group_both_top_level_and_service_is_an_error():
    with pytest.raises(errors.ConfigError, match="'control'"):
        inventory.build_inventory({"control": []}, {"control": ["x"]}, {})
