#!/usr/bin/env python3
"""Median wall time of `kayobe --help` and `kayobe configuration dump`.

Dump runs on generated configurations of 3, 30 and 300 hosts (example
config plus host_vars per host).  Targets: --help <= 0.15 s; dump of 300
hosts <= 10 s.  Usage: tools/bench/cli.py [--runs N] [--sizes 3,30,300]
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def kayobe():
    beside = pathlib.Path(sys.executable).parent / "kayobe"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "kayobe.cli.app"]


def make_config(base, hosts):
    shutil.copytree(ROOT / "etc" / "kayobe", base)
    groups = ["controllers", "compute", "storage", "monitoring"]
    lines = []
    for g in groups:
        lines.append(f"[{g}]")
        lines += [f"h{i} ansible_host=10.66.{i // 250}.{i % 250 + 2}"
                  for i in range(hosts) if groups[i % len(groups)] == g]
    (base / "inventory" / "hosts").write_text("\n".join(lines) + "\n")
    hv = base / "inventory" / "host_vars"
    hv.mkdir(parents=True, exist_ok=True)
    for i in range(hosts):
        (hv / f"h{i}").write_text(f"rack: r{i % 10}\nserial_number: 'SN{i:05d}'\n")
    (base / "globals.yml").write_text(
        "site: bench\nfqdn: \"{{ inventory_hostname }}.{{ site }}.example\"\n")


def median_time(argv, runs, env):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="3,30,300")
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("KAYOBE_VAULT_PASSWORD", None)
    help_time = median_time(kayobe() + ["--help"], args.runs * 2, env)
    print(f"kayobe --help: median {help_time:.3f} s (target <= 0.15 s)")
    with tempfile.TemporaryDirectory() as tmp:
        env["KAYOBE_STATE_DIR"] = tmp + "/state"
        for size in map(int, args.sizes.split(",")):
            config = pathlib.Path(tmp) / f"config-{size}"
            make_config(config, size)
            argv = kayobe() + ["configuration", "dump", "--config-path", str(config)]
            t = median_time(argv, args.runs, env)
            print(f"configuration dump, {size} hosts: median {t:.2f} s"
                  + (" (target <= 10 s)" if size == 300 else ""))


if __name__ == "__main__":
    main()
