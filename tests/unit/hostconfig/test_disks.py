"""Which disks --wipe-disks wipes, from lsblk JSON trees."""

from kayobe.hostconfig import disks
from tests.unit import base


def disk(name, *children, mounts=None, type_="disk"):
    dev = {"name": name, "path": "/dev/" + name, "type": type_,
           "mountpoints": mounts or [None]}
    if children:
        dev["children"] = list(children)
    return dev


def part(name, *children, mounts=None):
    return disk(name, *children, mounts=mounts, type_="part")


CASES = [
    ("empty", [], "", (), []),
    ("blank disk", [disk("sdb")], "", (), ["/dev/sdb"]),
    ("partitions first", [disk("sdb", part("sdb1"), part("sdb2"))], "", (),
     ["/dev/sdb1", "/dev/sdb2", "/dev/sdb"]),
    ("root disk skipped", [disk("sda", part("sda1", mounts=["/"])),
                           disk("sdb")], "/dev/sda1", (), ["/dev/sdb"]),
    ("mounted child skipped",
     [disk("sdb", part("sdb1", mounts=["/srv"]), part("sdb2"))], "", (), []),
    ("swap counts as mounted", [disk("sdb", mounts=["[SWAP]"])], "", (), []),
    ("root by source only", [disk("sda", part("sda1"))], "/dev/sda1", (), []),
    ("active LV holder skipped",
     [disk("sdb", disk("data-lv", type_="lvm"))], "", (), []),
    ("LVM on root disk skipped",
     [disk("sda", part("sda2", disk("vg-root", type_="lvm", mounts=["/"])))],
     "/dev/mapper/vg-root", (), []),
    ("RAID member skipped", [disk("sdb", disk("md0", type_="raid1")),
                             disk("sdc")], "", (), ["/dev/sdc"]),
    ("crypt holder skipped", [disk("sdb", disk("secret", type_="crypt"))],
     "", (), []),
    ("not disks", [disk("loop0", type_="loop"), disk("sr0", type_="rom"),
                   disk("dm-0", type_="disk"), disk("zram0"), disk("nbd0"),
                   disk("rbd0")], "", (), []),
    ("excluded by name and path", [disk("sdb"), disk("sdc"), disk("sdd")], "",
     ("sdb", "/dev/sdc"), ["/dev/sdd"]),
    ("mountpoint key of old lsblk",
     [{"name": "sdb", "type": "disk", "mountpoint": "/mnt"},
      {"name": "sdc", "type": "disk", "mountpoint": None}], "", (),
     ["/dev/sdc"]),
]


class TestWipeCandidates(base.TestCase):

    def test_wipe_candidates(self):
        for name, devices, root, exclude, expected in CASES:
            with self.subTest(name):
                self.assertEqual(
                    disks.wipe_candidates({"blockdevices": devices}, root,
                                          exclude), expected)

    def test_wipe_candidates_accepts_list(self):
        self.assertEqual(disks.wipe_candidates([disk("vdb")]), ["/dev/vdb"])
