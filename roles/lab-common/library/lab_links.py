#!/usr/bin/python
"""Network namespaces and veth links of lab hosts, in batches."""

DOCUMENTATION = r"""
module: lab_links
short_description: Network namespaces and veth links of lab hosts
description:
  - Creates (or deletes) one network namespace per host, named after it, and
    one veth pair per link, the host-side end enslaved to a bridge.
  - Works on many hosts in one call with C(ip -batch): a loop of tasks would
    cost about 0.2 s per host, which the lab's 200 scale hosts cannot afford.
  - I(state=absent) first kills every process in the namespace (sshd
    listeners and their session children), then deletes namespace and links.
options:
  hosts:
    description: Hosts, each C(name) and C(links), a list of C(veth) (host
      side), C(ifname) (inside), C(bridge), optional C(address) (CIDR) and
      optional C(gateway).
    type: list
    elements: dict
    required: true
  state:
    description: Whether the namespaces and links exist.
    type: str
    choices: [present, absent]
    default: present
"""

import os
import signal
import subprocess
import time

from ansible.module_utils.basic import AnsibleModule


def exists(path):
    return os.path.lexists(path)


def link_names():
    """Links of this network namespace.  Not /sys/class/net: that shows the
    namespace of whoever mounted /sys, which is not ours in an isolated run."""
    out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True,
                         text=True, check=True).stdout
    return {line.split(": ")[1].split("@")[0] for line in out.splitlines()}


def run_batch(module, lines, netns=None):
    if not lines:
        return
    argv = ["ip"] + (["-n", netns] if netns else []) + ["-batch", "-"]
    proc = subprocess.run(argv, input="\n".join(lines) + "\n", text=True,
                          capture_output=True)
    if proc.returncode != 0:
        module.fail_json(msg=f"ip -batch failed{' in ' + netns if netns else ''}: "
                             f"{proc.stderr.strip()}", lines=lines)


def root_lines(host, links):
    """ip commands run in the root namespace that ``host`` still lacks."""
    lines = []
    if not exists(f"/run/netns/{host['name']}"):
        lines.append(f"netns add {host['name']}")
    for link in host["links"]:
        if link["veth"] not in links:
            lines.append(f"link add {link['veth']} type veth peer name "
                         f"{link['ifname']} netns {host['name']}")
    return lines


def inside_lines(host):
    # 'brd +': without a broadcast address networkd loops on ERANGE when it
    # later takes the address over.
    lines = ["link set lo up"]
    for link in host["links"]:
        if link.get("address"):
            lines.append(f"addr replace {link['address']} brd + dev {link['ifname']}")
        lines.append(f"link set {link['ifname']} up")
        if link.get("gateway"):
            lines.append(f"route replace default via {link['gateway']}")
    return lines


def netns_inodes(names):
    inodes = {}
    for name in names:
        try:
            inodes[os.stat(f"/run/netns/{name}").st_ino] = name
        except OSError:
            pass
    return inodes


def pids_in(inodes):
    """Processes whose network namespace is one of ``inodes``."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}/ns/net").st_ino in inodes:
                pids.append(int(pid))
        except OSError:
            pass
    return pids


def kill_all(names):
    # Killing only the listener leaves each ssh session's child behind; they
    # hang once the netns is gone.  Five sweeps catch children forked late.
    inodes = netns_inodes(names)
    for _ in range(5):
        pids = pids_in(inodes) if inodes else []
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.1)


def present(module, hosts):
    links = link_names()
    lines = [line for host in hosts for line in root_lines(host, links)]
    if module.check_mode:
        return bool(lines)
    run_batch(module, lines)
    run_batch(module, [f"link set {link['veth']} master {link['bridge']} up"
                       for host in hosts for link in host["links"]])
    for host in hosts:
        run_batch(module, inside_lines(host), netns=host["name"])
    return bool(lines)


def absent(module, hosts):
    names = [h["name"] for h in hosts if exists(f"/run/netns/{h['name']}")]
    links = link_names()
    veths = [link["veth"] for h in hosts for link in h["links"]
             if link["veth"] in links]
    if module.check_mode or not (names or veths):
        return bool(names or veths)
    kill_all(names)
    # Deleting one end of a veth deletes its peer; the netns goes last.
    run_batch(module, [f"link del {v}" for v in veths]
              + [f"netns del {n}" for n in names])
    return True


def main():
    module = AnsibleModule(
        argument_spec={
            "hosts": {"type": "list", "elements": "dict", "required": True},
            "state": {"type": "str", "choices": ["present", "absent"],
                      "default": "present"},
        },
        supports_check_mode=True,
    )
    action = present if module.params["state"] == "present" else absent
    module.exit_json(changed=action(module, module.params["hosts"]))


if __name__ == "__main__":
    main()
