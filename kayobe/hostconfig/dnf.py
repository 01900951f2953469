"""DNF configuration of RedHat-family hosts: the repository files of a local
mirror (``dnf_use_local_mirror``) and the ``yum_repository`` arguments of
``dnf_custom_repos``."""

from kayobe.hostconfig.errors import HostConfigError

# Options of ansible.builtin.yum_repository that a dnf_custom_repos entry
# may set (upstream passes exactly these through).
REPO_OPTIONS = frozenset((
    "baseurl", "cost", "description", "enabled", "exclude", "file",
    "gpgcakey", "gpgcheck", "gpgkey", "includepkgs", "metadata_expire",
    "metalink", "mirrorlist", "mirrorlist_expire", "password", "priority",
    "proxy", "proxy_password", "proxy_username", "repo_gpgcheck",
    "sslverify", "state", "username",
))

# The repositories a mirror replaces, per distribution: (file, [(id, name,
# path under the mirror, enabled)]).  $releasever and $basearch are left to
# dnf.
_DISTRO_REPOS = {
    "rocky": (
        ("rocky.repo", (
            ("baseos", "BaseOS", "{release}/BaseOS/$basearch/os/", True),
            ("appstream", "AppStream", "{release}/AppStream/$basearch/os/",
             True),
            ("crb", "CRB", "{release}/CRB/$basearch/os/", False),
        )),
        ("rocky-extras.repo", (
            ("extras", "Extras", "{release}/extras/$basearch/os/", True),
        )),
    ),
    "centos": (
        ("centos.repo", (
            ("baseos", "BaseOS", "{release}-stream/BaseOS/$basearch/os/",
             True),
            ("appstream", "AppStream",
             "{release}-stream/AppStream/$basearch/os/", True),
            ("crb", "CRB", "{release}-stream/CRB/$basearch/os/", False),
        )),
        ("centos-extras.repo", (
            ("extras-common", "Extras common packages",
             "SIGs/{release}-stream/extras/$basearch/extras-common/", True),
        )),
    ),
}

_GPG_KEYS = {
    "rocky": "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-{release}",
    "centos": "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-centosofficial",
    "epel": "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-EPEL-{release}",
}


def _url(host, directory, path):
    parts = [part.strip("/") for part in (host, directory) if part.strip("/")]
    return "http://" + "/".join(parts) + "/" + path


def _section(repo_id, name, url, enabled, gpgkey):
    return "\n".join((
        f"[{repo_id}]",
        f"name={name}",
        f"baseurl={url}",
        "gpgcheck=1",
        f"enabled={1 if enabled else 0}",
        f"gpgkey={gpgkey}",
    ))


def _text(sections):
    return "# Managed by kayobe (dnf_use_local_mirror).\n\n" + \
        "\n\n".join(sections) + "\n"


def mirror_repo_files(distribution, release, mirrors, epel=False):
    """{file name in /etc/yum.repos.d: text} for a local mirror.

    ``distribution`` is rocky or centos, ``release`` the major version,
    ``mirrors`` maps rocky, centos and epel to ``{host, directory}``
    (dnf_<name>_mirror_host/_directory).  ``epel`` adds epel.repo.
    """
    distribution = str(distribution).lower()
    if distribution not in _DISTRO_REPOS:
        raise HostConfigError(
            f"dnf_use_local_mirror: no mirror layout for distribution "
            f"{distribution!r} (rocky or centos)")
    release = str(release)
    mirrors = mirrors or {}
    for name in (distribution, "epel") if epel else (distribution,):
        if not (mirrors.get(name) or {}).get("host"):
            raise HostConfigError(f"dnf_{name}_mirror_host is empty")
    files = {}
    source = mirrors[distribution]
    label = "Rocky Linux" if distribution == "rocky" else "CentOS Stream"
    gpgkey = _GPG_KEYS[distribution].format(release=release)
    for file_name, repos in _DISTRO_REPOS[distribution]:
        files[file_name] = _text(
            _section(repo_id, f"{label} {release} - {name}",
                     _url(source["host"], source.get("directory", ""),
                          path.format(release=release)),
                     enabled, gpgkey)
            for repo_id, name, path, enabled in repos)
    if epel:
        mirror = mirrors["epel"]
        files["epel.repo"] = _text([_section(
            "epel", f"Extra Packages for Enterprise Linux {release}",
            _url(mirror["host"], mirror.get("directory", ""),
                 f"{release}/Everything/$basearch/"),
            True, _GPG_KEYS["epel"].format(release=release))])
    return files


def custom_repos(repos):
    """``dnf_custom_repos`` ({name: options}) as a sorted list of
    ``ansible.builtin.yum_repository`` arguments.

    A repository needs a baseurl, metalink or mirrorlist unless it is
    removed (state: absent); its description defaults to
    ``<name> repository`` as upstream's does.
    """
    if repos in (None, ""):
        return []
    if not isinstance(repos, dict):
        raise HostConfigError(
            "dnf_custom_repos must be a mapping of repository names to "
            "their options")
    result = []
    for name in sorted(repos):
        options = repos[name]
        where = f"dnf_custom_repos.{name}"
        if not isinstance(options, dict):
            raise HostConfigError(f"{where} must be a mapping of options")
        unknown = sorted(set(options) - REPO_OPTIONS)
        if unknown:
            raise HostConfigError(
                f"{where}: unknown option(s) {', '.join(unknown)}")
        state = options.get("state", "present")
        if state not in ("present", "absent"):
            raise HostConfigError(
                f"{where}: state {state!r} is not present or absent")
        if state == "present" and not any(
                options.get(key) for key in ("baseurl", "metalink",
                                             "mirrorlist")):
            raise HostConfigError(
                f"{where} needs a baseurl, metalink or mirrorlist")
        args = {"name": str(name),
                "description": f"{name} repository"}
        args.update(options)
        result.append(args)
    return result
