#!/usr/bin/env python3
"""Benchmark: N fake nodes enroll -> manage -> inspect -> provide -> active,
through kayobe vs directly with openstacksdk.  Run as root (it starts a real
Ironic with tools/lab/ironic unless --endpoint is given).

  tools/bench/provision.py [--nodes 100] [--forks 25] [--poll 0.5]
                           [--endpoint URL] [--profile]
                           [--shape pipelined|commands]

--profile prints the time of each kayobe task (ansible.posix.profile_tasks),
to see where kayobe's time goes: start-up, the module calls, the per-host
report tasks.

kayobe: one ``kayobe playbook run`` over N inventory hosts in the form of the
overcloud playbooks: the kayobe_baremetal_node module once for the play's
hosts (--forks workers), followed by a per-host task that reports (fails)
that host.  --shape pipelined (default): one call, register, inspect and
deploy (inspect: true); --shape commands: register and inspect, then
deploy, as ``overcloud hardware inspect`` then ``overcloud provision`` do.
direct: the same transitions per node with openstacksdk in a thread pool of
--forks workers, polling every --poll seconds (as the module does).
Prints both wall times and their ratio (target: kayobe <= 1.3x direct).
"""

import argparse
import concurrent.futures
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

# One module call for the play's hosts, then a per-host task that reports
# (fails) that host: the form of the overcloud playbooks.
STEP = """\
    - name: {name}
      kayobe_baremetal_node:
        cloud: {{cloud}}
        nodes: "{{{{{{{{ ansible_play_hosts }}}}}}}}"
        workers: {{forks}}
        poll_interval: {{poll}}
        timeout: 1200
{args}      delegate_to: localhost
      run_once: true
      register: {result}
    - name: Report each node ({name})
      ansible.builtin.assert:
        that: not ({result}.nodes[inventory_hostname].failed | default(false))
        fail_msg: >-
          {{{{{{{{ {result}.nodes[inventory_hostname].msg | default('') }}}}}}}}
        quiet: true
      changed_when: {result}.nodes[inventory_hostname].changed
"""
DEPLOY_ARGS = ("        target: active\n"
               "        instance_info: {{image_source: \"http://bench/image.qcow2\"}}\n")


def step(name, result, args):
    return STEP.format(name=name, result=result, args=args)


HEADER = """\
- name: Provision the bench nodes through kayobe's module
  hosts: bench
  gather_facts: false
  tasks:
"""
# --shape pipelined: one call takes each node through inspection to active
# (inspect: true), as the direct path does.
PIPELINED = HEADER + step(
    "Register, inspect and deploy", "bench_deploy",
    "        driver: fake-hardware\n        inspect: true\n" + DEPLOY_ARGS)
# --shape commands: the two commands' shape (hardware inspect, then
# provision): every node waits for the slowest inspection before deploying.
PLAYBOOK = (HEADER
            + step("Register and inspect", "bench_inspect",
                   "        driver: fake-hardware\n        target: inspected\n")
            + step("Deploy", "bench_deploy", DEPLOY_ARGS))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(endpoint):
    import openstack
    return openstack.connect(auth_type="none", auth={"endpoint": endpoint})


def delete_nodes(conn, prefix):
    """Undeploy (all at once, not timed) and delete the bench's nodes."""
    nodes = [n for n in conn.baremetal.nodes(details=True)
             if n.name and n.name.startswith(prefix)]
    for node in nodes:
        if node.provision_state == "active":
            conn.baremetal.set_node_provision_state(node, "deleted")
    for node in nodes:
        while conn.baremetal.get_node(node.id).provision_state != "available" \
                and node.provision_state == "active":
            time.sleep(0.5)
        conn.baremetal.delete_node(node)


def run_kayobe(endpoint, names, forks, poll, profile=False, shape="pipelined"):
    with tempfile.TemporaryDirectory(prefix="bench-provision-") as tmp:
        tmp = pathlib.Path(tmp)
        config = tmp / "config"
        (config / "inventory").mkdir(parents=True)
        (config / "inventory" / "hosts").write_text(
            "[bench]\n" + "\n".join(names) + "\n")
        cloud = "{auth_type: none, auth: {endpoint: '" + endpoint + "'}}"
        playbook = tmp / "bench.yml"
        text = PIPELINED if shape == "pipelined" else PLAYBOOK
        playbook.write_text(text.format(cloud=cloud, poll=poll, forks=forks))
        env = dict(os.environ, KAYOBE_CONFIG_PATH=str(config),
                   KAYOBE_STATE_DIR=str(tmp / "state"),
                   KAYOBE_RUN_REPORT=str(tmp / "report.json"),
                   PYTHONPATH=str(ROOT), ANSIBLE_NOCOLOR="1")
        if profile:
            env["ANSIBLE_CALLBACKS_ENABLED"] = "ansible.posix.profile_tasks"
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "kayobe.cli.app", "playbook", "run",
             "--forks", str(forks), str(playbook)],
            env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - start
    if proc.returncode:
        sys.exit(f"kayobe run failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    if profile:
        # The callback's summary: one line per task with its time.
        print("\n".join(line for line in proc.stdout.splitlines()
                        if re.search(r"-{3,} +[0-9.]+s$", line.rstrip())))
    return elapsed


def direct_one(endpoint, name, poll):
    conn = connect(endpoint)
    api = conn.baremetal
    node = api.create_node(name=name, driver="fake-hardware")

    def go(target, expected):
        # The SDK's own wait polls every 2 s; poll as often as the module.
        api.set_node_provision_state(node, target)
        deadline = time.monotonic() + 1200
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
    api.update_node(node, instance_info={"image_source": "http://bench/image.qcow2"})
    api.set_node_power_state(node, "power off")
    while api.get_node(node.id).power_state != "power off":
        time.sleep(poll)
    go("active", "active")


def run_direct(endpoint, names, forks, poll):
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=forks) as pool:
        for future in [pool.submit(direct_one, endpoint, n, poll) for n in names]:
            future.result()
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--forks", type=int, default=25)
    parser.add_argument("--poll", type=float, default=0.5)
    parser.add_argument("--endpoint")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--shape", choices=["pipelined", "commands"],
                        default="pipelined")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    name = f"bench-{os.getpid()}"
    endpoint = args.endpoint
    if not endpoint:
        endpoint = subprocess.run(
            [str(IRONIC_TOOL), "start", "--name", name, "--address", "127.0.0.1",
             "--port", str(free_port())], check=True, capture_output=True,
            text=True).stdout.strip()
    try:
        conn = connect(endpoint)
        kayobe_names = [f"bench-k-{i:03d}" for i in range(args.nodes)]
        direct_names = [f"bench-d-{i:03d}" for i in range(args.nodes)]
        kayobe_s = run_kayobe(endpoint, kayobe_names, args.forks,
                              args.poll, args.profile, args.shape)
        print(f"kayobe: {kayobe_s:.1f} s", flush=True)
        delete_nodes(conn, "bench-k-")
        direct_s = run_direct(endpoint, direct_names, args.forks, args.poll)
        delete_nodes(conn, "bench-d-")
    finally:
        if not args.endpoint:
            subprocess.run([str(IRONIC_TOOL), "stop", "--name", name], check=False)
    print(f"nodes={args.nodes} forks={args.forks} poll={args.poll}s "
          f"shape={args.shape}")
    print(f"kayobe: {kayobe_s:.1f} s")
    print(f"direct openstacksdk: {direct_s:.1f} s")
    print(f"ratio kayobe/direct: {kayobe_s / direct_s:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
