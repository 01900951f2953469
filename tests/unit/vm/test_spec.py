"""kayobe.vm.spec: a VM's definition from its host's variables."""

from kayobe import errors
from kayobe.vm import spec
from tests.unit import base
from tests.unit.vm.fixtures import seed_vars

SIZES = (
    ("50G", 50 * 1024 ** 3),
    ("512M", 512 * 1024 ** 2),
    ("1GiB", 1024 ** 3),
    ("4096", 4096),
    (" 2 t ", 2 * 1024 ** 4),
)

BAD = (
    # (override, words the one-line error must hold)
    ({"seed_vm_vcpus": 0}, "seed_vm_vcpus' of host 'seed' must be a positive"),
    ({"seed_vm_memory_mb": "lots"}, "seed_vm_memory_mb"),
    ({"seed_vm_name": None}, "seed_vm_name' of host 'seed' is not set"),
    ({"seed_vm_name": "bad name"}, "not a valid domain name"),
    ({"seed_vm_engine": "xen"}, "must be one of kvm, qemu"),
    ({"seed_vm_boot_firmware": "uefi"}, "must be one of bios, efi"),
    ({"seed_vm_volumes": "root"}, "seed_vm_volumes' of host 'seed' must be a list"),
    ({"seed_vm_volumes": [{"name": "r", "pool": "p"}]}, "item 0 has no capacity"),
    ({"seed_vm_volumes": [{"name": "r", "pool": "p", "capacity": "lots"}]},
     "(r) capacity must be a size"),
    ({"seed_vm_volumes": [{"name": "r", "pool": "p", "capacity": "1G",
                           "format": "vmdk"}]}, "format must be one of"),
    ({"seed_vm_volumes": [{"name": "r", "pool": "p", "capacity": "1G",
                           "size": 1}]}, "unknown keys ['size']"),
    ({"seed_vm_volumes": [{"name": "r", "pool": "p", "capacity": "1G"}] * 2},
     "lists volume r of pool p twice"),
    ({"seed_vm_volumes": [{"name": "r", "pool": "p", "capacity": "1G",
                           "checksum": "abc"}]}, "checksum must be"),
    ({"seed_vm_interfaces": [{"net_name": "admin"}]}, "must be a dict with a network"),
    ({"seed_vm_allow_restart": "maybe"}, "seed_vm_allow_restart"),
)


class TestSpec(base.TestCase):

    def test_sizes(self):
        for text, size in SIZES:
            with self.subTest(case=text):
                self.assertEqual(spec.parse_size(text, "x"), size)

    def test_values(self):
        vm = spec.vm_spec(seed_vars(), "seed_vm")
        self.assertEqual((vm.name, vm.vcpus, vm.memory_mb, vm.engine),
                         ("seed", 2, 4096, "qemu"))
        self.assertIsNone(vm.machine)
        self.assertEqual([v.name for v in vm.volumes], ["seed-root", "seed-data"])
        self.assertEqual(vm.volumes[0].capacity, 50 * 1024 ** 3)
        self.assertEqual(vm.volumes[0].image, "http://images/seed.qcow2")
        self.assertIsNone(vm.volumes[0].checksum)
        self.assertIsNone(vm.volumes[1].image)
        self.assertEqual([i.network for i in vm.interfaces],
                         ["admin-net", "prov-net"])
        self.assertFalse(vm.allow_restart)

    def test_stable_identity(self):
        """The same name gives the same UUID and MACs on every run; another
        name or position another MAC."""
        first = spec.vm_spec(seed_vars(), "seed_vm")
        second = spec.vm_spec(seed_vars(), "seed_vm")
        self.assertEqual(first, second)
        macs = {i.mac for i in first.interfaces}
        self.assertEqual(len(macs), 2)
        other = spec.vm_spec(seed_vars(seed_vm_name="seed2"), "seed_vm")
        self.assertNotEqual(other.uuid, first.uuid)
        self.assertFalse(macs & {i.mac for i in other.interfaces})
        for mac in macs:
            self.assertRegex(mac, r"^52:54:00(:[0-9a-f]{2}){3}$")

    def test_operator_mac_kept(self):
        vm = spec.vm_spec(seed_vars(seed_vm_interfaces=[
            {"network": "n", "mac": "52:54:00:AA:BB:CC"}]), "seed_vm")
        self.assertEqual(vm.interfaces[0].mac, "52:54:00:aa:bb:cc")
        self.assertIsNone(vm.interfaces[0].net)

    def test_bad_values_name_variable_and_host(self):
        for override, words in BAD:
            with self.subTest(case=override):
                with self.assertRaises(errors.InvalidValue) as caught:
                    spec.vm_spec(seed_vars(**override), "seed_vm")
                self.assertIn(words, str(caught.exception))
                self.assertNotIn("\n", str(caught.exception))

    def test_infra_prefix(self):
        variables = {k.replace("seed_vm", "infra_vm"): v
                     for k, v in seed_vars().items()}
        variables["inventory_hostname"] = "dns1"
        with self.assertRaises(errors.InvalidValue) as caught:
            spec.vm_spec(dict(variables, infra_vm_vcpus=-1), "infra_vm")
        self.assertIn("'infra_vm_vcpus' of host 'dns1'", str(caught.exception))
