"""Swift block devices (``swift_block_devices``): the partition and XFS
file system each disk gets, named so that kolla-ansible finds them."""

import posixpath

from kayobe.hostconfig.errors import HostConfigError

# mkfs.xfs refuses longer labels.
XFS_LABEL_MAX = 12


def partition_path(device):
    """Path of the first partition of ``device``.

    The kernel inserts ``p`` when the disk's name ends in a digit
    (/dev/loop0p1, /dev/nvme0n1p1, but /dev/sdb1).
    """
    return f"{device}{'p' if device[-1:].isdigit() else ''}1"


def block_device_plan(devices):
    """``swift_block_devices`` as [{device, partition, fs_label}].

    Each item is a mapping with ``device`` (an absolute path); ``fs_label``
    defaults to the device's basename, as upstream's does.
    """
    plan, seen, labels = [], set(), set()
    for index, item in enumerate(devices or []):
        where = f"swift_block_devices[{index}]"
        if not isinstance(item, dict) or not item.get("device"):
            raise HostConfigError(
                f"{where} must be a mapping with a 'device' path")
        device = str(item["device"])
        if not device.startswith("/"):
            raise HostConfigError(
                f"{where}: device {device!r} is not an absolute path")
        label = str(item.get("fs_label") or posixpath.basename(device))
        if len(label) > XFS_LABEL_MAX or " " in label:
            raise HostConfigError(
                f"{where}: fs_label {label!r} is not an XFS label (at most "
                f"{XFS_LABEL_MAX} characters, no spaces)")
        if device in seen or label in labels:
            raise HostConfigError(
                f"{where}: device {device} or fs_label {label} is repeated")
        seen.add(device)
        labels.add(label)
        plan.append({"device": device, "partition": partition_path(device),
                     "fs_label": label})
    return plan
