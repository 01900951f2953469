"""libvirt daemon configuration files (libvirtd.conf, qemu.conf)."""

import json

from kayobe.hostconfig.errors import HostConfigError


def _value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[ " + ", ".join(_value(v) for v in value) + " ]"
    raise HostConfigError(f"unsupported libvirt option value: {value!r}")


def conf(options):
    """libvirt's ``key = value`` config text for a dict of options.

    Booleans become 0/1, strings are quoted, lists become ``[ ... ]``;
    keys are sorted so the file only changes when the options do.
    """
    lines = ["# Managed by kayobe."]
    lines += [f"{key} = {_value(options[key])}" for key in sorted(options or {})]
    return "\n".join(lines) + "\n"
