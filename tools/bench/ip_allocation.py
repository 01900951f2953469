#!/usr/bin/env python3
"""Time IP allocation for many hosts on several networks.

    PYTHONPATH=. python tools/bench/ip_allocation.py [--hosts N] [--networks N]

Prints the median of 5 runs of the pure allocation, and of allocate_and_save
(lock, read, allocate, atomic write) on a temporary file.
"""

import argparse
import os
import statistics
import tempfile
import time

from kayobe.network import allocation
from kayobe.network import store


def inputs(hosts, networks):
    """Return (networks, host_networks): every host on every /16 network."""
    specs = {
        f"net{i}": {
            "cidr": f"10.{66 + i}.0.0/16",
            "gateway": f"10.{66 + i}.0.1",
            "vip_address": f"10.{66 + i}.0.2",
            "allocation_pool_start": f"10.{66 + i}.0.10",
            "allocation_pool_end": f"10.{66 + i}.250.254",
            "inspection_allocation_pool_start": f"10.{66 + i}.251.1",
            "inspection_allocation_pool_end": f"10.{66 + i}.251.254",
        }
        for i in range(networks)
    }
    attached = {f"host{h:05d}": list(specs) for h in range(hosts)}
    return specs, attached


def median_seconds(func, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--networks", type=int, default=5)
    args = parser.parse_args()
    specs, attached = inputs(args.hosts, args.networks)
    pure = median_seconds(lambda: allocation.allocate(specs, attached))

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "network-allocation.yml")

        def fresh_allocate_and_save():
            if os.path.exists(path):
                os.unlink(path)
            store.allocate_and_save(path, specs, attached)

        saved = median_seconds(fresh_allocate_and_save)
        noop = median_seconds(
            lambda: store.allocate_and_save(path, specs, attached))

    label = f"{args.hosts} hosts x {args.networks} networks"
    print(f"allocate (pure), {label}: {pure * 1000:.1f} ms (median of 5)")
    print(f"allocate_and_save, new file, {label}: {saved * 1000:.1f} ms")
    print(f"allocate_and_save, nothing to do, {label}: {noop * 1000:.1f} ms")


if __name__ == "__main__":
    main()
