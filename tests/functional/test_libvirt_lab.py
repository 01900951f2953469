"""tools/lab/libvirt and tools/lab/guest-image: the platform of the VM tests.

Default tier: a hypervisor lab host answers on ``qemu:///system`` with TCG
only, runs a network (its dnsmasq) and a domain, and 'down' leaves no
process, mount, link or network namespace behind.  Slow tier: the locally
built guest image boots under TCG with a hand-made config drive, takes its
static address from it and answers SSH with the injected key.
"""

import os
import pathlib
import shlex
import subprocess
import time

import pytest

from tests.functional.lab import REPO_ROOT
from tests.functional.lab import bring_up
from tests.functional.vmlab import HypervisorLab

pytestmark = pytest.mark.lab

PREFIX = os.environ.get("KAYOBE_LAB_LIBVIRT_PREFIX", "vat")
GUEST_IMAGE = os.path.join(REPO_ROOT, "tools", "lab", "guest-image")
STATE = pathlib.Path(os.environ.get("LAB_STATE_DIR", "/run/kayobe-lab"))
GUEST_MAC = "52:54:00:66:73:10"
GUEST_IP = "10.74.0.10"

NETWORK_XML = ("<network><name>vatnet</name><bridge name='vatbr0'/>"
               "<ip address='10.74.0.1' prefix='24'/></network>")


def domain_xml(name, disks="", memory_mb=64):
    """A TCG domain on vatnet with a serial log; no disk boots nothing."""
    return f"""<domain type='qemu'>
  <name>{name}</name><memory unit='MiB'>{memory_mb}</memory><vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type><boot dev='hd'/></os>
  <devices>
    {disks}
    <interface type='network'><source network='vatnet'/>
      <mac address='{GUEST_MAC}'/><model type='virtio'/></interface>
    <serial type='file'><source path='/var/log/{name}-console.log'/>
      <target port='0'/></serial>
  </devices>
</domain>"""


@pytest.fixture
def hypervisor(request):
    return bring_up(request, HypervisorLab(PREFIX, links=0))


def put(lab, host, path, text):
    lab.ssh(host, f"cat > {shlex.quote(path)} <<'EOF'\n{text}\nEOF")


def start(lab, host, name, disks="", memory_mb=64):
    put(lab, host, "/root/vatnet.xml", NETWORK_XML)
    put(lab, host, f"/root/{name}.xml", domain_xml(name, disks, memory_mb))
    lab.virsh(host, "net-define /root/vatnet.xml")
    lab.virsh(host, "net-start vatnet")
    lab.virsh(host, f"define /root/{name}.xml")
    lab.virsh(host, f"start {name}")


def netns_processes(host):
    """{pid: cmdline} of the processes in the host's network namespace."""
    out = subprocess.run(["ip", "netns", "pids", host], capture_output=True,
                         text=True).stdout.split()
    return {pid: cmdline(pid) for pid in out if cmdline(pid)}


def cmdline(pid):
    try:
        return pathlib.Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def leftovers(host_dir, host, processes):
    """What of the host is still on the machine."""
    found = [pid for pid, argv in processes.items() if cmdline(pid) == argv]
    found += [line for line in pathlib.Path("/proc/mounts").read_text().splitlines()
              if str(host_dir) in line]
    ps = subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True,
                        check=True).stdout
    found += [line for line in ps.splitlines() if f"--machine={host} " in line]
    netns = subprocess.run(["ip", "netns", "list"], capture_output=True,
                           text=True).stdout.split()
    found += [ns for ns in netns if ns == host]
    return found


# The hypervisor host itself is brought up in the default tier by
# test_seed_hypervisor.py; this teardown audit (about 40 s) is slow tier.
@pytest.mark.slow
def test_tcg_only_hypervisor_that_leaves_nothing_behind(hypervisor):
    host = hypervisor.hosts[0]
    check = hypervisor.run("check", host).stdout
    assert "<domain>qemu</domain>" in check and "QEMU" in check

    start(hypervisor, host, "vatdom")
    assert hypervisor.virsh(host, "domstate vatdom").stdout.strip() == "running"
    procs = hypervisor.ssh(host, "ps -eo comm=").stdout.split()
    assert {"libvirtd", "qemu-system-x86", "dnsmasq"} <= set(procs), procs
    # the guest's bridge and tap live in the host's namespace, not the machine's
    assert "vatbr0" in hypervisor.ssh(host, "ip -o link show").stdout
    machine_links = subprocess.run(["ip", "-o", "link", "show"], text=True,
                                   capture_output=True, check=True).stdout
    assert "vatbr0" not in machine_links
    processes = netns_processes(host)
    assert len(processes) >= 4, processes   # systemd, sshd, libvirtd, qemu...

    host_dir = STATE / "hosts" / host
    hypervisor.down()
    assert leftovers(host_dir, host, processes) == []
    assert not host_dir.exists()


@pytest.mark.slow
def test_guest_image_boots_with_config_drive_and_answers_ssh(hypervisor,
                                                             tmp_path):
    image = subprocess.run([GUEST_IMAGE, "build"], capture_output=True,
                           text=True, timeout=1800, check=True).stdout.strip()
    host = hypervisor.hosts[0]
    root = STATE / "hosts" / host / "root"
    images = root / "var" / "lib" / "libvirt" / "images"
    images.mkdir(parents=True, exist_ok=True)
    # a copy per test: the cached image stays pristine
    subprocess.run(["cp", image, str(images / "base.qcow2")], check=True)
    # the backing path is the hypervisor's view (-u: not opened from here)
    subprocess.run(["qemu-img", "create", "-q", "-u", "-f", "qcow2", "-F", "qcow2",
                    "-b", "/var/lib/libvirt/images/base.qcow2",
                    str(images / "vatguest.qcow2"), "4G"], check=True)
    key = hypervisor.status()["key"]
    subprocess.run([GUEST_IMAGE, "config-drive", "-o", str(images / "cd.iso"),
                    "--hostname", "vatguest", "--key", key + ".pub",
                    "--mac", GUEST_MAC, "--address", GUEST_IP + "/24",
                    "--gateway", "10.74.0.1"], check=True, capture_output=True)
    (root / "root" / ".ssh").mkdir(parents=True, exist_ok=True)
    guest_key = root / "root" / ".ssh" / "vat_guest_key"
    guest_key.write_text(pathlib.Path(key).read_text())
    guest_key.chmod(0o600)
    disks = """<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/vatguest.qcow2'/>
      <target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/images/cd.iso'/>
      <target dev='sda' bus='sata'/><readonly/></disk>"""

    started = time.monotonic()
    start(hypervisor, host, "vatguest", disks, memory_mb=1024)
    login = ("ssh -q -i /root/.ssh/vat_guest_key -o BatchMode=yes "
             "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
             f"-o ConnectTimeout=5 debian@{GUEST_IP} "
             "'hostname; ip -4 -o addr show eth0; sudo -n true && echo sudo-ok'")
    deadline = started + 900
    while True:
        out = hypervisor.ssh(host, login, check=False, timeout=60)
        if out.returncode == 0:
            break
        assert time.monotonic() < deadline, (
            (root / "var" / "log" / "vatguest-console.log").read_text()[-3000:])
        time.sleep(5)
    boot_s = time.monotonic() - started
    print(f"guest boot to SSH under TCG: {boot_s:.0f} s")
    lines = out.stdout.split("\n")
    assert lines[0] == "vatguest"
    assert f"inet {GUEST_IP}/24" in out.stdout
    assert "sudo-ok" in out.stdout
