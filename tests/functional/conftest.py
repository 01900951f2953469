"""Fixtures for functional tests that need lab hosts (tools/lab/lab).

The session's hosts are named ``$KAYOBE_LAB_PREFIX<N>`` (full, default
``lab``) and ``$KAYOBE_LAB_SCALE_PREFIX<N>`` (scale, default ``labs``), so
that several sessions can share one machine, each with its own prefixes.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ironic_fixtures import ironic_factory  # noqa: E402,F401
from ironic_fixtures import ironic_overcloud  # noqa: E402,F401
from ironic_fixtures import ironic_seed  # noqa: E402,F401
from kolla_fixtures import kolla_venv  # noqa: E402,F401
from lab import Lab  # noqa: E402
from lab import bring_up  # noqa: E402

# 1 seed + 2 controllers + 1 compute on four full hosts.
FULL_GROUPS = {"seed": 1, "controllers": 2, "compute": 1}
SCALE_HOSTS = 50
FULL_PREFIX = os.environ.get("KAYOBE_LAB_PREFIX", "lab")
SCALE_PREFIX = os.environ.get("KAYOBE_LAB_SCALE_PREFIX", "labs")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "lab: needs root and lab test hosts (tools/lab/lab)")


# Lab tests share the session's hosts: those that check pristine hosts run
# first, then network configuration, then whole host configuration.
LAB_ORDER = ("test_lab.py", "test_lab_kayobe.py", "test_network_lab.py",
             "test_host_configure_lab.py")


def pytest_collection_modifyitems(session, config, items):
    # Real builds and VM boots take minutes: they run only in the slow tier.
    if not os.environ.get("KAYOBE_TEST_SLOW"):
        skip_slow = pytest.mark.skip(reason="slow: set KAYOBE_TEST_SLOW=1")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip_slow)

    def rank(item):
        name = os.path.basename(str(item.fspath))
        return LAB_ORDER.index(name) if name in LAB_ORDER else -1
    items.sort(key=rank)


@pytest.fixture(scope="session")
def lab_full(request):
    """Four full hosts (systemd-nspawn): 1 seed, 2 controllers, 1 compute."""
    return bring_up(request, Lab("full", FULL_PREFIX, nested=True),
                        sum(FULL_GROUPS.values()), FULL_GROUPS)


@pytest.fixture(scope="session")
def lab_scale(request):
    """Fifty scale hosts (netns + sshd), all in the compute group."""
    return bring_up(request, Lab("scale", SCALE_PREFIX), SCALE_HOSTS,
                        {"compute": SCALE_HOSTS})
