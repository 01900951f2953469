"""The bad-input corpus: one mistake an operator plausibly makes per row.

Each row starts from a fresh copy of the example configuration
(``etc/kayobe`` plus a local-connection inventory), with the files kayobe
keeps (an allocation file, a kolla tree and its manifest, the encrypted
passwords store, a run report) already there; breaks one thing; runs the
real CLI; and asserts the exit code, one ``kayobe: error:`` line naming the
culprit as the last line, no traceback, and that every file that was there
is byte-identical afterwards and no file was added to the configuration or
the kolla tree.

Most rows fail in kayobe's checks, before ansible-playbook starts; run the
corpus in parallel (``-n 2``).
"""

import dataclasses
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.conftest import LOCAL_HOSTS
from tests.conftest import LOCAL_MULTINODE
from tests.conftest import REPO
from tests.conftest import kayobe_env

VAULT_PASSWORD = "corpus-vault-pass"
HOSTS = LOCAL_HOSTS
MULTINODE = LOCAL_MULTINODE
RUN = ("overcloud", "host", "command", "run", "--command", "true")
KOLLA = ("overcloud", "service", "configuration", "generate")


def encrypt(text, password=VAULT_PASSWORD):
    from ansible.parsing.vault import VaultLib
    from ansible.parsing.vault import VaultSecret
    lib = VaultLib([("default", VaultSecret(password.encode()))])
    return lib.encrypt(text.encode()).decode()


def vaulted_var(name, value, password=VAULT_PASSWORD):
    body = "\n".join("  " + line for line in encrypt(value, password).splitlines())
    return f"{name}: !vault |\n{body}\n"


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    breaks: object                 # callable(Site) that breaks one thing
    culprit: str                   # text the last stderr line must carry
    args: tuple = RUN
    code: int = 2
    vault: bool = True             # pass the (right) vault password file


@dataclasses.dataclass
class Site:
    root: pathlib.Path
    config: pathlib.Path
    kolla: pathlib.Path
    state: pathlib.Path
    extra_args: list = dataclasses.field(default_factory=list)
    env: dict = dataclasses.field(default_factory=dict)

    def write(self, rel, text, base=None):
        path = (base or self.config) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def append(self, rel, text):
        path = self.config / rel
        path.write_text(path.read_text() + text)
        return path


def w(rel, text):
    return lambda s: s.write(rel, text)


def a(rel, text):
    return lambda s: s.append(rel, text)


def args(*extra):
    return lambda s: s.extra_args.extend(
        x.format(root=s.root, config=s.config, kolla=s.kolla) for x in extra)


def both(*steps):
    def run(site):
        for step in steps:
            step(site)
    return run


def inv(text):
    return w("inventory/hosts", text)


def cfg(text):
    return w("ansible.cfg", text)


def env(**values):
    return lambda s: s.env.update(values)


def remove(rel):
    def run(site):
        path = site.config / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return run


def wrong_store(site):
    site.write("kolla/passwords.yml", encrypt("x: y\n", "another-pass"))


LIMITS = [
    Case("limit-mixed-separators", args("--limit", "ctl1,cmp1:ctl2"),
         "mixes ',' and ':'"),
    Case("limit-mixed-groups", args("--limit", "controllers:compute,seed"),
         "mixes ',' and ':'"),
    Case("limit-missing-file", args("--limit", "@{root}/nope.txt"),
         "nope.txt: no such file"),
    Case("limit-matches-nothing", args("--limit", "nosuchhost"),
         "--limit nosuchhost matches no host of overcloud"),
    Case("limit-outside-group", args("--limit", "seed1"),
         "--limit seed1 matches no host of overcloud"),
    Case("limit-glob-nothing", args("--limit", "zz*"),
         "--limit zz* matches no host"),
    Case("limit-mixed-seed-row", args("--limit", "seed1,ctl1:cmp1"),
         "mixes ',' and ':'", args=("seed", "host", "command", "run",
                                    "--command", "true")),
    Case("limit-mixed-playbook-run", args("--limit", "a,b:c"),
         "mixes ',' and ':'",
         args=("playbook", "run", str(REPO / "ansible" / "gather-facts.yml"))),
    Case("limit-mixed-dump", args("--limit", "a,b:c"), "mixes ',' and ':'",
         args=("configuration", "dump")),
    Case("limit-mixed-kolla", args("--limit", "a,b:c"), "mixes ',' and ':'",
         args=KOLLA),
    Case("limit-file-missing-seed", args("--limit", "@missing-limit"),
         "@missing-limit: no such file",
         args=("seed", "host", "command", "run", "--command", "true")),
    Case("limit-intersection-empty", args("--limit", "controllers:&compute"),
         "matches no host of overcloud"),
]

EXTRA_VARS = [
    Case("extra-vars-bare-word", args("-e", "foo"), "'foo' is not key=value"),
    Case("extra-vars-bare-second-word", args("-e", "a=1 bar"),
         "'bar' is not key=value"),
    Case("extra-vars-yaml-without-braces", args("-e", "a: 1"),
         "'a:' is not key=value"),
    Case("extra-vars-empty-key", args("-e", "=x"), "'=x' is not key=value"),
    Case("extra-vars-empty", args("-e", ""), "is not key=value"),
    Case("extra-vars-missing-file", args("-e", "@{root}/missing.yml"),
         "missing.yml: no such file"),
    Case("extra-vars-file-is-list",
         both(lambda s: s.write("ev.yml", "- a\n- b\n", s.root),
              args("-e", "@{root}/ev.yml")),
         "ev.yml: extra vars file is not a mapping"),
    Case("extra-vars-file-bad-yaml",
         both(lambda s: s.write("ev.yml", "a: [1\n", s.root),
              args("-e", "@{root}/ev.yml")),
         "ev.yml:2: invalid YAML"),
    Case("extra-vars-json-list", args("-e", "[1, 2]"), "not a mapping"),
    Case("extra-vars-json-broken", args("-e", "{{\"a\": 1"), "invalid YAML"),
    Case("extra-vars-unbalanced-quote", args("-e", "a='x"), "No closing quotation"),
    Case("extra-vars-bare-dump", args("-e", "oops"), "'oops' is not key=value",
         args=("configuration", "dump")),
    Case("extra-vars-bare-kolla", args("-e", "oops"), "'oops' is not key=value",
         args=KOLLA),
    Case("extra-vars-bare-playbook", args("-e", "oops"), "'oops' is not key=value",
         args=("playbook", "run", str(REPO / "ansible" / "gather-facts.yml"))),
]

INVENTORY = [
    Case("ini-unclosed-section", inv("[seed]\nseed1\n[controllers\nctl1\n"),
         "inventory/hosts:3: bad section header '[controllers'"),
    Case("ini-unknown-section-kind", inv("[controllers:wat]\nctl1\n"),
         "inventory/hosts:1: bad section header"),
    Case("ini-host-var-without-equals",
         inv("[controllers]\nctl1 ansible_host\n"),
         "inventory/hosts:2: expected key=value host variable, got 'ansible_host'"),
    Case("ini-vars-without-equals", inv("[all:vars]\nansible_connection\n"),
         "inventory/hosts:2: expected key=value"),
    Case("ini-children-two-words", inv("[overcloud:children]\na b\n"),
         "inventory/hosts:2: expected one group name"),
    Case("ini-unbalanced-quote", inv("[controllers]\nctl1 a='x\n"),
         "inventory/hosts:2: cannot split"),
    Case("ini-space-in-section", inv("[my group]\nctl1\n"),
         "inventory/hosts:1: bad section header"),
    Case("ini-empty-section", inv("[]\nctl1\n"),
         "inventory/hosts:1: bad section header"),
    Case("ini-error-later-line", inv(HOSTS + "[compute]\ncmp2 rack\n"),
         "inventory/hosts:12: expected key=value host variable"),
    Case("yaml-inventory-list", both(remove("inventory/hosts"),
                                     w("inventory/hosts.yml", "- ctl1\n")),
         "inventory/hosts.yml: not an inventory"),
    Case("yaml-inventory-group-scalar",
         w("inventory/extra.yml", "controllers: ctl3\n"),
         "inventory/extra.yml: group 'controllers' is not a mapping"),
    Case("yaml-inventory-unknown-key",
         w("inventory/extra.yml", "controllers:\n  host:\n    ctl3:\n"),
         "group 'controllers' has key 'host'"),
    Case("yaml-inventory-hosts-list",
         w("inventory/extra.yml", "controllers:\n  hosts:\n    - ctl3\n"),
         "'controllers.hosts' is not a mapping"),
    Case("yaml-inventory-child-bad",
         w("inventory/extra.yml",
           "all:\n  children:\n    compute:\n      hosts: [cmp9]\n"),
         "'compute.hosts' is not a mapping"),
    Case("yaml-inventory-syntax",
         w("inventory/extra.yml", "controllers:\n  hosts: {ctl3\n"),
         "inventory/extra.yml:3: invalid YAML"),
    Case("inventory-option-missing", args("-i", "{root}/no-such-inventory"),
         "no-such-inventory: no such inventory"),
    Case("inventory-option-bad-file",
         both(lambda s: s.write("inv.ini", "[seed\n", s.root),
              args("-i", "{root}/inv.ini")),
         "inv.ini:1: bad section header"),
    Case("inventory-script-fails", both(
        w("inventory/script", "#!/bin/sh\necho broken >&2\nexit 1\n"),
        lambda s: (s.config / "inventory" / "script").chmod(0o755)),
        "inventory/script: inventory script exited with code 1 (broken)"),
    Case("inventory-script-not-json", both(
        w("inventory/script", "#!/bin/sh\necho hosts\n"),
        lambda s: (s.config / "inventory" / "script").chmod(0o755)),
        "inventory/script: inventory script printed no JSON"),
    Case("inventory-empty", inv(""), "no host in group 'overcloud'"),
    Case("inventory-no-overcloud-hosts", inv(
        "[seed]\nseed1\n[all:vars]\nansible_connection=local\n"),
        "no host in group 'overcloud'"),
    Case("inventory-no-seed-hosts", inv("[controllers]\nctl1\n"),
         "no host in group 'seed'",
         args=("seed", "host", "command", "run", "--command", "true")),
    Case("inventory-no-infra-vms", lambda s: None,
         "no host in group 'infra-vms'",
         args=("infra", "vm", "host", "command", "run", "--command", "true")),
    Case("inventory-no-seed-hypervisor", lambda s: None,
         "no host in group 'seed-hypervisor'",
         args=("seed", "hypervisor", "host", "command", "run", "--command",
               "true")),
    Case("inventory-no-baremetal-compute", lambda s: None,
         "no host in group 'baremetal-compute'",
         args=("baremetal", "compute", "manage")),
    Case("inventory-group-vars-list",
         w("inventory/group_vars/controllers/extra", "- a\n"),
         "group_vars/controllers/extra:1: holds a list"),
    Case("inventory-host-vars-scalar", w("inventory/host_vars/ctl1", "just text\n"),
         "host_vars/ctl1:1: holds a string"),
    Case("inventory-host-vars-bad-yaml", w("inventory/host_vars/ctl1", "a: [\n"),
         "host_vars/ctl1:2: invalid YAML"),
    Case("inventory-bad-dump", inv("[seed\n"), "bad section header",
         args=("configuration", "dump")),
    Case("inventory-bad-wrapper", inv("[seed\n"), "bad section header",
         args=("inventory", "--list")),
    Case("inventory-bad-kolla", inv("[seed\n"), "bad section header", args=KOLLA),
]

VARS_FILES = [
    Case("globals-bad-yaml", w("globals.yml", "a: 1\nb: [oops\n"),
         "globals.yml:3: invalid YAML"),
    Case("globals-tab-indent", w("globals.yml", "a:\n\tb: 1\n"),
         "globals.yml:2: invalid YAML"),
    Case("globals-list", w("globals.yml", "- a\n- b\n"),
         "globals.yml:1: holds a list, not a mapping"),
    Case("globals-scalar", w("globals.yml", "hello\n"),
         "globals.yml:1: holds a string, not a mapping"),
    Case("networks-list", a("networks.yml", "\n- x\n"),
         "networks.yml:"),
    Case("kolla-yml-unclosed-quote", a("kolla.yml", "\nkolla_tag: 'abc\n"),
         "kolla.yml:"),
    Case("overcloud-yml-bad-indent", a("overcloud.yml", "\na: 1\n b: 2\n"),
         "overcloud.yml:"),
    Case("new-vars-file-number", w("site.yml", "42\n"),
         "site.yml:1: holds a number"),
    Case("vars-file-bad-alias", w("site.yml", "a: *nothing\n"),
         "site.yml:1: invalid YAML"),
    Case("vars-file-bad-yaml-dump", w("site.yml", "a: [\n"), "site.yml:2",
         args=("configuration", "dump")),
    Case("vars-file-list-kolla", w("site.yml", "- 1\n"), "site.yml:1: holds a list",
         args=KOLLA),
    Case("vars-file-list-playbook", w("site.yml", "- 1\n"),
         "site.yml:1: holds a list",
         args=("playbook", "run", str(REPO / "ansible" / "gather-facts.yml"))),
    Case("environment-vars-bad", both(
        w("environments/prod/globals.yml", "a: [\n"), args("--environment", "prod")),
        "environments/prod/globals.yml:2: invalid YAML"),
    Case("environment-vars-list", both(
        w("environments/prod/site.yml", "- 1\n"), args("--environment", "prod")),
        "environments/prod/site.yml:1: holds a list"),
    Case("environment-inventory-bad", both(
        w("environments/prod/inventory/hosts", "[seed\n"),
        args("--environment", "prod")),
        "environments/prod/inventory/hosts:1: bad section header"),
]

VAULT = [
    Case("vault-no-password", w("secrets.yml", vaulted_var("db", "s3cret")),
         "secrets.yml holds vault-encrypted data but no vault password",
         vault=False),
    Case("vault-wrong-password-file",
         both(w("secrets.yml", vaulted_var("db", "s3cret", "other")),),
         "secrets.yml:1: the vault password does not decrypt this value"),
    Case("vault-wrong-password-env",
         both(w("secrets.yml", vaulted_var("db", "s3cret")),
              env(KAYOBE_VAULT_PASSWORD="wrong")),
         "secrets.yml:1: the vault password does not decrypt", vault=False),
    Case("vault-wrong-second-value",
         w("secrets.yml", "plain: 1\n" + vaulted_var("db", "x", "other")),
         "secrets.yml:2: the vault password does not decrypt"),
    Case("vault-whole-file-wrong", w("secrets.yml", encrypt("a: 1\n", "other")),
         "secrets.yml:1: the vault password does not decrypt"),
    Case("vault-store-wrong-password", wrong_store,
         "kolla/passwords.yml:1: the vault password does not decrypt"),
    Case("vault-store-wrong-dump", wrong_store,
         "kolla/passwords.yml:1: the vault password does not decrypt",
         args=("configuration", "dump")),
    Case("vault-store-wrong-kolla", wrong_store,
         "kolla/passwords.yml:1: the vault password does not decrypt", args=KOLLA),
    Case("vault-password-file-missing",
         args("--vault-password-file", "{root}/nope"), "does not exist",
         vault=False),
    Case("vault-two-sources", env(KAYOBE_VAULT_PASSWORD="x"), "use exactly one"),
    Case("vault-group-vars-wrong",
         w("inventory/group_vars/controllers/secret",
           vaulted_var("x", "y", "other")),
         "group_vars/controllers/secret:1: the vault password does not decrypt"),
    Case("vault-kolla-no-password", lambda s: None,
         "kolla passwords are stored vault-encrypted: give a vault password",
         args=KOLLA,
         vault=False),
]

ANSIBLE_CFG = [
    Case("cfg-forks-many", cfg("[defaults]\nforks = many\n"),
         "ansible.cfg:2: forks = many (Invalid value provided for 'integer'"),
    Case("cfg-timeout-text", cfg("[defaults]\n\ntimeout = soon\n"),
         "ansible.cfg:3: timeout = soon"),
    Case("cfg-max-diff-size", cfg("[defaults]\nmax_diff_size = big\n"),
         "ansible.cfg:2: max_diff_size = big"),
    Case("cfg-no-section", cfg("forks = 5\n"), "ansible.cfg"),
    Case("cfg-bad-header", cfg("[defaults\nforks = 5\n"), "ansible.cfg"),
    Case("cfg-forks-dump", cfg("[defaults]\nforks = many\n"), "forks = many",
         args=("configuration", "dump")),
    Case("cfg-forks-kolla", cfg("[defaults]\nforks = many\n"), "forks = many",
         args=KOLLA),
    Case("cfg-forks-playbook", cfg("[defaults]\nforks = many\n"), "forks = many",
         args=("playbook", "run", str(REPO / "ansible" / "gather-facts.yml"))),
    Case("cfg-environment-layer",
         both(w("environments/prod/ansible.cfg", "[defaults]\nforks = x\n"),
              args("--environment", "prod")),
         "environments/prod/ansible.cfg:2: forks = x"),
    Case("cfg-poll-interval", cfg("[defaults]\npoll_interval = fast\n"),
         "poll_interval = fast"),
]

CONFIG_PATHS = [
    Case("config-path-missing", args("--config-path", "{root}/nowhere"),
         "nowhere does not exist"),
    Case("config-path-file", both(lambda s: s.write("f", "", s.root),
                                  args("--config-path", "{root}/f")),
         "is not a directory"),
    Case("environment-missing", args("--environment", "nope"),
         "environment 'nope' does not exist"),
    Case("environment-reserved", args("--environment", "kayobe"),
         "environment name 'kayobe' is reserved"),
    Case("environment-dotted", args("--environment", ".hidden"),
         "invalid environment name"),
    Case("environment-cycle", both(
        w("environments/a/.kayobe-environment", "dependencies: [b]\n"),
        w("environments/b/.kayobe-environment", "dependencies: [a]\n"),
        args("--environment", "a")), "environment dependency cycle: a -> b -> a"),
    Case("environment-deps-not-list", both(
        w("environments/a/.kayobe-environment", "dependencies: b\n"),
        args("--environment", "a")), "'dependencies' must be a list"),
    Case("environment-unknown-dep", both(
        w("environments/a/.kayobe-environment", "dependencies: [zz]\n"),
        args("--environment", "a")), "environment 'zz' (a dependency of 'a')"),
    Case("environment-meta-bad-yaml", both(
        w("environments/a/.kayobe-environment", "dependencies: [\n"),
        args("--environment", "a")), ".kayobe-environment:2: invalid YAML"),
    Case("playbook-missing", lambda s: None, "playbook nope.yml does not exist",
         args=("playbook", "run", "nope.yml")),
    Case("retry-failed-other-command", args("--retry-failed"),
         "the last run was 'seed host configure'"),
    Case("retry-failed-with-limit", args("--retry-failed", "--limit", "ctl1"),
         "use --limit or --retry-failed, not both"),
    Case("retry-failed-corrupt-report",
         both(lambda s: (s.state / "last-run.json").write_text("{"),
              args("--retry-failed")), "last-run.json"),
]

KOLLA_INPUTS = [
    Case("kolla-vip-missing", a("kolla.yml", "\nkolla_internal_vip_address: ''\n"),
         "kolla_internal_vip_address is not set", args=KOLLA),
    Case("kolla-vip-out-of-range",
         a("kolla.yml", "\nkolla_internal_vip_address: 10.77.0.300\n"),
         "kolla_internal_vip_address '10.77.0.300' is not an IP address",
         args=KOLLA),
    Case("kolla-vip-hostname",
         a("kolla.yml", "\nkolla_internal_vip_address: vip.example\n"),
         "'vip.example' is not an IP address", args=KOLLA),
    Case("kolla-external-vip-bad",
         a("kolla.yml", "\nkolla_external_vip_address: 1.2.3\n"),
         "kolla_external_vip_address '1.2.3' is not an IP address", args=KOLLA),
    Case("kolla-config-path-file",
         both(lambda s: s.write("kfile", "", s.root),
              args("--kolla-config-path", "{root}/kfile")),
         "kfile is not a directory", args=KOLLA),
    Case("kolla-globals-extra-list",
         a("kolla.yml", "\nkolla_globals_extra: [1]\n"),
         "'kolla_globals_extra' must be a mapping", args=KOLLA),
    Case("kolla-bifrost-servers-list",
         a("kolla.yml", "\nkolla_bifrost_servers: [1]\n"),
         "'kolla_bifrost_servers' must be a mapping", args=KOLLA),
    Case("kolla-ini-bad-header", w("kolla/config/nova.conf", "[DEFAULT\nx = 1\n"),
         "nova.conf:1", args=KOLLA),
    Case("kolla-ini-option-before-section",
         w("kolla/config/nova.conf", "debug = True\n[DEFAULT]\n"),
         "nova.conf:1", args=KOLLA),
    Case("kolla-globals-override-bad-yaml", w("kolla/globals.yml", "a: [\n"),
         "kolla/globals.yml:2", args=KOLLA),
    Case("kolla-enable-not-bool", a("kolla.yml", "\nkolla_enable_nova: perhaps\n"),
         "kolla_enable_nova", args=KOLLA),
    Case("kolla-vip-diff", a("kolla.yml", "\nkolla_internal_vip_address: 300.1.1.1\n"),
         "is not an IP address",
         args=("overcloud", "service", "configuration", "diff")),
]

CASES = (LIMITS + EXTRA_VARS + INVENTORY + VARS_FILES + VAULT + ANSIBLE_CFG
         + CONFIG_PATHS + KOLLA_INPUTS)


def make_site(tmp_path):
    root = tmp_path
    config = root / "config"
    shutil.copytree(REPO / "etc" / "kayobe", config)
    site = Site(root, config, root / "kolla", root / "state")
    site.write("inventory/hosts", HOSTS)
    # A valid VIP, so that each kolla row breaks only its own thing.
    site.append("kolla.yml", "\nkolla_internal_vip_address: 10.77.0.10\n"
                f"kolla_config_path: {site.kolla}\n"
                f"kolla_ansible_venv: {root / 'kolla-venv'}\n")
    # kolla-ansible's multinode inventory template, which generation reads
    # before the custom service configuration.
    site.write("kolla-venv/share/kolla-ansible/ansible/inventory/multinode",
               MULTINODE, root)
    # What kayobe keeps: none of it may change on bad input.
    site.write("network-allocation.yml",
               "internal_net_ips:\n  ctl1: 10.77.0.11\n")
    site.write("kolla/passwords.yml", encrypt("database_password: x\n"))
    site.write("globals.yml", "---\n# generated\n", site.kolla)
    site.write(".kayobe-kolla.json", '{"environment": null, "files": '
               '["globals.yml", "passwords.yml"]}\n', site.kolla)
    site.write("passwords.yml", encrypt("database_password: x\n"), site.kolla)
    site.write("last-run.json", '{"version": 1, "command": "seed host '
               'configure", "hosts": {"seed1": {"status": "failed"}}, '
               '"failed_hosts": ["seed1"], "unreachable_hosts": []}\n',
               site.state)
    site.write("vault-pass", VAULT_PASSWORD + "\n", root)
    return site


def snapshot(*dirs):
    files = {}
    for directory in dirs:
        for path in pathlib.Path(directory).rglob("*"):
            if path.is_file() and not path.is_symlink():
                files[path] = path.read_bytes()
    return files


def kept_state(state):
    """The state directory's own files (locks and the import link aside)."""
    return {p: d for p, d in snapshot(state).items()
            if p.relative_to(state).parts[0] not in ("locks", "python")}


def test_corpus_size():
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case, tmp_path):
    site = make_site(tmp_path)
    case.breaks(site)
    before = snapshot(site.config, site.kolla)
    state_before = kept_state(site.state)
    argv = list(case.args) + ["--config-path", str(site.config)]
    if case.vault:
        argv += ["--vault-password-file", str(site.root / "vault-pass")]
    argv += site.extra_args   # a later --config-path wins
    environ = kayobe_env(tmp_path, **site.env)
    environ.pop("ANSIBLE_CONFIG", None)
    result = subprocess.run([sys.executable, "-m", "kayobe.cli.app", *argv],
                            env=environ, capture_output=True, text=True,
                            timeout=240, cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert lines, out
    assert lines[-1].startswith("kayobe: error: "), out
    culprit = case.culprit.format(root=site.root)
    assert culprit in lines[-1], out
    assert result.returncode == case.code, out
    assert "PLAY [" not in result.stdout, out
    assert snapshot(site.config, site.kolla) == before
    assert kept_state(site.state) == state_before



def test_render_error_cause_is_on_the_last_line(tmp_path):
    """A templating error fails in ansible-playbook: the last line kayobe
    prints names the host, the task and the cause, without Ansible's
    generic prefixes."""
    site = make_site(tmp_path)
    playbook = site.write("render.yml", """\
---
- name: Render
  hosts: controllers
  gather_facts: false
  tasks:
    - name: Render a bad value
      ansible.builtin.debug:
        msg: "{{ vlan | ansible.builtin.to_datetime('%Y') }}"
""", site.root)
    result = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", "playbook", "run", str(playbook),
         "--config-path", str(site.config), "--vault-password-file",
         str(site.root / "vault-pass"), "--limit", "ctl1", "-e", "vlan=abc"],
        env=kayobe_env(tmp_path), capture_output=True, text=True, timeout=300,
        cwd=tmp_path)
    last = result.stderr.strip().splitlines()[-1]
    assert result.returncode != 0
    assert last.startswith("kayobe: error: playbook run: 1 host(s) did not "
                           "complete (failed: ctl1;"), result.stderr
    assert last.endswith(": ctl1: Render a bad value: time data 'abc' does not "
                         "match format '%Y'"), last
    assert "Finalization" not in last
