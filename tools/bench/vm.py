#!/usr/bin/env python3
"""Time of ``kayobe seed vm provision`` until the seed answers SSH, and
kayobe's share of it beyond the guest's own boot.

Boots a hypervisor lab host (tools/lab/libvirt, prefix vbb), prepares a pool
and a bridged libvirt network on it, and provisions the seed VM:
- with ``--image QCOW2`` (the lab's guest image, tools/lab/guest-image
  build), a real guest boots under TCG; the guest's share is the time of
  the "Wait for the VM to answer SSH" task, the rest is kayobe's;
- without it, a tiny domain that boots nothing is defined and started (the
  SSH wait skipped): all of the time is kayobe's.
Then a second, unchanged provision (kayobe's cost of a no-op) and a
deprovision.  Run as root.  Usage: tools/bench/vm.py [--image QCOW2] [--keep]
"""

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.functional.labconfig import make_config  # noqa: E402
from tests.functional.vmlab import NETWORK  # noqa: E402
from tests.functional.vmlab import POOL  # noqa: E402
from tests.functional.vmlab import HypervisorLab  # noqa: E402

SEED_IP = "10.71.0.231"
WAIT_TASK = re.compile(r"Wait for the VM to answer SSH -+ (?P<s>[0-9.]+)s")

TINY = f"""\
seed_vm_memory_mb: 64
seed_vm_volumes:
  - {{name: seed-root, pool: {POOL}, capacity: 16M, format: qcow2}}
seed_vm_interfaces: [{{network: {NETWORK}}}]
"""

BOOT = f"""\
seed_vm_memory_mb: 1024
seed_vm_root_image: /root/guest.qcow2
seed_vm_root_capacity: 4G
seed_vm_data_capacity: 1G
seed_vm_interfaces: [{{network: {NETWORK}, net_name: admin}}]
seed_bootstrap_user: debian
seed_network_interfaces: [admin]
admin_interface: eth0
admin_cidr: 10.71.0.0/24
admin_ips: {{seed: {SEED_IP}}}
"""

COMMON = f"""\
seed_vm_pool: {POOL}
seed_vm_engine: qemu
seed_vm_vcpus: 1
seed_vm_boot_firmware: bios
"""


def kayobe(config, state, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), KAYOBE_STATE_DIR=str(state),
               ANSIBLE_CALLBACKS_ENABLED="ansible.posix.profile_tasks")
    env.pop("KAYOBE_CONFIG_PATH", None)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", *args, "--config-path",
         str(config)], env=env, capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"kayobe {' '.join(args)} failed:\n{proc.stdout[-3000:]}"
                 f"{proc.stderr}")
    match = WAIT_TASK.search(proc.stdout)
    return elapsed, float(match["s"]) if match else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", help="guest qcow2 to boot (default: none)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the hypervisor up")
    args = parser.parse_args()
    lab = HypervisorLab("vbb", links=1)
    start = time.perf_counter()
    lab.up(1)
    (host,) = lab.hosts
    lab.prepare(host)
    up = time.perf_counter() - start
    try:
        with tempfile.TemporaryDirectory(prefix="kayobe-bench-vm-") as work:
            work = pathlib.Path(work)
            if args.image:
                with open(args.image, "rb") as image:
                    subprocess.run(
                        ["ssh", "-F", "/dev/null", "-i", lab.status()["key"],
                         "-o", "StrictHostKeyChecking=no", "-o",
                         "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                         f"root@{lab.ip(host)}", "cat > /root/guest.qcow2"],
                        stdin=image, check=True)
            inventory = (lab.inventory_text(groups={"seed-hypervisor": host})
                         + f"\n[seed]\nseed ansible_host={SEED_IP}\n")
            config = make_config(work / "config", inventory,
                                 COMMON + (BOOT if args.image else TINY))
            extra = () if args.image else ("--skip-tags", "vm-wait-ssh")
            state = work / "state"
            first, wait = kayobe(config, state, "seed", "vm", "provision",
                                 *extra)
            again, _ = kayobe(config, state, "seed", "vm", "provision", *extra)
            gone, _ = kayobe(config, state, "seed", "vm", "deprovision")
    finally:
        if not args.keep:
            lab.down()
    print(json.dumps({
        "hypervisor_up_s": round(up, 1),
        "provision_to_ssh_s": round(first, 1),
        "guest_boot_s": round(wait, 1),
        "kayobe_overhead_s": round(first - wait, 1),
        "second_provision_s": round(again, 1),
        "deprovision_s": round(gone, 1),
        "booted": bool(args.image),
        "load_average": os.getloadavg()[0],
    }, indent=2))


if __name__ == "__main__":
    main()
