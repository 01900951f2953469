"""The seed on a VM, the way an operator gets there: ``seed hypervisor host
configure`` makes the hypervisor's bridge, storage pool and libvirt network
from the configuration; ``seed vm provision`` boots the seed from the lab's
guest image under TCG with its static IP and the bootstrap user's key from
the config drive; ``seed host configure`` runs on it; ``seed vm
deprovision`` removes it.  Slow (a TCG boot takes minutes)."""

import os
import subprocess

import pytest

from tests.functional.lab import bring_up
from tests.functional.labconfig import make_config
from tests.functional.test_seed_vm import guest_image
from tests.functional.vmlab import HypervisorLab

pytestmark = [pytest.mark.lab, pytest.mark.slow]

PREFIX = os.environ.get("KAYOBE_LAB_VM_CHAIN_PREFIX", "vc")
SEED_IP = "10.71.0.202"

# The hypervisor bridges its first extra link (eth1, on the lab's
# 10.71.0.0/24) as brvm; the seed's admin network is that segment.
VARS = f"""\
seed_hypervisor_extra_network_interfaces: [vmnet]
vmnet_interface: brvm
vmnet_bridge_ports: [eth1]
vmnet_cidr: 10.71.0.0/24
vmnet_ips: {{HV: 10.71.0.5}}
vmnet_libvirt_network_name: vc-net
seed_hypervisor_libvirt_pool_name: vc-pool
seed_hypervisor_libvirt_pool_path: /var/lib/libvirt/vc-pool
seed_vm_engine: qemu
seed_vm_memory_mb: 1024
seed_vm_vcpus: 1
seed_vm_boot_firmware: bios
seed_vm_pool: vc-pool
seed_vm_root_image: /root/guest.qcow2
seed_vm_root_capacity: 4G
seed_vm_data_capacity: 1G
seed_vm_interfaces: [{{network: vc-net, net_name: admin}}]
seed_vm_provision_timeout: 900
seed_bootstrap_user: debian
seed_network_interfaces: [admin]
admin_interface: eth0
admin_cidr: 10.71.0.0/24
admin_ips: {{seed: {SEED_IP}}}
"""
# The areas that prove the chain; the others have their own tests.
HYPERVISOR_TAGS = "network,libvirt_host,libvirt_resources"
SEED_TAGS = "kayobe_ansible_user,logging"


@pytest.fixture(scope="module")
def hypervisor(request):
    lab = bring_up(request, HypervisorLab(PREFIX, links=1))
    return lab, lab.hosts[0]


def ssh(lab, key, target, command, **kwargs):
    return subprocess.run(
        ["ssh", "-F", "/dev/null", "-i", key, "-o", "BatchMode=yes",
         "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "LogLevel=ERROR", target, command], **kwargs)


def test_hypervisor_configure_then_seed_vm(hypervisor, run_kayobe, tmp_path):
    lab, host = hypervisor
    image = guest_image()
    key = lab.status()["key"]
    with open(image, "rb") as stream:
        ssh(lab, key, f"root@{lab.ip(host)}", "cat > /root/guest.qcow2",
            stdin=stream, check=True, timeout=600)
    inventory = (lab.inventory_text(groups={"seed-hypervisor": host})
                 + f"\n[seed]\nseed ansible_host={SEED_IP} "
                 f"ansible_ssh_private_key_file={key} "
                 "ansible_python_interpreter=/usr/bin/python3 "
                 "ansible_ssh_common_args='-o StrictHostKeyChecking=no "
                 "-o UserKnownHostsFile=/dev/null'\n")
    config = make_config(tmp_path / "config", inventory,
                         VARS.replace("HV", host))

    def kayobe(*words, timeout=1500):
        result = run_kayobe(*words, "--config-path", str(config),
                            timeout=timeout)
        # The whole output, for a failure's post-mortem.
        (tmp_path / ("-".join(words[:4]) + ".log")).write_text(
            result.stdout + result.stderr)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr
        return result

    kayobe("seed", "hypervisor", "host", "configure", "--tags",
           HYPERVISOR_TAGS)
    assert "vc-net" in lab.virsh(host, "net-list --name").stdout.split()
    assert "vc-pool" in lab.virsh(host, "pool-list --name").stdout.split()
    try:
        kayobe("seed", "vm", "provision")
        login = ssh(lab, key, f"debian@{SEED_IP}",
                    "hostname; ip -4 -o addr show eth0",
                    capture_output=True, text=True, timeout=120)
        assert login.returncode == 0, login.stderr
        assert login.stdout.splitlines()[0] == "seed"
        assert f"{SEED_IP}/24" in login.stdout
        kayobe("seed", "host", "configure", "--tags", SEED_TAGS)
    finally:
        result = run_kayobe("seed", "vm", "deprovision", "--config-path",
                            str(config), timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "seed" not in lab.virsh(host, "list --all --name").stdout.split()
