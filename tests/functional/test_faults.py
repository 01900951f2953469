"""Faults: kayobe or ansible-playbook killed mid-write, two kayobe commands on
one configuration at once, a full disk under the kolla tree.

Real processes and signals; the kolla generation uses a stand-in
kolla-ansible virtualenv holding only the two files generation reads (its
multinode inventory template and passwords template), so generation runs
whole and kolla-ansible itself is never reached in a way that matters.
"""

import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest
import yaml

from tests.conftest import LOCAL_MULTINODE
from tests.conftest import REPO
from tests.conftest import kayobe_env
from tests.conftest import write

VAULT_PASSWORD = "faults-vault-pass"
HOSTS = 300
MULTINODE = LOCAL_MULTINODE + "[nova-api:children]\nnova\n"


def inventory(hosts=HOSTS):
    names = "".join(f"ctl{i:04d}\n" for i in range(hosts))
    return f"""\
[controllers]
{names}[all:vars]
ansible_connection=local
ansible_python_interpreter={sys.executable}
"""


def make_config(tmp_path, hosts=HOSTS):
    config = tmp_path / "config"
    write(config / "inventory" / "hosts", inventory(hosts))
    write(config / "globals.yml", """\
network_interfaces: [int]
int_cidr: 10.66.0.0/16
int_allocation_pool_start: 10.66.0.10
int_allocation_pool_end: 10.66.250.0
""")
    return config


def kayobe(tmp_path, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "kayobe.cli.app", *args],
        env=kayobe_env(tmp_path, KAYOBE_VAULT_PASSWORD=VAULT_PASSWORD),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path, **kwargs)


def children(pid, name):
    """PIDs of descendants of ``pid`` whose command line holds ``name``."""
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            if name in cmdline:
                found.append(int(proc.name))
            found += children(int(proc.name), name)
    return found


def wait_for_child(proc, name, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = children(proc.pid, name)
        if found:
            return found[0]
        if proc.poll() is not None:
            raise AssertionError(f"kayobe ended before {name} started: "
                                 + proc.communicate()[1])
        time.sleep(0.05)
    raise AssertionError(f"{name} did not start")


def allocation(config):
    path = config / "network-allocation.yml"
    return yaml.safe_load(path.read_text()) if path.exists() else None


# --- IP allocation ------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL],
                         ids=["sigterm", "sigkill"])
def test_killed_during_ip_allocation(tmp_path, sig):
    config = make_config(tmp_path)
    previous = "int_ips:\n  ctl0000: 10.66.0.10\n"
    write(config / "network-allocation.yml", previous)
    playbook = str(REPO / "ansible" / "ip-allocation.yml")
    args = ("playbook", "run", playbook, "--config-path", str(config))
    for delay in (0.5, 2.0, 4.0):
        proc = kayobe(tmp_path, *args)
        pid = wait_for_child(proc, "ansible-playbook")
        time.sleep(delay)
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        proc.communicate(timeout=300)
        text = (config / "network-allocation.yml").read_text()
        data = yaml.safe_load(text)
        # The old file or the whole new one: never a part.
        assert text == previous or len(data["int_ips"]) == HOSTS, text[:200]
        assert data["int_ips"]["ctl0000"] == "10.66.0.10"
    proc = kayobe(tmp_path, *args)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    data = allocation(config)
    assert len(data["int_ips"]) == HOSTS
    assert len(set(data["int_ips"].values())) == HOSTS
    assert data["int_ips"]["ctl0000"] == "10.66.0.10"
    before = (config / "network-allocation.yml").read_bytes()
    proc = kayobe(tmp_path, *args)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    assert (config / "network-allocation.yml").read_bytes() == before


# --- kolla generation ---------------------------------------------------

def kolla_site(tmp_path, kolla_path, hosts):
    from ansible.parsing.vault import VaultLib
    from ansible.parsing.vault import VaultSecret
    config = make_config(tmp_path, hosts)
    venv = tmp_path / "kolla-venv"
    share = venv / "share" / "kolla-ansible"
    write(share / "ansible" / "inventory" / "multinode", MULTINODE)
    write(share / "etc_examples" / "kolla" / "passwords.yml",
          "database_password:\n")
    lib = VaultLib([("default", VaultSecret(VAULT_PASSWORD.encode()))])
    write(config / "kolla" / "passwords.yml",
          lib.encrypt(b"database_password: x\n").decode())
    write(config / "kolla.yml", f"""\
kolla_internal_vip_address: 10.66.0.5
kolla_config_path: {kolla_path}
kolla_ansible_venv: {venv}
""")
    return config


def tree(path):
    path = pathlib.Path(path)
    return {str(p.relative_to(path)): p.read_bytes()
            for p in path.rglob("*") if p.is_file()}


def generate(tmp_path, config):
    proc = kayobe(tmp_path, "overcloud", "service", "configuration", "generate",
                  "--config-path", str(config))
    out, err = proc.communicate(timeout=600)
    return proc, out, err


def test_killed_during_kolla_generation(tmp_path):
    """Generation runs in kayobe itself (about a second for 300 hosts): kill
    kayobe at points spread over it, each time from the first tree."""
    import shutil
    kolla = tmp_path / "kolla"
    config = kolla_site(tmp_path, kolla, 20)
    _, out, err = generate(tmp_path, config)
    first = tree(kolla)
    assert "globals.yml" in first and ".kayobe-kolla.json" in first, out + err
    saved = tmp_path / "kolla-first"
    shutil.copytree(kolla, saved)
    # A bigger configuration: many hosts' variables to resolve.
    write(config / "inventory" / "hosts", inventory(HOSTS))
    seen = []
    for index, delay in enumerate((0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5)):
        shutil.rmtree(kolla)
        shutil.copytree(saved, kolla)
        proc = kayobe(tmp_path, "overcloud", "service", "configuration",
                      "generate", "--config-path", str(config))
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM if index % 2 else signal.SIGKILL)
        proc.communicate(timeout=300)
        now = tree(kolla)
        if index % 2:   # SIGTERM unwinds: staged files are removed
            assert not [p for p in now if p.endswith(".tmp")], sorted(now)
        seen.append({p: d for p, d in now.items() if not p.endswith(".tmp")})
    _, out, err = generate(tmp_path, config)
    second = tree(kolla)
    assert second != first, out + err
    # Each killed run left the first tree or the whole second one.
    for index, snapshot in enumerate(seen):
        assert snapshot in (first, second), f"kill {index} left a mixed tree"
    assert first in seen
    # And the next run converges: nothing left to change.
    _, out, err = generate(tmp_path, config)
    assert tree(kolla) == second, out + err
    assert "0 created, 0 changed, 0 removed" in out, out


def test_disk_full_keeps_previous_tree(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs",
                    str(mount)], check=True)
    try:
        kolla = mount / "kolla"
        config = kolla_site(tmp_path, kolla, 5)
        proc, out, err = generate(tmp_path, config)
        first = tree(kolla)
        assert "globals.yml" in first, out + err
        # Every host's variables make the inventory far bigger than the disk.
        write(config / "inventory" / "hosts", inventory(HOSTS))
        write(config / "kolla.yml", (config / "kolla.yml").read_text()
              + "kolla_overcloud_inventory_pass_through_host_vars: "
              "[ansible_python_interpreter, ansible_connection, int_cidr, "
              "int_allocation_pool_start, int_allocation_pool_end, "
              "network_interfaces]\n")
        proc, out, err = generate(tmp_path, config)
        assert proc.returncode != 0
        last = err.strip().splitlines()[-1]
        assert last.startswith("kayobe: error: ") and "No space left" in last, err
        assert "Traceback" not in err
        assert tree(kolla) == first
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# --- two commands at once -----------------------------------------------

def test_second_command_on_same_config_is_refused(tmp_path):
    config = make_config(tmp_path, 2)
    slow = write(tmp_path / "slow.yml", """\
---
- name: Hold the configuration
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Sleep
      ansible.builtin.command: sleep 8
      changed_when: false
""")
    first = kayobe(tmp_path, "playbook", "run", str(slow), "--config-path",
                   str(config))
    wait_for_child(first, "ansible-playbook")
    second = kayobe(tmp_path, "overcloud", "host", "command", "run",
                    "--command", "true", "--config-path", str(config))
    out, err = second.communicate(timeout=300)
    assert second.returncode == 1, out + err
    assert err.strip().splitlines()[-1].startswith(
        f"kayobe: error: another kayobe command is running on {config}")
    assert "playbook run" in err
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    report = (tmp_path / "state" / "last-run.json").read_text()
    assert '"playbook run"' in report
    # Free again once the first has finished.
    again = kayobe(tmp_path, "overcloud", "host", "command", "run",
                   "--command", "true", "--config-path", str(config))
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, out + err
