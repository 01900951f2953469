#!/usr/bin/python
"""Start scale lab hosts: one sshd in each host's network namespace."""

DOCUMENTATION = r"""
module: lab_sshd
short_description: One sshd per scale lab host
description:
  - Starts, for each host not already serving, an sshd listening on the
    host's address inside its network namespace, with its own UTS namespace
    (its own hostname) and a private empty tmpfs on C(/root) (root's dotfiles
    on the CI machine are heavy, and each host gets its own C(~/.ansible)).
  - Returns once every host's sshd listens (sshd daemonizes before it
    binds, so the module waits for port 22); with I(key), a login to the
    first and the last host proves the shared config and key. Stopping is
    killing the namespace's processes
    (M(lab_links) with I(state=absent)).
  - One call for all hosts: a loop of tasks costs about 0.2 s per host.
options:
  hosts:
    description: Hosts, each C(name), C(ip) and C(dir) (pid file, log).
    type: list
    elements: dict
    required: true
  config:
    description: The sshd_config every scale host shares.
    type: path
    required: true
  key:
    description: A private key to log in with to the first and the last
      host, which proves the shared config and authorized keys for all.
    type: path
"""

import os
import socket
import subprocess
import time

from ansible.module_utils.basic import AnsibleModule

SSH_OPTIONS = ["-F", "/dev/null", "-q", "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
               "-o", "BatchMode=yes", "-o", "ControlMaster=no", "-o", "LogLevel=ERROR"]


def serving(host):
    try:
        with open(os.path.join(host["dir"], "pid")) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"sshd" in f.read()
    except (OSError, ValueError):
        return False


def start(module, host, config):
    d, name, ip = host["dir"], host["name"], host["ip"]
    os.makedirs(d, exist_ok=True)
    inner = (f"hostname {name}; mount -t tmpfs -o size=64m,mode=0700 labhome /root; "
             f"exec /usr/sbin/sshd -f {config} -o ListenAddress={ip} "
             f"-o PidFile={d}/pid -E {d}/sshd.log")
    rc, _, err = module.run_command(
        ["nsenter", f"--net=/run/netns/{name}", "unshare", "--uts", "--mount",
         "--propagation", "private", "sh", "-c", inner])
    if rc:
        module.fail_json(msg=f"{name}: sshd did not start: {err.strip()}")
    killed = os.path.join(d, "killed")
    if os.path.exists(killed):
        os.unlink(killed)


def wait_listening(module, hosts, timeout=60):
    """sshd daemonizes before it listens: wait for every host's port 22."""
    deadline = time.monotonic() + timeout
    for host in hosts:
        while True:
            try:
                socket.create_connection((host["ip"], 22), timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    module.fail_json(msg=f"{host['name']}: sshd does not listen "
                                         f"on {host['ip']}:22")
                time.sleep(0.1)


def login_check(module, hosts, key):
    """ssh into the first and the last host, both at once."""
    ends = {h["name"]: h for h in (hosts[0], hosts[-1])}
    procs = {name: subprocess.Popen(["ssh", *SSH_OPTIONS, "-i", key, f"root@{h['ip']}",
                                     "true"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for name, h in ends.items()}
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=60)
        if proc.returncode:
            module.fail_json(msg=f"{name}: sshd listens but login fails: "
                                 f"{err.decode(errors='replace').strip()}")


def main():
    module = AnsibleModule(
        argument_spec={
            "hosts": {"type": "list", "elements": "dict", "required": True},
            "config": {"type": "path", "required": True},
            "key": {"type": "path"},
        },
        supports_check_mode=True,
    )
    os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege separation dir
    todo = [h for h in module.params["hosts"] if not serving(h)]
    if not module.check_mode:
        for host in todo:
            start(module, host, module.params["config"])
        wait_listening(module, todo)
        if module.params["key"] and module.params["hosts"]:
            login_check(module, module.params["hosts"], module.params["key"])
    module.exit_json(changed=bool(todo), started=[h["name"] for h in todo])


if __name__ == "__main__":
    main()
