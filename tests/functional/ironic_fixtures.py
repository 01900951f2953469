"""Real standalone Ironic for functional tests (tools/lab/ironic does the work).

Fixtures (session scope, registered from conftest.py):

- ``ironic_factory(role, address='127.0.0.1', netns=None, fake_delay='0')``:
  start one more instance; it is stopped, leaving nothing behind, at the end
  of the session.  With ``netns`` (a lab host's name) Ironic runs in that
  host's network namespace on its address, as bifrost runs on the seed.
- ``ironic_seed``: the seed's Ironic (bifrost's role), on a loopback port.
- ``ironic_overcloud``: a second, independent Ironic (the overcloud's).

Each is an ``Ironic`` object: ``endpoint``, ``connection()`` (openstacksdk,
noauth), ``clouds_yaml(path, cloud)`` and ``delete_all_nodes()``.  Instance
names carry the pytest process id, so that sessions running at the same time
on one machine never share an instance.
"""

import os
import socket
import subprocess

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
IRONIC_TOOL = os.path.join(REPO_ROOT, 'tools', 'lab', 'ironic')


class IronicError(Exception):
    pass


def missing_requirements():
    """Why a real Ironic cannot run here, or None."""
    if os.geteuid() != 0:
        return 'tools/lab/ironic needs root'
    try:
        import openstack  # noqa: F401
    except ImportError:
        return 'openstacksdk is not installed in the test venv'
    return None


def run_tool(*args, timeout=600):
    proc = subprocess.run([IRONIC_TOOL] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode:
        command = ' '.join(map(str, args))
        raise IronicError(f'ironic {command} failed ({proc.returncode}): '
                          f'{proc.stderr[-2000:]}')
    return proc.stdout.strip()


def free_port(address='127.0.0.1'):
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


class Ironic:
    """One running instance of tools/lab/ironic."""

    def __init__(self, name, address, port, netns=None):
        self.name = name
        self.address = address
        self.port = port
        self.netns = netns
        self.endpoint = None

    def start(self, fake_delay='0'):
        args = ['start', '--name', self.name, '--address', self.address,
                '--port', self.port, '--fake-delay', fake_delay]
        if self.netns:
            args += ['--netns', self.netns]
        self.endpoint = run_tool(*args)
        return self

    def stop(self):
        run_tool('stop', '--name', self.name)

    @property
    def cloud_config(self):
        """openstacksdk connection arguments (what the module's ``cloud`` takes)."""
        return {'auth_type': 'none', 'auth': {'endpoint': self.endpoint}}

    def connection(self):
        import openstack
        return openstack.connect(**self.cloud_config)

    def clouds_yaml(self, path, cloud='bifrost'):
        """Write a clouds.yaml naming this instance ``cloud``; the path."""
        import yaml
        with open(path, 'w') as f:
            yaml.safe_dump({'clouds': {cloud: self.cloud_config}}, f)
        return str(path)

    def delete_all_nodes(self):
        """Remove every node (forcing active ones out first), for test isolation."""
        conn = self.connection()
        for node in conn.baremetal.nodes(details=True):
            if node.is_maintenance:
                conn.baremetal.unset_node_maintenance(node)
            if node.provision_state in ('active', 'deploy failed', 'wait call-back'):
                conn.baremetal.set_node_provision_state(node, 'deleted', wait=False)
                conn.baremetal.wait_for_nodes_provision_state(
                    [node], 'available', timeout=120, wait_interval=0.2)
            conn.baremetal.delete_node(node, ignore_missing=True)


@pytest.fixture(scope='session')
def ironic_factory(request):
    """Start Ironic instances for the session; all stopped at its end."""
    reason = missing_requirements()
    if reason:
        pytest.skip(f'real Ironic unavailable: {reason}')
    started = []

    def stop_all():
        for ironic in reversed(started):
            ironic.stop()
    request.addfinalizer(stop_all)

    def start(role, address='127.0.0.1', netns=None, fake_delay='0', port=None):
        name = f'{role}-{os.getpid()}-{len(started)}'
        ironic = Ironic(name, address, port or (
            free_port(address) if not netns else 6385), netns)
        started.append(ironic)     # stop() is idempotent: safe after a failed start
        return ironic.start(fake_delay)
    return start


@pytest.fixture(scope='session')
def ironic_seed(ironic_factory):
    """The seed's Ironic (bifrost's part), on a loopback port."""
    return ironic_factory('seed')


@pytest.fixture(scope='session')
def ironic_overcloud(ironic_factory):
    """The overcloud's Ironic, independent of the seed's."""
    return ironic_factory('overcloud')
