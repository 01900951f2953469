"""DNF repository files and arguments, Swift disk plans, vGPU plans and the
libvirt listener drop-in: the pure parts of the areas the lab cannot run
(RedHat family, disks, GPUs)."""

import json

from kayobe.hostconfig import dnf
from kayobe.hostconfig import errors
from kayobe.hostconfig import filters
from kayobe.hostconfig import libvirt
from kayobe.hostconfig import swift
from kayobe.hostconfig import vgpu
from tests.unit import base

MIRRORS = {
    "rocky": {"host": "mirror.example", "directory": "pub/rocky"},
    "centos": {"host": "mirror.example", "directory": ""},
    "epel": {"host": "epel.example", "directory": "/pub/epel/"},
}

# (name, distribution, release, epel, {file: [expected lines]})
MIRROR_CASES = [
    ("rocky 9", "Rocky", "9", False, {
        "rocky.repo": [
            "[baseos]",
            "baseurl=http://mirror.example/pub/rocky/9/BaseOS/$basearch/os/",
            "[appstream]",
            "baseurl=http://mirror.example/pub/rocky/9/AppStream/$basearch/os/",
            "[crb]", "enabled=0",
            "gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9"],
        "rocky-extras.repo": [
            "[extras]",
            "baseurl=http://mirror.example/pub/rocky/9/extras/$basearch/os/"],
    }),
    ("centos stream, no directory, epel", "centos", 9, True, {
        "centos.repo": [
            "baseurl=http://mirror.example/9-stream/BaseOS/$basearch/os/"],
        "centos-extras.repo": [
            "[extras-common]",
            "baseurl=http://mirror.example/SIGs/9-stream/extras/$basearch/"
            "extras-common/"],
        "epel.repo": [
            "[epel]",
            "baseurl=http://epel.example/pub/epel/9/Everything/$basearch/",
            "gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-EPEL-9"],
    }),
]

CUSTOM_REPOS = {
    "zed": {"baseurl": "http://repo/zed", "gpgcheck": False},
    "alpha": {"metalink": "https://ml/alpha", "file": "extra",
              "description": "Alpha", "priority": 10},
    "gone": {"state": "absent"},
}

# (name, dnf_custom_repos, words of the one-line error)
CUSTOM_BAD = [
    ("not a mapping", ["a"], "dnf_custom_repos must be a mapping"),
    ("entry not a mapping", {"r": "http://x"}, "dnf_custom_repos.r must"),
    ("unknown option", {"r": {"baseurl": "u", "basurl": "u"}},
     "dnf_custom_repos.r: unknown option(s) basurl"),
    ("no source", {"r": {"gpgcheck": True}},
     "dnf_custom_repos.r needs a baseurl"),
    ("bad state", {"r": {"baseurl": "u", "state": "enabled"}},
     "state 'enabled'"),
]

# (name, swift_block_devices, expected plan)
SWIFT_CASES = [
    ("none", [], []),
    ("sd, nvme, loop", [
        {"device": "/dev/sdb"},
        {"device": "/dev/nvme0n1", "fs_label": "d1"},
        {"device": "/dev/loop3", "weight": 50}], [
        {"device": "/dev/sdb", "partition": "/dev/sdb1", "fs_label": "sdb"},
        {"device": "/dev/nvme0n1", "partition": "/dev/nvme0n1p1",
         "fs_label": "d1"},
        {"device": "/dev/loop3", "partition": "/dev/loop3p1",
         "fs_label": "loop3"}]),
]

SWIFT_BAD = [
    ("a string", ["/dev/sdb"], "swift_block_devices[0] must be a mapping"),
    ("no device", [{"fs_label": "x"}], "swift_block_devices[0] must"),
    ("relative", [{"device": "sdb"}], "not an absolute path"),
    ("long label", [{"device": "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4"}],
     "is not an XFS label"),
    ("repeated", [{"device": "/dev/sdb"}, {"device": "/dev/sdc",
                                           "fs_label": "sdb"}],
     "swift_block_devices[1]: device /dev/sdc or fs_label sdb is repeated"),
]

# Upstream's documented example (doc/source/configuration/reference/vgpu.rst).
VGPU_DEFINITIONS = [
    {"pci_address": "0000:17:00.0",
     "mig_devices": {"1g.10gb": 1, "2g.20gb": 3},
     "virtual_functions": [
         {"mdev_type": "nvidia-700", "index": 0},
         {"mdev_type": "nvidia-700", "index": 1},
         {"mdev_type": "nvidia-700", "index": 2},
         {"mdev_type": "nvidia-699", "index": 3}]},
    {"pci_address": "0000:65:00.0",
     "virtual_functions": [
         {"mdev_type": "nvidia-697", "index": 0},
         {"mdev_type": "nvidia-697", "index": 1}]},
]

VGPU_BAD = [
    ("not a list", {"pci_address": "0000:17:00.0"}, "must be a list"),
    ("bad address", [{"pci_address": "17:00.0"}],
     "vgpu_definitions[0]: pci_address '17:00.0' is not a PCI address"),
    ("repeated card", [{"pci_address": "0000:17:00.0"},
                       {"pci_address": "0000:17:00.0"}],
     "vgpu_definitions[1]: card 0000:17:00.0 is repeated"),
    ("mig count", [{"pci_address": "0000:17:00.0",
                    "mig_devices": {"1g.10gb": "one"}}], "mig_devices"),
    ("no type", [{"pci_address": "0000:17:00.0",
                  "virtual_functions": [{"index": 0}]}],
     "vgpu_definitions[0].virtual_functions[0] needs mdev_type"),
    ("repeated index", [{"pci_address": "0000:17:00.0",
                         "virtual_functions": [
                             {"mdev_type": "a", "index": 1},
                             {"mdev_type": "b", "index": 1}]}],
     "virtual_functions[1]: index 1 is repeated"),
]

# (PF, index, First VF Offset, VF Stride, expected VF)
VF_CASES = [
    ("0000:17:00.0", 0, 4, 1, "0000:17:00.4"),
    ("0000:17:00.0", 3, 4, 1, "0000:17:00.7"),
    ("0000:17:00.0", 4, 4, 1, "0000:17:01.0"),
    ("0000:65:00.0", 15, 4, 1, "0000:65:02.3"),
    ("0000:3b:00.0", 0, 256, 1, "0000:3c:00.0"),
    ("0001:ff:1f.0", 0, 1, 1, "0001:ff:1f.1"),
]

# (address, kind, expected ListenStream or the error's words)
LISTEN_CASES = [
    ("10.66.0.5:16509", "tcp", "ListenStream=10.66.0.5:16509"),
    ("fd00::5:16514", "tls", "ListenStream=[fd00::5]:16514"),
    ("[fd00::5]:16514", "tls", "ListenStream=[fd00::5]:16514"),
]
LISTEN_BAD = [":16509", "10.0.0.1", "10.0.0.1:0", "", None]


class TestDnf(base.TestCase):

    def test_mirror_repo_files(self):
        for name, distro, release, epel, expected in MIRROR_CASES:
            with self.subTest(name):
                files = dnf.mirror_repo_files(distro, release, MIRRORS, epel)
                self.assertEqual(sorted(files), sorted(expected))
                for file_name, lines in expected.items():
                    text = files[file_name].splitlines()
                    self.assertTrue(text[0].startswith("# Managed by kayobe"))
                    for line in lines:
                        self.assertIn(line, text, file_name)

    def test_mirror_repo_files_sections_are_complete(self):
        files = dnf.mirror_repo_files("rocky", "9", MIRRORS, True)
        for text in files.values():
            for section in text.split("\n\n")[1:]:
                keys = [line.split("=", 1)[0]
                        for line in section.splitlines()[1:]]
                self.assertEqual(keys, ["name", "baseurl", "gpgcheck",
                                        "enabled", "gpgkey"])

    def test_mirror_repo_files_rejects(self):
        cases = [
            ("debian", MIRRORS, False, "no mirror layout for distribution"),
            ("rocky", {"rocky": {"host": ""}}, False,
             "dnf_rocky_mirror_host is empty"),
            ("rocky", {"rocky": MIRRORS["rocky"]}, True,
             "dnf_epel_mirror_host is empty"),
        ]
        for distro, mirrors, epel, words in cases:
            with self.subTest(distro=distro, words=words):
                with self.assertRaises(errors.HostConfigError) as ctx:
                    dnf.mirror_repo_files(distro, "9", mirrors, epel)
                self.assertIn(words, str(ctx.exception))

    def test_custom_repos(self):
        self.assertEqual(dnf.custom_repos(CUSTOM_REPOS), [
            {"name": "alpha", "description": "Alpha",
             "metalink": "https://ml/alpha", "file": "extra",
             "priority": 10},
            {"name": "gone", "description": "gone repository",
             "state": "absent"},
            {"name": "zed", "description": "zed repository",
             "baseurl": "http://repo/zed", "gpgcheck": False},
        ])
        self.assertEqual(dnf.custom_repos({}), [])
        self.assertEqual(dnf.custom_repos(None), [])

    def test_custom_repos_options_are_yum_repository_options(self):
        # Every option the role passes through is one the module takes.
        from ansible.modules import yum_repository
        spec = yum_repository.DOCUMENTATION
        for option in dnf.REPO_OPTIONS:
            with self.subTest(option=option):
                self.assertIn(f"\n  {option}:", spec)

    def test_custom_repos_rejects(self):
        for name, repos, words in CUSTOM_BAD:
            with self.subTest(name):
                with self.assertRaises(errors.HostConfigError) as ctx:
                    dnf.custom_repos(repos)
                self.assertIn(words, str(ctx.exception))


class TestSwift(base.TestCase):

    def test_block_device_plan(self):
        for name, devices, expected in SWIFT_CASES:
            with self.subTest(name):
                self.assertEqual(swift.block_device_plan(devices), expected)

    def test_block_device_plan_rejects(self):
        for name, devices, words in SWIFT_BAD:
            with self.subTest(name):
                with self.assertRaises(errors.HostConfigError) as ctx:
                    swift.block_device_plan(devices)
                self.assertIn(words, str(ctx.exception))


class TestVgpu(base.TestCase):

    def test_plan_of_upstreams_example(self):
        cards = vgpu.vgpu_plan(VGPU_DEFINITIONS, "compute0")
        self.assertEqual([c["pci_address"] for c in cards],
                         ["0000:17:00.0", "0000:65:00.0"])
        self.assertEqual(cards[0]["mig"], [["1g.10gb", 1], ["2g.20gb", 3]])
        self.assertEqual(cards[1]["mig"], [])
        self.assertEqual(
            [(m["index"], m["mdev_type"]) for m in cards[0]["mdevs"]],
            [(0, "nvidia-700"), (1, "nvidia-700"), (2, "nvidia-700"),
             (3, "nvidia-699")])
        uuids = [m["uuid"] for c in cards for m in c["mdevs"]]
        self.assertEqual(len(set(uuids)), 6)

    def test_plan_uuids_are_stable_per_host(self):
        first = vgpu.vgpu_plan(VGPU_DEFINITIONS, "compute0")
        self.assertEqual(vgpu.vgpu_plan(VGPU_DEFINITIONS, "compute0"), first)
        other = vgpu.vgpu_plan(VGPU_DEFINITIONS, "compute1")
        self.assertNotEqual(other[0]["mdevs"][0]["uuid"],
                            first[0]["mdevs"][0]["uuid"])

    def test_plan_normalises_and_accepts_empty(self):
        self.assertEqual(vgpu.vgpu_plan([], "h"), [])
        self.assertEqual(vgpu.vgpu_plan(None, "h"), [])
        cards = vgpu.vgpu_plan([{"pci_address": "0000:AB:00.0",
                                 "virtual_functions": []}], "h")
        self.assertEqual(cards, [{"pci_address": "0000:ab:00.0", "mig": [],
                                  "mdevs": []}])

    def test_plan_rejects(self):
        for name, definitions, words in VGPU_BAD:
            with self.subTest(name):
                with self.assertRaises(errors.HostConfigError) as ctx:
                    vgpu.vgpu_plan(definitions, "h")
                self.assertIn(words, str(ctx.exception))

    def test_vf_address(self):
        for pf, index, offset, stride, expected in VF_CASES:
            with self.subTest(pf=pf, index=index):
                self.assertEqual(vgpu.vf_address(pf, index, offset, stride),
                                 expected)
        with self.assertRaises(errors.HostConfigError):
            vgpu.vf_address("0000:ff:1f.7", 1, 1, 1)

    def test_mdevctl_definition(self):
        self.assertEqual(json.loads(vgpu.mdevctl_definition("nvidia-700")),
                         {"mdev_type": "nvidia-700", "start": "auto",
                          "attrs": []})

    def test_boot_commands_and_unit(self):
        cards = vgpu.vgpu_plan(VGPU_DEFINITIONS, "compute0")
        commands = vgpu.boot_commands(cards, ["0000:17:00.0"])
        self.assertEqual(commands, [
            [vgpu.SRIOV_MANAGE, "-e", "0000:17:00.0"],
            ["/usr/bin/nvidia-smi", "-i", "0000:17:00.0", "-mig", "1"],
            ["/usr/bin/nvidia-smi", "mig", "-i", "0000:17:00.0", "-cgi",
             "1g.10gb,2g.20gb,2g.20gb,2g.20gb", "-C"],
        ])
        unit = vgpu.boot_unit(commands).splitlines()
        self.assertIn("Type=oneshot", unit)
        self.assertEqual([line for line in unit
                          if line.startswith("ExecStart=")], [
            f"ExecStart={vgpu.SRIOV_MANAGE} -e 0000:17:00.0",
            "ExecStart=/usr/bin/nvidia-smi -i 0000:17:00.0 -mig 1",
            "ExecStart=/usr/bin/nvidia-smi mig -i 0000:17:00.0 -cgi "
            "1g.10gb,2g.20gb,2g.20gb,2g.20gb -C"])

    def test_iommu_args(self):
        self.assertEqual(vgpu.iommu_args("GenuineIntel"),
                         ["intel_iommu=on", "iommu=pt"])
        self.assertEqual(vgpu.iommu_args("AuthenticAMD"),
                         ["amd_iommu=on", "iommu=pt"])


class TestLibvirtListen(base.TestCase):

    def test_listen_dropin(self):
        for address, kind, expected in LISTEN_CASES:
            with self.subTest(address=address):
                lines = libvirt.listen_dropin(address, kind).splitlines()
                self.assertEqual(lines[1:], ["[Socket]", "ListenStream=",
                                             expected])

    def test_listen_dropin_rejects(self):
        for address in LISTEN_BAD:
            with self.subTest(address=address):
                with self.assertRaises(errors.HostConfigError) as ctx:
                    libvirt.listen_dropin(address, "tcp")
                self.assertIn("libvirt tcp listener", str(ctx.exception))


class TestFilters(base.TestCase):

    def test_new_filters_are_registered(self):
        registered = filters.get_filters()
        for name, func in [
                ("hostconfig_dnf_mirror_repo_files", dnf.mirror_repo_files),
                ("hostconfig_dnf_custom_repos", dnf.custom_repos),
                ("hostconfig_swift_block_device_plan",
                 swift.block_device_plan),
                ("hostconfig_vgpu_plan", vgpu.vgpu_plan),
                ("hostconfig_libvirt_listen_dropin", libvirt.listen_dropin)]:
            with self.subTest(name):
                self.assertIs(registered[name], func)
