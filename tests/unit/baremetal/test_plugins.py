"""The console allocation action plugin and the bare metal compute filters,
run by a real ansible-playbook over local hosts (no Ironic needed)."""

import json
import os
import pathlib
import subprocess
import sys

import yaml

from tests.unit import base

REPO = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK_BIN = pathlib.Path(sys.executable).parent / "ansible-playbook"

INVENTORY = {"all": {
    "hosts": {"n1": {"ipmi_address": "10.66.1.1"},
              "n2": {"ipmi_address": "10.66.1.2"},
              "n3": {}},
    "vars": {"ansible_connection": "local",
             "ansible_python_interpreter": sys.executable},
}}
NODES = [{"uuid": "u1", "name": "old-1", "driver_info": {"ipmi_address": "10.66.1.1"}},
         {"uuid": "u2", "name": "n2", "driver_info": {"ipmi_address": "10.66.1.2"}}]


def play(pool_end):
    return [{
        "hosts": "all",
        "gather_facts": False,
        "tasks": [
            {"name": "Allocate console ports",
             "kayobe_console_allocation": {
                 "allocation_file": "{{ alloc_file }}",
                 "nodes": "{{ ansible_play_hosts }}",
                 "pool_start": 30000, "pool_end": pool_end},
             "run_once": True,
             "register": "ports"},
            {"name": "Record the port and the node match",
             "ansible.builtin.copy": {
                 "dest": "{{ out_dir }}/{{ inventory_hostname }}.json",
                 "mode": "0644",
                 "content": "{{ {'port': ports.ports[inventory_hostname],"
                            " 'match': nodes | baremetal_node_for_host("
                            "inventory_hostname, {'ipmi_address':"
                            " ipmi_address | default(none)})} | to_json }}"}},
        ],
    }]


class TestPlugins(base.TestCase):

    def run_play(self, pool_end):
        (self.tmp_path / "inventory.yml").write_text(yaml.safe_dump(INVENTORY))
        (self.tmp_path / "site.yml").write_text(yaml.safe_dump(play(pool_end)))
        (self.tmp_path / "out").mkdir(exist_ok=True)
        env = dict(os.environ,
                   PYTHONPATH=os.pathsep.join([str(REPO),
                                               os.environ.get("PYTHONPATH", "")]),
                   ANSIBLE_FILTER_PLUGINS=str(REPO / "ansible/filter_plugins"),
                   ANSIBLE_ACTION_PLUGINS=str(REPO / "ansible/action_plugins"),
                   ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(self.tmp_path / "t"))
        return subprocess.run(
            [str(PLAYBOOK_BIN), "-i", "inventory.yml", "site.yml",
             "-e", f"alloc_file={self.tmp_path / 'console.yml'}",
             "-e", f"out_dir={self.tmp_path / 'out'}",
             "-e", json.dumps({"nodes": NODES})],
            cwd=self.tmp_path, env=env, capture_output=True, text=True,
            timeout=300)

    def out(self, host):
        return json.loads((self.tmp_path / "out" / f"{host}.json").read_text())

    def test_ports_and_matches_each_host_failing_alone(self):
        result = self.run_play(31000)
        self.assertEqual(2, result.returncode, result.stdout)
        self.assertEqual({"port": 30000, "match": {
            "uuid": "u1", "current": "old-1", "target": "n1", "needed": True}},
            self.out("n1"))
        self.assertFalse(self.out("n2")["match"]["needed"])
        # n3 has no BMC address: its task fails, naming it; the others ran.
        self.assertFalse((self.tmp_path / "out" / "n3.json").exists())
        self.assertIn("host 'n3' has no BMC address", result.stdout)
        allocation = yaml.safe_load((self.tmp_path / "console.yml").read_text())
        self.assertEqual({"n1": 30000, "n2": 30001, "n3": 30002},
                         allocation["serial_console_allocations"])

    def test_exhausted_pool_is_one_line_naming_the_variables(self):
        result = self.run_play(30001)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("is exhausted: no port left for node 'n3' (3 needed)",
                      result.stdout)
        self.assertIn("ironic_serial_console_tcp_pool_start", result.stdout)
        self.assertFalse((self.tmp_path / "console.yml").exists())
