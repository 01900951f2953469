"""The filter and action plugin shims, run by a real ansible-playbook.

Three local hosts; the action plugin allocates from their hostvars and
the filters read another host's variables through ``hostvars``.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import unittest

import yaml

from tests.unit import base

REPO = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOK_BIN = pathlib.Path(sys.executable).parent / "ansible-playbook"

HAVE_PLAYBOOK = PLAYBOOK_BIN.exists() or shutil.which("ansible-playbook")

INVENTORY = {"all": {
    "hosts": {"h1": {}, "h2": {}, "h3": {"network_interfaces": ["int"]}},
    "vars": {
        "ansible_connection": "local",
        "ansible_python_interpreter": sys.executable,
        "network_interfaces": ["int", "ext"],
        "int_interface": "eth0",
        "int_cidr": "10.66.0.0/24",
        "int_allocation_pool_start": "10.66.0.10",
        "int_allocation_pool_end": "10.66.0.20",
        "int_gateway": "10.66.0.{{ 5 + 5 }}",  # templated through hostvars
        "ext_interface": "breth1",
        "ext_bridge_ports": ["eth1"],
        "external_net_names": ["ext"],
    },
}}

PLAYBOOK = [{
    "hosts": "all",
    "gather_facts": False,
    "tasks": [
        {"name": "Allocate IP addresses",
         "kayobe_ip_allocation": {
             "allocation_file": "{{ alloc_file }}",
             "hosts": "{{ ansible_play_hosts_all }}"},
         "run_once": True,
         "register": "alloc"},
        {"name": "Record what the filters and the plugin returned",
         "ansible.builtin.copy": {
             "dest": "{{ out_dir }}/{{ inventory_hostname }}.json",
             "content": "{{ {'alloc': alloc.allocations,"
                        " 'changed': alloc.changed,"
                        " 'h1_ip': 'int' | net_ip('h1'),"
                        " 'h2_gateway': 'int' | net_gateway('h2'),"
                        " 'bridges': network_interfaces | net_select_bridges,"
                        " 'veths': network_interfaces | net_ovs_veths"
                        "} | to_json }}"}},
    ],
}]


def playbook_env(tmp_path):
    pythonpath = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    return dict(os.environ,
                PYTHONPATH=pythonpath,
                ANSIBLE_FILTER_PLUGINS=str(REPO / "ansible" / "filter_plugins"),
                ANSIBLE_ACTION_PLUGINS=str(REPO / "ansible" / "action_plugins"),
                ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
                ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"))


def run_playbook(tmp_path, *extra, site=PLAYBOOK):
    for name, data in (("inventory.yml", INVENTORY), ("site.yml", site)):
        (tmp_path / name).write_text(yaml.safe_dump(data))
    command = [str(PLAYBOOK_BIN) if PLAYBOOK_BIN.exists() else
               "ansible-playbook", "-i", "inventory.yml", "site.yml",
               "-e", f"alloc_file={tmp_path / 'alloc.yml'}",
               "-e", f"out_dir={tmp_path}", *extra]
    return subprocess.run(command, cwd=tmp_path, env=playbook_env(tmp_path),
                          text=True, capture_output=True, timeout=120)


@unittest.skipUnless(HAVE_PLAYBOOK, "ansible-playbook is not installed")
class TestPluginsInAPlaybook(base.TestCase):

    def assertRan(self, run):
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_plugins_in_a_real_playbook(self):
        tmp_path = self.tmp_path
        (tmp_path / "alloc.yml").write_text("int_ips:\n  h1: 10.66.0.50\n")
        # The allocation file is also passed as extra vars, as the CLI does.
        run = run_playbook(tmp_path, "-e", f"@{tmp_path / 'alloc.yml'}")
        self.assertRan(run)
        expected = {"int_ips": {"h1": "10.66.0.50", "h2": "10.66.0.11",
                                "h3": "10.66.0.12"}}
        self.assertEqual(
            yaml.safe_load((tmp_path / "alloc.yml").read_text()), expected)
        result = json.loads((tmp_path / "h2.json").read_text())
        self.assertEqual(result, {
            "alloc": expected, "changed": True, "h1_ip": "10.66.0.50",
            "h2_gateway": "10.66.0.10", "bridges": ["ext"],
            "veths": [{"device": "p-breth1-phy", "peer_device": "p-breth1-ovs",
                       "bridge": "breth1", "mtu": None}],
        })

    def test_check_mode_does_not_write(self):
        run = run_playbook(self.tmp_path, "--check")
        self.assertRan(run)
        self.assertFalse((self.tmp_path / "alloc.yml").exists())

    def test_errors_fail_the_task_with_one_line(self):
        run = run_playbook(self.tmp_path, "-e", "int_gateway=10.99.0.1")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn(
            "network 'int': gateway: 10.99.0.1 is outside CIDR 10.66.0.0/24",
            run.stdout)

    def test_ip_allocation_play_makes_new_ips_visible_in_the_run(self):
        """ansible/ip-allocation.yml: IPs allocated in the run reach the
        filters even though the allocation file is also passed as (stronger)
        extra vars."""
        tmp_path = self.tmp_path
        alloc = tmp_path / "alloc.yml"
        alloc.write_text("int_ips:\n  h1: 10.66.0.50\n")
        site = [
            {"ansible.builtin.import_playbook":
                str(REPO / "ansible" / "ip-allocation.yml")},
            {"hosts": "all", "gather_facts": False, "tasks": [{
                "name": "Record the IPs seen by the filters",
                "ansible.builtin.copy": {
                    "dest": "{{ out_dir }}/{{ inventory_hostname }}.json",
                    "content": "{{ {'own': 'int' | net_ip, "
                               "'h3': 'int' | net_ip('h3'), "
                               "'hosts': 'int' | "
                               "net_etc_hosts(['h1', 'h2', 'h3'])"
                               "} | to_json }}"}}]},
        ]
        run = run_playbook(tmp_path, "-e", f"@{alloc}",
                           "-e", f"network_allocation_file={alloc}",
                           site=site)
        self.assertRan(run)
        result = json.loads((tmp_path / "h2.json").read_text())
        self.assertEqual(result, {"own": "10.66.0.11", "h3": "10.66.0.12",
                                  "hosts": ["10.66.0.50 h1", "10.66.0.11 h2",
                                            "10.66.0.12 h3"]})
        self.assertEqual(yaml.safe_load(alloc.read_text())["int_ips"]["h3"],
                         "10.66.0.12")
