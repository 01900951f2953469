"""Software RAID (mdadm): creation command and mdadm.conf content."""

from kayobe.hostconfig.errors import HostConfigError

_CONF_HEADER = "# Managed by kayobe: ARRAY lines from 'mdadm --detail --scan'."


def array_device(array):
    """/dev path of an array given by name ('md0' or '/dev/md0')."""
    name = array["name"]
    return name if name.startswith("/") else "/dev/" + name


def create_argv(array):
    """``mdadm --create`` argv for one entry of ``mdadm_arrays``."""
    devices = array.get("devices") or []
    if not array.get("name") or not devices or "level" not in array:
        raise HostConfigError(
            f"mdadm array needs name, devices and level: {array!r}")
    argv = ["mdadm", "--create", array_device(array), "--run",
            "--level=" + str(array["level"]),
            "--raid-devices=" + str(len(devices)),
            "--metadata=" + str(array.get("metadata", "1.2"))]
    if array.get("chunk_size"):
        argv.append("--chunk=" + str(array["chunk_size"]))
    argv += list(array.get("options") or [])
    return argv + list(devices)


def conf(scan_output, current="", extra_lines=()):
    """New mdadm.conf: the current file's other lines plus the scanned arrays.

    ARRAY lines (and the kayobe header) of ``current`` are replaced by those
    of ``scan_output``; everything else (DEVICE, MAILADDR, HOMEHOST, ...)
    is kept, so a distribution's defaults survive.
    """
    kept = [line for line in current.splitlines()
            if line != _CONF_HEADER and not line.startswith("ARRAY ")]
    while kept and not kept[-1].strip():
        kept.pop()
    arrays = [line for line in scan_output.splitlines()
              if line.startswith("ARRAY ")]
    lines = kept + list(extra_lines)
    if arrays:
        lines += ([""] if lines else []) + [_CONF_HEADER] + arrays
    return "\n".join(lines) + "\n" if lines else ""

