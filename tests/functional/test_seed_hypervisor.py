"""``kayobe seed hypervisor host configure``: the libvirt host side, for real.

The seed hypervisor is a lab host whose ``qemu:///system`` is a real
libvirtd (tools/lab/libvirt).  host configure makes its bridged network
(network area), checks libvirt (libvirt_host area: baked in, so no apt run),
defines the storage pool and one libvirt network per bridged network
(libvirt_resources area), and source-NATs (snat area); the other areas are
covered by their own tests and left out with --tags to keep to the budget.
Read back with virsh; a second run changes nothing.
"""

import os

import pytest

from tests.functional.lab import bring_up
from tests.functional.labconfig import make_config
from tests.functional.vmlab import HypervisorLab

pytestmark = pytest.mark.lab

PREFIX = os.environ.get("KAYOBE_LAB_HYPERVISOR_PREFIX", "va")
TAGS = "network,libvirt_host,libvirt_resources,snat"

VARS = """\
seed_hypervisor_extra_network_interfaces: [vmnet]
vmnet_interface: brvm
vmnet_bridge_ports: [eth1]
vmnet_cidr: 10.73.0.0/24
vmnet_ips:
  {host}: 10.73.0.5
vmnet_libvirt_network_name: vm-net
seed_hypervisor_libvirt_pool_name: va-pool
seed_hypervisor_libvirt_pool_path: /var/lib/libvirt/va-pool
seed_hypervisor_enable_snat: true
"""


@pytest.fixture(scope="module")
def hypervisor(request):
    return bring_up(request, HypervisorLab(PREFIX, links=1),
                    groups={"seed-hypervisor": 1})


def configure(run_kayobe, config):
    return run_kayobe("seed", "hypervisor", "host", "configure", "--tags", TAGS,
                      "--config-path", str(config), timeout=900)


def test_pools_networks_and_snat_then_nothing_to_change(
        hypervisor, run_kayobe, tmp_path):
    host = hypervisor.hosts[0]
    config = make_config(tmp_path / "config",
                         hypervisor.inventory_text(groups={"seed-hypervisor": 1}),
                         VARS.format(host=host))

    first = configure(run_kayobe, config)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr

    pool = hypervisor.virsh(host, "pool-info va-pool").stdout
    assert "running" in pool and "Autostart:      yes" in pool
    net = hypervisor.virsh(host, "net-info vm-net").stdout
    assert "Active:         yes" in net and "Autostart:      yes" in net
    xml = hypervisor.virsh(host, "net-dumpxml vm-net").stdout
    assert "<forward mode='bridge'/>" in xml and "<bridge name='brvm'/>" in xml
    mode = hypervisor.ssh(host, "stat -c %a /var/lib/libvirt/va-pool").stdout
    assert mode.strip() == "711"
    nat = hypervisor.ssh(host, "iptables -t nat -S POSTROUTING").stdout
    assert "-j SNAT --to-source" in nat

    second = configure(run_kayobe, config)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr
    # Nothing changes the second time (the bridge's address comes from the
    # configuration's vmnet_ips on both runs: the allocation records it).
    assert changed_tasks(second.stdout) == []


def changed_tasks(stdout):
    """The TASK headers of the tasks that reported changed (for a failure)."""
    out, task = [], None
    for line in stdout.splitlines():
        if line.startswith("TASK ["):
            task = line.rstrip("* ")
        elif line.startswith("changed:"):
            out.append(task)
    return out
