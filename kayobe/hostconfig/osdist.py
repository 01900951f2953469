"""The check of ``os_distribution`` and ``os_release``, made before a run.

Upstream's values are rocky, centos and ubuntu; debian is ours (the hosts
kayobe is tested on).  A value Ansible would only template later (one
holding ``{{``) is left for Ansible.
"""

from kayobe import errors
from kayobe import yamlfile

# distribution: its releases, the default (group_vars/all/globals) first.
RELEASES = {
    "rocky": ("9", "10"),
    "centos": ("9-stream", "10-stream"),
    "ubuntu": ("noble",),
    "debian": ("bookworm", "trixie"),
}

def check(distribution, release=None, where="os_distribution"):
    """Raise ConfigError unless the pair is one kayobe knows."""
    releases = _releases(distribution, where)
    if release is not None and str(release) not in releases:
        raise errors.ConfigError(
            f"{where}: os_release {release!r} is not one of "
            f"{', '.join(releases)} (os_distribution {distribution!r})")


def check_vars_files(paths):
    """Check the operator's literal os_distribution and os_release; the
    last file setting one wins, as with Ansible's ``-e @file``."""
    found = {}
    for path in paths:
        if yamlfile.read_text(path).startswith(yamlfile.VAULT_HEADER):
            continue
        data = yamlfile.load(path)
        if not isinstance(data, dict):
            continue
        for name in ("os_distribution", "os_release"):
            if name in data:
                found[name] = (data[name], path)
    distribution, dist_where = found.get("os_distribution", ("rocky", None))
    if _templated(distribution):
        return
    _releases(distribution, dist_where or "os_distribution")
    if "os_release" in found:
        release, where = found["os_release"]
        if not _templated(release):
            check(distribution, release, where)


def _templated(value):
    return isinstance(value, str) and "{{" in value


def _releases(distribution, where):
    try:
        return RELEASES[distribution]
    except (KeyError, TypeError):
        raise errors.ConfigError(
            f"{where}: os_distribution {distribution!r} is not one of "
            f"{', '.join(sorted(RELEASES))}") from None
