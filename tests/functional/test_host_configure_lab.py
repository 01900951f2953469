"""host configure on real lab hosts: fault tolerance and --retry-failed."""

import json

import pytest

from tests.functional.labconfig import make_config

pytestmark = pytest.mark.lab

# A parameter each lab host may set (net.* is per network namespace).
SYSCTL = "controller_sysctl_parameters:\n  net.ipv4.conf.all.arp_ignore: 1\n" \
         "compute_sysctl_parameters:\n  net.ipv4.conf.all.arp_ignore: 1\n"


def hosts_of(lab):
    names = lab.hosts
    assert len(names) >= 4, names
    return names[:4]


@pytest.fixture
def overcloud_config(lab_full, tmp_path):
    """All four full hosts in the overcloud: 2 controllers, 2 compute."""
    h = hosts_of(lab_full)
    inventory = lab_full.inventory_text(
        groups=f"controllers={h[0]}+{h[1]},compute={h[2]}+{h[3]}")
    config = make_config(tmp_path / "config", inventory, SYSCTL)
    # A post hook shows which hosts got through every play.
    hook = config / "hooks" / "overcloud-host-configure" / "post.d"
    hook.mkdir(parents=True)
    (hook / "50-mark.yml").write_text("""\
---
- name: Mark hosts that completed every play
  hosts: overcloud
  gather_facts: false
  tasks:
    - name: Record completion
      ansible.builtin.debug:
        msg: "completed {{ inventory_hostname }}"
""")
    return config


def sysctl_value(lab, host, name):
    path = "/proc/sys/" + name.replace(".", "/")
    return lab.ssh(host, f"cat {path}").stdout.strip()


def test_failed_and_unreachable_hosts_drop_out_then_retry(
        lab_full, overcloud_config, run_kayobe, tmp_path):
    good1, bad, good2, down = hosts_of(lab_full)
    host_vars = overcloud_config / "inventory" / "host_vars"
    host_vars.mkdir(exist_ok=True)
    # A deliberately failing task on one host: a sysctl that does not exist.
    (host_vars / bad).write_text(
        "sysctl_parameters:\n  net.ipv4.no_such_parameter: 1\n")
    lab_full.make_unreachable(down)
    try:
        result = run_kayobe("overcloud", "host", "configure",
                            "--config-path", str(overcloud_config),
                            timeout=900)
    finally:
        lab_full.restore(down)
    assert result.returncode != 0
    assert f"failed: {bad}" in result.stderr
    assert f"unreachable: {down}" in result.stderr
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert report["failed_hosts"] == [bad]
    assert report["unreachable_hosts"] == [down]
    assert sorted(report["hosts"]) == sorted([good1, bad, good2, down])
    for good in (good1, good2):
        assert report["hosts"][good]["status"] in ("ok", "changed")
        assert f"completed {good}" in result.stdout   # reached the post hook
        assert sysctl_value(lab_full, good, "net.ipv4.conf.all.arp_ignore") == "1"

    # Fix both hosts; --retry-failed converges only those two.
    (host_vars / bad).unlink()
    result = run_kayobe("overcloud", "host", "configure", "--retry-failed",
                        "--config-path", str(overcloud_config), timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert sorted(report["hosts"]) == sorted([bad, down])
    for host in (bad, down):
        assert sysctl_value(lab_full, host, "net.ipv4.conf.all.arp_ignore") == "1"
    # Nothing left to retry.
    result = run_kayobe("overcloud", "host", "configure", "--retry-failed",
                        "--config-path", str(overcloud_config))
    assert result.returncode == 0
    assert "no failed host to retry" in result.stdout


def test_scale_hosts_with_ten_faults(lab_scale, run_kayobe, tmp_path):
    """50 hosts sharing one filesystem: only per-host state (net.* sysctls,
    files under the per-host /root) is touched: a reduced set of areas."""
    hosts = lab_scale.hosts
    assert len(hosts) == 50
    config = make_config(tmp_path / "config", lab_scale.inventory_text(
        groups={"compute": 50}),
        SYSCTL + "sysctl_file: /root/sysctl-kayobe.conf\n"
                 "kayobe_host_areas: [sysctl]\n")
    host_vars = config / "inventory" / "host_vars"
    host_vars.mkdir()
    failing, dead = hosts[10:15], hosts[30:35]
    for host in failing:
        (host_vars / host).write_text(
            "sysctl_parameters:\n  net.ipv4.no_such_parameter: 1\n")
    for host in dead:
        lab_scale.kill(host)
    try:
        result = run_kayobe("overcloud", "host", "configure", "--forks", "50",
                            "--config-path", str(config), timeout=1200)
    finally:
        for host in dead:
            lab_scale.restore(host)
    assert result.returncode != 0
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert report["failed_hosts"] == sorted(failing)
    assert report["unreachable_hosts"] == sorted(dead)
    healthy = set(hosts) - set(failing) - set(dead)
    assert {h for h, v in report["hosts"].items()
            if v["status"] in ("ok", "changed")} == healthy


KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5Zm9ya2F5b2JlbGFidGVzdHM0"
       " alice@lab")
CONVERGE_VARS = SYSCTL + f"""\
seed_sysctl_parameters:
  net.ipv4.conf.all.arp_ignore: 1
internal_net_name: internal
internal_cidr: 10.71.0.0/24
internal_allocation_pool_start: 10.71.0.100
internal_allocation_pool_end: 10.71.0.150
internal_interface: eth1
seed_extra_network_interfaces: [internal]
seed_users: &users
  - name: alice
    groups: [adm]
    ssh_key: {KEY}
    sudo: true
controller_users: *users
compute_users: *users
controller_firewalld_enabled: true
controller_firewalld_rules:
  - zone: public
    service: https
"""


def run_configure(run_kayobe, config, group):
    return run_kayobe(*group.split(), "host", "configure",
                      "--config-path", str(config), timeout=1800)


def test_seed_and_overcloud_converge_then_change_nothing(
        lab_full, run_kayobe, tmp_path):
    inventory = lab_full.inventory_text(
        groups={"seed": 1, "controllers": 2, "compute": 1})
    config = make_config(tmp_path / "config", inventory, CONVERGE_VARS)
    seed, ctl1, ctl2, cmp1 = hosts_of(lab_full)
    for group in ("seed", "overcloud"):
        result = run_configure(run_kayobe, config, group)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    allocation = (config / "network-allocation.yml").read_text()
    for host in (seed, ctl1, ctl2, cmp1):
        assert lab_full.ssh(host, "id -nG alice").stdout.split()[:2] == \
            ["alice", "adm"]
        keys = lab_full.ssh(host, "cat ~alice/.ssh/authorized_keys").stdout
        assert KEY in keys
        assert sysctl_value(lab_full, host, "net.ipv4.conf.all.arp_ignore") == "1"
        sources = lab_full.ssh(host, "chronyc -n sources").stdout
        assert "10.66.0.1" in sources
        lab_full.ssh(host, "systemctl is-active chrony docker")
        driver = lab_full.ssh(host, "docker info --format '{{.Driver}}'")
        assert driver.stdout.strip() == "overlay2"
        hosts_file = lab_full.ssh(host, "cat /etc/hosts").stdout
        for other in (seed, ctl1, ctl2, cmp1):
            assert other in hosts_file, (host, other, hosts_file)
            assert other in allocation
    for host in (ctl1, ctl2):
        services = lab_full.ssh(host, "firewall-cmd --list-services").stdout
        assert "https" in services.split() and "ssh" in services.split()
    # A second run of each command changes nothing on any host.
    for group in ("seed", "overcloud"):
        result = run_configure(run_kayobe, config, group)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr
        report = json.loads((tmp_path / "state" / "last-run.json").read_text())
        changed = {h: v["changed"] for h, v in report["hosts"].items()
                   if v["changed"]}
        assert changed == {}, result.stdout[-6000:]


STORAGE_VARS = """\
storage_mdadm_arrays:
  - name: md0
    devices: [/dev/vdx, /dev/vdy]
    level: 1
storage_luks_devices:
  - name: secret
    device: /dev/md0
    passphrase: lab-secret-passphrase
storage_lvm_groups:
  - vgname: data
    disks: [/dev/mapper/secret]
    lvnames:
      - lvname: docker
        size: 75%VG
        filesystem: ext4
        mount_point: /var/lib/docker-data
storage_swap:
  - path: /swapfile
    size: 64
kayobe_host_areas: [wipe_disks, mdadm, luks, lvm, swap]
"""


def test_storage_areas_in_check_mode(lab_full, run_kayobe, tmp_path):
    """RAID, LUKS, LVM, swap and disk wiping cannot run in the lab kernel:
    the whole chain runs in check mode on a real host, without errors and
    without leaking the LUKS passphrase."""
    host = hosts_of(lab_full)[3]
    config = make_config(tmp_path / "config", lab_full.inventory_text(
        groups=f"storage={host}"), STORAGE_VARS)
    result = run_kayobe("overcloud", "host", "configure", "--check",
                        "--wipe-disks", "--limit", host,
                        "--config-path", str(config), timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "lab-secret-passphrase" not in result.stdout + result.stderr
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert report["hosts"][host]["status"] in ("ok", "changed")
    # Check mode changed nothing on the host.
    assert lab_full.ssh(host, "test ! -e /swapfile && ! grep -q swapfile "
                              "/etc/fstab", check=False).returncode == 0


def test_package_update_and_upgrade(lab_full, run_kayobe, tmp_path):
    seed = hosts_of(lab_full)[0]
    config = make_config(tmp_path / "config", lab_full.inventory_text(
        groups=f"seed={seed}"), "")
    result = run_kayobe("seed", "host", "package", "update", "--packages",
                        "iproute2,procps", "--config-path", str(config),
                        timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    result = run_kayobe("seed", "host", "upgrade", "--config-path",
                        str(config), timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert report["command"] == "seed host upgrade"
    assert report["hosts"][seed]["status"] in ("ok", "changed")
