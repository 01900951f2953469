"""The ``users`` entries: upstream's format, groups and SSH keys."""

from kayobe.hostconfig.errors import HostConfigError

# Fields passed through unchanged to the user module and the later tasks.
_KEPT = ("uid", "group", "groups", "append", "shell", "password", "home",
         "update_password", "state", "sudo", "ssh_key", "ssh_keys")


def user_entries(users):
    """``users`` with each entry's login name in ``name``.

    Two formats are accepted.  Upstream's (the singleplatform-eng.users
    role's) names the login ``username`` and keeps the full name in
    ``name``; ours names the login ``name`` and the full name ``comment``.
    An entry with ``username`` is read the upstream way, so an operator's
    existing users list creates the same accounts.
    """
    entries = []
    for index, user in enumerate(users or []):
        if not isinstance(user, dict):
            raise HostConfigError(
                f"users[{index}]: expected a dict with username or name, "
                f"got {type(user).__name__}")
        login = user.get("username") or user.get("name")
        if not login:
            raise HostConfigError(f"users[{index}] needs username (or name)")
        entry = {key: user[key] for key in _KEPT if user.get(key) is not None}
        entry["name"] = str(login)
        comment = user.get("comment")
        if comment is None and user.get("username"):
            comment = user.get("name")
        if comment is not None:
            entry["comment"] = str(comment)
        entries.append(entry)
    return entries


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
