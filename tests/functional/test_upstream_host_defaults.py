"""An operator's upstream kayobe-config resolves as upstream's does:
default network interface lists, bootstrap users, OS defaults and checks,
per-group LVM, users; read back with ``kayobe configuration dump``."""

import json

import pytest

from tests.conftest import write

HOSTS = """\
[seed]
seed0
[seed-hypervisor]
hv0
[controllers]
ctl0
ctl1
[network]
ctl1
[compute]
cmp0
[storage]
st0
[monitoring]
mon0
[infra-vms]
vm0
"""

# Only three networks have an interface on the hosts.
NETWORKS = """\
provision_oc_net_interface: eth0
internal_net_interface: eth1
external_net_interface: eth2
"""

# Upstream's lists: every named role network of the group.  Upstream's
# role names fold several roles onto one network (tunnel on internal, public
# on the first external network, Swift's on storage and storage management)
# and the workload networks exist only with Ironic.
GROUP_NETWORKS = {
    "seed0": ("seed_network_interfaces",
              ["provision_oc_net", "oob_oc_net"]),
    "hv0": ("seed_hypervisor_network_interfaces",
            ["provision_oc_net", "oob_oc_net"]),
    "ctl0": ("controller_network_interfaces",
             ["provision_oc_net", "internal_net", "storage_net"]),
    # In the network group: the network host networks as well.
    "ctl1": ("controller_network_interfaces",
             ["provision_oc_net", "internal_net", "storage_net",
              "external_net"]),
    "cmp0": ("compute_network_interfaces",
             ["provision_oc_net", "internal_net", "storage_net",
              "tunnel_net"]),
    "st0": ("storage_network_interfaces",
            ["provision_oc_net", "internal_net", "storage_mgmt_net",
             "storage_net"]),
    "mon0": ("monitoring_network_interfaces",
             ["provision_oc_net", "internal_net", "external_net"]),
    "vm0": ("infra_vm_network_interfaces", ["provision_oc_net"]),
}

# With Ironic in the overcloud, controllers get the workload networks.
IRONIC_CONTROLLER_NETWORKS = [
    "provision_oc_net", "oob_wl_net", "provision_wl_net", "inspection_net",
    "internal_net", "storage_net"]

# What each host configures: the defaults with an interface, and extras.
HOST_NETWORKS = {
    "seed0": ["provision_oc_net"],
    "ctl0": ["provision_oc_net", "internal_net"],
    "ctl1": ["provision_oc_net", "internal_net", "external_net"],
    "cmp0": ["provision_oc_net", "internal_net", "storage_net", "tunnel_net"],
    "mon0": ["provision_oc_net", "internal_net", "external_net"],
}


@pytest.fixture
def config(tmp_path):
    config = tmp_path / "config"
    write(config / "inventory" / "hosts", HOSTS)
    write(config / "networks.yml", NETWORKS)
    return config


def dump(run_kayobe, config):
    result = run_kayobe("configuration", "dump", "--config-path", str(config),
                        "--output-format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_network_interfaces(run_kayobe, config):
    # An extra network is configured even though it needs its interface.
    write(config / "compute.yml",
          "compute_extra_network_interfaces: [tunnel_net]\n")
    write(config / "inventory" / "host_vars" / "cmp0",
          "storage_net_interface: eth3\ntunnel_net_interface: eth4\n")
    data = dump(run_kayobe, config)
    for host, (name, expected) in GROUP_NETWORKS.items():
        assert data[host][name] == expected, host
    for host, expected in HOST_NETWORKS.items():
        assert data[host]["network_interfaces"] == expected, host


def test_ironic_adds_workload_networks(run_kayobe, config):
    write(config / "kolla.yml", "kolla_enable_ironic: true\n")
    data = dump(run_kayobe, config)
    assert (data["ctl0"]["controller_network_interfaces"]
            == IRONIC_CONTROLLER_NETWORKS)
    assert data["ctl0"]["cleaning_net_name"] == "provision_wl_net"


def test_bootstrap_user_and_os_defaults(run_kayobe, config):
    data = dump(run_kayobe, config)
    for host in GROUP_NETWORKS:
        assert data[host]["bootstrap_user"] == "rocky", host
        assert data[host]["os_distribution"] == "rocky"
        assert data[host]["os_release"] == "9"
    write(config / "globals.yml", "os_distribution: centos\n")
    data = dump(run_kayobe, config)
    assert {data[h]["bootstrap_user"] for h in GROUP_NETWORKS} == {"cloud-user"}
    assert data["ctl0"]["os_release"] == "9-stream"
    write(config / "globals.yml", "os_distribution: debian\n")
    data = dump(run_kayobe, config)
    assert data["mon0"]["monitoring_bootstrap_user"] == "debian"
    assert data["vm0"]["bootstrap_user"] == "debian"
    assert data["st0"]["os_release"] == "bookworm"


@pytest.mark.parametrize("text, message", [
    ("os_distribution: fedora\n",
     "globals.yml: os_distribution 'fedora' is not one of centos, debian, "
     "rocky, ubuntu"),
    ("os_distribution: ubuntu\nos_release: jammy\n",
     "globals.yml: os_release 'jammy' is not one of noble "
     "(os_distribution 'ubuntu')"),
])
def test_bad_os_is_one_line(run_kayobe, config, text, message):
    path = write(config / "globals.yml", text)
    for args in (["configuration", "dump"],
                 ["overcloud", "host", "configure"]):
        result = run_kayobe(*args, "--config-path", str(config))
        assert result.returncode != 0
        assert result.stderr.strip() == f"kayobe: error: {path.parent}/{message}"
        assert "Traceback" not in result.stderr


def test_per_group_lvm(run_kayobe, config):
    write(config / "controllers.yml",
          "controller_lvm_group_data_enabled: true\n"
          "controller_lvm_group_data_disks: [/dev/sdb]\n"
          "controller_lvm_group_data_lv_docker_volumes_size: 50%VG\n")
    write(config / "storage.yml",
          "storage_lvm_groups_extra:\n"
          "  - {vgname: swift, disks: [/dev/sdc], lvnames: []}\n")
    data = dump(run_kayobe, config)
    expected = [{"vgname": "data", "disks": ["/dev/sdb"], "create": True,
                 "lvnames": [{"lvname": "docker-volumes", "size": "50%VG",
                              "create": True, "filesystem": "ext4",
                              "mount": True,
                              "mntp": "/var/lib/docker/volumes"}]}]
    assert data["ctl0"]["lvm_groups"] == expected
    # Monitoring hosts take the controllers' groups, as upstream.
    assert data["mon0"]["lvm_groups"] == expected
    assert data["ctl0"]["lvm_enabled"] is True
    assert data["st0"]["lvm_groups"] == [
        {"vgname": "swift", "disks": ["/dev/sdc"], "lvnames": []}]
    assert data["cmp0"]["lvm_groups"] == []
    assert data["cmp0"]["lvm_enabled"] is False
    assert data["hv0"]["seed_hypervisor_lvm_groups_with_data"][0][
        "lvnames"][0]["mntp"] == "/var/lib/libvirt/images"


def test_upstream_users_entries(run_kayobe, config):
    write(config / "controllers.yml",
          "controller_users:\n"
          "  - username: alice\n"
          "    name: Alice Smith\n"
          "    groups: [wheel]\n")
    data = dump(run_kayobe, config)
    assert data["ctl0"]["users"] == [
        {"username": "alice", "name": "Alice Smith", "groups": ["wheel"]}]


def test_snat_and_ip_routing_areas(run_kayobe, config):
    data = dump(run_kayobe, config)
    assert not any(data[h]["snat_enabled"] or data[h]["ip_routing_enabled"]
                   for h in GROUP_NETWORKS)
    write(config / "snat.yml", "seed_enable_snat: true\n")
    write(config / "networks.yml",
          NETWORKS + "network_route_tables: [{name: t1, id: 101}]\n")
    data = dump(run_kayobe, config)
    assert data["seed0"]["enable_snat"] is True
    assert data["seed0"]["snat_enabled"] is True
    assert data["hv0"]["snat_enabled"] is False
    # Route tables are named on every host that configures networks.
    assert all(data[h]["ip_routing_enabled"] for h in GROUP_NETWORKS)
    assert data["ctl0"]["snat_enabled"] is False


def test_logging_and_chrony_defaults(run_kayobe, config):
    data = dump(run_kayobe, config)
    for host in GROUP_NETWORKS:
        assert data[host]["journald_storage"] == "persistent"
        assert data[host]["logging_enabled"] is True, host
        assert data[host]["chrony_rtcsync_enabled"] is True
        assert data[host]["ntp_force_sync"] is False
    assert data["ctl0"]["chrony_ntp_servers"] == [
        {"server": "pool.ntp.org", "type": "pool",
         "options": [{"option": "iburst"}, {"option": "minpoll", "val": 8}]}]


def test_resolv_defaults(run_kayobe, config):
    data = dump(run_kayobe, config)
    for host in GROUP_NETWORKS:
        assert data[host]["resolv_nameservers"] == ["8.8.8.8", "8.8.4.4"]
        assert data[host]["resolv_enabled"] is True, host
    write(config / "dns.yml", "resolv_is_managed: false\n")
    data = dump(run_kayobe, config)
    assert not any(data[h]["resolv_enabled"] for h in GROUP_NETWORKS)


def test_kolla_pip_follows_the_mirror(run_kayobe, config):
    data = dump(run_kayobe, config)
    assert not any(data[h]["kolla_pip_enabled"] for h in GROUP_NETWORKS)
    write(config / "pip.yml", "pip_index_url: http://mirror.example/simple\n")
    data = dump(run_kayobe, config)
    # The seed and the overcloud run kolla-ansible's containers.
    enabled = {h for h in GROUP_NETWORKS if data[h]["kolla_pip_enabled"]}
    assert enabled == {"seed0", "ctl0", "ctl1", "cmp0", "st0", "mon0"}
