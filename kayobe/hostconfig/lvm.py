"""LVM: flatten ``lvm_groups`` into the volumes to create."""

from kayobe.hostconfig.errors import HostConfigError


def _check_group(group):
    if not group.get("vgname"):
        raise HostConfigError(f"LVM group needs vgname: {group!r}")
    if group.get("create", True) and not group.get("disks"):
        raise HostConfigError(
            f"LVM group {group['vgname']} needs disks to be created")


def groups(lvm_groups):
    """Volume groups to create: [{vgname, disks}]."""
    out = []
    for group in lvm_groups or []:
        _check_group(group)
        if group.get("create", True):
            disks = group["disks"]
            out.append({"vgname": group["vgname"],
                        "disks": [disks] if isinstance(disks, str) else list(disks)})
    return out


def volumes(lvm_groups):
    """Logical volumes to create, one dict each with every key set.

    Keys: vgname, lvname, device, size, filesystem (None: leave it),
    mount_point (None: do not mount), mount_options.
    """
    out = []
    for group in lvm_groups or []:
        _check_group(group)
        for lv in group.get("lvnames") or []:
            if not lv.get("lvname") or not lv.get("size"):
                raise HostConfigError(f"LVM volume needs lvname and size: {lv!r}")
            if not lv.get("create", True):
                continue
            mount_point = lv.get("mount_point") or None
            filesystem = lv.get("filesystem") or None
            if mount_point and not filesystem:
                raise HostConfigError(
                    f"LVM volume {lv['lvname']} is mounted but has no filesystem")
            out.append({
                "vgname": group["vgname"],
                "lvname": lv["lvname"],
                "device": f"/dev/{group['vgname']}/{lv['lvname']}",
                "size": str(lv["size"]),
                "filesystem": filesystem,
                "mount_point": mount_point,
                "mount_options": lv.get("mount_options") or "defaults",
            })
    return out
