#!/usr/bin/python
"""Boot and stop full lab hosts: systemd-nspawn on an overlay of the base."""

DOCUMENTATION = r"""
module: lab_nspawn
short_description: Boot or stop systemd-nspawn lab hosts
description:
  - I(state=started) mounts an overlay (lower the base rootfs, upper and
    work per host) on C(dir/root), writes the host's first-boot files once,
    and starts C(systemd-nspawn --boot) in the host's network namespace,
    detached, its PID in C(dir/pid). Hosts already running are left alone.
  - I(state=absent) asks every host for a clean poweroff (SIGTERM to nspawn)
    in parallel, kills those still up after I(timeout) seconds, unmounts
    everything under C(dir) and removes it.
  - One call for all hosts: the hosts boot in parallel while Ansible goes on.
options:
  hosts:
    description: Hosts, each C(name), C(dir), C(nested) (Docker inside) and
      C(files), a map of path inside the host to content, written once.
    type: list
    elements: dict
    required: true
  base:
    description: The base rootfs (overlay lower directory).
    type: path
  state:
    description: Whether the hosts run.
    type: str
    choices: [started, absent]
    default: started
  timeout:
    description: Seconds to wait for a clean poweroff.
    type: float
    default: 10
"""

import os
import shutil
import signal
import subprocess
import time

from ansible.module_utils.basic import AnsibleModule

# Docker inside a host: nspawn mounts the v1 cgroup controllers read-only.
CGROUP_RW_UNIT = """\
[Unit]
Description=Make cgroup v1 controllers writable for nested container engines
DefaultDependencies=no
Before=containerd.service docker.service podman.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'for c in /sys/fs/cgroup/*; do [ -L "$c" ] && continue; \
case "$c" in */systemd|*/unified) continue;; esac; mount -o remount,bind,rw "$c"; done'
[Install]
WantedBy=multi-user.target
"""
UNIT_PATH = "etc/systemd/system/lab-cgroup-rw.service"
WANTS_PATH = "etc/systemd/system/multi-user.target.wants/lab-cgroup-rw.service"


def is_nspawn(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().startswith(b"systemd-nspawn")  # not a reused PID
    except OSError:
        return False


def running(host):
    """nspawn's PID from the pid file, if that process is still nspawn."""
    try:
        with open(os.path.join(host["dir"], "pid")) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    return pid if is_nspawn(pid) else None


def mounted(path):
    with open("/proc/mounts") as f:
        return any(line.split()[1] == path for line in f)


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def seed(host):
    root = os.path.join(host["dir"], "root")
    for path, text in host.get("files", {}).items():
        write(os.path.join(root, path.lstrip("/")), text)
    if host.get("nested"):
        os.makedirs(os.path.join(host["dir"], "docker"), exist_ok=True)
        write(os.path.join(root, UNIT_PATH), CGROUP_RW_UNIT)
        wants = os.path.join(root, WANTS_PATH)
        os.makedirs(os.path.dirname(wants), exist_ok=True)
        if not os.path.lexists(wants):
            os.symlink("../lab-cgroup-rw.service", wants)
    open(os.path.join(host["dir"], "seeded"), "w").close()


def boot(host):
    d, name = host["dir"], host["name"]
    extra = []
    if host.get("nested"):
        # overlay2 cannot sit on an overlay upper; docker joins a keyring
        extra = ["--system-call-filter=@keyring",
                 f"--bind={d}/docker:/var/lib/docker"]
    # /proc/sys/net only: =1 would open kernel.* of the CI machine itself.
    env = dict(os.environ, SYSTEMD_NSPAWN_API_VFS_WRITABLE="network")
    argv = ["systemd-nspawn", "--quiet", "--boot", "--register=no", "--keep-unit",
            "--capability=CAP_NET_ADMIN", f"--machine={name}",
            f"--directory={d}/root", f"--network-namespace-path=/run/netns/{name}",
            "--resolv-conf=copy-host", "--timezone=off", "--link-journal=no",
            "--console=read-only"] + extra
    with open(os.path.join(d, "console.log"), "w") as log:
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=log, start_new_session=True)
    with open(os.path.join(d, "pid"), "w") as f:
        f.write(f"{proc.pid}\n")


def started(module, hosts, base):
    todo = [h for h in hosts if not running(h)]
    if module.check_mode or not todo:
        return bool(todo)
    for host in todo:
        d = host["dir"]
        for sub in ("upper", "work", "root"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        root = os.path.join(d, "root")
        if not mounted(root):
            opts = f"lowerdir={base},upperdir={d}/upper,workdir={d}/work"
            rc, _, err = module.run_command(
                ["mount", "-t", "overlay", "overlay", "-o", opts, root])
            if rc:
                module.fail_json(msg=f"{host['name']}: overlay mount failed: {err}")
        if not os.path.exists(os.path.join(d, "seeded")):
            seed(host)
        if os.path.exists(os.path.join(d, "killed")):
            os.unlink(os.path.join(d, "killed"))
        boot(host)
    return True


def absent(module, hosts, timeout):
    present = [h for h in hosts if os.path.isdir(h["dir"])]
    if module.check_mode or not present:
        return bool(present)
    pids = [p for p in map(running, present) if p]
    for pid in pids:
        os.kill(pid, signal.SIGTERM)  # nspawn turns it into a poweroff
    deadline = time.monotonic() + timeout
    while pids and time.monotonic() < deadline:
        time.sleep(0.1)
        pids = [p for p in pids if is_nspawn(p)]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for host in present:
        prefix = host["dir"].rstrip("/") + "/"
        with open("/proc/mounts") as f:
            points = sorted((line.split()[1] for line in f
                             if line.split()[1].startswith(prefix)), reverse=True)
        for point in points:
            if module.run_command(["umount", point])[0]:
                module.run_command(["umount", "-l", point])
        shutil.rmtree(host["dir"], ignore_errors=True)
    return True


def main():
    module = AnsibleModule(
        argument_spec={
            "hosts": {"type": "list", "elements": "dict", "required": True},
            "base": {"type": "path"},
            "state": {"type": "str", "choices": ["started", "absent"],
                      "default": "started"},
            "timeout": {"type": "float", "default": 10},
        },
        required_if=[("state", "started", ["base"])],
        supports_check_mode=True,
    )
    p = module.params
    if p["state"] == "started":
        changed = started(module, p["hosts"], p["base"])
    else:
        changed = absent(module, p["hosts"], p["timeout"])
    module.exit_json(changed=changed)


if __name__ == "__main__":
    main()
