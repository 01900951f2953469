"""Matching Ironic nodes to inventory hosts by BMC address."""

from kayobe.baremetal import rename
from tests.unit import base


def node(uuid, name, **driver_info):
    return {"uuid": uuid, "name": name, "driver_info": driver_info}


NODES = [
    node("u1", "node-1", ipmi_address="10.66.1.1", ipmi_password="******"),
    node("u2", "cmp2", ipmi_address="10.66.1.2"),
    node("u3", None, redfish_address="https://10.66.1.3:8443/redfish/v1"),
    node("u4", "node-4", redfish_address="BMC4.example.com"),
    node("u5", "node-5"),  # no BMC address: never matched
    node("u6", "dup-a", ipmi_address="10.66.1.6"),
    node("u7", "dup-b", ipmi_address="10.66.1.6"),
    {"id": "u8", "name": "node-8", "driver_info": {"ipmi_address": "10.66.1.8"}},
    node("u9", "cmp9", ipmi_address="10.66.1.99"),
]

# (case, host, host vars, (uuid, current name, changed))
MATCHES = [
    ("ipmi", "cmp1", {"ipmi_address": "10.66.1.1"}, ("u1", "node-1", True)),
    ("already named", "cmp2", {"ipmi_address": "10.66.1.2"},
     ("u2", "cmp2", False)),
    ("redfish URL against a bare host", "cmp3",
     {"redfish_address": "10.66.1.3"}, ("u3", None, True)),
    ("ipmi var against a redfish node", "cmp3",
     {"ipmi_address": "10.66.1.3"}, ("u3", None, True)),
    ("case and URL on the host side", "cmp4",
     {"redfish_address": "https://bmc4.EXAMPLE.com/"}, ("u4", "node-4", True)),
    ("ipmi wins over redfish", "cmp1",
     {"ipmi_address": "10.66.1.1", "redfish_address": "10.66.1.2"},
     ("u1", "node-1", True)),
    ("empty ipmi falls back to redfish", "cmp1",
     {"ipmi_address": "", "redfish_address": "http://10.66.1.1"},
     ("u1", "node-1", True)),
    ("node given by id", "cmp8", {"ipmi_address": " 10.66.1.8 "},
     ("u8", "node-8", True)),
]

# (case, host, host vars, error fragment)
FAILURES = [
    ("no address", "cmp1", {}, "host 'cmp1' has no BMC address: set "
     "ipmi_address (or redfish_address)"),
    ("empty address", "cmp1", {"ipmi_address": " "}, "has no BMC address"),
    ("no node", "cmp7", {"ipmi_address": "10.66.9.9"},
     "host 'cmp7': no Ironic node has BMC address 10.66.9.9"),
    ("two nodes", "cmp6", {"ipmi_address": "10.66.1.6"},
     "several Ironic nodes have BMC address 10.66.1.6: u6, u7"),
    ("name held by another node", "cmp9", {"ipmi_address": "10.66.1.1"},
     "host 'cmp9': the name is taken by Ironic node u9 (BMC address "
     "10.66.1.99)"),
]

# (case, address, normalised)
NORMALISED = [
    ("none", None, None),
    ("blank", "  ", None),
    ("ipv4", "10.0.0.1", "10.0.0.1"),
    ("url with port and path", "https://10.0.0.1:443/redfish/v1", "10.0.0.1"),
    ("host with port", "bmc.example.com:623", "bmc.example.com"),
    ("ipv6 url", "https://[FD00::1]:443", "fd00::1"),
    ("upper case", "BMC1", "bmc1"),
]


class TestMatch(base.TestCase):

    def test_matches(self):
        for case, host, host_vars, (uuid, current, changed) in MATCHES:
            with self.subTest(case=case):
                result = rename.match_host(NODES, host, host_vars)
                self.assertEqual(
                    rename.Rename(host, uuid, current, host), result)
                self.assertEqual(changed, result.changed)

    def test_failures(self):
        for case, host, host_vars, fragment in FAILURES:
            with self.subTest(case=case):
                with self.assertRaises(rename.RenameError) as ctx:
                    rename.match_host(NODES, host, host_vars)
                self.assertIn(fragment, str(ctx.exception))
                self.assertNotIn("\n", str(ctx.exception))

    def test_normalise(self):
        for case, address, expected in NORMALISED:
            with self.subTest(case=case):
                self.assertEqual(expected, rename.normalise(address))


class TestPlan(base.TestCase):

    def test_each_host_fails_alone(self):
        hosts = {
            "cmp1": {"ipmi_address": "10.66.1.1"},
            "cmp2": {"ipmi_address": "10.66.1.2"},
            "cmp7": {"ipmi_address": "10.66.9.9"},
            "cmp3": {},
        }
        renames, failures = rename.plan(NODES, hosts)
        self.assertEqual(["cmp1", "cmp2"], sorted(renames))
        self.assertEqual(["cmp3", "cmp7"], sorted(failures))
        self.assertEqual("u1", renames["cmp1"].uuid)
        self.assertFalse(renames["cmp2"].changed)

    def test_hosts_sharing_an_address_both_fail(self):
        hosts = {"a": {"ipmi_address": "10.66.1.1"},
                 "b": {"redfish_address": "https://10.66.1.1"}}
        renames, failures = rename.plan(NODES, hosts)
        self.assertEqual({}, renames)
        self.assertEqual("host 'a' shares BMC address 10.66.1.1 with b",
                         failures["a"])
        self.assertIn("with a", failures["b"])
