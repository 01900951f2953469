"""The logging, ip-routing and snat areas through ``kayobe seed host
configure`` on a real lab seed: journald persists, forwarding is on, the
route tables are named, the SNAT rule exists; a second run changes nothing."""

import json
import os

import pytest

from tests.functional.lab import Lab
from tests.functional.lab import bring_up
from tests.functional.labconfig import host_configure
from tests.functional.labconfig import make_config

pytestmark = pytest.mark.lab

PREFIX = os.environ.get("KAYOBE_LAB_AREAS_PREFIX", "h10")

VARS = """\
seed_enable_snat: true
network_route_tables:
  - {name: kayobe-mgmt, id: 110}
kayobe_host_areas: [logging, ip_routing, snat]
"""


@pytest.fixture(scope="module")
def seed_lab(request):
    return bring_up(request, Lab("full", PREFIX), groups={"seed": 1})


def test_areas_converge_then_change_nothing(seed_lab, run_kayobe, tmp_path):
    config = make_config(tmp_path / "config", seed_lab.inventory_text(), VARS)
    (seed,) = seed_lab.hosts
    host_configure(run_kayobe, config, "seed")
    facts = json.loads(seed_lab.ssh(seed, "ip -j route show default").stdout)
    interface = facts[0]["dev"]
    address = json.loads(seed_lab.ssh(
        seed, f"ip -j -4 addr show dev {interface}").stdout)[0][
        "addr_info"][0]["local"]
    rules = seed_lab.ssh(seed, "iptables -t nat -S POSTROUTING").stdout
    assert f"-A POSTROUTING -o {interface} -j SNAT --to-source {address}" \
        in rules.splitlines()
    assert seed_lab.ssh(seed, "cat /proc/sys/net/ipv4/ip_forward").stdout \
        .strip() == "1"
    assert "110 kayobe-mgmt" in seed_lab.ssh(
        seed, "cat /etc/iproute2/rt_tables").stdout.splitlines()
    seed_lab.ssh(seed, "ip rule add priority 30110 lookup kayobe-mgmt && "
                       "ip rule del priority 30110")
    seed_lab.ssh(seed, "systemd-analyze cat-config systemd/journald.conf "
                       "| grep -x Storage=persistent && test -d /var/log/journal")
    host_configure(run_kayobe, config, "seed")
    report = json.loads((tmp_path / "state" / "last-run.json").read_text())
    assert {h: v["changed"] for h, v in report["hosts"].items()
            if v["changed"]} == {}
    rules = seed_lab.ssh(seed, "iptables -t nat -S POSTROUTING").stdout
    assert rules.count("-j SNAT") == 1
