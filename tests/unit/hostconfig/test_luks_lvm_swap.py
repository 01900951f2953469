"""crypttab lines, LVM volume flattening, swap entries and fstab lines."""

from kayobe.hostconfig import errors
from kayobe.hostconfig import luks
from kayobe.hostconfig import lvm
from kayobe.hostconfig import swap
from tests.unit import base

# (LUKS device, crypttab line)
CRYPTTAB_LINES = [
    ({"name": "data", "device": "/dev/sdb", "passphrase": "s3cret"},
     "data /dev/sdb none luks"),
    ({"name": "data", "device": "/dev/md0", "keyfile": "/etc/keys/data"},
     "data /dev/md0 /etc/keys/data luks"),
    ({"name": "d", "device": "UUID=1234", "keyfile": "/k",
      "crypttab_options": ["luks", "discard"]}, "d UUID=1234 /k luks,discard"),
    ({"name": "d", "device": "/dev/sdc", "crypttab_options": "luks,nofail"},
     "d /dev/sdc none luks,nofail"),
]

GROUPS = [{
    "vgname": "data", "disks": ["/dev/sdb", "/dev/sdc"],
    "lvnames": [
        {"lvname": "docker", "size": "80%VG", "filesystem": "ext4",
         "mount_point": "/var/lib/docker"},
        {"lvname": "raw", "size": "10g"},
        {"lvname": "later", "size": "1g", "create": False},
    ]}, {
    "vgname": "existing", "create": False,
    "lvnames": [{"lvname": "x", "size": 5, "filesystem": "xfs",
                 "mount_point": "/x", "mount_options": "noatime"}]},
]

INVALID_GROUPS = [
    [{"disks": ["/dev/sdb"]}],
    [{"vgname": "v"}],
    [{"vgname": "v", "disks": ["/dev/sdb"], "lvnames": [{"lvname": "a"}]}],
    [{"vgname": "v", "disks": ["/dev/sdb"],
      "lvnames": [{"lvname": "a", "size": "1g", "mount_point": "/a"}]}],
]

# (size, MiB)
SIZES = [
    (512, 512), ("512", 512), ("512M", 512), ("2G", 2048), ("2GiB", 2048),
    ("1g", 1024), ("1T", 1 << 20), ("4096K", 4),
]

INVALID_SIZES = ["", "1.5G", "100K", "0", "lots"]

INVALID_SWAP = [{}, {"device": "/dev/sdb", "path": "/swap"}, {"path": "/swap"}]


class TestLuks(base.TestCase):

    def test_crypttab_line(self):
        for device, line in CRYPTTAB_LINES:
            with self.subTest(device=device):
                self.assertEqual(luks.crypttab_line(device), line)

    def test_crypttab_line_invalid(self):
        with self.assertRaises(errors.HostConfigError):
            luks.crypttab_line({"name": "d"})


class TestLvm(base.TestCase):

    def test_lvm_groups(self):
        self.assertEqual(lvm.groups(GROUPS), [
            {"vgname": "data", "disks": ["/dev/sdb", "/dev/sdc"]}])
        self.assertEqual(lvm.groups([{"vgname": "v", "disks": "/dev/sdb"}]), [
            {"vgname": "v", "disks": ["/dev/sdb"]}])

    def test_lvm_volumes(self):
        self.assertEqual(lvm.volumes(GROUPS), [
            {"vgname": "data", "lvname": "docker",
             "device": "/dev/data/docker", "size": "80%VG",
             "filesystem": "ext4", "mount_point": "/var/lib/docker",
             "mount_options": "defaults"},
            {"vgname": "data", "lvname": "raw", "device": "/dev/data/raw",
             "size": "10g", "filesystem": None, "mount_point": None,
             "mount_options": "defaults"},
            {"vgname": "existing", "lvname": "x", "device": "/dev/existing/x",
             "size": "5", "filesystem": "xfs", "mount_point": "/x",
             "mount_options": "noatime"},
        ])

    def test_lvm_invalid(self):
        for groups in INVALID_GROUPS:
            with self.subTest(groups=groups):
                with self.assertRaises(errors.HostConfigError):
                    lvm.volumes(groups)


class TestSwap(base.TestCase):

    def test_size_mib(self):
        for size, mib in SIZES:
            with self.subTest(size=size):
                self.assertEqual(swap.size_mib(size), mib)

    def test_size_mib_invalid(self):
        for size in INVALID_SIZES:
            with self.subTest(size=size):
                with self.assertRaises(errors.HostConfigError):
                    swap.size_mib(size)

    def test_swap_entries(self):
        self.assertEqual(
            swap.entries([{"device": "/dev/sdb2"},
                          {"path": "/swapfile", "size": "1G"}]),
            [{"source": "/dev/sdb2", "file": False, "size_mib": None},
             {"source": "/swapfile", "file": True, "size_mib": 1024}])

    def test_swap_entries_invalid(self):
        for item in INVALID_SWAP:
            with self.subTest(item=item):
                with self.assertRaises(errors.HostConfigError):
                    swap.entries([item])

    def test_swap_fstab_line(self):
        self.assertEqual(swap.fstab_line("/swapfile"),
                         "/swapfile none swap sw 0 0")
        self.assertEqual(swap.fstab_line("/dev/sdb2", "sw,pri=5"),
                         "/dev/sdb2 none swap sw,pri=5 0 0")
