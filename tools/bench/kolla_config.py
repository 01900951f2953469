#!/usr/bin/env python3
"""Wall time of kolla configuration generation for N hosts.

Builds a configuration with N overcloud hosts (controllers, network,
compute, storage, monitoring), per-host interfaces on four networks and
host_vars files, then times `kayobe overcloud service configuration
generate --skip-genconfig` twice: the first run writes everything
(passwords included), the second finds nothing changed.  Target: 300 hosts
in under 30 s.  When the virtualenv has swift, it also times `kayobe
overcloud swift rings generate` with every host as a Swift host (two
devices each), first build and unchanged rerun.  Needs a kolla-ansible
virtualenv (--kolla-venv or $KOLLA_VENV_PATH).
Usage: tools/bench/kolla_config.py [--hosts 300]
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

GROUPS = ("controllers", "network", "compute", "storage", "monitoring")


def make_config(base, hosts):
    lines = []
    for group in GROUPS:
        lines.append(f"[{group}]")
        lines += [f"h{i} ansible_host=10.66.{i // 250}.{i % 250 + 2}"
                  for i in range(hosts) if GROUPS[i % len(GROUPS)] == group]
    lines.append("[seed]\nseed1 ansible_host=10.66.200.2")
    (base / "inventory").mkdir(parents=True)
    (base / "inventory" / "hosts").write_text("\n".join(lines) + "\n")
    hv = base / "inventory" / "host_vars"
    hv.mkdir()
    for i in range(hosts):
        (hv / f"h{i}").write_text(
            f"internal_interface: br-int{i % 3}\ntunnel_interface: "
            f"'{{{{ internal_interface }}}}.{100 + i % 4}'\n")
    (base / "networks.yml").write_text(
        "internal_net_name: internal\npublic_net_name: public\n"
        "tunnel_net_name: tunnel\nstorage_net_name: storage\n"
        "external_net_names: [ext]\ninternal_cidr: 10.66.0.0/16\n"
        "internal_vip_address: 10.66.255.1\npublic_cidr: 10.67.0.0/24\n"
        "public_vip_address: 10.67.0.1\npublic_interface: eth-pub\n"
        "storage_interface: eth-sto\next_interface: eth-ext\n"
        "provision_oc_net_name: prov\nprov_interface: eth-prov\n")
    conf = base / "kolla" / "config"
    conf.mkdir(parents=True)
    (conf / "nova.conf").write_text("[DEFAULT]\ncpu_allocation_ratio = 4\n")
    (base.parent / "vault").write_text("bench\n")


def timed(argv, env):
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return elapsed, result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=300)
    parser.add_argument("--kolla-venv", default=os.environ.get("KOLLA_VENV_PATH"))
    args = parser.parse_args()
    if not args.kolla_venv:
        sys.exit("give --kolla-venv or $KOLLA_VENV_PATH")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        make_config(tmp / "config", args.hosts)
        env = dict(os.environ, KAYOBE_STATE_DIR=str(tmp / "state"))
        env.pop("KAYOBE_VAULT_PASSWORD", None)
        argv = [sys.executable, "-m", "kayobe.cli.app", "overcloud", "service",
                "configuration", "generate", "--skip-genconfig",
                "--config-path", str(tmp / "config"),
                "--kolla-config-path", str(tmp / "kolla"),
                "--kolla-venv", args.kolla_venv,
                "--vault-password-file", str(tmp / "vault")]
        first, out1 = timed(argv, env)
        second, out2 = timed(argv, env)
        size = (tmp / "kolla/inventory/overcloud/hosts.yml").stat().st_size
        print(f"{args.hosts} hosts: first run {first:.2f} s ({out1})")
        print(f"{args.hosts} hosts: unchanged rerun {second:.2f} s ({out2})")
        print(f"overcloud inventory: {size} bytes")
        if (pathlib.Path(args.kolla_venv) / "bin" / "swift-ring-builder").exists():
            swift_rings(tmp, args, env)


def swift_rings(tmp, args, env):
    ips = {f"h{i}": f"10.68.{i // 250}.{i % 250 + 2}" for i in range(args.hosts)}
    (tmp / "config" / "swift.yml").write_text(
        f"kolla_enable_swift: true\nswift_hosts: all:!seed\n"
        f"swift_ring_build_venv: {args.kolla_venv}\n"
        f"swift_storage_net_name: swift\nswift_cidr: 10.68.0.0/16\n"
        f"swift_ips: {ips}\n")
    group_vars = tmp / "config" / "inventory" / "group_vars"
    group_vars.mkdir(exist_ok=True)
    (group_vars / "all").write_text(
        "swift_block_devices: [{device: /dev/sdb}, {device: /dev/sdc}]\n")
    argv = [sys.executable, "-m", "kayobe.cli.app", "overcloud", "swift",
            "rings", "generate", "--config-path", str(tmp / "config"),
            "--vault-password-file", str(tmp / "vault")]
    for label in ("build", "unchanged rerun"):
        elapsed, out = timed(argv, env)
        print(f"swift rings, {2 * args.hosts} devices: {label} {elapsed:.2f} s "
              f"({out.splitlines()[-2]})")


if __name__ == "__main__":
    main()
