"""Upstream's example configuration points the hosts' Python into a
virtualenv that does not exist yet ({{ virtualenv_path }}/kayobe/bin/python,
inventory/group_vars/<group>/ansible-python-interpreter).  ``kayobe seed
host configure`` on a real lab seed creates it with the system Python in
the plays before it, then runs the rest with it; a second run changes
nothing."""

import json
import os

import pytest

from tests.functional.lab import Lab
from tests.functional.lab import bring_up
from tests.functional.labconfig import host_configure
from tests.functional.labconfig import make_config

pytestmark = pytest.mark.lab

PREFIX = os.environ.get("KAYOBE_LAB_VENV_PREFIX", "tv")

# Upstream's example file, as an operator's configuration carries it.
INTERPRETER = 'ansible_python_interpreter: "{{ virtualenv_path }}/kayobe/bin/python"\n'

# The areas around the virtualenv: some before it (with the system Python),
# then one after it (with the virtualenv's).
VARS = """\
kayobe_host_areas: [ssh_known_host, kayobe_ansible_user, kayobe_target_venv,
                    sysctl]
seed_sysctl_parameters:
  net.ipv4.ip_forward: 1
"""


@pytest.fixture(scope="module")
def seed_lab(request):
    return bring_up(request, Lab("full", PREFIX), groups={"seed": 1})


def test_upstream_interpreter_venv_is_created_then_used(seed_lab, run_kayobe,
                                                        tmp_path):
    # The lab's inventory names the system Python per host, which would win
    # over the group's setting.
    inventory = seed_lab.inventory_text().replace(
        "ansible_python_interpreter=/usr/bin/python3", "")
    config = make_config(tmp_path / "config", inventory, VARS)
    group_vars = config / "inventory" / "group_vars" / "seed"
    group_vars.mkdir(parents=True, exist_ok=True)
    (group_vars / "ansible-python-interpreter").write_text(INTERPRETER)
    (seed,) = seed_lab.hosts
    seed_lab.ssh(seed, "rm -rf /opt/kayobe/venvs/kayobe")

    host_configure(run_kayobe, config, "seed")
    seed_lab.ssh(seed, "/opt/kayobe/venvs/kayobe/bin/python -c 'import sys; "
                       "assert sys.prefix == \"/opt/kayobe/venvs/kayobe\"'")
    assert seed_lab.ssh(seed, "cat /proc/sys/net/ipv4/ip_forward").stdout \
        .strip() == "1"

    host_configure(run_kayobe, config, "seed")
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert {h: v["changed"] for h, v in report["hosts"].items()
            if v["changed"]} == {}
