"""Upstream's value formats: ``users`` entries and chrony source options."""

from kayobe.hostconfig import chrony
from kayobe.hostconfig import errors
from kayobe.hostconfig import filters
from kayobe.hostconfig import lvm
from kayobe.hostconfig import routing
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


# Upstream's controller_lvm_group_data with disks set: (lvnames, volumes).
LVM_VOLUMES = [
    ([{"lvname": "docker-volumes", "size": "75%VG", "create": True,
       "filesystem": "ext4", "mount": True, "mntp": "/var/lib/docker/volumes"}],
     [{"vgname": "data", "lvname": "docker-volumes",
       "device": "/dev/data/docker-volumes", "size": "75%VG",
       "filesystem": "ext4", "mount_point": "/var/lib/docker/volumes",
       "mount_options": "defaults"}]),
    # mount false (or absent) leaves mntp unmounted; mopts are upstream's.
    ([{"lvname": "a", "size": "1g", "mntp": "/a"},
      {"lvname": "b", "size": "1g", "mount": "false", "mntp": "/b"},
      {"lvname": "c", "size": "1g", "filesystem": "xfs", "mount": "True",
       "mntp": "/c", "mopts": "noatime"},
      {"lvname": "d", "size": "1g", "create": False}],
     [{"vgname": "data", "lvname": "a", "device": "/dev/data/a",
       "size": "1g", "filesystem": None, "mount_point": None,
       "mount_options": "defaults"},
      {"vgname": "data", "lvname": "b", "device": "/dev/data/b",
       "size": "1g", "filesystem": None, "mount_point": None,
       "mount_options": "defaults"},
      {"vgname": "data", "lvname": "c", "device": "/dev/data/c",
       "size": "1g", "filesystem": "xfs", "mount_point": "/c",
       "mount_options": "noatime"}]),
]


# (network_route_tables, rt_tables block)
RT_TABLES = [
    ([], ""),
    ([{"name": "a", "id": 101}, {"name": "b", "id": "102"}], "101 a\n102 b"),
]

RT_TABLE_ERRORS = [
    ([{"name": "a"}], r"network_route_tables\[0\] needs name and id"),
    (["a"], "needs name and id"),
    ([{"name": "a", "id": "x"}], "id 'x' is not a number"),
    ([{"name": "a", "id": 254}], "id 254 is reserved"),
    ([{"name": "a", "id": 1}, {"name": "a", "id": 2}],
     r"network_route_tables\[1\]: name 'a' or id 2 is repeated"),
    ([{"name": "a b", "id": 1}], "has a space"),
]


class TestUpstreamFormats(base.TestCase):

    def test_rt_tables(self):
        for tables, expected in RT_TABLES:
            with self.subTest(tables=tables):
                self.assertEqual(routing.rt_tables(tables), expected)

    def test_rt_tables_rejects(self):
        for tables, message in RT_TABLE_ERRORS:
            with self.subTest(tables=tables):
                with self.assertRaisesRegex(errors.HostConfigError, message):
                    routing.rt_tables(tables)

    def test_lvm_upstream_volumes(self):
        for lvnames, expected in LVM_VOLUMES:
            with self.subTest(lvnames=lvnames):
                group = {"vgname": "data", "disks": ["/dev/sdb"],
                         "create": True, "lvnames": lvnames}
                self.assertEqual(lvm.volumes([group]), expected)
                self.assertEqual(lvm.groups([group]),
                                 [{"vgname": "data", "disks": ["/dev/sdb"]}])

    def test_lvm_placeholder_disks_are_an_error(self):
        group = {"vgname": "data", "disks": ["changeme"], "lvnames": []}
        for call in (lvm.groups, lvm.volumes):
            with self.subTest(call.__name__):
                with self.assertRaisesRegex(
                        errors.HostConfigError,
                        "placeholder 'changeme'; set "
                        "<group>_lvm_group_data_disks"):
                    call([group])

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
