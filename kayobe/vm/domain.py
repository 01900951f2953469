"""libvirt XML of a VM's domain and volumes, rendered from a :class:`Vm`.

Disks are pool volumes (``<disk type='volume'>``), so the XML names no
path of the hypervisor: the volumes are created and filled through the
libvirt API, wherever libvirtd keeps them.  The console goes to a log file
under libvirt's own log directory, as upstream's ``console_log_enabled``.
"""

import xml.etree.ElementTree as ET

CONSOLE_LOG_DIR = "/var/log/libvirt/qemu"
CONFIG_DRIVE_SUFFIX = "-configdrive"


def config_drive_volume_name(vm):
    return vm.name + CONFIG_DRIVE_SUFFIX


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def _disk(devices, pool, volume, fmt, target, device="disk", readonly=False):
    disk = _sub(devices, "disk", type="volume", device=device)
    _sub(disk, "driver", name="qemu", type=fmt)
    _sub(disk, "source", pool=pool, volume=volume)
    if device == "cdrom":
        _sub(disk, "target", dev=target, bus="sata")
    else:
        _sub(disk, "target", dev=target, bus="virtio")
    if readonly:
        _sub(disk, "readonly")


def _disk_targets():
    for letter in "abcdefghijklmnopqrstuvwxyz":
        yield f"vd{letter}"


def domain_xml(vm, config_drive_pool=None):
    """The domain XML of ``vm``; with ``config_drive_pool``, its config
    drive volume is attached as the last disk (read-only)."""
    domain = ET.Element("domain", type=vm.engine)
    _sub(domain, "name", vm.name)
    _sub(domain, "uuid", vm.uuid)
    _sub(domain, "memory", vm.memory_mb, unit="MiB")
    _sub(domain, "currentMemory", vm.memory_mb, unit="MiB")
    _sub(domain, "vcpu", vm.vcpus)
    os_attrs = {"firmware": "efi"} if vm.boot_firmware == "efi" else {}
    os_ = _sub(domain, "os", **os_attrs)
    type_attrs = {"arch": "x86_64"}
    if vm.machine:
        type_attrs["machine"] = vm.machine
    _sub(os_, "type", "hvm", **type_attrs)
    _sub(os_, "boot", dev="hd")
    features = _sub(domain, "features")
    _sub(features, "acpi")
    _sub(features, "apic")
    _sub(domain, "on_poweroff", "destroy")
    _sub(domain, "on_reboot", "restart")
    _sub(domain, "on_crash", "restart")
    devices = _sub(domain, "devices")
    targets = _disk_targets()
    cdroms = iter(f"sd{letter}" for letter in "abcdefghijklmnopqrstuvwxyz")
    for volume in vm.volumes:
        target = next(cdroms) if volume.device == "cdrom" else next(targets)
        _disk(devices, volume.pool, volume.name, volume.format, target,
              volume.device, readonly=volume.device == "cdrom")
    if config_drive_pool:
        # A virtio disk, not a CD: cloud-init finds the drive by its
        # label, and a virtio disk needs no SATA controller on any machine.
        _disk(devices, config_drive_pool, config_drive_volume_name(vm), "raw",
              next(targets), readonly=True)
    for interface in vm.interfaces:
        nic = _sub(devices, "interface", type="network")
        _sub(nic, "mac", address=interface.mac)
        _sub(nic, "source", network=interface.network)
        _sub(nic, "model", type="virtio")
    serial = _sub(devices, "serial", type="pty")
    _sub(serial, "log", file=f"{CONSOLE_LOG_DIR}/{vm.name}-console.log",
         append="on")
    _sub(serial, "target", port=0)
    console = _sub(devices, "console", type="pty")
    _sub(console, "target", type="serial", port=0)
    rng = _sub(devices, "rng", model="virtio")
    _sub(rng, "backend", "/dev/urandom", model="random")
    ET.indent(domain)
    return ET.tostring(domain, encoding="unicode") + "\n"


def volume_xml(name, capacity, fmt):
    """The XML of an empty volume of ``capacity`` bytes in format ``fmt``."""
    volume = ET.Element("volume")
    _sub(volume, "name", name)
    _sub(volume, "capacity", capacity, unit="bytes")
    target = _sub(volume, "target")
    _sub(target, "format", type=fmt)
    ET.indent(volume)
    return ET.tostring(volume, encoding="unicode") + "\n"
