"""Groups and SSH keys of the ``users`` entries."""


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
