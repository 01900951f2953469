"""The lab's inventory writer (tools/lab/inventory.py), read back by the real
ansible-inventory.  Needs no root and no lab: it is fed a status document."""

import json
import os
import subprocess
import sys

import pytest
from lab import REPO_ROOT

WRITER = os.path.join(REPO_ROOT, "tools", "lab", "inventory.py")
ANSIBLE_INVENTORY = os.path.join(os.path.dirname(sys.executable),
                                 "ansible-inventory")
KEY = "/var/cache/kayobe-lab/id_ed25519"


def host(name, kind, ip, slot):
    return {"name": name, "kind": kind, "ip": ip, "slot": slot, "state": "running"}


STATUS = {
    "hosts": [host("lab1", "full", "10.66.0.11", 1),
              host("labs1", "scale", "10.70.0.11", 1),
              host("lab2", "full", "10.66.0.12", 2),
              host("ctl1", "full", "10.66.0.13", 3),
              host("lab10", "full", "10.66.0.20", 10),
              host("labs2", "scale", "10.70.0.12", 2)],
    "key": KEY, "state_dir": "/run/kayobe-lab",
}


def write_inventory(tmp_path, *args, status=STATUS):
    status_file = tmp_path / "status.json"
    status_file.write_text(json.dumps(status))
    return subprocess.run(
        [sys.executable, WRITER, "--status", str(status_file), *args],
        capture_output=True, text=True, timeout=60)


def parsed(tmp_path, *args):
    """ansible-inventory --list of the written inventory, in both formats."""
    if not os.path.exists(ANSIBLE_INVENTORY):
        pytest.skip(f"no ansible-inventory next to {sys.executable}")
    results = []
    for fmt in ("ini", "yaml"):
        out = tmp_path / f"inventory.{fmt}"
        proc = write_inventory(tmp_path, "--format", fmt, "-o", str(out), *args)
        assert proc.returncode == 0, proc.stderr
        listing = subprocess.run(
            [ANSIBLE_INVENTORY, "-i", str(out), "--list"],
            capture_output=True, text=True, timeout=120,
            env=dict(os.environ, ANSIBLE_INVENTORY_UNPARSED_FAILED="True"))
        assert listing.returncode == 0, listing.stderr
        results.append(json.loads(listing.stdout))
    # YAML also lists the overcloud's children under 'all'; the rest is equal
    for r in results:
        r.pop("all")
    assert results[0] == results[1], "INI and YAML differ"
    return results[0]


def members(listing, group):
    return listing.get(group, {}).get("hosts", [])


CASES = [
    # args, {group: hosts}
    ((), {"lab_hosts": ["lab1", "lab2", "ctl1", "lab10"], "seed": []}),
    (("--groups", "seed=1,controllers=2,compute=1"),
     {"seed": ["lab1"], "controllers": ["lab2", "ctl1"], "compute": ["lab10"]}),
    (("--name-prefix", "lab", "--groups", "controllers=lab1+lab1?,compute=1"),
     {"lab_hosts": ["lab1", "lab2", "lab10"], "controllers": ["lab1", "lab10"],
      "compute": ["lab2"]}),
    (("--kind", "scale", "--groups", "compute=2,extra=labs2"),
     {"lab_hosts": ["labs1", "labs2"], "compute": ["labs1", "labs2"],
      "extra": ["labs2"]}),
    (("--name-prefix", "ctl", "--name-prefix", "labs"),
     {"lab_hosts": ["labs1", "ctl1", "labs2"]}),
]


@pytest.mark.parametrize("args,groups", CASES, ids=[" ".join(c[0]) or "default"
                                                     for c in CASES])
def test_groups(tmp_path, args, groups):
    listing = parsed(tmp_path, *args)
    for group, names in groups.items():
        assert members(listing, group) == names, group
    overcloud = listing["overcloud"]["children"]
    assert overcloud == ["controllers", "compute", "storage", "monitoring"]


def test_host_vars(tmp_path):
    listing = parsed(tmp_path, "--kind", "full")
    hostvars = listing["_meta"]["hostvars"]["lab2"]
    assert hostvars["ansible_host"] == "10.66.0.12"
    assert hostvars["ansible_user"] == "root"
    assert hostvars["ansible_ssh_private_key_file"] == KEY
    assert hostvars["ansible_python_interpreter"] == "/usr/bin/python3"
    assert "ServerAliveInterval=5" in hostvars["ansible_ssh_common_args"]
    # control sockets die with the host's record, not with the address
    assert hostvars["ansible_control_path_dir"] == "/run/kayobe-lab/hosts/lab2/cp"


ERRORS = [
    (("--groups", "seed=1,controllers=9"), "asks for more hosts than the 4 hosts up"),
    (("--groups", "seed"), "bad --groups item 'seed'"),
    (("--name-prefix", "nope"), "no hosts named nopeN are up"),
    (("--kind", "full", "--name-prefix", "labs"), "no full hosts named labsN are up"),
]


@pytest.mark.parametrize("args,message", ERRORS)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "inventory"
    out.write_text("old\n")
    proc = write_inventory(tmp_path, *args, "-o", str(out))
    assert proc.returncode == 1
    assert proc.stderr.startswith("lab: error: ") and message in proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory", "status.json"]


def test_scale_when_no_full_host_is_up(tmp_path):
    status = dict(STATUS, hosts=[h for h in STATUS["hosts"] if h["kind"] == "scale"])
    proc = write_inventory(tmp_path, status=status)
    assert proc.returncode == 0, proc.stderr
    assert "labs1 ansible_host=10.70.0.11 " in proc.stdout
