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
  - sshd forks into the background once it listens, so a host is ready when
    this module returns. Stopping is killing the namespace's processes
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
"""

import os

from ansible.module_utils.basic import AnsibleModule


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


def main():
    module = AnsibleModule(
        argument_spec={
            "hosts": {"type": "list", "elements": "dict", "required": True},
            "config": {"type": "path", "required": True},
        },
        supports_check_mode=True,
    )
    os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege separation dir
    todo = [h for h in module.params["hosts"] if not serving(h)]
    if not module.check_mode:
        for host in todo:
            start(module, host, module.params["config"])
    module.exit_json(changed=bool(todo), started=[h["name"] for h in todo])


if __name__ == "__main__":
    main()
