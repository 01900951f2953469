"""Passwords in HashiCorp Vault through kolla-readpwd/kolla-writepwd (the
tools mocked at their subprocess seam)."""

import yaml

from kayobe import errors
from kayobe.kolla import vaultpwd
from tests.unit import base

CONF = {"kolla_ansible_vault_addr": "http://127.0.0.1:8200",
        "kolla_ansible_vault_token": "s.tok3n",
        "kolla_ansible_vault_mount_point": "kv",
        "kolla_ansible_vault_kv_path": "", "kolla_ansible_vault_namespace": None}


class FakeVault:
    """kolla-readpwd/kolla-writepwd over a dict, as the tools behave."""

    def __init__(self, data=None, fail=None):
        self.data = dict(data or {})
        self.calls = []
        self.fail = fail

    def __call__(self, argv):
        self.calls.append(argv)
        if self.fail:
            return 1, self.fail
        path = argv[argv.index("--passwords") + 1]
        with open(path) as stream:
            doc = yaml.safe_load(stream)
        if argv[0].endswith("kolla-readpwd"):
            with open(path, "w") as stream:
                yaml.safe_dump({k: self.data.get(k) for k in doc}, stream)
        else:
            self.data.update(doc)
        return 0, ""


class TestVaultPasswords(base.TestCase):

    def test_no_address_is_no_vault(self):
        self.assertIsNone(vaultpwd.settings({"kolla_ansible_vault_addr": ""}))

    def test_argv(self):
        conf = vaultpwd.settings(CONF)
        self.assertEqual(vaultpwd.argv("/venv", "kolla-readpwd", "/p", conf), [
            "/venv/bin/kolla-readpwd", "--passwords", "/p",
            "--vault-addr", "http://127.0.0.1:8200", "--vault-mount-point", "kv",
            "--vault-token", "s.tok3n"])
        approle = vaultpwd.settings(dict(CONF, kolla_ansible_vault_token="",
                                         kolla_ansible_vault_role_id="r",
                                         kolla_ansible_vault_secret_id="s"))
        self.assertEqual(vaultpwd.argv("/venv", "kolla-writepwd", "/p", approle)[-4:],
                         ["--vault-role-id", "r", "--vault-secret-id", "s"])

    def test_no_credentials(self):
        with self.assertRaisesRegex(errors.ConfigError,
                                    "give kolla_ansible_vault_token, or"):
            vaultpwd.settings(dict(CONF, kolla_ansible_vault_token=""))

    def test_vault_wins_then_missing_are_written_back(self):
        conf = vaultpwd.settings(CONF)
        fake = FakeVault({"database_password": "from-vault"})
        got = vaultpwd.read(
            "/venv", conf, ["database_password", "keystone_admin_password"], fake)
        self.assertEqual(got, {"database_password": "from-vault",
                               "keystone_admin_password": None})
        local = "database_password: local\nkeystone_admin_password: kept\n"
        merged = yaml.safe_load(vaultpwd.overlay(local, got))
        self.assertEqual(merged, {"database_password": "from-vault",
                                  "keystone_admin_password": "kept"})
        final = yaml.safe_dump(merged)
        self.assertTrue(vaultpwd.differs(got, final))
        vaultpwd.write("/venv", conf, final, fake)
        self.assertEqual(fake.data, merged)
        self.assertFalse(vaultpwd.differs(
            vaultpwd.read("/venv", conf, list(merged), fake), final))

    def test_failure_is_one_line_without_the_token(self):
        conf = vaultpwd.settings(CONF)
        fake = FakeVault(fail="hvac: permission denied for token s.tok3n")
        with self.assertRaises(errors.RunError) as caught:
            vaultpwd.read("/venv", conf, ["a"], fake)
        message = str(caught.exception)
        self.assertIn("kolla-readpwd exited with code 1 (Vault http://127.0.0.1:8200)",
                      message)
        self.assertNotIn("s.tok3n", message)
