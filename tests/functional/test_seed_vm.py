"""``kayobe seed vm provision|deprovision`` against a real libvirtd.

The hypervisor is a lab host whose ``qemu:///system`` is a real libvirtd
(tools/lab/libvirt).  The default test defines and starts a tiny domain
that boots nothing (no guest image: TCG boots cost minutes) and checks what
libvirt holds; the slow test boots the lab's guest image and logs in.
"""

import json
import os
import subprocess

import pytest

from tests.functional.lab import bring_up
from tests.functional.labconfig import make_config
from tests.functional.vmlab import LIBVIRT_TOOL
from tests.functional.vmlab import NETWORK
from tests.functional.vmlab import POOL
from tests.functional.vmlab import HypervisorLab

pytestmark = pytest.mark.lab

PREFIX = os.environ.get("KAYOBE_LAB_VM_PREFIX", "vb")

TINY_VARS = f"""\
seed_vm_engine: qemu
seed_vm_memory_mb: 64
seed_vm_vcpus: 1
seed_vm_boot_firmware: bios
seed_vm_pool: {POOL}
seed_vm_volumes:
  - {{name: seed-root, pool: {POOL}, capacity: 16M, format: qcow2}}
seed_vm_interfaces: [{{network: {NETWORK}}}]
"""


@pytest.fixture(scope="module")
def hypervisor(request):
    lab = bring_up(request, HypervisorLab(PREFIX, links=1))
    (host,) = lab.hosts
    lab.prepare(host)
    return lab, host


def report(tmp_path):
    return json.loads((tmp_path / "state" / "last-run.json").read_text())


def provision(run_kayobe, config, *args, words=("provision",)):
    return run_kayobe("seed", "vm", *words, "--config-path", str(config),
                      "--skip-tags", "vm-wait-ssh", *args, timeout=600)


def test_seed_vm_define_change_and_deprovision(hypervisor, run_kayobe,
                                               tmp_path):
    lab, host = hypervisor
    inventory = (lab.inventory_text(groups={"seed-hypervisor": host})
                 + "\n[seed]\nseed ansible_host=10.71.0.201\n")
    config = make_config(tmp_path / "config", inventory, TINY_VARS)
    # Something of the hypervisor's that deprovision must leave alone.
    lab.virsh(host, f"vol-create-as {POOL} other-vm-root 1M")

    result = provision(run_kayobe, config)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "running" in lab.virsh(host, "domstate seed").stdout
    assert lab.volumes(host) == ["other-vm-root", "seed-configdrive",
                                 "seed-root"]
    xml = lab.virsh(host, "dumpxml seed").stdout
    assert "<domain type='qemu'" in xml
    assert "<memory unit='KiB'>65536</memory>" in xml
    assert f"<source network='{NETWORK}'" in xml

    # A second run changes nothing.
    result = provision(run_kayobe, config)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert {h: v["changed"] for h, v in report(tmp_path)["hosts"].items()
            if v["changed"]} == {}

    # A changed memory size of a running VM is refused, in one line.
    result = provision(run_kayobe, config, "-e", "seed_vm_memory_mb=96")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("kayobe: error: ")
    assert "memory_mb 64 -> 96" in error and "seed_vm_allow_restart" in error
    assert "<memory unit='KiB'>65536</memory>" in lab.virsh(
        host, "dumpxml seed").stdout

    # Deprovision removes the domain and its volumes, and nothing else.
    result = provision(run_kayobe, config, words=("deprovision",))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "seed" not in lab.domains(host)
    assert lab.volumes(host) == ["other-vm-root"]
    assert NETWORK in lab.virsh(host, "net-list --name").stdout.split()


SEED_IP = "10.71.0.201"
BOOT_VARS = f"""\
seed_vm_engine: qemu
seed_vm_memory_mb: 1024
seed_vm_vcpus: 1
seed_vm_boot_firmware: bios
seed_vm_pool: {POOL}
seed_vm_root_image: /root/guest.qcow2
seed_vm_root_capacity: 4G
seed_vm_data_capacity: 1G
seed_vm_interfaces: [{{network: {NETWORK}, net_name: admin}}]
seed_vm_provision_timeout: 900
seed_bootstrap_user: debian
seed_network_interfaces: [admin]
admin_interface: eth0
admin_cidr: 10.71.0.0/24
admin_ips: {{seed: {SEED_IP}}}
kayobe_host_areas: [kayobe_ansible_user, logging]
"""


def guest_image():
    tool = os.path.join(os.path.dirname(LIBVIRT_TOOL), "guest-image")
    proc = subprocess.run([tool, "build"], capture_output=True, text=True,
                          timeout=1800)
    if proc.returncode != 0:
        pytest.skip(f"no guest image: {proc.stderr[-500:]}")
    return proc.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_seed_vm_boots_and_is_configured(hypervisor, run_kayobe, tmp_path):
    """The guest boots under TCG, takes its static IP and the bootstrap
    user's key from the config drive, and seed host configure runs on it."""
    lab, host = hypervisor
    image = guest_image()
    key = lab.status()["key"]
    with open(image, "rb") as stream:
        subprocess.run(
            ["ssh", "-F", "/dev/null", "-i", key, "-o",
             "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "LogLevel=ERROR", f"root@{lab.ip(host)}",
             "cat > /root/guest.qcow2"], stdin=stream, check=True, timeout=600)
    # Connect as to the lab hosts: with the lab's key (the one the config
    # drive gave the bootstrap user), not checking the new VM's host key.
    inventory = (lab.inventory_text(groups={"seed-hypervisor": host})
                 + f"\n[seed]\nseed ansible_host={SEED_IP} "
                 f"ansible_ssh_private_key_file={key} "
                 "ansible_python_interpreter=/usr/bin/python3 "
                 "ansible_ssh_common_args='-o StrictHostKeyChecking=no "
                 "-o UserKnownHostsFile=/dev/null'\n")
    config = make_config(tmp_path / "config", inventory, BOOT_VARS)
    try:
        result = run_kayobe("seed", "vm", "provision", "--config-path",
                            str(config), timeout=1500)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr
        login = subprocess.run(
            ["ssh", "-F", "/dev/null", "-i", key, "-o", "BatchMode=yes",
             "-o", "StrictHostKeyChecking=no", "-o",
             "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
             f"debian@{SEED_IP}", "hostname; ip -4 -o addr show eth0"],
            capture_output=True, text=True, timeout=120)
        assert login.returncode == 0, login.stderr
        assert login.stdout.splitlines()[0] == "seed"
        assert f"{SEED_IP}/24" in login.stdout

        result = run_kayobe("seed", "host", "configure", "--config-path",
                            str(config), timeout=1500)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr

        # More memory, with the restart allowed: applied, and said so.
        result = run_kayobe("seed", "vm", "provision", "--config-path",
                            str(config), "-e", "seed_vm_memory_mb=1280",
                            "-e", "seed_vm_allow_restart=true", timeout=1500)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr
        assert "memory_mb 1024 -> 1280 applied by restarting it" in \
            " ".join(result.stdout.split())
        assert "<memory unit='KiB'>1310720</memory>" in lab.virsh(
            host, "dumpxml seed").stdout
    finally:
        result = run_kayobe("seed", "vm", "deprovision", "--config-path",
                            str(config), timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "seed" not in lab.domains(host)
    assert not [v for v in lab.volumes(host) if v.startswith("seed")]
