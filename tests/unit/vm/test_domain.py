"""kayobe.vm.domain: the domain and volume XML."""

import xml.etree.ElementTree as ET

from kayobe.vm import domain
from kayobe.vm import spec
from tests.unit import base
from tests.unit.vm.fixtures import seed_vars

CASES = (
    # (overrides, xpath, attribute or None for text, expected)
    ({}, ".", "type", "qemu"),
    ({"seed_vm_engine": "kvm"}, ".", "type", "kvm"),
    ({}, "memory", None, "4096"),
    ({}, "memory", "unit", "MiB"),
    ({}, "vcpu", None, "2"),
    ({}, "os", "firmware", None),
    ({"seed_vm_boot_firmware": "efi"}, "os", "firmware", "efi"),
    ({}, "os/type", "machine", None),
    ({"seed_vm_machine": "q35"}, "os/type", "machine", "q35"),
    ({}, "devices/disk[1]/source", "volume", "seed-root"),
    ({}, "devices/disk[1]/target", "dev", "vda"),
    ({}, "devices/disk[1]/driver", "type", "qcow2"),
    ({}, "devices/disk[2]/source", "volume", "seed-data"),
    ({}, "devices/disk[3]/source", "volume", "seed-configdrive"),
    ({}, "devices/disk[3]/target", "dev", "vdc"),
    ({}, "devices/disk[3]/driver", "type", "raw"),
    ({}, "devices/interface[1]/source", "network", "admin-net"),
    ({}, "devices/interface[2]/source", "network", "prov-net"),
    ({}, "devices/interface[1]/model", "type", "virtio"),
    ({}, "devices/serial/log", "file",
     "/var/log/libvirt/qemu/seed-console.log"),
)


def render(**overrides):
    vm = spec.vm_spec(seed_vars(**overrides), "seed_vm")
    return vm, ET.fromstring(domain.domain_xml(vm, config_drive_pool="default"))


class TestDomainXml(base.TestCase):

    def test_elements(self):
        for overrides, path, attr, expected in CASES:
            with self.subTest(case=(overrides, path, attr)):
                _, root = render(**overrides)
                element = root if path == "." else root.find(path)
                self.assertIsNotNone(element, path)
                value = element.text if attr is None else element.get(attr)
                self.assertEqual(value, expected)

    def test_macs_and_uuid_match_the_spec(self):
        vm, root = render()
        self.assertEqual(root.findtext("uuid"), vm.uuid)
        self.assertEqual([m.get("address") for m in
                          root.findall("devices/interface/mac")],
                         [i.mac for i in vm.interfaces])

    def test_cdrom_volume(self):
        _, root = render(seed_vm_volumes=[
            {"name": "r", "pool": "p", "capacity": "1G"},
            {"name": "iso", "pool": "p", "capacity": "1M", "format": "raw",
             "device": "cdrom"}])
        cdrom = root.find("devices/disk[@device='cdrom']")
        self.assertEqual(cdrom.find("target").get("dev"), "sda")
        self.assertIsNotNone(cdrom.find("readonly"))

    def test_same_xml_every_time(self):
        vm = spec.vm_spec(seed_vars(), "seed_vm")
        self.assertEqual(domain.domain_xml(vm, "default"),
                         domain.domain_xml(vm, "default"))

    def test_volume_xml(self):
        root = ET.fromstring(domain.volume_xml("seed-root", 1024, "qcow2"))
        self.assertEqual(root.findtext("name"), "seed-root")
        self.assertEqual(root.findtext("capacity"), "1024")
        self.assertEqual(root.find("capacity").get("unit"), "bytes")
        self.assertEqual(root.find("target/format").get("type"), "qcow2")
