"""The Dell switch BMP dnsmasq configuration."""

from kayobe.errors import InvalidValue
from kayobe.physnet import bmp
from tests.unit import base

IMAGE = {"url": "http://x/img.bin", "dest": "onie-installer-s6010",
         "match": "option:vendor-class,onie_vendor:x86_64-dell_s6010_c2538-r0",
         "tag": "onie"}


class TestDnsmasqConf(base.TestCase):

    def test_match_and_macs(self):
        text = bmp.dnsmasq_conf(
            [IMAGE, {"url": "u", "dest": "os10.bin", "tag": "os10",
                     "macs": ["AA:BB:CC:DD:EE:01"]}], "http://10.0.0.1:8080/")
        self.assertEqual(
            "# Dell switch BMP: written by kayobe seed service deploy.\n\n"
            "# onie-installer-s6010\n"
            "dhcp-match=set:onie,option:vendor-class,"
            "onie_vendor:x86_64-dell_s6010_c2538-r0\n"
            "dhcp-boot=tag:onie,http://10.0.0.1:8080/onie-installer-s6010\n\n"
            "# os10.bin\ndhcp-host=aa:bb:cc:dd:ee:01,set:os10\n"
            "dhcp-boot=tag:os10,http://10.0.0.1:8080/os10.bin\n", text)

    def test_errors(self):
        cases = [
            ("not a list", {"a": 1},
             "dell_switch_bmp_images must be a list of images"),
            ("no url", [dict(IMAGE, url="")],
             "dell_switch_bmp_images[0] lacks url"),
            ("no match or macs", [dict(IMAGE, match=None)],
             "dell_switch_bmp_images[0] lacks match or macs"),
            ("bad mac", [dict(IMAGE, macs=["zz"])],
             "dell_switch_bmp_images[0]: 'zz' is not a MAC address"),
            ("dest with a slash", [dict(IMAGE, dest="../etc/passwd")],
             "dell_switch_bmp_images[0]: dest '../etc/passwd' must be a file "
             "name"),
            ("bad tag", [dict(IMAGE, tag="a,b")],
             "dell_switch_bmp_images[0]: tag 'a,b' is not a plain dnsmasq tag"),
        ]
        for name, images, message in cases:
            with self.subTest(case=name):
                with self.assertRaises(InvalidValue) as ctx:
                    bmp.dnsmasq_conf(images, "http://seed")
                self.assertEqual(message, str(ctx.exception))

    def test_no_base_url(self):
        with self.assertRaises(InvalidValue):
            bmp.dnsmasq_conf([IMAGE], None)
        self.assertIn("# Dell switch BMP", bmp.dnsmasq_conf([], None))
