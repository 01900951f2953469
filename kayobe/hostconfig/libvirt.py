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


def listen_dropin(address, kind):
    """A drop-in for libvirtd-<kind>.socket listening on ``host:port``.

    With socket activation (Debian 12's libvirt) libvirtd.conf's
    listen_addr is ignored; the socket unit decides.  The empty
    ListenStream= clears the unit's own any-address listener.  An IPv6
    host gets its brackets.
    """
    host, _, port = str(address or "").strip().rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise HostConfigError(
            f"libvirt {kind} listener: {address!r} is not host:port (does "
            f"the host have an address on internal_net_name?)")
    if ":" in host:
        host = f"[{host}]"
    return ("# Managed by kayobe.\n[Socket]\nListenStream=\n"
            f"ListenStream={host}:{int(port)}\n")
