#!/usr/bin/python
"""Wait until every lab host's sshd answers, all hosts at once."""

DOCUMENTATION = r"""
module: lab_wait
short_description: Wait for the sshd of many lab hosts in parallel
description:
  - Polls port 22 of every host at once until it sends an SSH banner, so the
    wait costs the slowest boot, not one module run per host as a loop of
    M(ansible.builtin.wait_for) would.
  - A full host whose systemd-nspawn has exited fails at once, with the end
    of its console log, instead of after the timeout.
options:
  hosts:
    description: Hosts, each C(name), C(ip) and, for full hosts, C(dir)
      (pid file and console log of systemd-nspawn).
    type: list
    elements: dict
    required: true
  timeout:
    description: Seconds to wait for all hosts.
    type: float
    default: 120
"""

import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.basic import AnsibleModule


def banner(ip):
    try:
        with socket.create_connection((ip, 22), timeout=2) as s:
            s.settimeout(2)
            return s.recv(64).startswith(b"SSH-")
    except OSError:
        return False


def nspawn_gone(host):
    """The end of the console log if the host's nspawn has exited."""
    d = host.get("dir")
    if not d or not os.path.exists(os.path.join(d, "console.log")):
        return None
    try:
        with open(os.path.join(d, "pid")) as f:
            pid = int(f.read())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if f.read().startswith(b"systemd-nspawn"):
                return None
    except (OSError, ValueError):
        pass
    with open(os.path.join(d, "console.log"), errors="replace") as f:
        return "".join(f.readlines()[-5:])


def wait(host, deadline):
    while time.monotonic() < deadline:
        if banner(host["ip"]):
            return None
        console = nspawn_gone(host)
        if console is not None:
            return f"{host['name']}: systemd-nspawn exited; console: {console}"
        time.sleep(0.2)
    return f"{host['name']}: no ssh on {host['ip']}"


def main():
    module = AnsibleModule(
        argument_spec={
            "hosts": {"type": "list", "elements": "dict", "required": True},
            "timeout": {"type": "float", "default": 120},
        },
        supports_check_mode=True,
    )
    hosts, timeout = module.params["hosts"], module.params["timeout"]
    started = time.monotonic()
    deadline = started + timeout
    with ThreadPoolExecutor(max_workers=min(64, max(1, len(hosts)))) as pool:
        errors = [e for e in pool.map(lambda h: wait(h, deadline), hosts) if e]
    elapsed = round(time.monotonic() - started, 1)
    if errors:
        module.fail_json(msg=f"{len(errors)} host(s) not ready after {elapsed} s: "
                             + "; ".join(errors[:5]), errors=errors)
    module.exit_json(changed=False, elapsed=elapsed)


if __name__ == "__main__":
    main()
