"""Hypervisor lab hosts (tools/lab/libvirt) for the VM command tests.

A hypervisor is a full lab host whose ``qemu:///system`` is a real libvirtd
(TCG only).  The tests prepare a storage pool and a libvirt network on it
with virsh, as test setup, so that the VM commands are tested on their own.
"""

import os
import subprocess
import textwrap

from tests.functional.lab import LAB_TOOL
from tests.functional.lab import REPO_ROOT
from tests.functional.lab import Lab
from tests.functional.lab import LabError

LIBVIRT_TOOL = os.path.join(REPO_ROOT, "tools", "lab", "libvirt")
POOL = "vbpool"
NETWORK = "vbnet"


class HypervisorLab(Lab):
    """Lab hosts booted on the hypervisor variant; other lab commands go
    through ``libvirt lab`` so that a restored host keeps the variant."""

    def __init__(self, name_prefix, links=1):
        super().__init__("full", name_prefix, tool=LIBVIRT_TOOL)
        self.links = links

    def run(self, *args, timeout=None, check=True):
        tool = self.tool
        if args and args[0] == "up":
            args = args + ("--links", self.links)
        elif args and args[0] == "fault":
            args = ("lab",) + args
        elif args and args[0] not in ("down", "build", "check"):
            # Read-only commands need no variant: the lab tool itself.
            tool = LAB_TOOL
        proc = subprocess.run(
            [tool, *map(str, args)], env=self.env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=timeout or self.timeout)
        if check and proc.returncode != 0:
            raise LabError(f"{os.path.basename(tool)} {' '.join(map(str, args))}"
                           f" failed ({proc.returncode}): {proc.stdout}"
                           f"{proc.stderr}")
        return proc

    def virsh(self, host, command, check=True):
        return self.ssh(host, f"virsh -q -c qemu:///system {command}",
                        check=check)

    def prepare(self, host, bridge="vbbr0"):
        """A dir pool and a libvirt network on ``bridge`` (made here, no
        address: guests on it are reached through the host's eth1 port)."""
        script = textwrap.dedent(f"""\
            set -e
            ip link show {bridge} >/dev/null 2>&1 || {{
              ip link add {bridge} type bridge
              ip link set eth1 master {bridge}
              ip link set eth1 up
              ip link set {bridge} up; }}
            mkdir -p /var/lib/libvirt/{POOL}
            virsh -q pool-info {POOL} >/dev/null 2>&1 || {{
              virsh -q pool-define-as {POOL} dir --target /var/lib/libvirt/{POOL}
              virsh -q pool-start {POOL}; }}
            virsh -q net-info {NETWORK} >/dev/null 2>&1 || {{
              printf '%s' "{network_xml(bridge)}" > /tmp/{NETWORK}.xml
              virsh -q net-define /tmp/{NETWORK}.xml
              virsh -q net-start {NETWORK}; }}
            """)
        self.ssh(host, f"bash -c {quote(script)}")

    def domains(self, host):
        return self.virsh(host, "list --all --name").stdout.split()

    def volumes(self, host):
        out = self.virsh(host, f"vol-list {POOL}").stdout
        return sorted(line.split()[0] for line in out.splitlines() if line)


def network_xml(bridge):
    return (f"<network><name>{NETWORK}</name><forward mode='bridge'/>"
            f"<bridge name='{bridge}'/></network>")


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"
