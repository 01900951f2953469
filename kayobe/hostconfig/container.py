"""Container engine configuration: Docker's daemon.json, Podman's files."""

import json

from kayobe.hostconfig.errors import HostConfigError


def docker_daemon_config(storage_driver="overlay2", registry_mirrors=(),
                         insecure_registries=(), log_max_file=None,
                         log_max_size=None, live_restore=False,
                         iptables=True, mtu=None, debug=False, extra=None,
                         data_root=None):
    """The /etc/docker/daemon.json document, holding only what is set.

    Keys left out keep dockerd's own defaults, so the file stays readable
    and an unset option does not pin a default.
    """
    config = {}
    if data_root:
        config["data-root"] = data_root
    if storage_driver:
        config["storage-driver"] = storage_driver
    if registry_mirrors:
        config["registry-mirrors"] = list(registry_mirrors)
    if insecure_registries:
        config["insecure-registries"] = list(insecure_registries)
    log_opts = {}
    if log_max_file:
        log_opts["max-file"] = str(log_max_file)
    if log_max_size:
        log_opts["max-size"] = str(log_max_size)
    if log_opts:
        config["log-opts"] = log_opts
    if live_restore:
        config["live-restore"] = True
    if not iptables:
        config["iptables"] = False
    if mtu:
        config["mtu"] = int(mtu)
    if debug:
        config["debug"] = True
    config.update(extra or {})
    return config


def _toml_str(value):
    return json.dumps(str(value))


def podman_registries_conf(registry_mirrors=(), insecure_registries=(),
                           search_registries=("docker.io",)):
    """containers-registries.conf(5) (v2) text: search list, mirrors.

    Mirrors apply to docker.io; a mirror given as ``http://host`` is marked
    insecure, as is every registry in ``insecure_registries``.
    """
    lines = ["# Managed by kayobe.",
             "unqualified-search-registries = ["
             + ", ".join(_toml_str(r) for r in search_registries) + "]"]
    insecure = [_strip_scheme(r) for r in insecure_registries or ()]
    mirrors = list(registry_mirrors or ())
    if mirrors:
        lines += ["", "[[registry]]", 'prefix = "docker.io"',
                  'location = "docker.io"']
        for mirror in mirrors:
            location = _strip_scheme(mirror)
            lines += ["", "[[registry.mirror]]",
                      "location = " + _toml_str(location)]
            if mirror.startswith("http://") or location in insecure:
                lines.append("insecure = true")
    for registry in insecure:
        if mirrors and registry in [_strip_scheme(m) for m in mirrors]:
            continue
        lines += ["", "[[registry]]", "location = " + _toml_str(registry),
                  "insecure = true"]
    return "\n".join(lines) + "\n"


def _strip_scheme(url):
    if not isinstance(url, str) or not url:
        raise HostConfigError(f"invalid registry: {url!r}")
    for scheme in ("http://", "https://"):
        if url.startswith(scheme):
            url = url[len(scheme):]
    return url.rstrip("/")
