from kayobe import errors
from kayobe import vault
from tests.unit import base

# (file given, --ask-vault-pass, $KAYOBE_VAULT_PASSWORD set, sources named)
SEVERAL_SOURCES = [
    (True, True, False, "--vault-password-file, --ask-vault-pass"),
    (True, False, True, "--vault-password-file, $KAYOBE_VAULT_PASSWORD"),
    (False, True, True, "--ask-vault-pass, $KAYOBE_VAULT_PASSWORD"),
]


class TestVault(base.TestCase):

    def test_no_source(self):
        self.assertEqual(vault.select_source(environ={}), vault.VaultSource())
        self.assertEqual(vault.ansible_args(vault.VaultSource()), [])

    def test_file_source(self):
        f = self.write("pw", "secret\n")
        source = vault.select_source(str(f), environ={})
        self.assertEqual(source, vault.VaultSource("file", str(f)))
        self.assertEqual(vault.ansible_args(source),
                         ["--vault-password-file", str(f)])
        self.assertEqual(vault.read_password(source), "secret")

    def test_env_source_uses_helper(self):
        source = vault.select_source(environ={vault.ENV_VAR: "pw"})
        self.assertEqual(source.kind, "env")
        args = vault.ansible_args(source)
        self.assertEqual(args[0], "--vault-password-file")
        self.assertTrue(args[1].endswith(vault.HELPER))
        self.assertEqual(vault.read_password(source, {vault.ENV_VAR: "pw"}),
                         "pw")

    def test_several_sources_rejected(self):
        f = self.write("pw", "x")
        for file, ask, env, named in SEVERAL_SOURCES:
            with self.subTest(file=file, ask=ask, env=env):
                with self.assertRaises(errors.VaultError) as exc:
                    vault.select_source(str(f) if file else None, ask,
                                        {vault.ENV_VAR: "pw"} if env else {})
                self.assertIn(named, str(exc.exception))
                self.assertIn("exactly one", str(exc.exception))

    def test_missing_file(self):
        with self.assertRaisesRegex(errors.VaultError, "does not exist"):
            vault.select_source(str(self.tmp_path / "nope"), environ={})

    def test_prompt_into_environ(self):
        environ = {}
        vault.prompt_into_environ(vault.VaultSource("prompt"), environ,
                                  getpass=lambda prompt: "typed")
        self.assertEqual(environ, {vault.ENV_VAR: "typed"})
        with self.assertRaisesRegex(errors.VaultError, "empty"):
            vault.prompt_into_environ(vault.VaultSource("prompt"), {},
                                      getpass=lambda prompt: "")

    def test_helper_prints_password(self):
        self.setenv(vault.ENV_VAR, "s3cret")
        with self.capture() as out:
            self.assertEqual(vault.print_password_from_env(), 0)
        self.assertEqual(out.getvalue(), "s3cret\n")
        self.delenv(vault.ENV_VAR)
        self.assertEqual(vault.print_password_from_env(), 1)
