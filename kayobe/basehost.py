"""Pure helpers for the base host configuration areas.

Each function takes the operator's values (as Ansible passes them) and returns
what a role writes, so that the rules are tested without Ansible.  The filter
shim is ``ansible/filter_plugins/basehost.py``.
"""

from kayobe import errors

# deb822 field name -> apt_repositories key, in the order they are written.
_DEB822_FIELDS = (
    ("Types", "types"),
    ("URIs", "url"),
    ("Suites", "suites"),
    ("Components", "components"),
    ("Architectures", "architecture"),
    ("Signed-By", "signed_by"),
    ("Trusted", "trusted"),
    ("Enabled", "enabled"),
)
_CHRONY_TYPES = ("server", "pool", "peer")


def _words(value):
    """A space-separated field from a string or a list."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def _yes_no(value):
    if isinstance(value, str):
        return value
    return "yes" if value else "no"


def deb822_sources(repositories):
    """Text of one deb822 ``.sources`` file holding every repository.

    Each repository is a dict with ``url`` and ``suites`` (required) and
    optional ``types`` (default ``deb``), ``components``, ``architecture``,
    ``signed_by`` (a file name is taken relative to /etc/apt/keyrings),
    ``trusted`` and ``enabled``.
    """
    stanzas = []
    for index, repo in enumerate(repositories):
        missing = [key for key in ("url", "suites") if not repo.get(key)]
        if missing:
            raise errors.InvalidValue(
                f"apt_repositories[{index}] needs {' and '.join(missing)}")
        repo = dict(repo)
        repo.setdefault("types", "deb")
        signed_by = repo.get("signed_by")
        if signed_by and "/" not in signed_by:
            repo["signed_by"] = f"/etc/apt/keyrings/{signed_by}"
        lines = []
        for field, key in _DEB822_FIELDS:
            value = repo.get(key)
            if value is None or value == "" or value == []:
                continue
            if key in ("trusted", "enabled"):
                value = _yes_no(value)
            lines.append(f"{field}: {_words(value)}")
        stanzas.append("\n".join(lines) + "\n")
    return "\n".join(stanzas)


def authorized_keys(user):
    """A user's public keys: ``ssh_key`` (a string or list) and ``ssh_keys``."""
    keys = []
    for field in ("ssh_key", "ssh_keys"):
        value = user.get(field) or []
        keys += [value] if isinstance(value, str) else list(value)
    return [k.strip() for k in keys if k and k.strip()]


def user_groups(users):
    """Every group the ``users`` entries name (primary and supplementary)."""
    names = []
    for user in users:
        if user.get("group"):
            names.append(user["group"])
        groups = user.get("groups") or []
        names += groups.split(",") if isinstance(groups, str) else groups
    return sorted({n.strip() for n in names if n and n.strip()})


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
            raise errors.InvalidValue(f"chrony_ntp_servers[{index}] needs server")
        if kind not in _CHRONY_TYPES:
            raise errors.InvalidValue(
                f"chrony_ntp_servers[{index}]: type {kind!r} is not one of "
                f"{', '.join(_CHRONY_TYPES)}")
        options = entry.get("options") or []
        if isinstance(options, str):
            options = [options]
        lines.append(" ".join([kind, str(server)] + [str(o) for o in options]))
    return lines


def known_host_name(host, port=22):
    """The known_hosts name of ``host``: ``[host]:port`` off port 22."""
    port = int(port or 22)
    return str(host) if port == 22 else f"[{host}]:{port}"


def get_filters():
    """Return {filter name: function} for Ansible's FilterModule."""
    return {
        "deb822_sources": deb822_sources,
        "authorized_keys": authorized_keys,
        "user_groups": user_groups,
        "chrony_sources": chrony_sources,
        "known_host_name": known_host_name,
    }
