"""apt sources, users' groups and keys, chrony sources, known_hosts names."""

from kayobe.hostconfig import apt
from kayobe.hostconfig import chrony
from kayobe.hostconfig import errors
from kayobe.hostconfig import filters
from kayobe.hostconfig import ssh
from kayobe.hostconfig import users
from tests.unit import base

# (apt_repositories, deb822 sources file)
DEB822_SOURCES = [
    ([], ""),
    ([{"url": "http://deb.example/debian", "suites": "bookworm",
       "components": "main", "signed_by": "example.asc"}],
     "Types: deb\nURIs: http://deb.example/debian\nSuites: bookworm\n"
     "Components: main\nSigned-By: /etc/apt/keyrings/example.asc\n"),
    ([{"url": "http://a", "suites": ["s1", "s2"],
       "components": ["main", "contrib"],
       "types": ["deb", "deb-src"], "architecture": "amd64",
       "signed_by": "/usr/share/keyrings/k.gpg", "trusted": True,
       "enabled": False},
      {"url": "http://b", "suites": "./"}],
     "Types: deb deb-src\nURIs: http://a\nSuites: s1 s2\n"
     "Components: main contrib\nArchitectures: amd64\n"
     "Signed-By: /usr/share/keyrings/k.gpg\nTrusted: yes\nEnabled: no\n"
     "\nTypes: deb\nURIs: http://b\nSuites: ./\n"),
]

DEB822_ERRORS = [
    ({"suites": "x"}, r"apt_repositories\[0\] needs url"),
    ({}, "needs url and suites"),
]

AUTHORIZED_KEYS = [
    ({"name": "a"}, []),
    ({"ssh_key": "ssh-ed25519 A a@x\n"}, ["ssh-ed25519 A a@x"]),
    ({"ssh_key": ["k1", ""], "ssh_keys": ["k2"]}, ["k1", "k2"]),
    ({"ssh_key": None, "ssh_keys": ["k2", " "]}, ["k2"]),
]

USER_GROUPS = [
    ([], []),
    ([{"name": "a", "groups": ["wheel", "adm"]},
      {"name": "b", "group": "ops", "groups": "adm, docker"}],
     ["adm", "docker", "ops", "wheel"]),
    ([{"name": "c", "groups": None}], []),
]

CHRONY_SOURCES = [
    ([], []),
    (["10.66.0.1"], ["server 10.66.0.1"]),
    ([{"server": "pool.ntp.org", "type": "pool",
       "options": ["iburst", "maxsources 3"]},
      {"server": "ntp1", "options": "iburst"}],
     ["pool pool.ntp.org iburst maxsources 3", "server ntp1 iburst"]),
]

CHRONY_ERRORS = [
    ([{"type": "pool"}], "needs server"),
    ([{"server": "x", "type": "refclock"}], "type 'refclock' is not one of"),
]

# (host, port, known_hosts name)
KNOWN_HOST_NAMES = [
    ("10.0.0.1", 22, "10.0.0.1"),
    ("h1", None, "h1"),
    ("h1", "2222", "[h1]:2222"),
]


class TestBaseAreas(base.TestCase):

    def test_deb822_sources(self):
        for repos, expected in DEB822_SOURCES:
            with self.subTest(repos=repos):
                self.assertEqual(apt.deb822_sources(repos), expected)

    def test_deb822_sources_rejects_incomplete(self):
        for repo, message in DEB822_ERRORS:
            with self.subTest(repo=repo):
                with self.assertRaisesRegex(errors.HostConfigError, message):
                    apt.deb822_sources([repo])

    def test_authorized_keys(self):
        for user, expected in AUTHORIZED_KEYS:
            with self.subTest(user=user):
                self.assertEqual(users.authorized_keys(user), expected)

    def test_user_groups(self):
        for entries, expected in USER_GROUPS:
            with self.subTest(users=entries):
                self.assertEqual(users.user_groups(entries), expected)

    def test_chrony_sources(self):
        for servers, expected in CHRONY_SOURCES:
            with self.subTest(servers=servers):
                self.assertEqual(chrony.chrony_sources(servers), expected)

    def test_chrony_sources_rejects(self):
        for servers, message in CHRONY_ERRORS:
            with self.subTest(servers=servers):
                with self.assertRaisesRegex(errors.HostConfigError, message):
                    chrony.chrony_sources(servers)

    def test_known_host_name(self):
        for host, port, expected in KNOWN_HOST_NAMES:
            with self.subTest(host=host, port=port):
                self.assertEqual(ssh.known_host_name(host, port), expected)

    def test_filters_are_the_helpers(self):
        found = filters.get_filters()
        self.assertIs(found["hostconfig_deb822_sources"], apt.deb822_sources)
        self.assertIs(found["hostconfig_authorized_keys"],
                      users.authorized_keys)
        self.assertIs(found["hostconfig_user_groups"], users.user_groups)
        self.assertIs(found["hostconfig_chrony_sources"], chrony.chrony_sources)
        self.assertIs(found["hostconfig_known_host_name"], ssh.known_host_name)
