"""ironic-inspector rules translated to Ironic's built-in inspection rules."""

import pathlib
import re

import yaml

from kayobe.baremetal import inspection_rules as ir
from kayobe.baremetal import postconfig
from tests.unit import base

REPO = pathlib.Path(__file__).resolve().parents[3]


class TestFieldReference(base.TestCase):

    def test_fields(self):
        cases = [
            ("node://driver_info.ipmi_username",
             "{node.driver_info[ipmi_username]}"),
            ("node://name", "{node.name}"),
            ("node://properties.root_device", "{node.properties[root_device]}"),
            ("data://inventory.system_vendor.manufacturer",
             "{inventory[system_vendor][manufacturer]}"),
            ("data://inventory", "{inventory}"),
            ("data://root_disk.serial", "{plugin_data[root_disk][serial]}"),
            ("boot_interface", "{plugin_data[boot_interface]}"),
            ("data://all_interfaces.eth0", "{plugin_data[all_interfaces][eth0]}"),
            ("data://all_interfaces.eth0.lldp_processed",
             "{plugin_data[parsed_lldp][eth0]}"),
            ("data://all_interfaces.eth0.lldp_processed.switch_port_description",
             "{plugin_data[parsed_lldp][eth0][switch_port_description]}"),
        ]
        for field, expected in cases:
            with self.subTest(field=field):
                self.assertEqual(expected, ir.field_reference(field))

    def test_bad_fields(self):
        for field in ("data://inventory.interfaces[*].mac", "ftp://x.y",
                      "node://", "data://a..b"):
            with self.subTest(field=field):
                self.assertRaises(ir.RuleTranslationError,
                                  ir.field_reference, field)


class TestConditions(base.TestCase):

    def test_ops(self):
        f, ref = "node://extra.x", "{node.extra[x]}"
        cases = [
            ({"op": "eq", "value": "a"}, "eq", {"values": [ref, "a"]}),
            ({"op": "ne", "value": "a"}, "!eq", {"values": [ref, "a"]}),
            ({"op": "ne", "value": "a", "invert": True}, "eq",
             {"values": [ref, "a"]}),
            ({"op": "lt", "value": 3}, "lt", {"values": [ref, 3]}),
            ({"op": "gt", "value": 3}, "gt", {"values": [ref, 3]}),
            ({"op": "le", "value": 3}, "!gt", {"values": [ref, 3]}),
            ({"op": "ge", "value": 3}, "!lt", {"values": [ref, 3]}),
            ({"op": "is-empty"}, "is-empty", {"value": ref}),
            ({"op": "is-empty", "invert": True}, "!is-empty", {"value": ref}),
            ({"op": "is-true"}, "is-true", {"value": ref}),
            ({"op": "is-false"}, "is-false", {"value": ref}),
            ({"op": "is-none"}, "is-none", {"value": ref}),
            ({"op": "matches", "value": "^a$"}, "matches",
             {"value": ref, "regex": "^a$"}),
            ({"op": "contains", "value": "a", "invert": True}, "!contains",
             {"value": ref, "regex": "a"}),
            ({"op": "in-net", "value": "10.0.0.0/8"}, "in-net",
             {"address": ref, "subnet": "10.0.0.0/8"}),
        ]
        for item, op, args in cases:
            with self.subTest(item=item):
                self.assertEqual({"op": op, "args": args},
                                 ir.condition(dict(item, field=f)))

    def test_ironic_schema_kept(self):
        item = {"op": "!is-empty", "args": {"value": "{inventory[x]}"}}
        self.assertIs(item, ir.condition(item))

    def test_untranslatable(self):
        cases = [
            ({"field": "node://x", "op": "near"}, "condition op 'near'"),
            ({"field": "node://x", "op": "eq", "multiple": "all"},
             "multiple 'all'"),
            ({"value": 1}, "needs a field or an op"),
        ]
        for item, fragment in cases:
            with self.subTest(item=item):
                with self.assertRaises(ir.RuleTranslationError) as ctx:
                    ir.condition(item)
                self.assertIn(fragment, str(ctx.exception))


class TestActions(base.TestCase):

    def test_actions(self):
        cases = [
            ({"action": "set-attribute", "path": "driver_info/deploy_kernel",
              "value": "k"},
             [{"op": "set-attribute", "args": {
                 "path": "/driver_info/deploy_kernel", "value": "k"}}]),
            ({"action": "set-attribute", "path": "/extra/m",
              "value": "{data[inventory][system_vendor][manufacturer]}"},
             [{"op": "set-attribute", "args": {
                 "path": "/extra/m",
                 "value": "{inventory[system_vendor][manufacturer]}"}}]),
            ({"action": "set-attribute", "path": "name",
              "value": "{data[all_interfaces][eth0][lldp_processed]"
                       "[switch_port_description]}"},
             [{"op": "set-attribute", "args": {
                 "path": "/name",
                 "value": "{plugin_data[parsed_lldp][eth0]"
                          "[switch_port_description]}"}}]),
            ({"action": "set-attribute", "path": "properties/root_device",
              "value": {}},
             [{"op": "set-attribute", "args": {
                 "path": "/properties/root_device", "value": {}}}]),
            ({"action": "set-attribute", "path": "extra/introspection_data",
              "value": "{data}"},
             [{"op": "set-attribute", "args": {
                 "path": "/extra/introspection_data/inventory",
                 "value": "{inventory}"}},
              {"op": "set-attribute", "args": {
                  "path": "/extra/introspection_data/plugin_data",
                  "value": "{plugin_data}"}}]),
            ({"action": "extend-attribute", "path": "extra/tags", "value": "a",
              "unique": True},
             [{"op": "extend-attribute", "args": {
                 "path": "/extra/tags", "value": "a", "unique": True}}]),
            ({"action": "add-trait", "name": "CUSTOM_X"},
             [{"op": "add-trait", "args": {"name": "CUSTOM_X"}}]),
            ({"action": "remove-trait", "name": "CUSTOM_X"},
             [{"op": "remove-trait", "args": {"name": "CUSTOM_X"}}]),
            ({"action": "set-capability", "name": "boot_mode", "value": "uefi"},
             [{"op": "set-capability", "args": {
                 "name": "boot_mode", "value": "uefi"}}]),
            ({"action": "fail", "message": "no"},
             [{"op": "fail", "args": {"msg": "no"}}]),
        ]
        for item, expected in cases:
            with self.subTest(item=item):
                self.assertEqual(expected, ir.actions(item))

    def test_ironic_schema_kept(self):
        item = {"op": "set-attribute", "args": {"path": "/name", "value": "x"}}
        self.assertEqual([item], ir.actions(item))

    def test_untranslatable(self):
        cases = [
            ({"action": "teleport"}, "action 'teleport'"),
            ({"action": "fail", "message": "x", "when": 1},
             "unknown arguments when"),
            ({"action": "set-attribute", "path": "x", "value": "a {data} b"},
             "'{data}'"),
        ]
        for item, fragment in cases:
            with self.subTest(item=item):
                with self.assertRaises(ir.RuleTranslationError) as ctx:
                    ir.actions(item)
                self.assertIn(fragment, str(ctx.exception))


class TestTranslate(base.TestCase):

    def test_password_rule_is_sensitive(self):
        rule = ir.translate({
            "description": "creds", "conditions": [],
            "actions": [{"action": "set-attribute",
                         "path": "driver_info/ipmi_password", "value": "s"}]})
        self.assertIs(True, rule["sensitive"])

    def test_other_keys_kept(self):
        rule = ir.translate({"description": "d", "priority": 5, "phase": "main",
                             "actions": [{"action": "fail", "message": "m"}]})
        self.assertEqual((5, "main", []),
                         (rule["priority"], rule["phase"], rule["conditions"]))
        self.assertNotIn("sensitive", rule)

    def test_error_names_rule_and_op(self):
        rule = {"description": "Mine", "actions": [],
                "conditions": [{"field": "node://x", "op": "near"}]}
        with self.assertRaises(postconfig.PostConfigError) as ctx:
            postconfig.inspection_rule_bodies([rule])
        self.assertEqual("inspector_rules[0] (Mine): condition op 'near' has "
                         "no Ironic equivalent", str(ctx.exception))

    def test_upstream_defaults_translate(self):
        """Every rule of our (upstream's) defaults translates, with the
        Jinja placeholders left as they are."""
        text = (REPO / "ansible/inventory/group_vars/all/inspector").read_text()
        # The interface name is part of field paths: give it one.
        text = re.sub(r"\{\{ *inspector_rule_var_lldp_switch_port_interface *\}\}",
                      "eth0", text)
        data = yaml.safe_load(text)
        names = [k for k, v in data.items() if k.startswith("inspector_rule_")
                 and isinstance(v, dict)]
        self.assertGreaterEqual(len(names), 15)
        for name in names:
            with self.subTest(name=name):
                rule = ir.translate(data[name], name)
                for item in rule["conditions"] + rule["actions"]:
                    self.assertEqual({"op", "args"}, set(item))
                    self.assertNotIn("{data", str(item["args"]))
                self.assertEqual("password" in name or "credentials" in name,
                                 rule.get("sensitive", False))
