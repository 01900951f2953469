"""Swap devices and files: normalised entries and fstab lines."""

import re

from kayobe.hostconfig.errors import HostConfigError

_UNITS = {"": 1 << 20, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"^\s*(\d+)\s*([KMGT]?)(?:i?B)?\s*$", re.IGNORECASE)


def size_mib(size):
    """Size in MiB of '512M', '2G', '2GiB' or a bare number of MiB."""
    match = _SIZE.match(str(size))
    if not match:
        raise HostConfigError(f"invalid swap size: {size!r}")
    number, unit = int(match.group(1)), match.group(2).upper()
    mib, rest = divmod(number * _UNITS[unit], 1 << 20)
    if rest or not mib:
        raise HostConfigError(f"swap size must be a whole number of MiB: {size!r}")
    return mib


def entries(swap):
    """Entries of ``swap`` as {source, file, size_mib}.

    A ``device`` entry uses an existing block device; a ``path`` entry is a
    file of ``size`` created on demand.
    """
    out = []
    for item in swap or []:
        if bool(item.get("device")) == bool(item.get("path")):
            raise HostConfigError(f"swap entry needs device or path: {item!r}")
        if item.get("path"):
            if "size" not in item:
                raise HostConfigError(f"swap file needs a size: {item!r}")
            out.append({"source": item["path"], "file": True,
                        "size_mib": size_mib(item["size"])})
        else:
            out.append({"source": item["device"], "file": False,
                        "size_mib": None})
    return out


def fstab_line(source, options="sw"):
    """fstab line activating a swap source at boot."""
    return f"{source} none swap {options} 0 0"
