"""Upstream's value formats: ``users`` entries and chrony source options."""

from kayobe.hostconfig import chrony
from kayobe.hostconfig import errors
from kayobe.hostconfig import filters
from kayobe.hostconfig import users
from tests.unit import base

# (users, normalised entries)
USER_ENTRIES = [
    ([], []),
    # Upstream: username is the login, name the full name.
    ([{"username": "alice", "name": "Alice Smith", "groups": ["wheel"],
       "uid": 1001, "ssh_key": ["ssh-ed25519 A a@x"], "home": "/srv/alice",
       "append": True}],
     [{"name": "alice", "comment": "Alice Smith", "groups": ["wheel"],
       "uid": 1001, "ssh_key": ["ssh-ed25519 A a@x"], "home": "/srv/alice",
       "append": True}]),
    # Ours: name is the login, comment the full name.
    ([{"name": "bob", "comment": "Bob", "sudo": True}],
     [{"name": "bob", "comment": "Bob", "sudo": True}]),
    # Upstream entry without a full name; an explicit comment wins.
    ([{"username": "carol"}, {"username": "dave", "name": "D", "comment": "C"}],
     [{"name": "carol"}, {"name": "dave", "comment": "C"}]),
    # Unknown keys and nulls are dropped; state is kept.
    ([{"name": "eve", "shell": None, "state": "absent", "profile": "x"}],
     [{"name": "eve", "state": "absent"}]),
]

USER_ERRORS = [
    ([{"groups": ["wheel"]}], r"users\[0\] needs username"),
    ([{"name": "a"}, "bob"], r"users\[1\]: expected a dict"),
    ([{"username": "", "name": ""}], "needs username"),
]

CHRONY_SOURCES = [
    # Upstream's default and its documented example.
    ([{"server": "pool.ntp.org", "type": "pool",
       "options": [{"option": "iburst"}, {"option": "minpoll", "val": 8}]}],
     ["pool pool.ntp.org iburst minpoll 8"]),
    ([{"server": "pool.ntp.org", "type": "pool",
       "options": [{"option": "maxsources", "val": 3}]}],
     ["pool pool.ntp.org maxsources 3"]),
    # Mixed with strings, a single dict, a peer.
    ([{"server": "ntp1", "options": ["iburst", {"option": "prefer"}]},
      {"server": "ntp2", "type": "peer", "options": {"option": "minpoll",
                                                     "val": 4}}],
     ["server ntp1 iburst prefer", "peer ntp2 minpoll 4"]),
    # A val of 0 is written, not dropped.
    ([{"server": "n", "options": [{"option": "minpoll", "val": 0}]}],
     ["server n minpoll 0"]),
]

CHRONY_ERRORS = [
    ([{"server": "x", "options": [{"val": 8}]}],
     r"chrony_ntp_servers\[0\]: option .* needs option"),
]


class TestUpstreamFormats(base.TestCase):

    def test_user_entries(self):
        for entries, expected in USER_ENTRIES:
            with self.subTest(users=entries):
                self.assertEqual(users.user_entries(entries), expected)

    def test_user_entries_rejects(self):
        for entries, message in USER_ERRORS:
            with self.subTest(users=entries):
                with self.assertRaisesRegex(errors.HostConfigError, message):
                    users.user_entries(entries)

    def test_groups_of_upstream_entries(self):
        entries = users.user_entries(
            [{"username": "a", "name": "A B", "groups": ["adm", "docker"]}])
        self.assertEqual(users.user_groups(entries), ["adm", "docker"])

    def test_chrony_upstream_options(self):
        for servers, expected in CHRONY_SOURCES:
            with self.subTest(servers=servers):
                self.assertEqual(chrony.chrony_sources(servers), expected)

    def test_chrony_rejects(self):
        for servers, message in CHRONY_ERRORS:
            with self.subTest(servers=servers):
                with self.assertRaisesRegex(errors.HostConfigError, message):
                    chrony.chrony_sources(servers)

    def test_user_entries_filter(self):
        self.assertIs(filters.get_filters()["hostconfig_user_entries"],
                      users.user_entries)
