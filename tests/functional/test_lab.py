"""Prove the lab: full hosts, scale hosts, fault injection and teardown.

Needs root and the host packages from tools/install-host-packages.sh; the
fixtures skip otherwise.  Run with: pytest -m lab tests/functional/test_lab.py
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from lab import Lab, missing_requirements

pytestmark = pytest.mark.lab

ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable),
                                'ansible-playbook')
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
SLEEP_PLAYBOOK = """\
- name: Run long enough to inject faults
  hosts: compute
  gather_facts: false
  tasks:
    - name: First
      ansible.builtin.command: hostname
      changed_when: false
    - name: Sleep
      ansible.builtin.command: sleep 12
      changed_when: false
    - name: Last
      ansible.builtin.command: hostname
      changed_when: false
"""
RECAP = re.compile(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)'
                   r'\s+failed=(\d+)', re.M)


@pytest.fixture(scope='module')
def ansible_env(tmp_path_factory):
    if not os.path.exists(ANSIBLE_PLAYBOOK):
        pytest.skip('no ansible-playbook next to %s' % sys.executable)
    d = tmp_path_factory.mktemp('ansible')
    (d / 'ansible.cfg').write_text(ANSIBLE_CFG)
    return dict(os.environ, ANSIBLE_CONFIG=str(d / 'ansible.cfg'),
                ANSIBLE_LOCAL_TEMP=str(d / 'tmp'), ANSIBLE_NOCOLOR='1')


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def run_json(inventory, playbook, env, timeout=300):
    """ansible-playbook with the json callback; returns (rc, {host: stdout})."""
    env = dict(env, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json')
    proc = subprocess.run([ANSIBLE_PLAYBOOK, '-i', inventory, playbook],
                          env=env, capture_output=True, text=True,
                          timeout=timeout)
    out = json.loads(proc.stdout)
    results = {}
    for play in out['plays']:
        for task in play['tasks']:
            for host, res in task['hosts'].items():
                results[host] = res
    return proc.returncode, results, out['stats']


def recap(output):
    return {m.group(1): {'ok': int(m.group(2)), 'unreachable': int(m.group(4)),
                         'failed': int(m.group(5))}
            for m in RECAP.finditer(output)}


def test_full_hosts_report_own_hostname(lab_full, ansible_env, tmp_path):
    hosts = lab_full.hosts
    assert len(hosts) >= 3
    inventory = lab_full.write_inventory(tmp_path / 'inventory')
    playbook = write(tmp_path, 'hostname.yml',
                     HOSTNAME_PLAYBOOK.format(hosts='all'))
    rc, results, stats = run_json(inventory, playbook, ansible_env)
    assert rc == 0, stats
    assert {h: results[h]['stdout'] for h in hosts} == {h: h for h in hosts}


def test_full_inventory_groups(lab_full):
    text = lab_full.inventory_text()
    seed, c1, c2, compute = lab_full.hosts[:4]
    assert re.search(r'^\[seed\]\n%s\n' % seed, text, re.M)
    assert re.search(r'^\[controllers\]\n%s\n%s\n' % (c1, c2), text, re.M)
    assert re.search(r'^\[compute\]\n%s\n' % compute, text, re.M)
    assert re.search(r'^\[overcloud:children\]\ncontrollers\ncompute\n'
                     r'storage\nmonitoring', text, re.M)
    for line in text.splitlines():
        if line.startswith(seed + ' '):
            for var in ('ansible_host=%s' % lab_full.ip(seed),
                        'ansible_user=root', 'ansible_ssh_private_key_file=',
                        'ansible_python_interpreter=/usr/bin/python3',
                        'ServerAliveInterval=5', 'ServerAliveCountMax=3',
                        'StrictHostKeyChecking=no',
                        'UserKnownHostsFile=/dev/null'):
                assert var in line


def test_full_hosts_have_extra_links(lab_full):
    for host in lab_full.hosts:
        links = json.loads(lab_full.ssh(host, 'ip -j addr').stdout)
        by_name = {link['ifname']: link for link in links}
        assert {'eth0', 'eth1', 'eth2'} <= set(by_name), host
        for name in ('eth1', 'eth2'):
            assert 'UP' in by_name[name]['flags']
            assert not [a for a in by_name[name]['addr_info']
                        if a['family'] == 'inet'], (host, name)
        assert [a['local'] for a in by_name['eth0']['addr_info']
                if a['family'] == 'inet'] == [lab_full.ip(host)]


def test_full_host_apt_works(lab_full):
    host = lab_full.hosts[-1]
    lab_full.ssh(host, 'apt-get update -q', timeout=180)


def test_full_host_kill_and_restore(lab_full, ansible_env, tmp_path):
    victim = lab_full.hosts[-1]
    inventory = lab_full.write_inventory(tmp_path / 'inventory')
    playbook = write(tmp_path, 'hostname.yml',
                     HOSTNAME_PLAYBOOK.format(hosts='all'))
    lab_full.kill(victim)
    try:
        rc, results, stats = run_json(inventory, playbook, ansible_env)
        assert rc != 0
        assert stats[victim]['unreachable'] == 1
        assert all(stats[h]['ok'] == 1 for h in lab_full.hosts if h != victim)
    finally:
        lab_full.restore(victim)
    assert lab_full.ssh(victim, 'hostname').stdout.strip() == victim


def test_scale_one_task_across_all(lab_scale, ansible_env, tmp_path):
    assert len(lab_scale.hosts) == 50
    inventory = lab_scale.write_inventory(tmp_path / 'inventory')
    playbook = write(tmp_path, 'hostname.yml',
                     HOSTNAME_PLAYBOOK.format(hosts='compute'))
    rc, results, stats = run_json(inventory, playbook, ansible_env)
    assert rc == 0
    assert {h: results[h]['stdout'] for h in lab_scale.hosts} == {
        h: h for h in lab_scale.hosts}


def test_scale_unreachable_mid_run(lab_scale, ansible_env, tmp_path):
    hosts = lab_scale.hosts
    link_down, killed = hosts[:3], hosts[10:12]
    victims = set(link_down) | set(killed)
    inventory = lab_scale.write_inventory(tmp_path / 'inventory')
    playbook = write(tmp_path, 'sleep.yml', SLEEP_PLAYBOOK)
    proc = subprocess.Popen([ANSIBLE_PLAYBOOK, '-i', inventory, playbook],
                            env=ansible_env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    injected = threading.Event()
    errors = []

    def inject():
        try:
            for h in link_down:
                lab_scale.make_unreachable(h)
            for h in killed:
                lab_scale.kill(h)
        except Exception as e:  # surfaced by the assertions below
            errors.append(e)
        injected.set()

    output = []
    started = time.monotonic()
    try:
        for line in proc.stdout:
            output.append(line)
            # the first task has finished everywhere: hit the hosts mid-run
            if line.startswith('TASK [Sleep]') and not injected.is_set():
                threading.Thread(target=inject, daemon=True).start()
        proc.wait(timeout=300)
        injected.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
        for h in sorted(victims):
            lab_scale.restore(h)
    text = ''.join(output)
    assert not errors, errors
    assert injected.is_set(), text
    assert proc.returncode != 0
    stats = recap(text)
    assert len(stats) == 50, text
    assert {h for h, s in stats.items() if s['unreachable']} == victims, text
    assert all(s['ok'] == 3 for h, s in stats.items() if h not in victims)
    assert all(s['ok'] == 1 for h, s in stats.items() if h in victims)
    assert time.monotonic() - started < 240


def lab_leftovers(state_dir=None):
    """Anything the lab leaves behind on the machine, as readable strings."""
    state_dir = state_dir or os.environ.get('LAB_STATE_DIR', '/run/kayobe-lab')
    left = []
    netns = subprocess.run(['ip', 'netns', 'list'], capture_output=True,
                           text=True).stdout
    left += ['netns ' + n for n in re.findall(r'^(labs?\d+)\b', netns, re.M)]
    links = subprocess.run(['ip', '-o', 'link', 'show'], capture_output=True,
                           text=True).stdout
    left += ['link ' + n for n in re.findall(r'^\d+: ((?:labbr|vlab)[^:@]*)',
                                             links, re.M)]
    for table in ('filter', 'nat'):
        rules = subprocess.run(['iptables', '-w', '-t', table, '-S'],
                               capture_output=True, text=True).stdout
        left += ['iptables ' + r for r in rules.splitlines()
                 if 'kayobe-lab' in r or '10.66.' in r or '10.70.' in r]
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            continue
        if ('systemd-nspawn' in cmd and state_dir + '/' in cmd) or \
                ('sshd' in cmd and state_dir + '/scale' in cmd):
            left.append('process %s %s' % (pid, cmd))
    socks = subprocess.run(['ss', '-Htnp', 'dst', '10.66.0.0/24'],
                           capture_output=True, text=True).stdout
    socks += subprocess.run(['ss', '-Htnp', 'dst', '10.70.0.0/16'],
                            capture_output=True, text=True).stdout
    # sockets still owned by a process (orphaned kernel sockets just expire)
    left += ['socket ' + s for s in socks.splitlines() if 'users:' in s]
    with open('/proc/mounts') as f:
        left += ['mount ' + m.split()[1] for m in f
                 if m.split()[1].startswith(state_dir + '/')]
    return left


def down_twice_scenario(env=None):
    """Up full and scale hosts, hold an ssh master, down twice; leftovers."""
    full, scale = Lab('full', env=env), Lab('scale', env=env)
    cpdir = tempfile.mkdtemp(prefix='labcp')  # unix socket paths are short
    try:
        full.up(1)
        scale.up(3)
        # a ControlPersist master aimed at a lab host must not survive 'down'
        subprocess.run(
            ['ssh', '-F', '/dev/null', '-i', full.status()['key'],
             '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no',
             '-o', 'UserKnownHostsFile=/dev/null',
             '-o', 'ControlMaster=auto', '-o', 'ControlPersist=60s',
             '-o', 'ControlPath=%s/%%C' % cpdir,
             'root@' + scale.ip(scale.hosts[0]), 'true'],
            check=True, timeout=60, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = lab_leftovers(full.env.get('LAB_STATE_DIR'))
    finally:
        full.down_all()
        shutil.rmtree(cpdir, ignore_errors=True)
    full.down_all()
    return (before, lab_leftovers(full.env.get('LAB_STATE_DIR')),
            full.status()['hosts'])


ISOLATED = """\
import json, sys
sys.path.insert(0, %r)
import test_lab
print(json.dumps(test_lab.down_twice_scenario({'LAB_STATE_DIR': %r})))
"""


@pytest.mark.lab_teardown
def test_down_twice_leaves_nothing(tmp_path):
    for kind in ('full', 'scale'):
        reason = missing_requirements(kind)
        if reason:
            pytest.skip(reason)
    others = [h['name'] for h in Lab('full').status()['hosts']
              if not re.match(r'^labs?\d+$', h['name'])]
    if not others:
        before, after, hosts = down_twice_scenario()
    else:
        # Others' hosts share the machine's bridges: run the whole scenario in
        # private network and mount namespaces with its own state dir.
        script = ISOLATED % (os.path.dirname(os.path.abspath(__file__)),
                             str(tmp_path / 'state'))
        proc = subprocess.run(
            ['unshare', '--net', '--mount', '--propagation', 'private', 'sh',
             '-c', 'ip link set lo up && exec "$0" -c "$1"', sys.executable,
             script], capture_output=True, text=True, timeout=400)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        before, after, hosts = json.loads(proc.stdout.splitlines()[-1])
    assert before
    assert after == []
    assert hosts == []
