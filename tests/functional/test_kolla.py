"""kolla-ansible 22.2.0 for real, from kayobe's generated configuration.

Real here: kolla-genpwd/kolla-mergepwd, ``-lt`` of every action a row maps
(with the exact ansible-playbook command line kolla-ansible runs),
genconfig --tags keystone, certificates, post-deploy, and the file-rendering
part of deploy-bifrost.  Everything runs against localhost
(``ansible_connection=local``, become method su).

The kolla-ansible virtualenv (with swift, for the Swift rings test) is made
or brought up to date once with ``kayobe control host bootstrap`` (about
75 s when new): $KAYOBE_TEST_KOLLA_VENV when set, else a temporary one.
"""

import re
import shutil
import subprocess
import sys
import tempfile

import pytest
import yaml

from kayobe.cli import table  # noqa: F401 (loads the rows in order)
from kayobe.cli.rows import kolla as rows
from kayobe.kolla import passwords
from tests.conftest import kayobe_env
from tests.conftest import write

VAULT = "functional-vault-password"
CONFIRM = ["--yes-i-really-really-mean-it"]
# kolla-ansible action -> the -e values kolla-ansible adds and the playbook
# it runs (read from `kolla-ansible -v <action> -lt` of 22.2.0).
KOLLA_RUNS = {
    "genconfig": (["kolla_action=config"], "site.yml"),
    "validate-config": (["kolla_action=config_validate"], "site.yml"),
    "prechecks": (["kolla_action=precheck"], "site.yml"),
    "deploy": (["kolla_action=deploy"], "site.yml"),
    "deploy-containers": (["kolla_action=deploy-containers"], "site.yml"),
    "reconfigure": (["kolla_action=reconfigure", "kolla_serial=0"], "site.yml"),
    "upgrade": (["kolla_action=upgrade", "kolla_serial=0"], "site.yml"),
    "stop": (["kolla_action=stop", "kolla_action_stop_ignore_missing=no"],
             "site.yml"),
    "destroy": (["kolla_action=destroy", "destroy_include_dev=no",
                 "destroy_include_images=no"], "destroy.yml"),
    "pull": (["kolla_action=pull"], "site.yml"),
    "mariadb-backup": (["kolla_action=backup", "mariadb_backup_type=full"],
                       "mariadb-backup.yml"),
    "mariadb-recovery": (["kolla_action=deploy"], "mariadb-recovery.yml"),
    "gather-facts": (["kolla_action=gather-facts"], "gather-facts.yml"),
    "post-deploy": (["kolla_action=post-deploy"], "post-deploy.yml"),
    "deploy-bifrost": (["kolla_action=deploy"], "bifrost.yml"),
    "upgrade-bifrost": (["kolla_action=upgrade"], "bifrost.yml"),
}


def make_config(base, venv, tls=False):
    config = base / "config"
    write(config / "inventory" / "hosts", f"""\
[seed]
seed1
[controllers]
ctl1
[network:children]
controllers
[all:vars]
ansible_connection=local
ansible_become_method=su
ansible_python_interpreter={venv}/bin/python
""")
    write(config / "kolla.yml", f"""\
internal_net_name: internal
internal_interface: lo
provision_oc_net_name: provision
provision_interface: lo
kolla_internal_vip_address: 127.0.0.1
kolla_enable_haproxy: {str(tls).lower()}
kolla_ansible_target_venv: {venv}
kolla_docker_registry: registry.example:4000
kolla_docker_namespace: kayobe
kolla_ansible_user: root
kolla_bifrost_dib_os_element: debian
kolla_bifrost_dib_os_release: trixie
kolla_bifrost_servers:
  node1:
    driver: ipmi
    nics: [{{mac: "52:54:00:00:00:01"}}]
    driver_info: {{ipmi_address: 10.66.9.1}}
""")
    if tls:
        write(config / "tls.yml", """\
kolla_external_vip_address: 127.0.0.2
kolla_external_fqdn: api.example.test
kolla_internal_fqdn: int.example.test
kolla_enable_tls_external: true
kolla_enable_tls_internal: true
kolla_globals_extra:
  keepalived_virtual_router_id: 66
""")
    write(config / "kolla" / "globals.yml",
          f"node_config_directory: {base}/node-config\n")
    write(config / "kolla" / "config" / "keystone.conf",
          "[token]\nexpiration = {{ 3600 * 2 }}\n")
    write(config / "kolla" / "config" / "bifrost" / "bifrost.yml",
          "dhcp_pool_start: 10.66.9.10\n")
    write(base / "vpw", VAULT + "\n")
    return config


@pytest.fixture
def kayobe(tmp_path, kolla_venv):
    config = make_config(tmp_path, kolla_venv)

    def run(*args, config_path=config, timeout=900, kolla=True):
        argv = [sys.executable, "-m", "kayobe.cli.app", *args,
                "--config-path", str(config_path),
                "--vault-password-file", str(tmp_path / "vpw")]
        if kolla:
            argv += ["--kolla-config-path", str(tmp_path / "kolla"),
                     "--kolla-venv", str(kolla_venv)]
        return subprocess.run(argv, env=kayobe_env(tmp_path), cwd=tmp_path,
                              capture_output=True, text=True, timeout=timeout)

    run.tmp = tmp_path
    run.venv = kolla_venv
    return run


def store_text(tmp_path, path="config/kolla/passwords.yml"):
    return passwords.decrypt((tmp_path / path).read_bytes(), VAULT, path)


def test_real_genpwd_and_mergepwd(kayobe):
    tmp = kayobe.tmp
    generate = ("overcloud", "service", "configuration", "generate",
                "--skip-genconfig")
    result = kayobe(*generate)
    assert result.returncode == 0, result.stderr
    template = yaml.safe_load((kayobe.venv / "share/kolla-ansible/etc_examples/"
                               "kolla/passwords.yml").read_text())
    data = yaml.safe_load(store_text(tmp))
    assert set(data) == set(template)
    assert data["keystone_admin_password"] and data["database_password"]
    assert (tmp / "kolla/passwords.yml").stat().st_mode & 0o777 == 0o600
    secrets = passwords.values(store_text(tmp))
    assert len(secrets) > 100
    # An upgrade's new keys are added, existing values kept: drop two keys
    # from the stored file as if it came from an older release.
    old = dict(data)
    del old["keystone_admin_password"], old["nova_database_password"]
    old["database_password"] = "kept-from-before"
    (tmp / "config/kolla/passwords.yml").write_bytes(
        passwords.encrypt(yaml.safe_dump(old), VAULT))
    result = kayobe(*generate)
    assert result.returncode == 0, result.stderr
    new = yaml.safe_load(store_text(tmp))
    assert set(new) == set(template)
    assert new["database_password"] == "kept-from-before"
    assert new["keystone_admin_password"] not in ("", None,
                                                  data["keystone_admin_password"])
    assert yaml.safe_load(store_text(tmp, "kolla/passwords.yml")) == new
    out = result.stdout + result.stderr
    for value in secrets + passwords.values(store_text(tmp)):
        assert value not in out


def running_command(output):
    line = next(text for text in output.splitlines()
                if text.startswith("Running command:"))
    return line.split(":", 1)[1].split()


# Every kolla row: its words and the kolla-ansible action it runs.
ACTIONS = {row.words: row.action for row in rows.ACTION_ROWS}


@pytest.mark.parametrize("words", sorted(ACTIONS))
def test_list_tasks_of_every_action(kayobe, words):
    """kolla-ansible <action> -lt with our generated tree; the exact
    ansible-playbook command line it runs is asserted."""
    action = ACTIONS[words]
    extra = CONFIRM if action.confirm else []
    result = kayobe(*words.split(), "-lt", "-v", *extra, "-kt", "keystone")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    kolla = kayobe.tmp / "kolla"
    argv = running_command(result.stdout + result.stderr)
    variables, playbook = KOLLA_RUNS[action.action]
    expected = ["ansible-playbook", "-v", "--list-tasks", "--inventory",
                f"{kolla}/inventory/{action.inventory}",
                "-e", f"@{kolla}/globals.yml", "-e", f"@{kolla}/passwords.yml",
                "--vault-password-file", str(kayobe.tmp / "vpw")]
    for value in variables:
        expected += ["-e", value]
    expected += ["-e", f"CONFIG_DIR={kolla}", "--tags", "keystone",
                 str(kayobe.venv / "share/kolla-ansible/ansible" / playbook)]
    assert argv == expected
    assert "playbook:" in result.stdout


def test_genconfig_keystone_renders_our_overrides(kayobe):
    tmp = kayobe.tmp
    result = kayobe("overcloud", "service", "configuration", "generate",
                    "-kt", "keystone")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    conf = (tmp / "node-config/keystone/keystone.conf").read_text()
    token = conf.split("[token]", 1)[1].split("\n[", 1)[0]
    assert "expiration = 7200" in token        # our Jinja, rendered once
    assert "@127.0.0.1:3306/keystone" in conf  # our VIP in globals
    config_json = (tmp / "node-config/keystone/config.json").read_text()
    assert "keystone" in config_json
    assert re.search(r"ctl1\s*:.*failed=0", result.stdout)

    # Beyond upstream: a change shown in the kolla tree and in the rendered
    # files on the hosts, with neither changed.
    # (a [database] option: the hunk's context holds the database password)
    write(tmp / "config" / "kolla" / "config" / "keystone.conf",
          "[token]\nexpiration = {{ 3600 * 3 }}\n[database]\nmax_retries = 7\n")
    before = {p: p.read_bytes() for root in ("kolla", "node-config")
              for p in (tmp / root).rglob("*") if p.is_file()}
    result = kayobe("overcloud", "service", "configuration", "diff",
                    "--rendered", "-kt", "keystone")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    out = result.stdout
    assert "-expiration = 7200\n+expiration = 10800\n" in out   # kolla tree
    rendered = out.split("=== ctl1: keystone : Copying over keystone.conf\n", 1)[1]
    assert rendered.startswith(f"--- before: {tmp}/node-config/keystone/keystone.conf")
    assert "-expiration = 7200\n+expiration = 10800\n" in rendered
    assert "rendered configuration: 2 file(s) would change on 1 host(s)" in out
    assert "TASK [" not in out
    assert "+max_retries = 7" in rendered
    assert "connection = mysql+pymysql://keystone:********@" in rendered
    for value in passwords.values(store_text(tmp)):
        assert value not in out + result.stderr
    assert {p: p.read_bytes() for root in ("kolla", "node-config")
            for p in (tmp / root).rglob("*") if p.is_file()} == before


def test_certificates_and_post_deploy(tmp_path, kolla_venv):
    config = make_config(tmp_path, kolla_venv, tls=True)
    base = [sys.executable, "-m", "kayobe.cli.app"]
    common = ["--config-path", str(config), "--kolla-config-path",
              str(tmp_path / "kolla"), "--kolla-venv", str(kolla_venv),
              "--vault-password-file", str(tmp_path / "vpw")]
    env = kayobe_env(tmp_path)
    result = subprocess.run(base + ["kolla", "ansible", "run", "--action",
                                    "certificates"] + common,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    certs = tmp_path / "kolla" / "certificates"
    for name in ("ca/root.crt", "haproxy.pem", "haproxy-internal.pem"):
        assert (certs / name).is_file(), name
    san = subprocess.run(["openssl", "x509", "-noout", "-text", "-in",
                          str(certs / "external.crt")] if
                         (certs / "external.crt").exists() else ["true"],
                         capture_output=True, text=True).stdout
    assert not san or "api.example.test" in san
    result = subprocess.run(base + ["overcloud", "post", "configure"] + common,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    admin = (tmp_path / "kolla" / "admin-openrc.sh").read_text()
    assert re.search(r"OS_AUTH_URL='?https://int\.example\.test:5000", admin)
    public = (tmp_path / "kolla" / "public-openrc.sh").read_text()
    assert re.search(r"OS_AUTH_URL='?https://api\.example\.test:5000", public)
    clouds = yaml.safe_load((tmp_path / "kolla" / "clouds.yaml").read_text())
    assert clouds["clouds"]
    # Regeneration keeps the certificates kolla-ansible wrote.
    result = subprocess.run(base + ["overcloud", "service", "configuration",
                                    "generate", "--skip-genconfig"] + common,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0 and (certs / "haproxy.pem").is_file()


def test_deploy_bifrost_renders_our_seed_config(kayobe):
    result = kayobe("seed", "service", "deploy")
    # No container engine here: it stops at the bifrost container start.
    assert result.returncode != 0
    assert "kolla-ansible deploy-bifrost exited with code" in result.stderr
    out = kayobe.tmp / "node-config" / "bifrost"
    bifrost = yaml.safe_load((out / "bifrost.yml").read_text())
    assert bifrost["dhcp_pool_start"] == "10.66.9.10"
    assert bifrost["network_interface"] == "lo"
    dib = yaml.safe_load((out / "dib.yml").read_text())
    assert (dib["dib_os_element"], dib["dib_os_release"]) == ("debian", "trixie")
    servers = yaml.safe_load((out / "servers.yml").read_text())
    assert servers["node1"]["driver_info"]["ipmi_address"] == "10.66.9.1"


@pytest.mark.slow
def test_full_genconfig(kayobe):
    """kolla-ansible's whole genconfig (every default service) from our
    tree: about 2 minutes, so it runs in CI too (-m 'not slow' skips it).
    An external network on a Linux bridge reaches Neutron's OVS config."""
    write(kayobe.tmp / "config" / "external.yml", """\
external_net_names: [ext]
ext_interface: brext
ext_bridge_ports: [eth9]
ext_physical_network: physnet-ext
""")
    result = kayobe("overcloud", "service", "configuration", "generate",
                    timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    for service in ("keystone", "glance-api", "nova-api", "neutron-server",
                    "heat-api", "horizon", "mariadb", "rabbitmq"):
        assert (kayobe.tmp / "node-config" / service).is_dir(), service
    agent = (kayobe.tmp / "node-config" / "neutron-openvswitch-agent" /
             "openvswitch_agent.ini").read_text()
    assert "bridge_mappings = physnet-ext:brext-ovs" in agent
    inventory = yaml.safe_load((kayobe.tmp / "kolla" / "inventory" / "overcloud" /
                                "hosts.yml").read_text())
    assert inventory["all"]["hosts"]["ctl1"]["neutron_external_interface"] == \
        "p-brext-ovs"


def ring_devices(venv, builder):
    """{(ip, port, device): (id, zone, weight)} as swift-ring-builder lists
    (from a copy: the tool makes a backups directory beside the file)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = shutil.copy(builder, tmp)
        out = subprocess.run([str(venv / "bin" / "swift-ring-builder"), copy],
                             capture_output=True, text=True, check=True).stdout
    devices = {}
    for line in out.split("Devices:", 1)[1].splitlines()[1:]:
        fields = line.split()
        ip, port = fields[3].rsplit(":", 1)
        devices[(ip, int(port), fields[5])] = (int(fields[0]), int(fields[2]),
                                               float(fields[6]))
    return devices


def rings_state(rings):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in rings.iterdir()}


RING_FILES = sorted(f"{s}.{x}" for s in ("account", "container", "object")
                    for x in ("builder", "ring.gz"))


@pytest.fixture
def swift_rings(kayobe):
    """Three storage hosts, two disks each (one object-only), st3 in zone 2;
    the rings generated once.  Returns (kayobe, config, rings, first run)."""
    config = kayobe.tmp / "config"
    inventory = (config / "inventory" / "hosts").read_text()
    write(config / "inventory" / "hosts",
          inventory.replace("[all:vars]", "[storage]\nst1\nst2\nst3\n[all:vars]"))
    write(config / "swift.yml", f"""\
kolla_enable_swift: true
swift_ring_build_venv: {kayobe.venv}
swift_part_power: 8
swift_storage_net_name: stor
stor_cidr: 10.66.20.0/24
stor_ips: {{st1: 10.66.20.11, st2: 10.66.20.12, st3: 10.66.20.13}}
""")
    # Per-host variables go in the inventory (kayobe's *.yml files are
    # extra variables, which beat host variables).
    write(config / "inventory" / "group_vars" / "storage", """\
swift_block_devices:
  - device: /dev/sdb
  - device: /dev/sdc
    fs_label: d1
    services: [object]
    weight: 50
""")
    write(config / "inventory" / "host_vars" / "st3", "swift_zone: 2\n")
    result = kayobe("overcloud", "swift", "rings", "generate", kolla=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return kayobe, config, config / "kolla" / "config" / "swift", result


def test_swift_rings_hold_every_storage_device(swift_rings):
    kayobe, _, rings, result = swift_rings
    assert "object ring is created: 6 devices" in result.stdout
    assert sorted(p.name for p in rings.iterdir()) == RING_FILES
    objects = ring_devices(kayobe.venv, rings / "object.builder")
    assert set(objects) == {(f"10.66.20.1{i}", 6000, d)
                            for i in (1, 2, 3) for d in ("sdb", "d1")}
    assert objects[("10.66.20.13", 6000, "sdb")][1:] == (2, 100.0)
    assert objects[("10.66.20.11", 6000, "d1")][1:] == (0, 50.0)
    assert set(ring_devices(kayobe.venv, rings / "account.builder")) == {
        (f"10.66.20.1{i}", 6001, "sdb") for i in (1, 2, 3)}


def test_swift_rings_unchanged_config_rewrites_nothing(swift_rings):
    kayobe, _, rings, _ = swift_rings
    before = rings_state(rings)
    result = kayobe("overcloud", "swift", "rings", "generate", kolla=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("is unchanged") == 3
    assert rings_state(rings) == before


def test_swift_rings_new_device_keeps_existing_ids(swift_rings):
    kayobe, config, rings, _ = swift_rings
    objects = ring_devices(kayobe.venv, rings / "object.builder")
    before = rings_state(rings)
    write(config / "inventory" / "host_vars" / "st1",
          "swift_block_devices: [{device: /dev/sdb}, {device: /dev/sdc, "
          "fs_label: d1, services: [object], weight: 50}, {device: /dev/sde, "
          "services: [object]}]\n")
    result = kayobe("overcloud", "swift", "rings", "generate", "--check",
                    kolla=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "object ring would be updated: 7 devices (1 added" in result.stdout
    assert (rings / "object.builder").read_bytes() == before["object.builder"][0]
    result = kayobe("overcloud", "swift", "rings", "generate", kolla=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "object ring is updated: 7 devices (1 added" in result.stdout
    assert "account ring is unchanged" in result.stdout
    after = ring_devices(kayobe.venv, rings / "object.builder")
    assert {k: v[0] for k, v in after.items() if k in objects} == {
        k: v[0] for k, v in objects.items()}
    assert ("10.66.20.11", 6000, "sde") in after


def test_swift_rings_bad_service_is_one_line_and_keeps_rings(swift_rings):
    kayobe, config, rings, _ = swift_rings
    write(config / "inventory" / "host_vars" / "st2",
          "swift_block_devices: [{device: /dev/sdb, services: [objekt]}]\n")
    before = rings_state(rings)
    result = kayobe("overcloud", "swift", "rings", "generate", kolla=False)
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "kayobe: error: host st2: device /dev/sdb: unknown Swift service "
        "'objekt' (account, container or object)")
    assert rings_state(rings) == before


def test_swift_rings_reach_the_kolla_config(swift_rings):
    kayobe, _, rings, _ = swift_rings
    result = kayobe("overcloud", "service", "configuration", "generate",
                    "--skip-genconfig")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in RING_FILES:
        assert (kayobe.tmp / "kolla" / "config" / "swift" / name).read_bytes() == \
            (rings / name).read_bytes()


def test_custom_inventory_parts_make_one_inventory(kayobe):
    """Upstream's custom top-level and component parts, written beside the
    generated hosts.yml, form one inventory for kolla-ansible's Ansible."""
    write(kayobe.tmp / "config" / "inventory-custom.yml", """\
kolla_overcloud_inventory_custom_top_level: |
  [control]
  ctl1
  [storage]
  ctl1
  [control:vars]
  custom_var=from-top-level
kolla_overcloud_inventory_custom_components: |
  [keystone:children]
  storage
""")
    result = kayobe("overcloud", "service", "configuration", "generate",
                    "--skip-genconfig")
    assert result.returncode == 0, result.stdout + result.stderr
    inventory = kayobe.tmp / "kolla" / "inventory" / "overcloud"
    assert sorted(p.name for p in inventory.iterdir()) == [
        "custom-top-level", "hosts.yml", "zz-custom-components"]
    listing = subprocess.run(
        [str(kayobe.venv / "bin" / "ansible-inventory"), "-i", str(inventory),
         "--list"], capture_output=True, text=True, check=True)
    data = yaml.safe_load(listing.stdout)
    assert data["keystone"]["children"] == ["storage"]
    assert data["storage"]["hosts"] == ["ctl1"]
    assert data["glance-api"]["children"] == ["glance"]   # template services
    ctl1 = data["_meta"]["hostvars"]["ctl1"]
    assert ctl1["custom_var"] == "from-top-level"
    assert ctl1["api_interface"] == "lo"
    # kolla-ansible itself accepts it.
    result = kayobe("overcloud", "service", "deploy", "-lt", "-kt", "keystone")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
