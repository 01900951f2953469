"""Docker daemon.json, Podman registries.conf and libvirt config text."""

import pytest

from kayobe.hostconfig import container
from kayobe.hostconfig import errors
from kayobe.hostconfig import filters
from kayobe.hostconfig import libvirt

DOCKER_CASES = [
    ("defaults", {}, {"storage-driver": "overlay2"}),
    ("everything", dict(
        registry_mirrors=["https://m1"], insecure_registries=["r:4000"],
        log_max_file=5, log_max_size="50m", live_restore=True,
        iptables=False, mtu="1450", debug=True),
     {"storage-driver": "overlay2", "registry-mirrors": ["https://m1"],
      "insecure-registries": ["r:4000"],
      "log-opts": {"max-file": "5", "max-size": "50m"},
      "live-restore": True, "iptables": False, "mtu": 1450, "debug": True}),
    ("no driver, extra wins", dict(storage_driver="", extra={"debug": False},
                                   debug=True), {"debug": False}),
]


@pytest.mark.parametrize("name, kwargs, expected", DOCKER_CASES,
                         ids=[c[0] for c in DOCKER_CASES])
def test_docker_daemon_config(name, kwargs, expected):
    assert container.docker_daemon_config(**kwargs) == expected


PODMAN_HEAD = ('# Managed by kayobe.\n'
               'unqualified-search-registries = ["docker.io"]\n')
PODMAN_CASES = [
    ("nothing", (), (), PODMAN_HEAD),
    ("mirrors", ["https://m1/", "http://m2:5000"], [],
     PODMAN_HEAD + '\n[[registry]]\nprefix = "docker.io"\n'
     'location = "docker.io"\n\n[[registry.mirror]]\nlocation = "m1"\n\n'
     '[[registry.mirror]]\nlocation = "m2:5000"\ninsecure = true\n'),
    ("insecure registry", [], ["reg:4000"],
     PODMAN_HEAD + '\n[[registry]]\nlocation = "reg:4000"\ninsecure = true\n'),
    ("insecure mirror listed once", ["m1"], ["m1"],
     PODMAN_HEAD + '\n[[registry]]\nprefix = "docker.io"\n'
     'location = "docker.io"\n\n[[registry.mirror]]\nlocation = "m1"\n'
     'insecure = true\n'),
]


@pytest.mark.parametrize("name, mirrors, insecure, expected", PODMAN_CASES,
                         ids=[c[0] for c in PODMAN_CASES])
def test_podman_registries_conf(name, mirrors, insecure, expected):
    assert container.podman_registries_conf(mirrors, insecure) == expected


def test_podman_invalid_registry():
    with pytest.raises(errors.HostConfigError):
        container.podman_registries_conf([""])


@pytest.mark.parametrize("options, body", [
    ({}, ""),
    ({"listen_tcp": True, "auth_tcp": "none", "max_clients": 20,
      "unix_sock_group": "libvirt"},
     'auth_tcp = "none"\nlisten_tcp = 1\nmax_clients = 20\n'
     'unix_sock_group = "libvirt"\n'),
    ({"nvram": ["a:b", "c:d"], "x": False}, 'nvram = [ "a:b", "c:d" ]\nx = 0\n'),
])
def test_libvirt_conf(options, body):
    assert libvirt.conf(options) == "# Managed by kayobe.\n" + body


def test_libvirt_conf_invalid():
    with pytest.raises(errors.HostConfigError):
        libvirt.conf({"a": {"b": 1}})


def test_filters_are_callables():
    assert all(callable(f) for f in filters.get_filters().values())
    assert set(filters.get_filters()) == set(filters.FILTERS)
