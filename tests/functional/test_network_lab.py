"""Host networking on full lab hosts, driven through the kayobe CLI.

Two networks on the lab's extra links: ``net1`` directly on eth1
(10.71.0.0/24, the lab bridge labbr2, gateway 10.71.0.1) with a static
route and a policy rule using a named route table, and ``net2`` on a bridge
``br-ex`` with port eth2 (10.72.9.0/24, MTU 9000, an external network, so a
veth pair is created too).  eth0 (management) is never named, so it is left
alone.  The lead runs this (``pytest -m lab``); it needs the whole lab.
"""

import json
import os
import pathlib
import subprocess

import pytest
import yaml

pytest.importorskip('kayobe.cli')

from test_lab_kayobe import kayobe_executable  # noqa: E402
from test_lab_kayobe import read_report  # noqa: E402

pytestmark = pytest.mark.lab

REPO = pathlib.Path(__file__).resolve().parents[2]
ANSIBLE = REPO / 'ansible'
STATE_DIR = os.environ.get('LAB_STATE_DIR', '/run/kayobe-lab')

NETWORKS = {
    'internal_net_name': 'net1',
    'external_net_names': ['net2'],
    'seed_extra_network_interfaces': ['net1', 'net2'],
    'compute_extra_network_interfaces': ['net2'],
    'network_route_tables': [{'name': 'net1rt', 'id': 101}],
    'net1_interface': 'eth1',
    'net1_cidr': '10.71.0.0/24',
    'net1_gateway': '10.71.0.1',
    'net1_defroute': False,
    'net1_allocation_pool_start': '10.71.0.200',
    'net1_allocation_pool_end': '10.71.0.230',
    'net1_routes': [
        {'cidr': '10.73.0.0/24', 'gateway': '10.71.0.1'},
        {'cidr': '10.74.0.0/24', 'gateway': '10.71.0.1', 'table': 'net1rt'},
    ],
    'net1_rules': [{'to': '10.74.0.0/24', 'table': 'net1rt',
                    'priority': 100}],
    'net2_interface': 'br-ex',
    'net2_bridge_ports': ['eth2'],
    'net2_cidr': '10.72.9.0/24',
    'net2_allocation_pool_start': '10.72.9.10',
    'net2_allocation_pool_end': '10.72.9.40',
    'net2_mtu': 9000,
}


@pytest.fixture
def network_config(lab_full, tmp_path):
    """A config path with the two networks, and the lab's inventory."""
    exe = kayobe_executable()
    if not exe:
        pytest.skip('kayobe CLI not installed')
    config = tmp_path / 'etc' / 'kayobe'
    (config / 'inventory').mkdir(parents=True)
    (config / 'networks.yml').write_text(yaml.safe_dump(NETWORKS))
    lab_full.write_inventory(config / 'inventory' / 'hosts')
    # As upstream's example inventory: the controllers are the network hosts,
    # which is what gives them the external networks.
    with open(config / 'inventory' / 'hosts', 'a') as f:
        f.write('\n[network:children]\ncontrollers\n')
    # eth1 and eth2 of every host share one lab bridge: answer ARP only on
    # the interface that holds the address, as hosts on separate segments
    # would see it.
    for host in lab_full.hosts:
        lab_full.ssh(host, 'sysctl -qw net.ipv4.conf.all.arp_ignore=1 '
                           'net.ipv4.conf.all.arp_announce=2')
    # The host side of each eth2 must carry 9000-byte frames too.
    for host in lab_full.hosts:
        with open(os.path.join(STATE_DIR, 'hosts', host, 'veth')) as f:
            veth = f.read().strip()
        subprocess.run(['ip', 'link', 'set', veth + 'x2', 'mtu', '9000'],
                       check=True)
    env = dict(os.environ, KAYOBE_CONFIG_PATH=str(config),
               KAYOBE_RUN_REPORT=str(tmp_path / 'report.json'),
               KAYOBE_STATE_DIR=str(tmp_path / 'state'),
               ANSIBLE_HOST_KEY_CHECKING='False', ANSIBLE_NOCOLOR='1')
    return exe, config, env


def kayobe(network_config, *args):
    exe, _, env = network_config
    return subprocess.run([exe] + list(args), env=env, capture_output=True,
                          text=True, timeout=600)


def configure(network_config):
    return kayobe(network_config, 'playbook', 'run',
                  str(ANSIBLE / 'host-areas.yml'),
                  str(ANSIBLE / 'ip-allocation.yml'),
                  str(ANSIBLE / 'network.yml'))


def ip_json(lab, host, *args):
    return json.loads(lab.ssh(host, 'ip -j ' + ' '.join(args)).stdout)


def check_host(lab, host, allocation):
    links = {link['ifname']: link for link in ip_json(lab, host, 'addr')}
    addresses = {name: {a['local'] for a in link.get('addr_info', [])
                        if a['family'] == 'inet'}
                 for name, link in links.items()}
    assert addresses['eth1'] == {allocation['net1_ips'][host]}
    assert addresses['br-ex'] == {allocation['net2_ips'][host]}
    assert addresses['eth0'], 'management address lost'
    assert links['br-ex']['mtu'] == 9000 and links['eth2']['mtu'] == 9000
    assert links['eth2'].get('master') == 'br-ex'
    assert links['p-br-ex-phy'].get('master') == 'br-ex'
    assert 'p-br-ex-ovs' in links
    routes = ip_json(lab, host, 'route', 'show', 'table', 'all')
    main = {(r['dst'], r.get('gateway')) for r in routes
            if r.get('table', 'main') == 'main'}
    assert ('10.73.0.0/24', '10.71.0.1') in main
    assert ('default', '10.66.0.1') in main
    assert ('default', '10.71.0.1') not in main       # net1_defroute: false
    table = {(r['dst'], r.get('gateway')) for r in routes
             if r.get('table') == '101'}
    assert table == {('10.74.0.0/24', '10.71.0.1')}
    rules = ip_json(lab, host, 'rule')
    assert any(r['priority'] == 100 and r.get('dst') == '10.74.0.0'
               and r.get('dstlen') == 24 and r['table'] == '101'
               for r in rules), rules
    hosts = lab.ssh(host, 'cat /etc/hosts').stdout
    for peer, ip in allocation['net1_ips'].items():
        assert f'{ip} {peer}\n' in hosts
    assert lab.ssh(host, 'hostname').stdout.strip() == host


def test_network_configure_and_connectivity(lab_full, network_config):
    _, config, env = network_config
    first = configure(network_config)
    assert first.returncode == 0, first.stdout + first.stderr
    allocation = yaml.safe_load((config / 'network-allocation.yml').read_text())
    assert set(allocation['net1_ips']) == set(lab_full.hosts)
    assert set(allocation['net2_ips']) == set(lab_full.hosts)
    for host in lab_full.hosts:
        check_host(lab_full, host, allocation)

    second = configure(network_config)
    assert second.returncode == 0, second.stdout + second.stderr
    report = read_report(env)
    assert {h['status'] for h in report['hosts'].values()} == {'ok'}, (
        second.stdout)

    check = kayobe(network_config, 'network', 'connectivity', 'check')
    assert check.returncode == 0, check.stdout + check.stderr
    for host in lab_full.hosts:
        assert f"host '{host}' network 'net1': ok" in check.stdout
        assert f"host '{host}' network 'net2': ok" in check.stdout
        assert 'MTU 9000 ok' in check.stdout

    victim = lab_full.hosts[-1]
    lab_full.ssh(victim, 'ip link set eth1 down')
    try:
        broken = kayobe(network_config, 'network', 'connectivity', 'check')
    finally:
        lab_full.ssh(victim, 'ip link set eth1 up')
    assert broken.returncode != 0
    assert f"host '{victim}' network 'net1': FAILED" in broken.stdout
    assert victim in broken.stdout + broken.stderr
