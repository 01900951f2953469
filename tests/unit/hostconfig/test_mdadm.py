"""mdadm creation argv and mdadm.conf merging."""

from kayobe.hostconfig import errors
from kayobe.hostconfig import mdadm
from tests.unit import base

ARGV_CASES = [
    ({"name": "md0", "devices": ["/dev/sdb", "/dev/sdc"], "level": 1},
     ["mdadm", "--create", "/dev/md0", "--run", "--level=1",
      "--raid-devices=2", "--metadata=1.2", "/dev/sdb", "/dev/sdc"]),
    ({"name": "/dev/md/data", "devices": ["/dev/sdb", "/dev/sdc", "/dev/sdd"],
      "level": "5", "metadata": "1.0", "chunk_size": "512K",
      "options": ["--bitmap=internal"]},
     ["mdadm", "--create", "/dev/md/data", "--run", "--level=5",
      "--raid-devices=3", "--metadata=1.0", "--chunk=512K",
      "--bitmap=internal", "/dev/sdb", "/dev/sdc", "/dev/sdd"]),
]

ARGV_ERRORS = [
    {"devices": ["/dev/sdb"], "level": 1},
    {"name": "md0", "devices": [], "level": 1},
    {"name": "md0", "devices": ["/dev/sdb"]},
]

SCAN = "ARRAY /dev/md0 metadata=1.2 name=h:0 UUID=a:b:c:d\n"
DEBIAN = "HOMEHOST <system>\nMAILADDR root\n"
CONF_CASES = [
    ("nothing", "", "", ""),
    ("keeps distribution lines", "", DEBIAN, DEBIAN),
    ("adds arrays", SCAN, DEBIAN, DEBIAN + "\n# Managed by kayobe: ARRAY "
     "lines from 'mdadm --detail --scan'.\n" + SCAN),
    ("replaces old arrays", SCAN,
     DEBIAN + "ARRAY /dev/md9 UUID=old\n\n",
     DEBIAN + "\n# Managed by kayobe: ARRAY lines from 'mdadm --detail "
     "--scan'.\n" + SCAN),
    ("no header without arrays", "", "ARRAY /dev/md9 UUID=old\n", ""),
]


class TestMdadm(base.TestCase):

    def test_create_argv(self):
        for array, argv in ARGV_CASES:
            with self.subTest(array=array):
                self.assertEqual(mdadm.create_argv(array), argv)

    def test_create_argv_invalid(self):
        for array in ARGV_ERRORS:
            with self.subTest(array=array):
                with self.assertRaises(errors.HostConfigError):
                    mdadm.create_argv(array)

    def test_conf(self):
        for name, scan, current, expected in CONF_CASES:
            with self.subTest(name):
                self.assertEqual(mdadm.conf(scan, current), expected)

    def test_conf_is_stable(self):
        once = mdadm.conf(SCAN, DEBIAN)
        self.assertEqual(mdadm.conf(SCAN, once), once)
