"""chrony.conf source lines from ``chrony_ntp_servers``."""

from kayobe.hostconfig.errors import HostConfigError

_CHRONY_TYPES = ("server", "pool", "peer")


def chrony_sources(servers):
    """chrony.conf source lines from ``chrony_ntp_servers``.

    An entry is a dict ``{server, type: server|pool|peer, options: [...]}`` or
    a plain host name (a ``server`` with no options).
    """
    lines = []
    for index, entry in enumerate(servers):
        if isinstance(entry, str):
            entry = {"server": entry}
        server = entry.get("server")
        kind = entry.get("type", "server")
        if not server:
            raise HostConfigError(f"chrony_ntp_servers[{index}] needs server")
        if kind not in _CHRONY_TYPES:
            raise HostConfigError(
                f"chrony_ntp_servers[{index}]: type {kind!r} is not one of "
                f"{', '.join(_CHRONY_TYPES)}")
        options = entry.get("options") or []
        if isinstance(options, str):
            options = [options]
        lines.append(" ".join([kind, str(server)] + [str(o) for o in options]))
    return lines
