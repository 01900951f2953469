"""Overcloud provisioning against a real Ironic playing bifrost on the seed.

Ironic 39 (tools/lab/ironic, fake-hardware) runs inside the network
namespace of a lab seed host (prefix h6s), on the seed's address; ten light
lab hosts (prefix h6n) are the overcloud hosts, so that ``overcloud
provision`` waits for their real sshd.  The kayobe CLI of this tree drives
the whole chain: hardware register -> inventory discover -> hardware
inspect -> introspection data save -> bios raid configure -> provision ->
deprovision, each run twice (the second changes nothing), plus one node in
maintenance failing alone and ``--retry-failed`` converging it.

The API calls run on the control host (bifrost_api_host: localhost), which
reaches the seed's address over the lab bridge.
"""

import json
import os
import subprocess
import sys

import pytest
import yaml
from lab import REPO_ROOT
from lab import Lab
from lab import missing_requirements

pytestmark = pytest.mark.lab

NODES = 10
CONTROLLERS = ['h6n1', 'h6n2', 'h6n3']


@pytest.fixture(scope='module')
def h6_lab(request):
    for kind in ('full', 'scale'):
        reason = missing_requirements(kind)
        if reason:
            pytest.skip(f'lab unavailable: {reason}')
    seed, nodes = Lab('full', name_prefix='h6s'), Lab('scale', name_prefix='h6n')
    request.addfinalizer(nodes.down)
    request.addfinalizer(seed.down)
    seed.run('up', 1, '--name-prefix', 'h6s', '--links', 0)
    nodes.up(NODES)
    return seed, nodes


@pytest.fixture(scope='module')
def bifrost(h6_lab, ironic_factory):
    seed, _ = h6_lab
    name = seed.hosts[0]
    return ironic_factory('bifrost', address=seed.ip(name), netns=name)


def host_lines(lab):
    text = lab.inventory_text()
    return [line for line in text.splitlines()
            if line.startswith(lab.name_prefix)]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture(scope='module')
def kayobe(h6_lab, bifrost, tmp_path_factory):
    """Run the tree's kayobe CLI with a config for the lab; returns a runner."""
    seed, nodes = h6_lab
    base = tmp_path_factory.mktemp('h6-provision')
    config = base / 'etc' / 'kayobe'
    names = [f'h6n{i}' for i in range(1, NODES + 1)]
    write(config / 'inventory' / 'hosts',
          '[lab_hosts]\n' + '\n'.join(host_lines(seed) + host_lines(nodes))
          + '\n\n[seed]\n' + seed.hosts[0] + '\n')
    # What an operator starts from: the hosts and their BMCs (discovery
    # rewrites this file from Ironic).
    write(config / 'inventory' / 'overcloud', '[controllers]\n' + ''.join(
        f'{n} ipmi_address=10.99.0.{i}\n' for i, n in enumerate(names, 1)))
    write(config / 'bifrost.yml', yaml.safe_dump({
        'bifrost_api_host': 'localhost',
        'bifrost_cloud': bifrost.cloud_config,
        'bifrost_poll_interval': 0.1,
        'ipmi_username': 'admin',
        'ipmi_password': 'bmc-secret-h6',
        'overcloud_ironic_driver': 'fake-hardware',
        'overcloud_ironic_properties': {'cpu_arch': 'x86_64'},
        'overcloud_group_hosts_map': {
            'controllers': CONTROLLERS,
            'compute': [n for n in names if n not in CONTROLLERS]},
        'controller_bios_config_extra': {'NumLock': 'On'},
        'compute_bios_config_extra': {'ProcVirtualization': 'Enabled'},
        'overcloud_provision_ssh_timeout': 60,
        # bounded well inside the test's own timeouts
        'overcloud_hardware_register_timeout': 60,
        'kolla_bifrost_inspection_timeout': 60,
        'overcloud_bios_raid_timeout': 60,
        'overcloud_provision_timeout': 60,
        'overcloud_deprovision_timeout': 60,
    }))
    write(config / 'networks.yml', yaml.safe_dump({
        'admin_oc_net_name': 'admin', 'admin_cidr': '10.98.0.0/24',
        'admin_allocation_pool_start': '10.98.0.10',
        'admin_allocation_pool_end': '10.98.0.99'}))
    # fake-hardware's RAID interface has no RAID clean steps: the one host
    # with a RAID layout shows a failed clean step naming it, alone.
    write(config / 'inventory' / 'host_vars' / 'h6n10', yaml.safe_dump({
        'raid_config': [{'size_gb': 10, 'raid_level': '1',
                         'is_root_volume': True}]}))
    write(config / 'inventory' / 'group_vars' / 'overcloud' / 'networks',
          'network_interfaces: [admin]\nadmin_interface: eth0\n')
    env = dict(os.environ, KAYOBE_CONFIG_PATH=str(config),
               KAYOBE_STATE_DIR=str(base / 'state'),
               KAYOBE_RUN_REPORT=str(base / 'report.json'),
               PYTHONPATH=REPO_ROOT, ANSIBLE_FORKS='20', ANSIBLE_NOCOLOR='1',
               ANSIBLE_HOST_KEY_CHECKING='False')

    def run(*words, check=True):
        # each run rewrites the report ($KAYOBE_RUN_REPORT), which
        # --retry-failed reads back: keep it, and never read a stale one
        path = base / 'report.json'
        before = path.stat().st_mtime_ns if path.exists() else None
        proc = subprocess.run(
            [sys.executable, '-m', 'kayobe.cli.app', *words], env=env, cwd=base,
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=300)
        fresh = path.exists() and path.stat().st_mtime_ns != before
        report = json.loads(path.read_text()) if fresh else None
        if check and proc.returncode:
            raise AssertionError(f'kayobe {" ".join(words)} failed '
                                 f'({proc.returncode}):\n{proc.stdout[-4000:]}'
                                 f'\n{proc.stderr[-2000:]}')
        return proc, report
    run.config = config
    run.base = base
    run.names = names
    return run


def changed_hosts(report):
    return sorted(h for h, e in report['hosts'].items() if e['changed'])


def states(bifrost):
    conn = bifrost.connection()
    return {n.name: n.provision_state for n in conn.baremetal.nodes(details=True)}


def test_overcloud_provisioning_chain(kayobe, bifrost):
    names = kayobe.names
    conn = bifrost.connection()

    # register: every host becomes a manageable node; again: no change
    proc, report = kayobe('overcloud', 'hardware', 'register')
    assert changed_hosts(report) == sorted(names)
    assert set(states(bifrost).values()) == {'manageable'}
    node = conn.baremetal.find_node('h6n4')
    assert node.driver == 'fake-hardware'
    assert node.driver_info['ipmi_address'] == '10.99.0.4'
    assert node.driver_info['ipmi_password'] == '******'
    assert 'bmc-secret-h6' not in proc.stdout + proc.stderr
    _, report = kayobe('overcloud', 'hardware', 'register')
    assert changed_hosts(report) == []

    # discover: the inventory file is rewritten from Ironic, grouped
    kayobe('overcloud', 'inventory', 'discover')
    text = (kayobe.config / 'inventory' / 'overcloud').read_text()
    sections = parse_ini_groups(text)
    assert sections['controllers'] == {n: 'ipmi_address=10.99.0.' + n[3:]
                                       for n in CONTROLLERS}
    assert sorted(sections['compute']) == sorted(set(names) - set(CONTROLLERS))
    allocation = yaml.safe_load(
        (kayobe.config / 'network-allocation.yml').read_text())
    assert set(names) <= set(allocation['admin_ips'])   # (the seed's too)

    # inspect, then the saved introspection data
    _, report = kayobe('overcloud', 'hardware', 'inspect')
    assert changed_hosts(report) == sorted(names)
    _, report = kayobe('overcloud', 'hardware', 'inspect')
    assert changed_hosts(report) == []
    out = kayobe.base / 'introspection'
    kayobe('overcloud', 'introspection', 'data', 'save', '--output-dir', str(out),
           '--output-format', 'yaml')
    assert sorted(os.listdir(out)) == sorted(f'{n}.yaml' for n in names)
    data = yaml.safe_load((out / 'h6n2.yaml').read_text())
    assert data['name'] == 'h6n2' and data['properties']['cpu_arch'] == 'x86_64'

    # BIOS settings as clean steps Ironic ran; h6n10's RAID steps refused
    proc, report = kayobe('overcloud', 'bios', 'raid', 'configure', check=False)
    assert proc.returncode != 0 and report['failed_hosts'] == ['h6n10']
    message = report['hosts']['h6n10']['message']
    assert "provision state 'clean failed'" in message
    assert "does not support this clean step" in message
    assert all(report['hosts'][n]['changed'] for n in names if n != 'h6n10')
    ctl = conn.baremetal.find_node('h6n1')
    assert ctl.extra['kayobe_clean_steps'] and ctl.provision_state == 'manageable'
    raid = conn.baremetal.find_node('h6n10')
    assert raid.target_raid_config['logical_disks'][0]['raid_level'] == '1'
    proc, report = kayobe('overcloud', 'bios', 'raid', 'configure', check=False)
    assert report['failed_hosts'] == ['h6n10']
    assert [h for h in changed_hosts(report) if h != 'h6n10'] == []

    # provision with one node in maintenance: it fails alone, named
    conn.baremetal.set_node_maintenance('h6n5', reason='fan failure')
    proc, report = kayobe('overcloud', 'provision', check=False)
    assert proc.returncode != 0
    assert report['failed_hosts'] == ['h6n5']
    message = report['hosts']['h6n5']['message']
    assert 'node h6n5' in message and 'fan failure' in message
    assert "provision state 'manageable'" in message
    now = states(bifrost)
    assert {n: s for n, s in now.items() if n != 'h6n5'} == {
        n: 'active' for n in names if n != 'h6n5'}
    conn.baremetal.unset_node_maintenance('h6n5')
    _, report = kayobe('overcloud', 'provision', '--retry-failed')
    assert sorted(report['hosts']) == ['h6n5']
    assert set(states(bifrost).values()) == {'active'}
    _, report = kayobe('overcloud', 'provision')
    assert changed_hosts(report) == []

    # deprovision, no prompt; again: no change
    _, report = kayobe('overcloud', 'deprovision')
    assert changed_hosts(report) == sorted(names)
    assert set(states(bifrost).values()) == {'available'}
    _, report = kayobe('overcloud', 'deprovision')
    assert changed_hosts(report) == []


def parse_ini_groups(text):
    groups, current = {}, None
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        if line.startswith('['):
            current = groups.setdefault(line.strip('[]'), {})
            continue
        host, _, rest = line.partition(' ')
        current[host] = rest
    return groups


@pytest.mark.skipif(not os.environ.get('KAYOBE_TEST_SLOW'),
                    reason='slow (apt on the seed): set KAYOBE_TEST_SLOW=1')
def test_calls_run_on_the_seed_with_its_clouds_yaml(h6_lab, kayobe, bifrost):
    """Upstream's default: the API calls run on the seed, with the seed's own
    clouds.yaml (cloud 'bifrost') and its distribution's openstacksdk."""
    seed, _ = h6_lab
    host = seed.hosts[0]
    seed.ssh(host, 'DEBIAN_FRONTEND=noninteractive apt-get update -qq && '
                   'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq '
                   '--no-install-recommends python3-openstacksdk >/dev/null',
             timeout=600)
    seed.ssh(host, 'mkdir -p /root/.config/openstack && printf '
                   f'"clouds:\\n  bifrost:\\n    auth_type: none\\n    auth: '
                   f'{{endpoint: {bifrost.endpoint}}}\\n" '
                   '> /root/.config/openstack/clouds.yaml')
    on_seed = json.dumps({'bifrost_api_host': host, 'bifrost_cloud': 'bifrost'})
    for command, state in ((('overcloud', 'provision'), 'active'),
                           (('overcloud', 'deprovision'), 'available')):
        _, report = kayobe(*command, '-e', on_seed)
        assert report['failed_hosts'] == []
        assert set(states(bifrost).values()) == {state}
