"""Hypervisor lab hosts (tools/lab/libvirt) for the VM command tests.

A hypervisor is a full lab host whose ``qemu:///system`` is a real libvirtd
(TCG only).  The tests prepare a storage pool and a libvirt network on it
with virsh, as test setup, so that the VM commands are tested on their own.
"""

import os
import textwrap

from tests.functional.lab import REPO_ROOT
from tests.functional.lab import Lab

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
        if args and args[0] not in ("up", "down", "build", "check"):
            args = ("lab",) + args
        if args and args[0] == "up":
            args = args + ("--links", self.links)
        return super().run(*args, timeout=timeout, check=check)

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
              printf '%s' "<network><name>{NETWORK}</name><forward mode='bridge'/><bridge name='{bridge}'/></network>" > /tmp/{NETWORK}.xml
              virsh -q net-define /tmp/{NETWORK}.xml
              virsh -q net-start {NETWORK}; }}
            """)
        self.ssh(host, f"bash -c {quote(script)}")

    def domains(self, host):
        return self.virsh(host, "list --all --name").stdout.split()

    def volumes(self, host):
        out = self.virsh(host, f"vol-list {POOL}").stdout
        return sorted(line.split()[0] for line in out.splitlines() if line)


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"
