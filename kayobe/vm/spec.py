"""A VM's definition from its host's variables (``seed_vm_*``, ``infra_vm_*``).

:func:`vm_spec` reads one VM host's variables under a prefix (``seed_vm``
or ``infra_vm``) and returns a :class:`Vm`: what the domain, its volumes and
its network interfaces are, validated, with every error naming the variable
and the host.  Nothing here talks to libvirt; the domain XML and the config
drive are rendered from a ``Vm`` (:mod:`kayobe.vm.domain`,
:mod:`kayobe.vm.configdrive`).
"""

import dataclasses
import hashlib
import re
import uuid

from kayobe.errors import InvalidValue
from kayobe.network import model
from kayobe.variables import as_bool

ENGINES = ("kvm", "qemu")
FIRMWARES = ("bios", "efi")
FORMATS = ("qcow2", "raw")
DEVICES = ("disk", "cdrom")
VOLUME_KEYS = frozenset(
    ("name", "pool", "capacity", "format", "image", "checksum", "device"))
# Binary units, as libvirt and qemu-img read "50G".
UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3,
         "t": 1024 ** 4}
SIZE = re.compile(r"^\s*(?P<n>[0-9]+)\s*(?P<unit>[bkmgt]?)(i?b)?\s*$",
                  re.IGNORECASE)
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")
# Namespace of the VMs' UUIDs: a VM keeps its UUID (and so its config
# drive's instance ID) across runs and re-provisioning.
UUID_NAMESPACE = uuid.UUID("6c1f7a52-0d7e-4b8a-9a43-3f7c2b1e5d90")


@dataclasses.dataclass(frozen=True)
class Volume:
    """A libvirt storage volume of the VM."""

    name: str
    pool: str
    capacity: int            # bytes
    format: str = "qcow2"
    image: str | None = None  # URL or path on the hypervisor
    checksum: str | None = None
    device: str = "disk"


@dataclasses.dataclass(frozen=True)
class Interface:
    """A VM network interface on a libvirt network of the hypervisor.
    ``net``: the kayobe network it carries (None for an interface the
    operator listed without one: attached, not configured)."""

    network: str
    mac: str
    net: str | None = None


@dataclasses.dataclass(frozen=True)
class Vm:
    host: str
    prefix: str
    name: str
    uuid: str
    vcpus: int
    memory_mb: int
    engine: str
    machine: str | None
    boot_firmware: str
    volumes: tuple
    interfaces: tuple
    allow_restart: bool = False


def _what(variables, name):
    return f"variable '{name}' of host '{model.host_name(variables)}'"


def _get(variables, prefix, attr, required=True):
    name = f"{prefix}_{attr}"
    value = model._defined(variables.get(name))
    if required and (value is None or value == ""):
        raise InvalidValue(f"{_what(variables, name)} is not set")
    return value


def _positive_int(variables, prefix, attr):
    name = f"{prefix}_{attr}"
    value = _get(variables, prefix, attr)
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise InvalidValue(
            f"{_what(variables, name)} must be a positive integer, "
            f"not {value!r}")
    return number


def _choice(variables, prefix, attr, choices):
    name = f"{prefix}_{attr}"
    value = str(_get(variables, prefix, attr)).strip().lower()
    if value not in choices:
        raise InvalidValue(
            f"{_what(variables, name)} must be one of "
            f"{', '.join(choices)}, not {value!r}")
    return value


def parse_size(value, what):
    """Bytes of a size such as ``50G``, ``512M``, ``1GiB`` or ``4096``."""
    match = SIZE.match(str(value)) if value is not None else None
    if not match or int(match["n"]) == 0:
        raise InvalidValue(
            f"{what} must be a size such as 50G or 512M, not {value!r}")
    return int(match["n"]) * UNITS[match["unit"].lower()]


def _volume(variables, prefix, index, entry):
    where = f"{_what(variables, prefix + '_volumes')} item {index}"
    if not isinstance(entry, dict):
        raise InvalidValue(f"{where} must be a dict, not {entry!r}")
    unknown = sorted(set(entry) - VOLUME_KEYS)
    if unknown:
        raise InvalidValue(f"{where} has unknown keys {unknown}")
    values = {k: model._defined(v) for k, v in entry.items()}
    for key in ("name", "pool", "capacity"):
        if values.get(key) in (None, ""):
            raise InvalidValue(f"{where} has no {key}")
    name = str(values["name"])
    if not NAME.match(name):
        raise InvalidValue(f"{where}: {name!r} is not a valid volume name")
    fmt = str(values.get("format") or "qcow2").lower()
    if fmt not in FORMATS:
        raise InvalidValue(
            f"{where} ({name}): format must be one of {', '.join(FORMATS)}")
    device = str(values.get("device") or "disk").lower()
    if device not in DEVICES:
        raise InvalidValue(
            f"{where} ({name}): device must be one of {', '.join(DEVICES)}")
    image = str(values["image"]).strip() if values.get("image") else None
    checksum = str(values["checksum"]).strip() if values.get("checksum") else None
    if checksum and ":" not in checksum:
        raise InvalidValue(
            f"{where} ({name}): checksum must be <algorithm>:<hex>, "
            f"e.g. sha256:...")
    return Volume(name=name, pool=str(values["pool"]),
                  capacity=parse_size(values["capacity"],
                                      f"{where} ({name}) capacity"),
                  format=fmt, image=image, checksum=checksum, device=device)


def _volumes(variables, prefix):
    entries = _get(variables, prefix, "volumes", required=False) or []
    if not isinstance(entries, list):
        raise InvalidValue(
            f"{_what(variables, prefix + '_volumes')} must be a list")
    volumes = [_volume(variables, prefix, i, e) for i, e in enumerate(entries)]
    seen = set()
    for volume in volumes:
        key = (volume.pool, volume.name)
        if key in seen:
            raise InvalidValue(
                f"{_what(variables, prefix + '_volumes')} lists volume "
                f"{volume.name} of pool {volume.pool} twice")
        seen.add(key)
    return tuple(volumes)


def mac_address(vm_name, index):
    """A stable locally administered MAC (QEMU's 52:54:00 prefix) for the
    VM's ``index``-th interface: a second run defines the same domain."""
    digest = hashlib.sha256(f"{vm_name}/{index}".encode()).digest()
    return "52:54:00:" + ":".join(f"{b:02x}" for b in digest[:3])


def _interfaces(variables, prefix, vm_name):
    name = f"{prefix}_interfaces"
    entries = _get(variables, prefix, "interfaces", required=False) or []
    if not isinstance(entries, list):
        raise InvalidValue(f"{_what(variables, name)} must be a list")
    interfaces = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("network"):
            raise InvalidValue(
                f"{_what(variables, name)} item {index} must be a dict with "
                f"a network (a libvirt network of the hypervisor)")
        mac = entry.get("mac") or mac_address(vm_name, index)
        interfaces.append(Interface(network=str(entry["network"]),
                                    mac=str(mac).lower(),
                                    net=entry.get("net_name") or None))
    return tuple(interfaces)


def vm_spec(variables, prefix):
    """The :class:`Vm` of the host whose variables are ``variables``."""
    name = str(_get(variables, prefix, "name"))
    if not NAME.match(name):
        raise InvalidValue(
            f"{_what(variables, prefix + '_name')}: {name!r} is not a valid "
            "domain name")
    machine = _get(variables, prefix, "machine", required=False)
    restart = _get(variables, prefix, "allow_restart", required=False)
    return Vm(
        host=model.host_name(variables),
        prefix=prefix,
        name=name,
        uuid=str(uuid.uuid5(UUID_NAMESPACE, name)),
        vcpus=_positive_int(variables, prefix, "vcpus"),
        memory_mb=_positive_int(variables, prefix, "memory_mb"),
        engine=_choice(variables, prefix, "engine", ENGINES),
        machine=str(machine).strip() if machine else None,
        boot_firmware=_choice(variables, prefix, "boot_firmware", FIRMWARES),
        volumes=_volumes(variables, prefix),
        interfaces=_interfaces(variables, prefix, name),
        allow_restart=as_bool(restart if restart is not None else False,
                              f"{prefix}_allow_restart"),
    )
