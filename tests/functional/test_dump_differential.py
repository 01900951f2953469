"""``kayobe configuration dump`` of a fixed configuration, against the
checked-in dump in ``tests/functional/data/dump_expected.json``.

The configuration is shaped like an operator's upstream kayobe-config:
upstream's group layout, its ``ansible-python-interpreter`` group file, a
few networks and host variables.  Any change to what a variable resolves
to shows up here as a diff, so that a default cannot drift unnoticed; when
the change is meant, regenerate with ``UPDATE_GOLDEN=1`` and review the
diff (``git diff tests/functional/data``).  tools/compat-report compares
the same kind of dump with upstream Kayobe's own.
"""

import json
import os
import pathlib
import sys

from tests.conftest import REPO
from tests.conftest import write

EXPECTED = pathlib.Path(__file__).parent / "data" / "dump_expected.json"

HOSTS = """\
[seed]
seed0 ansible_host=192.0.2.5

[controllers]
ctl0 ansible_host=192.0.2.10

[compute]
cmp0 ansible_host=192.0.2.20

[network:children]
controllers

[monitoring:children]
controllers

[storage:children]
compute
"""

FILES = {
    "inventory/group_vars/overcloud/ansible-python-interpreter":
        'ansible_python_interpreter: "{{ virtualenv_path }}/kayobe/bin/python"\n',
    "inventory/host_vars/ctl0/network-interfaces":
        "provision_oc_net_interface: eth0\ninternal_net_interface: eth1\n"
        "external_net_interface: eth2\n",
    "inventory/host_vars/cmp0/network-interfaces":
        "provision_oc_net_interface: eth0\ninternal_net_interface: eth1\n"
        "storage_net_interface: eth2\n",
    "networks.yml":
        "provision_oc_net_cidr: 192.0.2.0/24\n"
        "provision_oc_net_allocation_pool_start: 192.0.2.100\n"
        "provision_oc_net_allocation_pool_end: 192.0.2.199\n"
        "internal_net_cidr: 198.51.100.0/24\n"
        "internal_net_vip_address: 198.51.100.2\n"
        "external_net_cidr: 203.0.113.0/24\n"
        "external_net_vip_address: 203.0.113.2\n"
        "storage_net_cidr: 10.10.0.0/24\n",
    "kolla.yml": "kolla_enable_ironic: true\nkolla_enable_cinder: true\n",
    "globals.yml": "os_distribution: ubuntu\nos_release: noble\n",
    "users.yml": "users_default:\n  - username: alice\n    name: Alice\n",
}


def normalised(data, tmp_path):
    """The dump with the run's own paths replaced by fixed words."""
    text = json.dumps(data, indent=1, sort_keys=True)
    for path, word in ((str(tmp_path), "<tmp>"),
                       (os.path.dirname(sys.executable), "<venv-bin>"),
                       (str(REPO), "<repo>"),
                       (os.path.expanduser("~"), "<home>")):
        text = text.replace(path, word)
    return json.loads(text)


def test_dump_matches_the_checked_in_one(run_kayobe, tmp_path):
    config = tmp_path / "config"
    write(config / "inventory" / "hosts", HOSTS)
    for name, text in FILES.items():
        write(config / name, text)
    result = run_kayobe("configuration", "dump", "--config-path", str(config),
                        "--output-format", "json")
    assert result.returncode == 0, result.stderr
    dump = normalised(json.loads(result.stdout), tmp_path)

    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.parent.mkdir(exist_ok=True)
        EXPECTED.write_text(json.dumps(dump, indent=1, sort_keys=True) + "\n")
    expected = json.loads(EXPECTED.read_text())
    for host in sorted(set(expected) | set(dump)):
        theirs, ours = expected.get(host, {}), dump.get(host, {})
        changed = {name: {"expected": theirs.get(name, "<undefined>"),
                          "now": ours.get(name, "<undefined>")}
                   for name in sorted(set(theirs) | set(ours))
                   if theirs.get(name, "<undefined>")
                   != ours.get(name, "<undefined>")}
        assert not changed, (
            f"{host}: {len(changed)} variables resolve differently; if meant, "
            f"regenerate with UPDATE_GOLDEN=1: "
            f"{json.dumps(changed, indent=1)[:3000]}")
