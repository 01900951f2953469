"""deb822 ``.sources`` text from ``apt_repositories``."""

from kayobe.hostconfig.errors import HostConfigError

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
            raise HostConfigError(
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
