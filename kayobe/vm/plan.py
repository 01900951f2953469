"""What to do to a VM's domain, from what libvirt has and what is wanted.

Standard library only: Ansible ships this file to the hypervisor as
``module_utils/kayobe_vm_plan.py`` (a link), where the ``kayobe_libvirt_vm``
module runs it against the domain it finds.

A second provision of an unchanged VM does nothing.  A changed memory size
or vCPU count needs the domain redefined and the guest restarted; that is
done only with ``allow_restart``, and otherwise refused with one message
naming the changes, never ignored.
"""

import dataclasses
import re

MEMORY = re.compile(r"<memory(?:\s+unit=['\"](?P<unit>\w+)['\"])?\s*>"
                    r"\s*(?P<n>[0-9]+)\s*</memory>")
VCPU = re.compile(r"<vcpu\b[^>]*>\s*(?P<n>[0-9]+)\s*</vcpu>")
UNITS = {"b": 1, "bytes": 1, "kb": 1000, "k": 1024, "kib": 1024,
         "mb": 1000 ** 2, "m": 1024 ** 2, "mib": 1024 ** 2,
         "gb": 1000 ** 3, "g": 1024 ** 3, "gib": 1024 ** 3}


@dataclasses.dataclass(frozen=True)
class Current:
    """A defined domain as libvirt reports it."""

    memory_mb: int
    vcpus: int
    active: bool


@dataclasses.dataclass(frozen=True)
class Plan:
    actions: tuple = ()         # "define", "stop", "start", in order
    changes: tuple = ()         # "memory_mb 256 -> 512", ...
    error: str | None = None

    @property
    def changed(self):
        return bool(self.actions)


def current_from_xml(xml, active):
    """The :class:`Current` of a domain from its XML (``XMLDesc()``)."""
    memory = MEMORY.search(xml)
    vcpu = VCPU.search(xml)
    if not memory or not vcpu:
        raise ValueError("domain XML without <memory> or <vcpu>")
    unit = UNITS.get((memory.group("unit") or "KiB").lower(), 1024)
    memory_mb = int(memory.group("n")) * unit // 1024 ** 2
    return Current(memory_mb=memory_mb, vcpus=int(vcpu.group("n")),
                   active=bool(active))


def plan_present(current, memory_mb, vcpus, allow_restart, what="the VM",
                 restart_var="allow_restart"):
    """The :class:`Plan` taking ``current`` (None: not defined) to a
    running domain with ``memory_mb`` and ``vcpus``."""
    if current is None:
        return Plan(actions=("define", "start"))
    changes = tuple(
        f"{name} {old} -> {new}"
        for name, old, new in (("memory_mb", current.memory_mb, memory_mb),
                               ("vcpus", current.vcpus, vcpus))
        if old != new)
    if not changes:
        return Plan(actions=() if current.active else ("start",))
    if not current.active:
        return Plan(actions=("define", "start"), changes=changes)
    if not allow_restart:
        return Plan(changes=changes, error=(
            f"{what} is running and its {', '.join(changes)} need a "
            f"restart to apply: set {restart_var} to true to restart it, "
            "or change the values back"))
    return Plan(actions=("define", "stop", "start"), changes=changes)
