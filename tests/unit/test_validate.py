"""kayobe.validate: the checks made before any playbook starts."""

import os

from kayobe import engine
from kayobe import errors
from kayobe import report
from kayobe import validate
from tests.unit import base

LIMITS = (
    ("ctl1,cmp1", None),
    ("controllers:compute", None),
    ("ctl[1:3],cmp1", None),
    ("ctl1,cmp1:ctl2", "mixes ',' and ':'"),
    ("@/nonexistent/limit", "no such file"),
)

EXTRA_VARS = (
    ("a=1 b='x y'", None),
    ('{"a": 1}', None),
    ("foo", "'foo' is not key=value"),
    ("a=1 bar", "'bar' is not key=value"),
    ("=x", "'=x' is not key=value"),
    ("[1]", "not a mapping"),
    ("a='x", "No closing quotation"),
    ("@/nonexistent.yml", "no such file"),
)

INI = (
    ("[seed]\nseed1 ansible_host=1.2.3.4\n[all:vars]\na=1\n", None),
    ("[seed]\n# comment\n; other\nseed1 # trailing\n", None),
    ("[seed\nseed1\n", "hosts:1: bad section header"),
    ("[seed:wat]\n", "hosts:1: bad section header"),
    ("[seed]\nseed1 oops\n", "hosts:2: expected key=value host variable"),
    ("[seed:vars]\noops\n", "hosts:2: expected key=value"),
    ("[x:children]\na b\n", "hosts:2: expected one group name"),
)

YAML_INVENTORIES = (
    ("all:\n  hosts:\n    a:\n  children:\n    b:\n      hosts: {c: }\n", None),
    ("- a\n", "not an inventory"),
    ("g: text\n", "group 'g' is not a mapping"),
    ("g:\n  host: {}\n", "group 'g' has key 'host'"),
    ("g:\n  hosts: [a]\n", "'g.hosts' is not a mapping"),
)


class TestValidate(base.TestCase):

    def assert_check(self, function, value, expected):
        if expected is None:
            function(value)
            return
        with self.assertRaises(errors.ConfigError) as caught:
            function(value)
        self.assertIn(expected, str(caught.exception))

    def test_limits(self):
        for value, expected in LIMITS:
            with self.subTest(limit=value):
                self.assert_check(validate.check_limit, value, expected)

    def test_extra_vars(self):
        for value, expected in EXTRA_VARS:
            with self.subTest(extra_vars=value):
                self.assert_check(lambda v: validate.check_extra_vars([v]),
                                  value, expected)

    def test_extra_vars_file_must_be_a_mapping(self):
        path = self.write("ev.yml", "- 1\n")
        with self.assertRaises(errors.ConfigError) as caught:
            validate.check_extra_vars([f"@{path}"])
        self.assertIn("ev.yml: extra vars file is not a mapping", str(caught.exception))

    def test_ini_inventories(self):
        for text, expected in INI:
            with self.subTest(text=text):
                path = self.write("inv/hosts", text)
                self.assert_check(validate.check_inventory, path.parent, expected)

    def test_yaml_inventories(self):
        for text, expected in YAML_INVENTORIES:
            with self.subTest(text=text):
                path = self.write("inv/hosts.yml", text)
                self.assert_check(validate.check_inventory, path.parent, expected)

    def test_inventory_skips_vars_dirs_scripts_and_ignored_files(self):
        self.write("inv/group_vars/all", "not: [an inventory\n")
        self.write("inv/notes.md", "[[[")
        script = self.write("inv/script", "#!/bin/sh\necho {}\n")
        os.chmod(script, 0o755)
        validate.check_inventory(self.tmp_path / "inv")

    def test_inventory_scripts(self):
        for body, expected in (
                ("echo '{}'", None),
                ("echo oops >&2; exit 3", "inventory script exited with code 3 "
                                          "(oops)"),
                ("echo not-json", "inventory script printed no JSON"),
                ("echo '[1]'", "inventory script printed no mapping")):
            with self.subTest(body=body):
                script = self.write("inv/script", f"#!/bin/sh\n{body}\n")
                os.chmod(script, 0o755)
                self.assert_check(validate.check_inventory, script.parent, expected)

    def test_missing_inventory_source(self):
        with self.assertRaises(errors.ConfigError) as caught:
            validate.check_inventory_sources([str(self.tmp_path / "nope")])
        self.assertIn("nope: no such inventory", str(caught.exception))

    def test_mappings(self):
        for text, expected in (("a: 1\n", None), ("# only\n", None),
                               ("- 1\n", "x.yml:1: holds a list"),
                               ("3\n", "holds a number")):
            with self.subTest(text=text):
                path = self.write("x.yml", text)
                self.assert_check(validate.check_mappings, [path], expected)

    def test_ansible_cfg_value_named_with_line(self):
        for text, expected in (
                ("[defaults]\nforks = 5\n", None),
                ("[defaults]\n\nforks = many\n", "ansible.cfg:3: forks = many"),
                ("[defaults]\ntimeout = soon\n", "ansible.cfg:2: timeout = soon")):
            with self.subTest(text=text):
                path = self.write("ansible.cfg", text)
                self.assert_check(validate.check_ansible_cfg, path, expected)

    def test_vault_password_checked_against_values(self):
        from ansible.parsing.vault import VaultLib
        from ansible.parsing.vault import VaultSecret
        lib = VaultLib([("default", VaultSecret(b"right"))])
        cipher = lib.encrypt(b"s3cret").decode()
        body = "\n".join("  " + line for line in cipher.splitlines())
        inline = self.write("secrets.yml", f"plain: 1\ndb: !vault |\n{body}\n")
        whole = self.write("whole.yml", cipher)
        validate.check_vault_password([inline, whole], "right")
        for path, line in ((inline, 2), (whole, 1)):
            with self.subTest(path=path.name):
                with self.assertRaises(errors.VaultError) as caught:
                    validate.check_vault_password([path], "wrong")
                self.assertIn(f"{path.name}:{line}: the vault password does not "
                              "decrypt", str(caught.exception))

    def test_vip(self):
        for variables, expected in (
                ({"kolla_internal_vip_address": "10.0.0.1"}, None),
                ({"kolla_internal_vip_address": "fd00::1",
                  "kolla_external_vip_address": ""}, None),
                ({}, "kolla_internal_vip_address is not set"),
                ({"kolla_internal_vip_address": "10.77.0.300"},
                 "'10.77.0.300' is not an IP address"),
                ({"kolla_internal_vip_address": "10.0.0.1",
                  "kolla_external_vip_address": "x"},
                 "kolla_external_vip_address 'x' is not an IP address")):
            with self.subTest(variables=variables):
                self.assert_check(validate.check_vip, variables, expected)


class TestCause(base.TestCase):

    def test_generic_prefixes_stripped(self):
        message = ("Task failed: Finalization of task args for "
                   "'ansible.builtin.debug' failed: Error while resolving value "
                   "for 'msg': The filter plugin 'kayobe.net' failed: vlan 'abc' "
                   "is not an integer in 1-4094")
        self.assertEqual(report.pick_message({"msg": message}),
                         "vlan 'abc' is not an integer in 1-4094")
        self.assertEqual(report.pick_message({"msg": "Task failed: "}),
                         "Task failed:")

    def test_last_line_carries_the_cause(self):
        run = {"command": "x", "failed_hosts": ["ctl2"], "unreachable_hosts": [],
               "hosts": {"ctl2": {"status": "failed", "failed_task": "Render",
                                  "message": "vlan 'abc' is bad"}}}
        with self.assertRaises(errors.RunError) as caught:
            engine.check_result(2, run)
        self.assertTrue(str(caught.exception).endswith(
            ": ctl2: Render: vlan 'abc' is bad"), str(caught.exception))


class TestLock(base.TestCase):

    def test_second_holder_refused_then_free(self):
        from kayobe import config as kconfig
        config = kconfig.Config(self.tmp_path)
        with engine.config_lock(config, "first"):
            with self.assertRaises(errors.KayobeError) as caught:
                with engine.config_lock(config, "second"):
                    pass
            self.assertIn(f"another kayobe command is running on {self.tmp_path}",
                          str(caught.exception))
            self.assertIn(f"pid {os.getpid()}: first", str(caught.exception))
        with engine.config_lock(config, "third"):
            pass

    def test_readers_share_but_exclude_a_writer(self):
        from kayobe import config as kconfig
        config = kconfig.Config(self.tmp_path)
        with engine.config_lock(config, "dump", shared=True):
            with engine.config_lock(config, "inventory", shared=True):
                with self.assertRaises(errors.KayobeError):
                    with engine.config_lock(config, "host configure"):
                        pass
        with engine.config_lock(config, "writer"):
            with self.assertRaises(errors.KayobeError) as caught:
                with engine.config_lock(config, "dump", shared=True):
                    pass
            self.assertIn("writer", str(caught.exception))
