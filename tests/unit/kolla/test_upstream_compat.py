"""Upstream Kayobe's inventory and password variables reach kolla-ansible."""

from kayobe import errors
from kayobe.kolla import generate
from kayobe.kolla import inventory
from tests.unit import base

TOP = "kolla_overcloud_inventory_kolla_top_level_groups"


class TestTopLevelGroups(base.TestCase):

    def test_missing_groups_are_defined_empty(self):
        cases = [
            ("all present", {TOP: ["control"]}, {"control": ["c1"]},
             {"control": ["c1"]}),
            ("missing one", {TOP: ["control", "deployment"]},
             {"control": ["c1"]}, {"control": ["c1"], "deployment": []}),
            ("hosts kept", {TOP: ["storage"]}, {"storage": ["s1"]},
             {"storage": ["s1"]}),
            ("unset", {}, {"control": ["c1"]}, {"control": ["c1"]}),
        ]
        for name, control, top, want in cases:
            with self.subTest(name):
                self.assertEqual(generate.empty_top_level_groups(control, top),
                                 want)

    def test_not_a_list_names_the_variable(self):
        with self.assertRaisesRegex(errors.ConfigError, TOP):
            generate.empty_top_level_groups({TOP: "control"}, {})

    def test_storage_groups_feed_the_storage_group(self):
        group_map = {"storage": {"groups": ["storage", "ceph"]}}
        groups = {"storage": ["s1"], "ceph": ["c1", "s1"]}
        self.assertEqual(inventory.top_level_groups(group_map, groups),
                         {"storage": ["s1", "c1"]})


class TestCustomPasswords(base.TestCase):

    def test_unset_entries_keep_the_generated_value(self):
        name = "kolla_ansible_custom_passwords"
        cases = [
            ("unset registry password",
             {name: {"docker_registry_password": None, "a": "x"}}, {"a": "x"}),
            ("empty registry password",
             {name: {"docker_registry_password": ""}}, {}),
            ("key pair kept",
             {name: {"kolla_ssh_key": {"private_key": "k", "public_key": "p"}}},
             {"kolla_ssh_key": {"private_key": "k", "public_key": "p"}}),
            ("none", {}, {}),
        ]
        for label, control, want in cases:
            with self.subTest(label):
                self.assertEqual(generate.custom_passwords(control), want)


class TestConnectionVars(base.TestCase):

    def test_connection_is_passed_whatever_the_list_says(self):
        variables = {"ansible_connection": "local",
                     "ansible_become_method": "su", "other": "x"}
        result = inventory.host_vars(variables, [])
        self.assertEqual(result.get("ansible_connection"), "local")
        self.assertEqual(result.get("ansible_become_method"), "su")
        self.assertNotIn("other", result)
