"""Fixtures for functional tests that need lab hosts (tools/lab/lab)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lab import Lab, missing_requirements  # noqa: E402
from ironic_fixtures import ironic_factory, ironic_overcloud, ironic_seed  # noqa: E402,F401

# 1 seed + 2 controllers + 1 compute on four full hosts.
FULL_GROUPS = {'seed': 1, 'controllers': 2, 'compute': 1}
SCALE_HOSTS = 50


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'lab: needs root and lab test hosts (tools/lab/lab)')
    config.addinivalue_line(
        'markers', 'lab_teardown: tears the whole lab down; runs last')


# Lab tests share the session's hosts: those that check pristine hosts run
# first, then network configuration, then whole host configuration.
LAB_ORDER = ('test_lab.py', 'test_lab_kayobe.py', 'test_network_lab.py',
             'test_host_configure_lab.py')


def pytest_collection_modifyitems(session, config, items):
    # 'lab down' removes every lab host, including those of the session
    # fixtures, so tests that call it run after all the others.
    def rank(item):
        name = os.path.basename(str(item.fspath))
        order = LAB_ORDER.index(name) if name in LAB_ORDER else -1
        return (item.get_closest_marker('lab_teardown') is not None, order)
    items.sort(key=rank)


def _lab_fixture(request, lab, count, groups):
    reason = missing_requirements(lab.kind)
    if reason:
        pytest.skip('lab (%s hosts) unavailable: %s' % (lab.kind, reason))
    # the finalizer runs even if bring-up fails half-way ('down' is idempotent)
    request.addfinalizer(lab.down)
    lab.up(count, groups=groups)
    return lab


@pytest.fixture(scope='session')
def lab_full(request):
    """Four full hosts (systemd-nspawn): 1 seed, 2 controllers, 1 compute."""
    return _lab_fixture(request, Lab('full', nested=True),
                        sum(FULL_GROUPS.values()),
                        FULL_GROUPS)


@pytest.fixture(scope='session')
def lab_scale(request):
    """Fifty scale hosts (netns + sshd), all in the compute group."""
    return _lab_fixture(request, Lab('scale'), SCALE_HOSTS,
                        {'compute': SCALE_HOSTS})
