"""The overcloud inventory written from Ironic nodes."""

import yaml

from kayobe import runner
from kayobe.baremetal import discover
from tests.unit import base
from tests.unit.kolla.test_rows import KollaRowsCase

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


class TestDiscoverRegeneratesKollaInventory(KollaRowsCase):
    """``overcloud inventory discover`` at the subprocess seam: after the
    discovery playbook writes the overcloud inventory, the kolla inventory is
    regenerated from it (with a vault password), and not without one."""

    def setUp(self):
        super().setUp()
        seam = self.seam

        def discover(argv, env):
            # What the playbook does: write the discovered hosts.
            if any(a.endswith("overcloud-inventory-discover.yml") for a in argv):
                self.write("config/inventory/overcloud", "[compute]\ncmp2\n")
            return seam(argv, env)
        runner.run_process.side_effect = discover

    def kolla_hosts(self):
        path = self.tmp_path / "kolla/inventory/overcloud/hosts.yml"
        return set(yaml.safe_load(path.read_text())["all"]["hosts"])

    def test_new_hosts_reach_the_kolla_inventory(self):
        self.assertEqual(
            self.run_kayobe("overcloud", "inventory", "discover"), 0, self.read())
        self.assertIn("cmp2", self.kolla_hosts())
        self.assertEqual(1, len(self.seam.playbooks))

    def test_without_vault_password_the_kolla_inventory_is_left_alone(self):
        self.assertEqual(
            self.run_kayobe("overcloud", "inventory", "discover", vault=False), 0)
        self.assertIn("kolla inventory not regenerated", self.read()[0])
        self.assertFalse((self.tmp_path / "kolla/inventory").exists())
