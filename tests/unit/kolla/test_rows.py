"""Every kolla row, run through the CLI with the subprocess seam mocked.

kolla-genpwd and kolla-mergepwd are simulated at the seam; the exact
kolla-ansible argv of every row is compared with one golden file
(regenerate with UPDATE_GOLDEN=1 and review the diff).
"""

import contextlib
import json
import os
import pathlib

import yaml

from kayobe import runner
from kayobe.cli import app
from kayobe.cli.rows import kolla as rows
from kayobe.kolla import passwords
from tests.unit import base
from tests.unit.cli.test_table import normalise

GOLDEN = pathlib.Path(__file__).parent / "golden_kolla_commands.json"
TEMPLATE = "keystone_admin_password:\ndatabase_password:\nregistry_password:\n"
MULTINODE = """\
[control]
control01
[baremetal:children]
control
compute
[keystone:children]
control
"""
ROW_ARGS = {
    "overcloud service stop": ["--yes-i-really-really-mean-it"],
    "overcloud service destroy": ["--yes-i-really-really-mean-it"],
    "seed service destroy": ["--yes-i-really-really-mean-it"],
    "overcloud database backup": ["--incremental"],
    "overcloud database recover": ["--force-recovery-host", "ctl1"],
    "overcloud service configuration generate": [
        "--node-config-dir", "/srv/node-config", "-kt", "keystone"],
}
VAULT_PASSWORD = "kayobe-test-vault"
GENERATE = ("overcloud", "service", "configuration", "generate",
            "--skip-genconfig")


def fake_genpwd(path):
    data = yaml.safe_load(pathlib.Path(path).read_text()) or {}
    data = {k: (v if v or k == "registry_password" else f"gen-{k}-{os.getpid()}")
            for k, v in data.items()}
    pathlib.Path(path).write_text(yaml.safe_dump(data))


def fake_mergepwd(old, new, final):
    old = yaml.safe_load(pathlib.Path(old).read_text())
    new = yaml.safe_load(pathlib.Path(new).read_text())
    pathlib.Path(final).write_text(yaml.safe_dump(
        {k: old.get(k, v) for k, v in new.items()}))


class Seam:
    """Stands in for runner.run_process; records kolla-ansible argv."""

    def __init__(self):
        self.kolla = []
        self.envs = []
        self.playbooks = []  # kayobe's own ansible-playbook runs
        self.hook = None     # called with each kolla-ansible argv

    def __call__(self, argv, env):
        name = os.path.basename(argv[0])
        if name == "kolla-genpwd":
            fake_genpwd(argv[argv.index("-p") + 1])
        elif name == "kolla-mergepwd":
            fake_mergepwd(*(argv[argv.index(f) + 1]
                            for f in ("--old", "--new", "--final")))
        elif name == "ansible-playbook":
            self.playbooks.append(argv)
        else:
            if self.hook:
                self.hook(argv)
            self.kolla.append(argv)
            self.envs.append(env)
        return 0


class KollaRowsCase(base.TestCase):
    """A kayobe configuration, a fake kolla-ansible venv and the seam."""

    def setUp(self):
        super().setUp()
        venv = "venv/share/kolla-ansible"
        self.write(f"{venv}/etc_examples/kolla/passwords.yml", TEMPLATE)
        self.write(f"{venv}/ansible/inventory/multinode", MULTINODE)
        for tool in ("kolla-ansible", "kolla-genpwd", "kolla-mergepwd"):
            self.write(f"venv/bin/{tool}", "")
        self.write("config/inventory/hosts",
                   "[seed]\nseed1\n[controllers]\nctl1\n[compute]\ncmp1\n"
                   "[all:vars]\nansible_connection=local\n")
        self.write("config/kolla.yml", "internal_net_name: internal\n"
                   "internal_interface: eth1\n"
                   "kolla_internal_vip_address: 10.66.1.2\n")
        self.write("config/kolla/config/keystone.conf", "[token]\nx = 1\n")
        self.write("vpw", VAULT_PASSWORD + "\n")
        self.delenv("KAYOBE_VAULT_PASSWORD")
        self.delenv("KOLLA_CONFIG_PATH")
        cwd = os.getcwd()
        os.chdir(self.tmp_path)
        self.addCleanup(os.chdir, cwd)
        self.seam = Seam()
        self.patch_object(runner, "run_process", autospec=True,
                          side_effect=self.seam)
        self.out = open(self.tmp_path / "out", "w+")
        self.err = open(self.tmp_path / "err", "w+")
        self.addCleanup(self.out.close)
        self.addCleanup(self.err.close)

    def run_kayobe(self, *args, vault=True):
        """Exit code of ``kayobe ARGS``; stdout and stderr go to real
        files (Ansible reconfigures them when imported), read by read()."""
        argv = list(args) + ["--config-path", str(self.tmp_path / "config"),
                             "--kolla-config-path", str(self.tmp_path / "kolla"),
                             "--kolla-venv", str(self.tmp_path / "venv")]
        if vault:
            argv += ["--vault-password-file", str(self.tmp_path / "vpw")]
        with contextlib.redirect_stdout(self.out), \
                contextlib.redirect_stderr(self.err):
            return app.main(argv)

    def read(self):
        """(stdout, stderr) written since the last read."""
        texts = []
        for stream in (self.out, self.err):
            stream.seek(0)
            texts.append(stream.read())
            stream.seek(0)
            stream.truncate()
        return tuple(texts)

    def errors_shown(self):
        """kayobe's error lines on stderr since the last read (Ansible,
        resolving variables in-process, may warn before them)."""
        return [line for line in self.read()[1].splitlines()
                if line.startswith("kayobe: error: ")]

    def stored_passwords(self):
        data = (self.tmp_path / "config/kolla/passwords.yml").read_bytes()
        return passwords.decrypt(data, VAULT_PASSWORD, "store")


class TestKollaRows(KollaRowsCase):

    def test_golden_kolla_argv_of_every_row(self):
        snapshot = {}
        for row in rows.ACTION_ROWS:
            with self.subTest(row=row.words):
                self.seam.kolla.clear()
                self.seam.playbooks.clear()
                code = self.run_kayobe(*row.words.split(),
                                       *ROW_ARGS.get(row.words, []))
                self.assertEqual(code, 0, self.read())
                # kolla-ansible's argv, then those of the row's own
                # playbooks (as in tests/unit/cli/golden_commands.json).
                snapshot[row.words] = [
                    [a.replace(str(self.tmp_path), "<tmp>") for a in argv]
                    for argv in self.seam.kolla] + [
                    [a.replace(str(self.tmp_path), "<tmp>")
                     for a in normalise(argv, self.tmp_path / "config")]
                    for argv in self.seam.playbooks]
        self.seam.kolla.clear()
        self.assertEqual(self.run_kayobe(
            "kolla", "ansible", "run", "--action", "certificates",
            "--kolla-inventory-filename", "seed"), 0)
        snapshot["kolla ansible run"] = [
            [a.replace(str(self.tmp_path), "<tmp>") for a in argv]
            for argv in self.seam.kolla]
        text = json.dumps(snapshot, indent=1, sort_keys=True) + "\n"
        if os.environ.get("UPDATE_GOLDEN"):
            GOLDEN.write_text(text)
        self.assertEqual(text, GOLDEN.read_text())
        # No generated password ever reaches the output.
        out = "".join(self.read())
        for value in passwords.values(self.stored_passwords()):
            self.assertNotIn(value, out)

    def test_generated_tree_and_passwords(self):
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        kolla = self.tmp_path / "kolla"
        self.assertEqual(self.seam.kolla, [])
        globals_ = yaml.safe_load((kolla / "globals.yml").read_text())
        self.assertEqual(globals_["kolla_internal_vip_address"], "10.66.1.2")
        inv = yaml.safe_load((kolla / "inventory/overcloud/hosts.yml").read_text())
        self.assertEqual(inv["all"]["hosts"]["ctl1"]["api_interface"], "eth1")
        self.assertEqual(inv["all"]["children"]["control"],
                         {"hosts": {"ctl1": None}})
        self.assertEqual(inv["all"]["children"]["keystone"],
                         {"children": {"control": None}})
        self.assertEqual((kolla / "config/keystone.conf").read_text(),
                         "[token]\nx = 1\n")
        for path in (kolla / "passwords.yml",
                     self.tmp_path / "config/kolla/passwords.yml"):
            self.assertTrue(path.read_bytes().startswith(b"$ANSIBLE_VAULT;"))
            self.assertEqual(path.stat().st_mode & 0o777, 0o600)
        text = self.stored_passwords()
        data = yaml.safe_load(text)
        self.assertEqual(set(data), {"keystone_admin_password",
                                     "database_password", "registry_password"})
        self.assertTrue(data["database_password"].startswith("gen-"))
        out = "".join(self.read())
        self.assertNotIn("1 created", out)
        self.assertIn("passwords updated", out)
        for value in passwords.values(text):
            self.assertNotIn(value, out)
        # A second run changes nothing and keeps the passwords.
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        self.assertIn("0 changed", self.read()[0])
        self.assertEqual(self.stored_passwords(), text)
        # passwords view shows them, with the vault password only.
        self.assertEqual(self.run_kayobe("overcloud", "service", "passwords",
                                         "view"), 0)
        self.assertIn(data["database_password"], self.read()[0])

    def test_new_template_keys_are_added_and_old_values_kept(self):
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        before = yaml.safe_load(self.stored_passwords())
        self.write("venv/share/kolla-ansible/etc_examples/kolla/passwords.yml",
                   TEMPLATE + "new_service_password:\n")
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        after = yaml.safe_load(self.stored_passwords())
        self.assertTrue(after["new_service_password"].startswith("gen-"))
        self.assertEqual({k: after[k] for k in before}, before)
        kolla_copy = passwords.decrypt(
            (self.tmp_path / "kolla/passwords.yml").read_bytes(),
            VAULT_PASSWORD, "x")
        self.assertEqual(yaml.safe_load(kolla_copy), after)

    def test_without_vault_password_nothing_is_written(self):
        self.assertEqual(self.run_kayobe("overcloud", "service", "deploy",
                                         vault=False), 2)
        err = self.read()[1]
        self.assertTrue(err.startswith(
            "kayobe: error: kolla passwords are stored vault-encrypted"), err)
        self.assertEqual(len(err.splitlines()), 1)
        self.assertFalse((self.tmp_path / "kolla").exists())
        self.assertEqual(self.seam.kolla, [])
        self.assertEqual(self.run_kayobe("overcloud", "service", "passwords",
                                         "view", vault=False), 2)

    def test_destructive_actions_need_confirmation(self):
        confirmed = [row for row in rows.ROWS if row.action and row.action.confirm]
        self.assertEqual(len(confirmed), 3)
        for row in confirmed:
            with self.subTest(row=row.words):
                self.assertEqual(self.run_kayobe(*row.words.split()), 2)
                self.assertIn("--yes-i-really-really-mean-it", self.read()[1])
                self.assertEqual(self.seam.kolla, [])
        for action in sorted(rows.DANGEROUS):
            with self.subTest(action=action):
                self.assertEqual(self.run_kayobe("kolla", "ansible", "run",
                                                 "--action", action), 2)
                self.assertIn(f"kolla-ansible {action} is destructive",
                              self.read()[1])
                self.assertEqual(self.seam.kolla, [])

    def test_environment_conflict(self):
        (self.tmp_path / "config/environments/prod").mkdir(parents=True)
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        self.assertEqual(self.run_kayobe(*GENERATE, "--environment", "prod"), 2)
        self.assertIn("generated for environment '(none)', not 'prod'",
                      self.read()[1])

    def test_diff_writes_nothing(self):
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        self.read()
        before = (self.tmp_path / "kolla/globals.yml").read_text()
        self.assertEqual(self.run_kayobe(
            "overcloud", "service", "configuration", "diff",
            "-e", "kolla_enable_cinder=true"), 0)
        self.assertIn("-enable_cinder: false\n+enable_cinder: true\n",
                      self.read()[0])
        self.assertEqual((self.tmp_path / "kolla/globals.yml").read_text(), before)
        self.assertEqual(self.run_kayobe("overcloud", "service",
                                         "configuration", "diff"), 0)
        self.assertEqual(self.read()[0], "no change\n")

    def test_bad_config_is_one_line_naming_the_variable(self):
        self.assertEqual(self.run_kayobe(
            "overcloud", "service", "configuration", "diff",
            "-e", "kolla_enable_nova=maybe"), 2)
        self.assertEqual(self.errors_shown(), [
            "kayobe: error: variable 'kolla_enable_nova' must be a boolean "
            "(true/false, yes/no, on/off, 1/0), not 'maybe'"])

    def test_custom_inventory_forms(self):
        """Upstream Kayobe's kolla_overcloud_inventory_custom_* variables."""
        inv = self.tmp_path / "kolla/inventory"
        top = "[control]\nctl1 extra_var=1\nother1\n[control:vars]\ny=2\n"
        components = "[keystone:children]\ncompute\n"
        self.write("config/inventory-custom.yml", yaml.safe_dump({
            "kolla_overcloud_inventory_custom_top_level": top,
            "kolla_overcloud_inventory_custom_components": components}))
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        self.assertEqual((inv / "overcloud/custom-top-level").read_text(), top)
        self.assertEqual((inv / "overcloud/zz-custom-components").read_text(),
                         components)
        hosts = yaml.safe_load((inv / "overcloud/hosts.yml").read_text())["all"]
        # hosts placed by the operator's top level only; unknown ones get no vars
        self.assertEqual(hosts["hosts"]["ctl1"]["api_interface"], "eth1")
        self.assertIsNone(hosts["hosts"]["other1"])
        self.assertNotIn("cmp1", hosts["hosts"])
        # the template's component groups are replaced, not repeated
        self.assertNotIn("keystone", hosts["children"])
        self.assertNotIn("control", hosts["children"])

        # The whole inventory replaced: only the operator's file remains.
        self.write("config/inventory-custom.yml", yaml.safe_dump({
            "kolla_overcloud_inventory_custom": "[control]\nctl1\n",
            "kolla_seed_inventory_custom": "[bifrost]\nseed1\n"}))
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        for name in ("overcloud", "seed"):
            self.assertEqual(sorted(p.name for p in (inv / name).iterdir()),
                             ["hosts"])
        self.assertEqual((inv / "seed/hosts").read_text(), "[bifrost]\nseed1\n")

    def test_custom_inventory_must_be_text(self):
        self.assertEqual(self.run_kayobe(
            "overcloud", "service", "configuration", "diff", "-e",
            '{"kolla_overcloud_inventory_custom_top_level": ["control"]}'), 2)
        self.assertEqual(self.errors_shown(), [
            "kayobe: error: variable "
            "'kolla_overcloud_inventory_custom_top_level' must be INI "
            "inventory text"])

    def test_check_mode_writes_nothing(self):
        """--check: kolla-ansible gets a private generated copy; the kolla
        configuration path and the passwords store stay untouched."""
        seen = {}

        def record(argv):
            configdir = pathlib.Path(argv[argv.index("--configdir") + 1])
            seen["configdir"] = configdir
            seen["globals"] = (configdir / "globals.yml").read_text()
            seen["passwords"] = (configdir / "passwords.yml").read_bytes()

        self.seam.hook = record
        self.assertEqual(self.run_kayobe("overcloud", "service", "deploy",
                                         "--check"), 0)
        self.assertFalse((self.tmp_path / "kolla").exists())
        self.assertFalse((self.tmp_path / "config/kolla/passwords.yml").exists())
        self.assertNotEqual(seen["configdir"], self.tmp_path / "kolla")
        self.assertFalse(seen["configdir"].exists())          # removed afterwards
        self.assertIn("10.66.1.2", seen["globals"])
        self.assertTrue(seen["passwords"].startswith(b"$ANSIBLE_VAULT;"))
        self.assertIn("--check", self.seam.kolla[-1])
        self.assertIn("check mode: a temporary copy; nothing written",
                      self.read()[0])

        # An existing tree is copied, changed only in the copy.
        self.assertEqual(self.run_kayobe(*GENERATE), 0)
        kolla = self.tmp_path / "kolla"
        before = {p: p.read_bytes() for p in kolla.rglob("*") if p.is_file()}
        store = (self.tmp_path / "config/kolla/passwords.yml").read_bytes()
        self.assertEqual(self.run_kayobe("overcloud", "service", "deploy",
                                         "--check",
                                         "-e", "kolla_enable_cinder=true"), 0)
        self.assertIn("enable_cinder: true", seen["globals"])
        self.assertEqual({p: p.read_bytes() for p in kolla.rglob("*")
                          if p.is_file()}, before)
        self.assertEqual(
            (self.tmp_path / "config/kolla/passwords.yml").read_bytes(), store)

    def test_rendered_diff_runs_genconfig_in_check_and_diff_mode(self):
        self.assertEqual(self.run_kayobe("overcloud", "service",
                                         "configuration", "diff"), 0)
        self.assertEqual(self.seam.kolla, [])
        self.assertEqual(self.run_kayobe(
            "overcloud", "service", "configuration", "diff", "--rendered",
            "-kt", "keystone", "--node-config-dir", "/srv/nc"), 0)
        argv, env = self.seam.kolla[-1], self.seam.envs[-1]
        self.assertEqual(argv[1], "genconfig")
        self.assertNotEqual(argv[argv.index("--configdir") + 1],
                            str(self.tmp_path / "kolla"))
        for flags in (["--check"], ["--diff"], ["--tags", "keystone"],
                      ["-e", '{"node_config_directory": "/srv/nc"}']):
            with self.subTest(flags=flags):
                self.assertTrue(any(argv[i:i + len(flags)] == flags
                                    for i in range(len(argv))), argv)
        self.assertEqual(env["ANSIBLE_STDOUT_CALLBACK"], "kayobe_diff")
        self.assertTrue(pathlib.Path(env["ANSIBLE_CALLBACK_PLUGINS"],
                                     "kayobe_diff.py").is_file())
        self.assertFalse((self.tmp_path / "kolla").exists())

    def test_node_config_dir_is_made_absolute(self):
        self.assertEqual(self.run_kayobe(
            "overcloud", "service", "configuration", "generate",
            "--node-config-dir", "nc"), 0)
        argv = self.seam.kolla[-1]
        self.assertEqual(json.loads(argv[argv.index("-e") + 1]),
                         {"node_config_directory": str(self.tmp_path / "nc")})
