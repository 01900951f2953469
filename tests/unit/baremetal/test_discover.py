"""The overcloud inventory written from Ironic nodes."""

from kayobe.baremetal import discover
from tests.unit import base

NODES = [
    {"name": "ctl1", "driver_info": {"ipmi_address": "10.0.0.1",
                                     "ipmi_password": "******"}},
    {"name": "cmp1", "driver_info": {"redfish_address": "https://10.0.0.2",
                                     "ipmi_address": "10.0.0.9"}},
    {"name": "cmp2", "driver_info": {}},
    {"name": "old1", "driver_info": {"ipmi_address": "10.0.0.4"}},
]


class TestOvercloudInventory(base.TestCase):

    def test_groups_default_group_and_ignore(self):
        text = discover.overcloud_inventory(
            NODES, ["compute", "controllers"],
            {"compute": ["cmp1", "cmp2"], "ignore": ["old1"]}, "controllers")
        body = text.split("\n", 2)[2]
        self.assertEqual(
            "\n[compute]\ncmp1 redfish_address=https://10.0.0.2\ncmp2\n\n"
            "[controllers]\nctl1 ipmi_address=10.0.0.1\n", body)
        self.assertNotIn("******", text)
        self.assertTrue(text.startswith("# Managed by kayobe"))

    def test_a_host_in_two_groups(self):
        text = discover.overcloud_inventory(
            NODES[:1], ["controllers", "network"],
            {"controllers": ["ctl1"], "network": ["ctl1"]}, "controllers")
        self.assertEqual(2, text.count("ctl1 ipmi_address=10.0.0.1"))

    def test_bad_input_is_one_clear_error(self):
        table = (
            (NODES, [], [], "must be a mapping"),
            (NODES, [], {"compute": "cmp1"}, "group 'compute' must map to a list"),
            ([{"uuid": "u-1", "name": None}], [], {}, "Ironic node u-1 has no name"),
            ([{"name": "bad name"}], [], {}, "'bad name' is not a valid host name"),
        )
        for nodes, groups, mapping, message in table:
            with self.subTest(message=message):
                with self.assertRaises(discover.DiscoverError) as ctx:
                    discover.overcloud_inventory(nodes, groups, mapping, "controllers")
                self.assertIn(message, str(ctx.exception))
