"""chrony.conf source lines from ``chrony_ntp_servers``."""

from kayobe.hostconfig.errors import HostConfigError

_CHRONY_TYPES = ("server", "pool", "peer")


def _option(index, option):
    # Upstream writes options as {option: iburst} or {option: minpoll, val: 8};
    # a plain string ("iburst", "minpoll 8") is accepted too.
    if isinstance(option, dict):
        name = option.get("option")
        if not name:
            raise HostConfigError(
                f"chrony_ntp_servers[{index}]: option {option!r} needs option")
        value = option.get("val")
        return str(name) if value is None else f"{name} {value}"
    return str(option)


def chrony_sources(servers):
    """chrony.conf source lines from ``chrony_ntp_servers``.

    An entry is a dict ``{server, type: server|pool|peer, options: [...]}``,
    each option ``{option, val}`` (upstream's format) or a string, or a
    plain host name (a ``server`` with no options).
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
        if isinstance(options, (str, dict)):
            options = [options]
        words = [_option(index, option) for option in options]
        lines.append(" ".join([kind, str(server)] + words))
    return lines
