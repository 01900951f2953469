"""NVIDIA vGPU configuration (``vgpu_definitions``): the mediated devices
each card gets, their mdevctl definitions, the MIG partitions and SR-IOV
virtual functions made at boot, and the IOMMU kernel arguments."""

import json
import re
import uuid

from kayobe.hostconfig.errors import HostConfigError

_PCI = re.compile(r"^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$")

# UUIDs of mediated devices derive from the host, card and index, so that a
# second run names the same devices (mdevctl keys definitions by UUID).
_NAMESPACE = uuid.UUID("8a5c1f2e-3b7d-4c6a-9e0f-6b2d4a1c7e93")

SRIOV_MANAGE = "/usr/lib/nvidia/sriov-manage"

IOMMU_ARGS = {
    "intel": ["intel_iommu=on", "iommu=pt"],
    "amd": ["amd_iommu=on", "iommu=pt"],
}


def _pci(value, where):
    address = str(value or "").lower()
    if not _PCI.match(address):
        raise HostConfigError(
            f"{where}: pci_address {value!r} is not a PCI address "
            f"(domain:bus:device.function, e.g. 0000:17:00.0)")
    return address


def vgpu_plan(definitions, hostname):
    """``vgpu_definitions`` as [{pci_address, mig: [[profile, count]],
    mdevs: [{index, mdev_type, uuid}]}], validated."""
    if definitions in (None, ""):
        return []
    if not isinstance(definitions, list):
        raise HostConfigError("vgpu_definitions must be a list of cards")
    cards, addresses = [], set()
    for number, card in enumerate(definitions):
        where = f"vgpu_definitions[{number}]"
        if not isinstance(card, dict):
            raise HostConfigError(f"{where} must be a mapping")
        address = _pci(card.get("pci_address"), where)
        if address in addresses:
            raise HostConfigError(f"{where}: card {address} is repeated")
        addresses.add(address)
        mig = card.get("mig_devices") or {}
        if not isinstance(mig, dict) or not all(
                isinstance(n, int) and n > 0 for n in mig.values()):
            raise HostConfigError(
                f"{where}: mig_devices must map MIG profiles to counts")
        mdevs, indexes = [], set()
        for vf_number, vf in enumerate(card.get("virtual_functions") or []):
            vf_where = f"{where}.virtual_functions[{vf_number}]"
            if not isinstance(vf, dict) or not vf.get("mdev_type") or \
                    not isinstance(vf.get("index"), int) or vf["index"] < 0:
                raise HostConfigError(
                    f"{vf_where} needs mdev_type and a whole index >= 0")
            if vf["index"] in indexes:
                raise HostConfigError(
                    f"{vf_where}: index {vf['index']} is repeated")
            indexes.add(vf["index"])
            mdevs.append({
                "index": vf["index"], "mdev_type": str(vf["mdev_type"]),
                "uuid": str(uuid.uuid5(
                    _NAMESPACE, f"{hostname}/{address}/{vf['index']}"))})
        cards.append({"pci_address": address,
                      "mig": [[str(p), mig[p]] for p in sorted(mig)],
                      "mdevs": mdevs})
    return cards


def vf_address(pf_address, index, offset, stride):
    """PCI address of virtual function ``index`` of a physical function.

    A VF's routing ID is the PF's plus First VF Offset plus index times
    VF Stride (PCIe SR-IOV); the ID is bus << 8 | device << 3 | function.
    """
    domain, bus, device, function = _PCI.match(pf_address).groups()
    rid = (int(bus, 16) << 8 | int(device, 16) << 3 | int(function)) + \
        int(offset) + int(index) * int(stride)
    if rid > 0xFFFF:
        raise HostConfigError(
            f"vgpu_definitions: virtual function {index} of {pf_address} "
            f"is past the last PCI bus")
    return f"{domain}:{rid >> 8:02x}:{(rid >> 3) & 0x1F:02x}.{rid & 7}"


def mdevctl_definition(mdev_type):
    """Text of an mdevctl definition (/etc/mdevctl.d/<parent>/<uuid>) that
    starts the device whenever its parent appears."""
    return json.dumps({"mdev_type": mdev_type, "start": "auto",
                       "attrs": []}, indent=2) + "\n"


def boot_commands(cards, sriov):
    """argv lists that prepare the cards at boot, before mdevctl starts
    the mediated devices: SR-IOV virtual functions for the cards in
    ``sriov`` (PCI addresses), then MIG mode and GPU instances."""
    commands = []
    for card in cards:
        address = card["pci_address"]
        if address in (sriov or []):
            commands.append([SRIOV_MANAGE, "-e", address])
        if card["mig"]:
            profiles = ",".join(
                ",".join([profile] * count) for profile, count in card["mig"])
            commands.append(["/usr/bin/nvidia-smi", "-i", address,
                             "-mig", "1"])
            commands.append(["/usr/bin/nvidia-smi", "mig", "-i", address,
                             "-cgi", profiles, "-C"])
    return commands


def boot_unit(commands):
    """A oneshot systemd unit running ``commands`` in order at boot."""
    lines = [
        "# Managed by kayobe (vgpu_definitions).",
        "[Unit]",
        "Description=Prepare NVIDIA vGPUs (SR-IOV, MIG) for mdevctl",
        "After=nvidia-vgpud.service nvidia-vgpu-mgr.service",
        "Before=libvirtd.service",
        "",
        "[Service]",
        "Type=oneshot",
        "RemainAfterExit=true",
    ]
    lines += ["ExecStart=" + " ".join(argv) for argv in commands]
    lines += ["", "[Install]", "WantedBy=multi-user.target"]
    return "\n".join(lines) + "\n"


def iommu_args(cpu_vendor):
    """Kernel arguments that turn the IOMMU on for a CPU vendor (from the
    processor fact: GenuineIntel or AuthenticAMD)."""
    vendor = "amd" if "amd" in str(cpu_vendor).lower() else "intel"
    return IOMMU_ARGS[vendor]
