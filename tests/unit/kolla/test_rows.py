"""Every kolla row, run through the CLI with the subprocess seam mocked.

kolla-genpwd and kolla-mergepwd are simulated at the seam; the exact
kolla-ansible argv of every row is compared with one golden file
(regenerate with UPDATE_GOLDEN=1 and review the diff).
"""

import json
import os
import pathlib
from unittest import mock

import pytest
import yaml

from kayobe import runner
from kayobe.cli import app
from kayobe.cli.rows import kolla as rows
from kayobe.kolla import passwords
from tests.conftest import write

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
    "overcloud database recover": ["--force-recovery-host", "ctl1"],
    "overcloud service configuration generate": [
        "--node-config-dir", "/srv/node-config", "-kt", "keystone"],
}
VAULT_PASSWORD = "kayobe-test-vault"


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
        self.hook = None     # called with each kolla-ansible argv

    def __call__(self, argv, env):
        name = os.path.basename(argv[0])
        if name == "kolla-genpwd":
            fake_genpwd(argv[argv.index("-p") + 1])
        elif name == "kolla-mergepwd":
            fake_mergepwd(*(argv[argv.index(f) + 1]
                            for f in ("--old", "--new", "--final")))
        else:
            if self.hook:
                self.hook(argv)
            self.kolla.append(argv)
            self.envs.append(env)
        return 0


@pytest.fixture
def setup(tmp_path, monkeypatch):
    venv = tmp_path / "venv"
    write(venv / "share/kolla-ansible/etc_examples/kolla/passwords.yml", TEMPLATE)
    write(venv / "share/kolla-ansible/ansible/inventory/multinode", MULTINODE)
    for tool in ("kolla-ansible", "kolla-genpwd", "kolla-mergepwd"):
        write(venv / "bin" / tool, "")
    config = tmp_path / "config"
    write(config / "inventory" / "hosts",
          "[seed]\nseed1\n[controllers]\nctl1\n[compute]\ncmp1\n"
          "[all:vars]\nansible_connection=local\n")
    write(config / "kolla.yml", "internal_net_name: internal\n"
          "internal_interface: eth1\nkolla_internal_vip_address: 10.66.1.2\n")
    write(config / "kolla" / "config" / "keystone.conf", "[token]\nx = 1\n")
    write(tmp_path / "vpw", VAULT_PASSWORD + "\n")
    monkeypatch.setenv("KAYOBE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("KAYOBE_VAULT_PASSWORD", raising=False)
    monkeypatch.delenv("KOLLA_CONFIG_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    seam = Seam()

    def run(*args, vault=True):
        argv = list(args) + ["--config-path", str(config),
                             "--kolla-config-path", str(tmp_path / "kolla"),
                             "--kolla-venv", str(venv)]
        if vault:
            argv += ["--vault-password-file", str(tmp_path / "vpw")]
        with mock.patch.object(runner, "run_process", autospec=True,
                               side_effect=seam):
            return app.main(argv)

    return run, seam, tmp_path


def stored_passwords(tmp_path):
    data = (tmp_path / "config" / "kolla" / "passwords.yml").read_bytes()
    return passwords.decrypt(data, VAULT_PASSWORD, "store")


def test_golden_kolla_argv_of_every_row(setup, capfd):
    run, seam, tmp_path = setup
    snapshot = {}
    for words in sorted(rows.ACTIONS):
        seam.kolla.clear()
        assert run(*words.split(), *ROW_ARGS.get(words, [])) == 0, words
        snapshot[words] = [[a.replace(str(tmp_path), "<tmp>") for a in argv]
                           for argv in seam.kolla]
    seam.kolla.clear()
    assert run("kolla", "ansible", "run", "--action", "certificates",
               "--kolla-inventory-filename", "seed") == 0
    snapshot["kolla ansible run"] = [[a.replace(str(tmp_path), "<tmp>")
                                      for a in argv] for argv in seam.kolla]
    text = json.dumps(snapshot, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()
    # No generated password ever reaches the output.
    out = "".join(capfd.readouterr())
    for value in passwords.values(stored_passwords(tmp_path)):
        assert value not in out


def test_generated_tree_and_passwords(setup, capfd):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    kolla = tmp_path / "kolla"
    assert seam.kolla == []
    globals_ = yaml.safe_load((kolla / "globals.yml").read_text())
    assert globals_["kolla_internal_vip_address"] == "10.66.1.2"
    inv = yaml.safe_load((kolla / "inventory/overcloud/hosts.yml").read_text())
    assert inv["all"]["hosts"]["ctl1"]["api_interface"] == "eth1"
    assert inv["all"]["children"]["control"] == {"hosts": {"ctl1": None}}
    assert inv["all"]["children"]["keystone"] == {"children": {"control": None}}
    assert (kolla / "config/keystone.conf").read_text() == "[token]\nx = 1\n"
    for path in (kolla / "passwords.yml",
                 tmp_path / "config/kolla/passwords.yml"):
        assert path.read_bytes().startswith(b"$ANSIBLE_VAULT;")
        assert path.stat().st_mode & 0o777 == 0o600
    text = stored_passwords(tmp_path)
    data = yaml.safe_load(text)
    assert set(data) == {"keystone_admin_password", "database_password",
                         "registry_password"}
    assert data["database_password"].startswith("gen-")
    out = "".join(capfd.readouterr())
    assert "1 created" not in out and "passwords updated" in out
    for value in passwords.values(text):
        assert value not in out
    # A second run changes nothing and keeps the passwords.
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    assert "0 changed" in capfd.readouterr().out
    assert stored_passwords(tmp_path) == text
    # passwords view shows them, with the vault password only.
    assert run("overcloud", "service", "passwords", "view") == 0
    assert data["database_password"] in capfd.readouterr().out


def test_new_template_keys_are_added_and_old_values_kept(setup):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    before = yaml.safe_load(stored_passwords(tmp_path))
    write(tmp_path / "venv/share/kolla-ansible/etc_examples/kolla/passwords.yml",
          TEMPLATE + "new_service_password:\n")
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    after = yaml.safe_load(stored_passwords(tmp_path))
    assert after["new_service_password"].startswith("gen-")
    assert {k: after[k] for k in before} == before
    kolla_copy = passwords.decrypt(
        (tmp_path / "kolla/passwords.yml").read_bytes(), VAULT_PASSWORD, "x")
    assert yaml.safe_load(kolla_copy) == after


def test_without_vault_password_nothing_is_written(setup, capfd):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "deploy", vault=False) == 2
    err = capfd.readouterr().err
    assert err.startswith("kayobe: error: kolla passwords are stored "
                          "vault-encrypted")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "kolla").exists() and seam.kolla == []
    assert run("overcloud", "service", "passwords", "view", vault=False) == 2


@pytest.mark.parametrize("words", [w for w, a in rows.ACTIONS.items()
                                   if a.confirm])
def test_destructive_actions_need_confirmation(setup, capfd, words):
    run, seam, tmp_path = setup
    assert run(*words.split()) == 2
    assert "--yes-i-really-really-mean-it" in capfd.readouterr().err
    assert seam.kolla == []


def test_environment_conflict(setup, capfd):
    run, seam, tmp_path = setup
    (tmp_path / "config/environments/prod").mkdir(parents=True)
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig", "--environment", "prod") == 2
    assert "generated for environment '(none)', not 'prod'" in capfd.readouterr().err


def test_diff_writes_nothing(setup, capfd):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    capfd.readouterr()
    before = (tmp_path / "kolla/globals.yml").read_text()
    assert run("overcloud", "service", "configuration", "diff",
               "-e", "kolla_enable_cinder=true") == 0
    out = capfd.readouterr().out
    assert "-enable_cinder: false\n+enable_cinder: true\n" in out
    assert (tmp_path / "kolla/globals.yml").read_text() == before
    assert run("overcloud", "service", "configuration", "diff") == 0
    assert capfd.readouterr().out == "no change\n"


def test_bad_config_is_one_line_naming_the_variable(setup, capfd):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "configuration", "diff",
               "-e", "kolla_enable_nova=maybe") == 2
    assert capfd.readouterr().err == (
        "kayobe: error: variable 'kolla_enable_nova' must be a boolean "
        "(true/false, yes/no, on/off, 1/0), not 'maybe'\n")


def test_custom_inventory_forms(setup):
    """Upstream Kayobe's kolla_overcloud_inventory_custom_* variables."""
    run, seam, tmp_path = setup
    inv = tmp_path / "kolla/inventory"
    top = "[control]\nctl1 extra_var=1\nother1\n[control:vars]\ny=2\n"
    components = "[keystone:children]\ncompute\n"
    write(tmp_path / "config/inventory-custom.yml", yaml.safe_dump({
        "kolla_overcloud_inventory_custom_top_level": top,
        "kolla_overcloud_inventory_custom_components": components}))
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    assert (inv / "overcloud/custom-top-level").read_text() == top
    assert (inv / "overcloud/zz-custom-components").read_text() == components
    hosts = yaml.safe_load((inv / "overcloud/hosts.yml").read_text())["all"]
    # hosts placed by the operator's top level only; unknown ones get no vars
    assert hosts["hosts"]["ctl1"]["api_interface"] == "eth1"
    assert hosts["hosts"]["other1"] is None and "cmp1" not in hosts["hosts"]
    # the template's component groups are replaced, not repeated
    assert "keystone" not in hosts["children"]
    assert "control" not in hosts["children"]

    # The whole inventory replaced: only the operator's file remains.
    write(tmp_path / "config/inventory-custom.yml", yaml.safe_dump({
        "kolla_overcloud_inventory_custom": "[control]\nctl1\n",
        "kolla_seed_inventory_custom": "[bifrost]\nseed1\n"}))
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    assert sorted(p.name for p in (inv / "overcloud").iterdir()) == ["hosts"]
    assert sorted(p.name for p in (inv / "seed").iterdir()) == ["hosts"]
    assert (inv / "seed/hosts").read_text() == "[bifrost]\nseed1\n"


def test_custom_inventory_must_be_text(setup, capfd):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "configuration", "diff", "-e",
               '{"kolla_overcloud_inventory_custom_top_level": ["control"]}') == 2
    assert capfd.readouterr().err == (
        "kayobe: error: variable 'kolla_overcloud_inventory_custom_top_level' "
        "must be INI inventory text\n")


def test_check_mode_writes_nothing(setup, capfd):
    """--check: kolla-ansible gets a private generated copy; the kolla
    configuration path and the passwords store stay untouched."""
    run, seam, tmp_path = setup
    seen = {}

    def record(argv):
        configdir = pathlib.Path(argv[argv.index("--configdir") + 1])
        seen["configdir"] = configdir
        seen["globals"] = (configdir / "globals.yml").read_text()
        seen["passwords"] = (configdir / "passwords.yml").read_bytes()

    seam.hook = record
    assert run("overcloud", "service", "deploy", "--check") == 0
    assert not (tmp_path / "kolla").exists()
    assert not (tmp_path / "config/kolla/passwords.yml").exists()
    assert seen["configdir"] != tmp_path / "kolla"
    assert not seen["configdir"].exists()          # removed afterwards
    assert "10.66.1.2" in seen["globals"]
    assert seen["passwords"].startswith(b"$ANSIBLE_VAULT;")
    assert "--check" in seam.kolla[-1]
    assert "check mode: a temporary copy; nothing written" in capfd.readouterr().out

    # An existing tree is copied, changed only in the copy.
    assert run("overcloud", "service", "configuration", "generate",
               "--skip-genconfig") == 0
    before = {p: p.read_bytes() for p in (tmp_path / "kolla").rglob("*") if p.is_file()}
    store = (tmp_path / "config/kolla/passwords.yml").read_bytes()
    assert run("overcloud", "service", "deploy", "--check",
               "-e", "kolla_enable_cinder=true") == 0
    assert "enable_cinder: true" in seen["globals"]
    assert {p: p.read_bytes() for p in (tmp_path / "kolla").rglob("*")
            if p.is_file()} == before
    assert (tmp_path / "config/kolla/passwords.yml").read_bytes() == store


def test_rendered_diff_runs_genconfig_in_check_and_diff_mode(setup, capfd):
    run, seam, tmp_path = setup
    assert run("overcloud", "service", "configuration", "diff") == 0
    assert seam.kolla == []
    assert run("overcloud", "service", "configuration", "diff", "--rendered",
               "-kt", "keystone", "--node-config-dir", "/srv/nc") == 0
    argv, env = seam.kolla[-1], seam.envs[-1]
    assert argv[1] == "genconfig"
    assert argv[argv.index("--configdir") + 1] != str(tmp_path / "kolla")
    for flags in (["--check"], ["--diff"], ["--tags", "keystone"],
                  ["-e", "node_config_directory=/srv/nc"]):
        assert any(argv[i:i + len(flags)] == flags for i in range(len(argv)))
    assert env["ANSIBLE_STDOUT_CALLBACK"] == "kayobe_diff"
    assert pathlib.Path(env["ANSIBLE_CALLBACK_PLUGINS"], "kayobe_diff.py").is_file()
    assert not (tmp_path / "kolla").exists()
