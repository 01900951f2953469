#!/usr/bin/env python3
"""Benchmark: N fake nodes enroll -> manage -> inspect -> provide -> active
through kayobe's own commands vs directly with openstacksdk.  Run as root.

  tools/bench/provision.py [--nodes 100] [--forks 25] [--poll 0.5]
                           [--shape both|commands|pipelined]
                           [--endpoint URL] [--lab-prefix pas] [--profile]

It starts a real Ironic (tools/lab/ironic, fake-hardware) unless --endpoint
is given, and N lab scale hosts (tools/lab/lab scale-up, prefix
--lab-prefix) whose real sshd ``overcloud provision`` waits for: each node
is named after one of them, as an operator's overcloud hosts are.

kayobe, the commands an operator runs, with --forks N (and bifrost_workers
N), each a separate ``kayobe`` process timed from its start:
  commands:  overcloud hardware register; overcloud hardware inspect;
             overcloud provision.  Every node waits for the slowest
             inspection before any is deployed.
  pipelined: overcloud hardware register; overcloud provision with
             overcloud_provision_inspect: true, which inspects each node
             that was never inspected on its way to active, with no
             barrier between inspection and deployment.
direct: the same transitions per node with openstacksdk in a thread pool of
--forks workers, polling every --poll seconds as kayobe does, then the same
SSH banner wait on the node's host.

Prints each kayobe shape's time, the direct time and the ratios (target:
kayobe <= 1.3x direct).  --profile prints the slowest kayobe tasks of each
command (ansible.posix.profile_tasks).
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[2]
IRONIC_TOOL = ROOT / "tools" / "lab" / "ironic"
LAB_TOOL = ROOT / "tools" / "lab" / "lab"
IMAGE = "http://bench.invalid/image.qcow2"
TIMEOUT = 1200

SHAPES = {
    "commands": (["overcloud", "hardware", "register"],
                 ["overcloud", "hardware", "inspect"],
                 ["overcloud", "provision"]),
    "pipelined": (["overcloud", "hardware", "register"],
                  ["overcloud", "provision",
                   "-e", "overcloud_provision_inspect=true"]),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(endpoint):
    import openstack
    return openstack.connect(auth_type="none", auth={"endpoint": endpoint})


def delete_nodes(conn, names):
    """Undeploy (all at once, not timed) and delete these nodes."""
    names = set(names)
    nodes = [n for n in conn.baremetal.nodes(details=True) if n.name in names]
    for node in nodes:
        if node.provision_state == "active":
            conn.baremetal.set_node_provision_state(node, "deleted")
    for node in nodes:
        while node.provision_state == "active" and \
                conn.baremetal.get_node(node.id).provision_state != "available":
            time.sleep(0.5)
        conn.baremetal.delete_node(node)


def running_hosts(prefix):
    status = json.loads(subprocess.run(
        [str(LAB_TOOL), "status", "--json"], check=True, capture_output=True,
        text=True).stdout)
    hosts = {h["name"]: h["ip"] for h in status["hosts"]
             if re.fullmatch(rf"{re.escape(prefix)}\d+", h["name"])}
    return dict(sorted(hosts.items(), key=lambda kv: int(kv[0][len(prefix):])))


def lab_hosts(prefix, count):
    """``count`` lab scale hosts (started unless a kept run left them up);
    {name: address}."""
    if len(running_hosts(prefix)) < count:
        subprocess.run([str(LAB_TOOL), "down", "--name-prefix", prefix],
                       check=True, capture_output=True, text=True)
        subprocess.run([str(LAB_TOOL), "scale-up", str(count), "--name-prefix",
                        prefix], check=True, capture_output=True, text=True)
    return dict(list(running_hosts(prefix).items())[:count])


def write_config(config, hosts, endpoint, forks, poll):
    """A kayobe configuration: the hosts as controllers, bifrost's Ironic
    reached from the control host, fake-hardware nodes."""
    key = "/var/cache/kayobe-lab/id_ed25519"
    (config / "inventory").mkdir(parents=True)
    (config / "inventory" / "hosts").write_text(
        "[controllers]\n" + "".join(
            f"{name} ansible_host={ip} ansible_user=root "
            f"ansible_ssh_private_key_file={key} ipmi_address=10.99.{i // 250}."
            f"{i % 250 + 1}\n" for i, (name, ip) in enumerate(hosts.items())))
    (config / "bifrost.yml").write_text(json.dumps({
        "bifrost_api_host": "localhost",
        "bifrost_cloud": {"auth_type": "none", "auth": {"endpoint": endpoint}},
        "bifrost_poll_interval": poll,
        "bifrost_workers": forks,
        "ipmi_username": "admin",
        "ipmi_password": "bench-secret",
        "overcloud_ironic_driver": "fake-hardware",
        "kolla_bifrost_deploy_image_url": IMAGE,
        "overcloud_hardware_register_timeout": TIMEOUT,
        "kolla_bifrost_inspection_timeout": TIMEOUT,
        "overcloud_provision_timeout": TIMEOUT,
        "overcloud_provision_ssh_timeout": 60,
    }))


def profile_lines(stdout, top=6):
    """The callback's summary: the slowest task lines."""
    lines = [line.rstrip() for line in stdout.splitlines()
             if re.search(r"-{3,} +[0-9.]+s$", line.rstrip())]
    return lines[:top]


def run_kayobe(hosts, endpoint, forks, poll, shape, profile=False):
    """Run the shape's commands one after the other; (seconds, per command)."""
    with tempfile.TemporaryDirectory(prefix="bench-provision-") as tmp:
        tmp = pathlib.Path(tmp)
        config = tmp / "config"
        write_config(config, hosts, endpoint, forks, poll)
        env = dict(os.environ, KAYOBE_CONFIG_PATH=str(config),
                   KAYOBE_STATE_DIR=str(tmp / "state"),
                   KAYOBE_RUN_REPORT=str(tmp / "report.json"),
                   PYTHONPATH=str(ROOT), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_HOST_KEY_CHECKING="False")
        if profile:
            env["ANSIBLE_CALLBACKS_ENABLED"] = "ansible.posix.profile_tasks"
        times = []
        start = time.monotonic()
        for words in SHAPES[shape]:
            began = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "kayobe.cli.app", *words,
                 "--forks", str(forks)],
                env=env, cwd=tmp, capture_output=True, text=True,
                stdin=subprocess.DEVNULL)
            times.append((" ".join(words), time.monotonic() - began))
            if proc.returncode:
                sys.exit(f"kayobe {' '.join(words)} failed:\n"
                         f"{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
            if profile:
                print(f"--- kayobe {' '.join(words)}: slowest tasks")
                print("\n".join(profile_lines(proc.stdout)), flush=True)
        return time.monotonic() - start, times


def wait_ssh(address, deadline):
    """Wait until ``address`` port 22 sends an OpenSSH banner, as
    overcloud provision's wait does."""
    while True:
        try:
            with socket.create_connection((address, 22), timeout=2) as sock:
                if b"OpenSSH" in sock.recv(256):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{address}: no SSH")
        time.sleep(1)


def direct_one(endpoint, name, address, poll):
    conn = connect(endpoint)
    api = conn.baremetal
    node = api.create_node(name=name, driver="fake-hardware", driver_info={
        "ipmi_address": address, "ipmi_username": "admin",
        "ipmi_password": "bench-secret"})
    deadline = time.monotonic() + TIMEOUT

    def go(target, expected):
        # The SDK's own wait polls every 2 s; poll as often as kayobe.
        api.set_node_provision_state(node, target)
        while True:
            current = api.get_node(node.id)
            done = not current.target_provision_state
            if current.provision_state == expected and done:
                return
            failed = "failed" in (current.provision_state or "")
            if failed or time.monotonic() > deadline:
                raise RuntimeError(f"{name}: {current.provision_state} "
                                   f"{current.last_error}")
            time.sleep(poll)
    go("manage", "manageable")
    go("inspect", "manageable")
    go("provide", "available")
    api.update_node(node, instance_info={"image_source": IMAGE})
    api.set_node_power_state(node, "power off")
    while api.get_node(node.id).power_state != "power off":
        time.sleep(poll)
    go("active", "active")
    wait_ssh(address, deadline)


def run_direct(endpoint, hosts, forks, poll):
    names = {f"bench-d-{i:03d}": ip for i, ip in enumerate(hosts.values())}
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=forks) as pool:
        futures = [pool.submit(direct_one, endpoint, name, ip, poll)
                   for name, ip in names.items()]
        for future in futures:
            future.result()
    return time.monotonic() - start, list(names)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--forks", type=int, default=25)
    parser.add_argument("--poll", type=float, default=0.5)
    parser.add_argument("--shape", choices=["both", *SHAPES], default="both")
    parser.add_argument("--endpoint")
    parser.add_argument("--lab-prefix", default="pas")
    parser.add_argument("--keep-hosts", action="store_true",
                        help="leave the lab hosts up (for another run)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    shapes = list(SHAPES) if args.shape == "both" else [args.shape]
    name = f"bench-{os.getpid()}"
    endpoint = args.endpoint
    results = {}
    try:
        hosts = lab_hosts(args.lab_prefix, args.nodes)
        if not endpoint:
            endpoint = subprocess.run(
                [str(IRONIC_TOOL), "start", "--name", name, "--address",
                 "127.0.0.1", "--port", str(free_port())], check=True,
                capture_output=True, text=True).stdout.strip()
        conn = connect(endpoint)
        for shape in shapes:
            total, times = run_kayobe(hosts, endpoint, args.forks, args.poll,
                                      shape, args.profile)
            results[shape] = total
            detail = ", ".join(f"{words} {s:.1f} s" for words, s in times)
            print(f"kayobe {shape}: {total:.1f} s ({detail})", flush=True)
            delete_nodes(conn, hosts)
        direct_s, names = run_direct(endpoint, hosts, args.forks, args.poll)
        delete_nodes(conn, names)
    finally:
        if not args.endpoint and endpoint:
            subprocess.run([str(IRONIC_TOOL), "stop", "--name", name], check=False)
        if not args.keep_hosts:
            subprocess.run([str(LAB_TOOL), "down", "--name-prefix", args.lab_prefix],
                           check=False, capture_output=True)
    print(f"nodes={args.nodes} forks={args.forks} poll={args.poll}s")
    print(f"direct openstacksdk: {direct_s:.1f} s")
    for shape, seconds in results.items():
        print(f"kayobe {shape}: {seconds:.1f} s, ratio kayobe/direct "
              f"{seconds / direct_s:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
