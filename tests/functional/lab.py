"""Python wrapper around tools/lab/lab for pytest fixtures.

The lab tool does the work (run as root); this class only runs it and parses
``lab status --json``, so tests and manual use share one implementation.
"""

import json
import os
import shutil
import subprocess
import threading

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
# KAYOBE_LAB_TOOL: run the tests against another version of the tool.
LAB_TOOL = os.environ.get("KAYOBE_LAB_TOOL",
                          os.path.join(REPO_ROOT, "tools", "lab", "lab"))

# Host binaries the lab needs (tools/install-host-packages.sh installs them).
FULL_BINARIES = ("debootstrap", "systemd-nspawn", "iptables", "ip", "ssh",
                 "ssh-keygen", "unshare", "nsenter")
SCALE_BINARIES = ("iptables", "ip", "ssh", "ssh-keygen", "unshare", "sshd")

# A playbook that runs long enough to inject faults while it sleeps; the
# lab tests and the kayobe CLI tests both run it on the compute group.
SLEEP_PLAYBOOK = """\
- name: Run long enough to inject faults
  hosts: compute
  gather_facts: false
  tasks:
    - name: First
      ansible.builtin.command: hostname
      changed_when: false
    - name: Sleep
      ansible.builtin.command: sleep 12
      changed_when: false
    - name: Last
      ansible.builtin.command: hostname
      changed_when: false
"""


class LabError(Exception):
    pass


def missing_requirements(kind="full"):
    """Return why the lab cannot run here, or None if it can."""
    if os.geteuid() != 0:
        return "the lab needs root"
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    names = FULL_BINARIES if kind == "full" else SCALE_BINARIES
    missing = [b for b in names if not shutil.which(b, path=path)]
    if missing:
        return (f"missing host binaries: {' '.join(missing)} "
                "(run tools/install-host-packages.sh)")
    return None


def bring_up(request, lab, count=1, groups=None):
    """``lab`` with ``count`` hosts up for the requesting fixture's scope,
    torn down after it; the test is skipped where lab hosts cannot run."""
    reason = missing_requirements(lab.kind)
    if reason:
        pytest.skip(f"lab ({lab.kind} hosts) unavailable: {reason}")
    # the finalizer runs even if bring-up fails half-way ('down' is idempotent)
    request.addfinalizer(lab.down)
    return lab.up(count, groups=groups)


def groups_arg(groups):
    """{'seed': 1, 'controllers': 2} -> 'seed=1,controllers=2'."""
    if groups is None or isinstance(groups, str):
        return groups
    return ",".join(f"{g}={v}" for g, v in groups.items())


class Lab:
    """One kind of lab hosts: 'full' (systemd-nspawn) or 'scale' (netns+sshd)."""

    DEFAULT_PREFIX = {"full": "lab", "scale": "labs"}

    def __init__(self, kind="full", name_prefix=None, nested=False,
                 tool=LAB_TOOL, env=None, timeout=900):
        if kind not in ("full", "scale"):
            raise ValueError("kind must be full or scale")
        self.kind = kind
        self.name_prefix = name_prefix or self.DEFAULT_PREFIX[kind]
        self.nested = nested
        self.tool = tool
        self.env = dict(os.environ, **(env or {}))
        self.timeout = timeout
        self.groups = None

    def run(self, *args, timeout=None, check=True):
        proc = subprocess.run(
            [self.tool, *map(str, args)], env=self.env,
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=timeout or self.timeout)
        if check and proc.returncode != 0:
            raise LabError(f"lab {' '.join(map(str, args))} failed "
                           f"({proc.returncode}): {proc.stdout}{proc.stderr}")
        return proc

    def up(self, n, groups=None):
        args = ["up" if self.kind == "full" else "scale-up", n,
                "--name-prefix", self.name_prefix]
        if self.nested and self.kind == "full":
            args.append("--nested")
        self.groups = groups
        self.run(*args)
        return self

    def down(self):
        """Remove this lab's hosts (the networks go with the last host)."""
        self.run("down", "--name-prefix", self.name_prefix)

    def status(self):
        return json.loads(self.run("status", "--json").stdout)

    def records(self):
        """This lab's hosts from ``lab status --json``, in slot order."""
        p = self.name_prefix
        return [h for h in self.status()["hosts"]
                if h["kind"] == self.kind and h["name"].startswith(p)
                and h["name"][len(p):].isdigit()]

    @property
    def hosts(self):
        """Names of this lab's hosts, in slot order."""
        return [h["name"] for h in self.records()]

    def ip(self, name):
        for h in self.status()["hosts"]:
            if h["name"] == name:
                return h["ip"]
        raise KeyError(name)

    def inventory_text(self, groups=None, fmt="ini", *output):
        args = ["inventory", "--kind", self.kind, "--format", fmt,
                "--name-prefix", self.name_prefix, *output]
        g = groups_arg(groups if groups is not None else self.groups)
        if g:
            args += ["--groups", g]
        return self.run(*args).stdout

    def write_inventory(self, path, groups=None, fmt="ini"):
        self.inventory_text(groups, fmt, "-o", path)
        return str(path)

    def make_unreachable(self, name):
        self.run("fault", "unreachable", name)

    def kill(self, name):
        self.run("fault", "kill", name)

    def restore(self, name):
        self.run("fault", "restore", name)

    def run_with_faults(self, argv, env, link_down=(), killed=(),
                        trigger="TASK [Sleep]"):
        """Run ``argv``; once its output has a line starting with ``trigger``
        take the ``link_down`` hosts' links down and kill the ``killed``
        hosts, mid-run; restore them all afterwards.  Returns (returncode,
        output); raises if the faults could not be injected."""
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        injected = threading.Event()
        errors = []

        def inject():
            try:
                for name in link_down:
                    self.make_unreachable(name)
                for name in killed:
                    self.kill(name)
            except Exception as e:  # raised below, after the restore
                errors.append(e)
            injected.set()

        output = []
        try:
            for line in proc.stdout:
                output.append(line)
                if line.startswith(trigger) and not injected.is_set():
                    threading.Thread(target=inject, daemon=True).start()
            proc.wait(timeout=300)
            injected.wait(60)
        finally:
            if proc.poll() is None:
                proc.kill()
            for name in sorted(set(link_down) | set(killed)):
                self.restore(name)
        text = "".join(output)
        if errors or not injected.is_set():
            raise LabError(f"faults not injected ({errors}): {text}")
        return proc.returncode, text

    def ssh(self, name, command, check=True, timeout=120):
        """Run a shell command on a host over ssh; returns CompletedProcess."""
        key = self.status()["key"]
        proc = subprocess.run(
            ["ssh", "-F", "/dev/null", "-i", key, "-o", "BatchMode=yes",
             "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
             f"root@{self.ip(name)}", command],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=timeout)
        if check and proc.returncode != 0:
            raise LabError(f"ssh {name} {command!r} failed ({proc.returncode}): "
                           f"{proc.stderr}")
        return proc
