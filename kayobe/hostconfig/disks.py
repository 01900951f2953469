"""Which block devices ``kayobe ... host configure --wipe-disks`` may wipe.

Input is the tree printed by ``lsblk --json --paths --output
NAME,PATH,TYPE,MOUNTPOINT[S]``.  A disk is wiped only when nothing on it is
in use: no mount (including ``[SWAP]``) anywhere below it, no device-mapper or
MD holder (an active LV, LUKS mapping or RAID array keeps the disk open, so
``wipefs`` would fail with EBUSY or break a running array), and it is not
the disk the root file system lives on.  Virtual disks (zram, nbd, rbd)
are left alone too.
"""

# Device types that are never wiped themselves.
_DISK_TYPES = {"disk"}
# Virtual disks that hold no operator data (compressed RAM, network block
# devices mapped by services).
_VIRTUAL_PREFIXES = ("/dev/zram", "/dev/ram", "/dev/nbd", "/dev/rbd")
# Holders that mean the disk is in use by the kernel.
_HOLDER_TYPES = {"lvm", "crypt", "dm", "mpath", "multipath"}


def _path(dev):
    name = dev.get("path") or dev.get("name") or ""
    return name if name.startswith("/") else "/dev/" + name


def _mounts(dev):
    points = dev.get("mountpoints")
    if points is None:
        points = [dev.get("mountpoint")]
    return [p for p in points if p]


def _walk(dev):
    yield dev
    for child in dev.get("children") or []:
        yield from _walk(child)


def _in_use(dev, root_source):
    for node in _walk(dev):
        node_type = node.get("type", "")
        if _mounts(node) or node_type in _HOLDER_TYPES \
                or node_type.startswith("raid") or node_type == "md":
            return True
        if root_source and _path(node) == root_source:
            return True
    return False


def _partitions(dev):
    """Partitions below a disk, deepest first."""
    out = []
    for child in dev.get("children") or []:
        if child.get("type") == "part":
            out.extend(_partitions(child))
            out.append(_path(child))
    return out


def wipe_candidates(lsblk, root_source="", exclude=()):
    """Device paths to wipe, each disk's partitions before the disk.

    ``lsblk`` is the parsed JSON (or its ``blockdevices`` list);
    ``root_source`` the device of the ``/`` mount; ``exclude`` device paths
    or names never to wipe.
    """
    devices = lsblk.get("blockdevices", []) if isinstance(lsblk, dict) else lsblk
    skip = {e if e.startswith("/") else "/dev/" + e for e in exclude}
    out = []
    for dev in devices:
        path = _path(dev)
        if dev.get("type") not in _DISK_TYPES or path in skip:
            continue
        if path.startswith(("/dev/dm-",) + _VIRTUAL_PREFIXES) \
                or _in_use(dev, root_source):
            continue
        out.extend(p for p in _partitions(dev) if p not in skip)
        out.append(path)
    return out
