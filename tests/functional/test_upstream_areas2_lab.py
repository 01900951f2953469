"""The kolla-target-venv and kolla-packages areas, and the RedHat-only
selinux and dnf areas, through ``kayobe overcloud host configure`` on a
real lab compute host: the virtualenv belongs to the kolla-ansible user and
sees the system's apt bindings, the packages kolla-ansible expects are
there and the conflicting ones gone, SELinux and DNF leave a Debian host
alone; a second run changes nothing.

Lab hosts cannot reach PyPI, so the virtualenv gets only pip here (the
molecule scenario of kolla-target-venv installs the docker SDK from
downloaded wheels)."""

import json
import os

import pytest

from tests.functional.lab import Lab
from tests.functional.lab import bring_up
from tests.functional.labconfig import host_configure
from tests.functional.labconfig import make_config

pytestmark = pytest.mark.lab

PREFIX = os.environ.get("KAYOBE_LAB_AREAS2_PREFIX", "ha")

VARS = """\
kolla_ansible_target_venv_packages_default: [pip]
selinux_state: enforcing
dnf_install_epel: true
kayobe_host_areas: [kolla_ansible_user, kolla_target_venv, kolla_packages,
                    selinux, dnf]
"""


@pytest.fixture(scope="module")
def compute_lab(request):
    return bring_up(request, Lab("full", PREFIX), groups={"compute": 1})


def test_areas_converge_then_change_nothing(compute_lab, run_kayobe,
                                            tmp_path):
    config = make_config(tmp_path / "config", compute_lab.inventory_text(),
                         VARS)
    (host,) = compute_lab.hosts
    # A package kolla's containers conflict with, as an old image may hold.
    compute_lab.ssh(host, "apt-get update -q >/dev/null && apt-get install "
                          "-qy --no-install-recommends lxc >/dev/null",
                    timeout=300)
    host_configure(run_kayobe, config, "overcloud")
    venv = "/opt/kayobe/venvs/kolla-ansible"
    assert compute_lab.ssh(host, f"stat -c %U:%G {venv} {venv}/bin/python3"
                           ).stdout.split() == ["kolla:kolla"] * 2
    assert compute_lab.ssh(
        host, f"su kolla -c '{venv}/bin/python -c \"import apt, sys; "
              "print(sys.prefix)\"'").stdout.strip() == venv
    packages = compute_lab.ssh(
        host, "dpkg-query -W -f '${Package} ${db:Status-Status}\\n' "
              "git iputils-ping tzdata lxc 2>/dev/null", check=False).stdout
    status = dict(line.split() for line in packages.splitlines())
    assert [status.get(p) for p in ("git", "iputils-ping", "tzdata")] \
        == ["installed"] * 3
    assert status.get("lxc", "not-installed") != "installed"
    assert compute_lab.ssh(host, "test ! -e /etc/selinux/config && "
                                 "test ! -e /etc/yum.repos.d",
                           check=False).returncode == 0
    host_configure(run_kayobe, config, "overcloud")
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert {h: v["changed"] for h, v in report["hosts"].items()
            if v["changed"]} == {}
