#!/usr/bin/python
"""Ping a list of targets concurrently; report reachability and MTU."""

DOCUMENTATION = r"""
module: kayobe_ping
short_description: Ping peers and gateways, optionally at full MTU
description:
  - For each check, pings I(target). When the check has an C(mtu), also
    pings with a non-fragmenting packet of that size
    (C(ping -M do -s <mtu - headers>)). All checks run concurrently.
  - Never fails by itself; the caller judges the results.
options:
  checks:
    type: list
    elements: dict
    required: true
    description: >-
      Dicts with network, interface (pings are bound to it), peer, target
      and mtu (or null).
  count: {type: int, default: 2, description: Pings per target.}
  timeout: {type: int, default: 2, description: Seconds to wait per reply.}
"""

RETURN = r"""
results:
  type: list
  description: The checks, each with reachable and (with an mtu) mtu_ok.
"""

import concurrent.futures
import subprocess

from ansible.module_utils.basic import AnsibleModule

HEADER_BYTES = {4: 28, 6: 48}


def ping_argv(target, count, timeout, mtu=None, interface=None):
    """Return the ping command line for one target."""
    version = 6 if ":" in str(target) else 4
    argv = ["ping", f"-{version}", "-n", "-q", "-c", str(count),
            "-W", str(timeout)]
    if interface:
        argv += ["-I", str(interface)]
    if mtu:
        argv += ["-M", "do", "-s", str(int(mtu) - HEADER_BYTES[version])]
    return argv + [str(target)]


def run(argv):
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=60,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    return proc.returncode == 0, proc.stdout.decode(errors="replace")


def check(item, count, timeout, runner=run):
    result = dict(item)
    interface = item.get("interface")
    result["reachable"], output = runner(
        ping_argv(item["target"], count, timeout, interface=interface))
    if result["reachable"] and item.get("mtu"):
        result["mtu_ok"], output = runner(
            ping_argv(item["target"], 1, timeout, item["mtu"], interface))
    if not (result["reachable"] and result.get("mtu_ok", True)):
        result["output"] = output.strip().splitlines()[-2:]
    return result


def check_all(checks, count, timeout, runner=run):
    if not checks:
        return []
    workers = min(len(checks), 32)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: check(c, count, timeout, runner),
                             checks))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            checks=dict(type="list", elements="dict", required=True),
            count=dict(type="int", default=2),
            timeout=dict(type="int", default=2),
        ),
        supports_check_mode=True,
    )
    results = check_all(module.params["checks"], module.params["count"],
                        module.params["timeout"])
    module.exit_json(changed=False, results=results)


if __name__ == "__main__":
    main()
