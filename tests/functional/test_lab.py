"""Prove the lab: full hosts, scale hosts, fault injection and teardown.

Needs root and the host packages from tools/install-host-packages.sh; the
fixtures skip otherwise.  Run with: pytest -m lab tests/functional/test_lab.py
"""

import json
import os
import re
import subprocess
import sys
import time

import pytest
from conftest import FULL_PREFIX
from conftest import SCALE_PREFIX
from lab import SLEEP_PLAYBOOK
from lab import Lab
from lab import missing_requirements

pytestmark = pytest.mark.lab

ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable),
                                "ansible-playbook")
ANSIBLE_CFG = """\
[defaults]
host_key_checking = False
forks = 50
timeout = 5
retry_files_enabled = False
[ssh_connection]
pipelining = True
"""
HOSTNAME_PLAYBOOK = """\
- name: Report each host's name
  hosts: {hosts}
  gather_facts: false
  tasks:
    - name: Run hostname
      ansible.builtin.command: hostname
      changed_when: false
"""
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)"
                   r"\s+failed=(\d+)", re.M)


@pytest.fixture(scope="module")
def ansible_env(tmp_path_factory):
    if not os.path.exists(ANSIBLE_PLAYBOOK):
        pytest.skip(f"no ansible-playbook next to {sys.executable}")
    d = tmp_path_factory.mktemp("ansible")
    (d / "ansible.cfg").write_text(ANSIBLE_CFG)
    return dict(os.environ, ANSIBLE_CONFIG=str(d / "ansible.cfg"),
                ANSIBLE_LOCAL_TEMP=str(d / "tmp"), ANSIBLE_NOCOLOR="1")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def run_json(inventory, playbook, env, timeout=300):
    """ansible-playbook with the json callback; returns (rc, {host: stdout})."""
    env = dict(env, ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json")
    proc = subprocess.run([ANSIBLE_PLAYBOOK, "-i", inventory, playbook],
                          env=env, capture_output=True, text=True,
                          timeout=timeout)
    out = json.loads(proc.stdout)
    results = {}
    for play in out["plays"]:
        for task in play["tasks"]:
            for host, res in task["hosts"].items():
                results[host] = res
    return proc.returncode, results, out["stats"]


def recap(output):
    return {m.group(1): {"ok": int(m.group(2)), "unreachable": int(m.group(4)),
                         "failed": int(m.group(5))}
            for m in RECAP.finditer(output)}


def test_full_hosts_report_own_hostname(lab_full, ansible_env, tmp_path):
    hosts = lab_full.hosts
    assert len(hosts) >= 3
    inventory = lab_full.write_inventory(tmp_path / "inventory")
    playbook = write(tmp_path, "hostname.yml",
                     HOSTNAME_PLAYBOOK.format(hosts="all"))
    rc, results, stats = run_json(inventory, playbook, ansible_env)
    assert rc == 0, stats
    assert {h: results[h]["stdout"] for h in hosts} == {h: h for h in hosts}


def test_full_inventory_groups(lab_full):
    text = lab_full.inventory_text()
    seed, c1, c2, compute = lab_full.hosts[:4]
    assert re.search(rf"^\[seed\]\n{seed}\n", text, re.M)
    assert re.search(rf"^\[controllers\]\n{c1}\n{c2}\n", text, re.M)
    assert re.search(rf"^\[compute\]\n{compute}\n", text, re.M)
    assert re.search(r"^\[overcloud:children\]\ncontrollers\ncompute\n"
                     r"storage\nmonitoring", text, re.M)
    for line in text.splitlines():
        if line.startswith(seed + " "):
            for var in (f"ansible_host={lab_full.ip(seed)}",
                        "ansible_user=root", "ansible_ssh_private_key_file=",
                        "ansible_python_interpreter=/usr/bin/python3",
                        "ServerAliveInterval=5", "ServerAliveCountMax=3",
                        "StrictHostKeyChecking=no",
                        "UserKnownHostsFile=/dev/null"):
                assert var in line


def test_full_hosts_have_extra_links(lab_full):
    for host in lab_full.hosts:
        links = json.loads(lab_full.ssh(host, "ip -j addr").stdout)
        by_name = {link["ifname"]: link for link in links}
        assert {"eth0", "eth1", "eth2"} <= set(by_name), host
        for name in ("eth1", "eth2"):
            assert "UP" in by_name[name]["flags"]
            assert not [a for a in by_name[name]["addr_info"]
                        if a["family"] == "inet"], (host, name)
        assert [a["local"] for a in by_name["eth0"]["addr_info"]
                if a["family"] == "inet"] == [lab_full.ip(host)]


def test_full_host_apt_works(lab_full):
    host = lab_full.hosts[-1]
    lab_full.ssh(host, "apt-get update -q", timeout=180)


def test_full_host_kill_and_restore(lab_full, ansible_env, tmp_path):
    victim = lab_full.hosts[-1]
    inventory = lab_full.write_inventory(tmp_path / "inventory")
    playbook = write(tmp_path, "hostname.yml",
                     HOSTNAME_PLAYBOOK.format(hosts="all"))
    lab_full.kill(victim)
    try:
        rc, results, stats = run_json(inventory, playbook, ansible_env)
        assert rc != 0
        assert stats[victim]["unreachable"] == 1
        assert all(stats[h]["ok"] == 1 for h in lab_full.hosts if h != victim)
    finally:
        lab_full.restore(victim)
    assert lab_full.ssh(victim, "hostname").stdout.strip() == victim


def test_scale_one_task_across_all(lab_scale, ansible_env, tmp_path):
    assert len(lab_scale.hosts) == 50
    inventory = lab_scale.write_inventory(tmp_path / "inventory")
    playbook = write(tmp_path, "hostname.yml",
                     HOSTNAME_PLAYBOOK.format(hosts="compute"))
    rc, results, stats = run_json(inventory, playbook, ansible_env)
    assert rc == 0
    assert {h: results[h]["stdout"] for h in lab_scale.hosts} == {
        h: h for h in lab_scale.hosts}


# The same fault through kayobe on full hosts is in the default tier
# (test_lab_kayobe.py); this scale-host variant (about 40 s) is slow tier.
@pytest.mark.slow
def test_scale_unreachable_mid_run(lab_scale, ansible_env, tmp_path):
    hosts = lab_scale.hosts
    link_down, killed = hosts[:3], hosts[10:12]
    victims = set(link_down) | set(killed)
    inventory = lab_scale.write_inventory(tmp_path / "inventory")
    playbook = write(tmp_path, "sleep.yml", SLEEP_PLAYBOOK)
    started = time.monotonic()
    rc, text = lab_scale.run_with_faults(
        [ANSIBLE_PLAYBOOK, "-i", inventory, playbook], ansible_env,
        link_down, killed)
    assert rc != 0
    stats = recap(text)
    assert len(stats) == 50, text
    assert {h for h, s in stats.items() if s["unreachable"]} == victims, text
    assert all(s["ok"] == 3 for h, s in stats.items() if h not in victims)
    assert all(s["ok"] == 1 for h, s in stats.items() if h in victims)
    assert time.monotonic() - started < 240


def run(*argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout


def veth(record):
    return ("vlab" if record["kind"] == "full" else "vlabs") + str(record["slot"])


def leftovers(records, state_dir, in_use=()):
    """What the lab still holds for these hosts (``lab status`` records).
    Slots (links, addresses) of ``in_use`` records are another user's now."""
    names = {h["name"] for h in records}
    ips = {h["ip"] for h in records} - {h["ip"] for h in in_use}
    veths = {veth(h) for h in records} - {veth(h) for h in in_use}
    netns = re.findall(r"^(\S+)", run("ip", "netns", "list"), re.M)
    links = re.findall(r"^\d+: ([^:@]+)", run("ip", "-o", "link"), re.M)
    left = [f"netns {n}" for n in netns if n in names]
    left += [f"link {n}" for n in links if n.split("x")[0] in veths]
    dirs = tuple(f"{state_dir}/hosts/{n}/" for n in names)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(d in cmd for d in dirs):
            left.append(f"process {pid} {cmd}")
    # sockets still owned by a process (orphaned kernel sockets just expire)
    left += [f"socket {s}" for s in run("ss", "-Htnp").splitlines()
             if "users:" in s and any(f" {ip}:22 " in f" {s} " for ip in ips)]
    with open("/proc/mounts") as f:
        left += [f"mount {m.split()[1]}" for m in f
                 if m.split()[1].startswith(dirs)]
    left += [f"state {d}" for d in dirs if os.path.exists(d)]
    return left


def shared_leftovers():
    """The machine-wide parts: bridges and the lab's iptables rules."""
    links = re.findall(r"^\d+: (labbr\d+)", run("ip", "-o", "link"), re.M)
    left = [f"link {n}" for n in links]
    for table in ("filter", "nat"):
        rules = run("iptables", "-w", "-t", table, "-S").splitlines()
        left += [f"iptables {r}" for r in rules if "kayobe-lab" in r]
    return left


def hold_ssh_master(key, ip, control_dir):
    """A ControlPersist master aimed at a lab host: 'down' must kill it."""
    subprocess.run(
        ["ssh", "-F", "/dev/null", "-i", key, "-o", "BatchMode=yes",
         "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "ControlMaster=auto", "-o", "ControlPersist=60s",
         "-o", f"ControlPath={control_dir}/%C", f"root@{ip}", "true"],
        check=True, timeout=60, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_down_by_prefix_leaves_others_and_nothing_behind(tmp_path_factory):
    """Two labs of this test's own: removing one leaves the other running and
    the shared network up; removing the other (twice) leaves nothing of
    either, and nothing shared when no other user's host is left."""
    for kind in ("full", "scale"):
        reason = missing_requirements(kind)
        if reason:
            pytest.skip(reason)
    # Own prefixes, never the session's or another user's.
    first = Lab("full", f"{FULL_PREFIX}d")
    second = [Lab("full", f"{FULL_PREFIX}e"), Lab("scale", f"{SCALE_PREFIX}d")]
    control_dir = tmp_path_factory.mktemp("cp", numbered=True)
    ours = [first] + second
    try:
        first.up(1)
        second[0].up(1)
        second[1].up(3)
        state = first.status()
        hold_ssh_master(state["key"], second[1].ip(second[1].hosts[0]), control_dir)
        first_records = first.records()
        second_records = [h for lab in second for h in lab.records()]
        assert leftovers(first_records, state["state_dir"])

        first.down()
        assert leftovers(first_records, state["state_dir"],
                         first.status()["hosts"]) == []
        assert [h["state"] for lab in second for h in lab.records()] == \
            ["running"] * 4
        assert second[0].ssh(second[0].hosts[0], "hostname").stdout.strip() == \
            second[0].hosts[0]
        assert "link labbr0" in shared_leftovers()
    finally:
        for lab in ours:
            lab.down()
    for lab in second:
        lab.down()   # a second 'down' is a no-op
    others = first.status()["hosts"]
    assert leftovers(first_records + second_records, state["state_dir"], others) == []
    if not others:   # nobody else is using the lab
        assert shared_leftovers() == []
