"""LVM: flatten ``lvm_groups`` into the volumes to create."""

from kayobe.hostconfig.errors import HostConfigError

# Upstream's default disk list, there to be replaced by the operator.
PLACEHOLDER = "changeme"


def _check_group(group):
    if not group.get("vgname"):
        raise HostConfigError(f"LVM group needs vgname: {group!r}")
    if _true(group.get("create", True)) and not group.get("disks"):
        raise HostConfigError(
            f"LVM group {group['vgname']} needs disks to be created")
    disks = group.get("disks") or []
    if _true(group.get("create", True)) and PLACEHOLDER in (
            [disks] if isinstance(disks, str) else list(disks)):
        raise HostConfigError(
            f"LVM group {group['vgname']}: disks still hold the placeholder "
            f"{PLACEHOLDER!r}; set <group>_lvm_group_data_disks")


def _mount(lv):
    """(mount point, options): ours (mount_point, mount_options) or
    upstream's (mount: true, mntp, mopts)."""
    if lv.get("mount_point"):
        return lv["mount_point"], lv.get("mount_options") or "defaults"
    if _true(lv.get("mount", False)) and lv.get("mntp"):
        return lv["mntp"], lv.get("mopts") or "defaults"
    return None, "defaults"


def _true(value):
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def groups(lvm_groups):
    """Volume groups to create: [{vgname, disks}]."""
    out = []
    for group in lvm_groups or []:
        _check_group(group)
        if _true(group.get("create", True)):
            disks = group["disks"]
            out.append({"vgname": group["vgname"],
                        "disks": [disks] if isinstance(disks, str) else list(disks)})
    return out


def volumes(lvm_groups):
    """Logical volumes to create, one dict each with every key set.

    Keys: vgname, lvname, device, size, filesystem (None: leave it),
    mount_point (None: do not mount), mount_options.  A volume is mounted
    from ours (mount_point, mount_options) or upstream's format (mount,
    mntp, mopts).
    """
    out = []
    for group in lvm_groups or []:
        _check_group(group)
        for lv in group.get("lvnames") or []:
            if not lv.get("lvname") or not lv.get("size"):
                raise HostConfigError(f"LVM volume needs lvname and size: {lv!r}")
            if not _true(lv.get("create", True)):
                continue
            mount_point, mount_options = _mount(lv)
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
                "mount_options": mount_options,
            })
    return out
