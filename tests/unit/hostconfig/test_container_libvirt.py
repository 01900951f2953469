"""Docker daemon.json, Podman registries.conf and libvirt config text."""

from kayobe.hostconfig import container
from kayobe.hostconfig import errors
from kayobe.hostconfig import filters
from kayobe.hostconfig import libvirt
from tests.unit import base

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

# (libvirtd.conf options, body after the header)
LIBVIRT_CASES = [
    ({}, ""),
    ({"listen_tcp": True, "auth_tcp": "none", "max_clients": 20,
      "unix_sock_group": "libvirt"},
     'auth_tcp = "none"\nlisten_tcp = 1\nmax_clients = 20\n'
     'unix_sock_group = "libvirt"\n'),
    ({"nvram": ["a:b", "c:d"], "x": False}, 'nvram = [ "a:b", "c:d" ]\nx = 0\n'),
]


class TestContainer(base.TestCase):

    def test_docker_daemon_config(self):
        for name, kwargs, expected in DOCKER_CASES:
            with self.subTest(name):
                self.assertEqual(container.docker_daemon_config(**kwargs),
                                 expected)

    def test_podman_registries_conf(self):
        for name, mirrors, insecure, expected in PODMAN_CASES:
            with self.subTest(name):
                self.assertEqual(
                    container.podman_registries_conf(mirrors, insecure),
                    expected)

    def test_podman_invalid_registry(self):
        with self.assertRaises(errors.HostConfigError):
            container.podman_registries_conf([""])


class TestLibvirt(base.TestCase):

    def test_libvirt_conf(self):
        for options, body in LIBVIRT_CASES:
            with self.subTest(options=options):
                self.assertEqual(libvirt.conf(options),
                                 "# Managed by kayobe.\n" + body)

    def test_libvirt_conf_invalid(self):
        with self.assertRaises(errors.HostConfigError):
            libvirt.conf({"a": {"b": 1}})


class TestFilters(base.TestCase):

    def test_filters_are_callables(self):
        self.assertTrue(all(callable(f)
                            for f in filters.get_filters().values()))
        self.assertEqual(set(filters.get_filters()), set(filters.FILTERS))
