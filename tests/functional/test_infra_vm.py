"""``kayobe infra vm provision|deprovision``: VMs on two hypervisors, one
of them unreachable.

Two hypervisor lab hosts (tools/lab/libvirt), one tiny VM on each (no
guest image: the behaviour under test is the fan-out, not the boot).  The
VM whose hypervisor is down fails alone; the other is defined and running;
the command exits non-zero and its report names the failed VM.
"""

import json
import os

import pytest

from tests.functional.lab import bring_up
from tests.functional.labconfig import make_config
from tests.functional.vmlab import NETWORK
from tests.functional.vmlab import POOL
from tests.functional.vmlab import HypervisorLab

pytestmark = [pytest.mark.lab, pytest.mark.slow]

PREFIX = os.environ.get("KAYOBE_LAB_INFRA_VM_PREFIX", "vbi")

TINY_VARS = f"""\
infra_vm_engine: qemu
infra_vm_memory_mb: 64
infra_vm_vcpus: 1
infra_vm_boot_firmware: bios
infra_vm_pool: {POOL}
infra_vm_volumes:
  - {{name: "{{{{ infra_vm_name }}}}-root", pool: {POOL}, capacity: 16M}}
infra_vm_interfaces: [{{network: {NETWORK}}}]
"""


@pytest.fixture(scope="module")
def hypervisors(request):
    lab = bring_up(request, HypervisorLab(PREFIX, links=1), 2)
    for host in lab.hosts:
        lab.prepare(host)
    return lab


def test_one_hypervisor_down_fails_only_its_vms(hypervisors, run_kayobe,
                                                tmp_path):
    lab = hypervisors
    first, second = lab.hosts
    inventory = (lab.inventory_text(groups={"seed-hypervisor": first})
                 + "\n[infra-vms]\n"
                 f"dns1 ansible_host=10.71.0.211 infra_vm_hypervisor={first}\n"
                 f"mon1 ansible_host=10.71.0.212 infra_vm_hypervisor={second}\n")
    config = make_config(tmp_path / "config", inventory, TINY_VARS)
    args = ("--config-path", str(config), "--skip-tags", "vm-wait-ssh")

    lab.make_unreachable(second)
    try:
        result = run_kayobe("infra", "vm", "provision", *args, timeout=900)
    finally:
        lab.restore(second)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert report["hosts"]["dns1"]["status"] in ("ok", "changed")
    assert report["hosts"]["mon1"]["status"] in ("unreachable", "failed")
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("kayobe: error: ") and "mon1" in error
    assert "dns1" not in error
    assert "running" in lab.virsh(first, "domstate dns1").stdout
    assert lab.volumes(first) == ["dns1-configdrive", "dns1-root"]

    # Once the hypervisor is back, a rerun brings up its VM only.
    result = run_kayobe("infra", "vm", "provision", *args, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert report["hosts"]["dns1"]["changed"] == 0
    assert "running" in lab.virsh(second, "domstate mon1").stdout

    result = run_kayobe("infra", "vm", "deprovision", *args, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    for host in (first, second):
        assert lab.domains(host) == []
        assert lab.volumes(host) == []
