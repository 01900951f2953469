"""kayobe_baremetal_node and its runner, at the openstacksdk seam.

The connection is an autospec mock of openstacksdk's baremetal proxy whose
calls are answered by a small in-memory Ironic (``FakeIronic``): provision
verbs move a node to a transient state, and the next GET completes the
transition, or fails it where the test asks.  No network.
"""

import importlib.util
import io
import json
import pathlib
import sys
import types
from unittest import mock

from openstack.baremetal.v1 import _proxy

from kayobe.baremetal import runner
from kayobe.baremetal import sdk
from kayobe.baremetal import states
from tests.unit import base

REPO = pathlib.Path(__file__).resolve().parents[3]

# verb -> the transient state Ironic shows while it works
BUSY = {"manage": "verifying", "inspect": "inspecting", "clean": "cleaning",
        "provide": "cleaning", "active": "deploying", "deleted": "deleting",
        "unrescue": "unrescuing"}
FAILS = {"inspect": "inspect failed", "clean": "clean failed",
         "active": "deploy failed", "manage": "enroll"}


class FakeIronic:
    def __init__(self):
        self.nodes = {}
        self.ports = []
        self.fail = {}          # node name -> verb that fails
        self.calls = []

    def node(self, name, state="enroll", **attrs):
        node = types.SimpleNamespace(
            id=f"uuid-{name}", name=name, provision_state=state,
            target_provision_state=None, power_state=None,
            target_power_state=None, is_maintenance=False,
            maintenance_reason=None, last_error=None, driver="fake-hardware",
            driver_info={}, properties={}, instance_info={}, extra={},
            resource_class=None, inspected=False, pending=None)
        for key, value in attrs.items():
            setattr(node, key, value)
        self.nodes[node.id] = node
        return node

    def find(self, name):
        for node in self.nodes.values():
            if name in (node.id, node.name):
                return node
        return None

    # -- the proxy methods used by the runner ------------------------------
    def find_node(self, name_or_id, ignore_missing=True, **kw):
        return self.find(name_or_id)

    def create_node(self, **attrs):
        self.calls.append(("create_node", attrs))
        return self.node(attrs.pop("name"), **attrs)

    def update_node(self, node, **attrs):
        self.calls.append(("update_node", attrs))
        for key, value in attrs.items():
            setattr(self.nodes[node.id], key, value)
        return self.nodes[node.id]

    def get_node(self, node, **kw):
        node = self.nodes[getattr(node, "id", node)]
        if node.pending:
            verb, start = node.pending
            node.pending = None
            node.target_provision_state = None
            if self.fail.get(node.name) == verb:
                node.provision_state = FAILS[verb]
                node.last_error = f"fake {verb} failure"
                # Ironic keeps the missed target on a failed state
                node.target_provision_state = (
                    "manageable" if verb == "clean" else None)
            else:
                node.provision_state = states.expected_state(start, verb)
                node.last_error = None
                node.inspected = node.inspected or verb == "inspect"
        if node.target_power_state:
            node.power_state, node.target_power_state = node.target_power_state, None
        return node

    def set_node_provision_state(self, node, target, wait=False,
                                 clean_steps=None, **kw):
        self.calls.append(("provision", node.name, target, clean_steps))
        node = self.nodes[node.id]
        node.pending = (target, node.provision_state)
        node.provision_state = BUSY[target]
        node.target_provision_state = "x"
        return node

    def set_node_power_state(self, node, target, **kw):
        self.calls.append(("power", node.name, target))
        self.nodes[node.id].target_power_state = target

    def ports_of(self, node_id=None, **kw):
        return [p for p in self.ports if p.node_id == node_id]

    def create_port(self, node_id=None, address=None, **kw):
        self.calls.append(("create_port", address))
        port = types.SimpleNamespace(node_id=node_id, address=address)
        self.ports.append(port)
        return port

    def get(self, url, microversion=None, **kw):
        node = self.find(url.split("/")[2].split("?")[0])
        reply = mock.Mock()
        reply.json.return_value = {
            "inspection_finished_at": "2026-12-02T00:00:00" if node.inspected else None}
        return reply


def connection(fake):
    proxy = mock.create_autospec(_proxy.Proxy, instance=True)
    for name in ("find_node", "create_node", "update_node", "get_node",
                 "set_node_provision_state", "set_node_power_state",
                 "create_port", "get"):
        getattr(proxy, name).side_effect = getattr(fake, name)
    proxy.ports.side_effect = fake.ports_of
    return types.SimpleNamespace(baremetal=proxy)


def converge(fake, check_mode=False, **spec):
    spec.setdefault("name", "node0")
    spec.setdefault("poll_interval", 0)
    clock = iter(range(10**6))
    return runner.NodeRunner(connection(fake), spec, clock=lambda: next(clock),
                             sleep=lambda s: None).converge(check_mode)


class TestRunner(base.TestCase):

    def test_register_then_converge_to_each_target_is_idempotent(self):
        fake = FakeIronic()
        steps = [{"interface": "raid", "step": "apply_configuration"}]
        table = (
            (dict(driver="fake-hardware", driver_info={"ipmi_address": "10.0.0.1"},
                  ports=["AA:BB:CC:00:00:01"]), "enroll", ["registered -> enroll"]),
            (dict(target="inspected"), "manageable",
             ["enroll -> manage -> manageable", "manageable -> inspect -> manageable"]),
            (dict(target="cleaned", clean_steps=steps), "manageable",
             ["manageable -> clean -> manageable"]),
            (dict(target="active", instance_info={"image_source": "img"}), "active",
             ["manageable -> provide -> available", "available -> active -> active"]),
            (dict(target="available"), "available", ["active -> deleted -> available"]),
        )
        for spec, state, transitions in table:
            with self.subTest(spec=spec):
                result = converge(fake, **spec)
                self.assertEqual(state, result["state"])
                self.assertEqual(transitions, result["transitions"])
                self.assertTrue(result["changed"])
                again = converge(fake, **spec)
                self.assertFalse(again["changed"], again)
                self.assertEqual([], again["transitions"])
        node = fake.find("node0")
        self.assertEqual("power off", node.power_state)   # set once before deploy
        self.assertEqual({"image_source": "img"}, node.instance_info)
        self.assertEqual(runner.steps_digest(steps), node.extra[runner.CLEAN_MARK])
        self.assertEqual(["aa:bb:cc:00:00:01"], [p.address for p in fake.ports])
        clean_calls = [c for c in fake.calls if c[0] == "provision" and c[2] == "clean"]
        self.assertEqual([("provision", "node0", "clean", steps)], clean_calls)

    def test_inspect_on_the_way_pipelines_one_node_to_active(self):
        fake = FakeIronic()
        converge(fake, driver="fake-hardware")
        spec = dict(target="active", inspect=True,
                    instance_info={"image_source": "img"})
        result = converge(fake, **spec)
        self.assertEqual("active", result["state"])
        self.assertEqual(["enroll -> manage -> manageable",
                          "manageable -> inspect -> manageable",
                          "manageable -> provide -> available",
                          "available -> active -> active"], result["transitions"])
        again = converge(fake, **spec)
        self.assertFalse(again["changed"], again)
        self.assertEqual([], again["transitions"])

    def test_failed_transition_names_node_state_and_last_error(self):
        table = (("inspect", "inspected", "inspect failed"),
                 ("active", "active", "deploy failed"),
                 ("clean", "cleaned", "clean failed"),
                 ("manage", "manageable", "enroll"))
        for verb, target, state in table:
            with self.subTest(verb=verb):
                fake = FakeIronic()
                fake.node("node0", "manageable" if verb != "manage" else "enroll",
                          power_state="power off")
                fake.fail["node0"] = verb
                with self.assertRaises(runner.NodeError) as ctx:
                    converge(fake, target=target, clean_steps=[{"step": "x"}])
                message = str(ctx.exception)
                self.assertIn("node node0", message)
                self.assertIn(f"provision state '{state}'", message)
                self.assertIn(f"fake {verb} failure", message)
                self.assertIn(f"{verb} failed", message)
                self.assertNotIn("timed out", message)
                self.assertEqual(state, ctx.exception.state)

    def test_retry_after_failure_recovers_through_the_failed_state(self):
        fake = FakeIronic()
        fake.node("node0", "manageable")
        fake.fail["node0"] = "inspect"
        with self.assertRaises(runner.NodeError):
            converge(fake, target="inspected")
        del fake.fail["node0"]
        result = converge(fake, target="inspected")
        self.assertEqual(["inspect failed -> inspect -> manageable"],
                         result["transitions"])

    def test_maintenance_fails_with_reason_but_not_when_already_there(self):
        fake = FakeIronic()
        fake.node("node0", "available", is_maintenance=True,
                  maintenance_reason="broken fan")
        self.assertFalse(converge(fake, target="available")["changed"])
        with self.assertRaises(runner.NodeError) as ctx:
            converge(fake, target="active")
        self.assertIn("in maintenance: broken fan", str(ctx.exception))
        self.assertNotIn("provision", [c[0] for c in fake.calls])

    def test_timeout_names_the_waiting_state(self):
        fake = FakeIronic()
        fake.node("node0", "deploying", target_provision_state="active")
        with self.assertRaises(runner.NodeError) as ctx:
            converge(fake, target="active", timeout=5)
        self.assertIn("timed out", str(ctx.exception))
        self.assertEqual("deploying", ctx.exception.state)

    def test_missing_node_without_driver(self):
        with self.assertRaises(runner.NodeError) as ctx:
            converge(FakeIronic(), target="active")
        self.assertEqual("node node0: not found in Ironic", str(ctx.exception))

    def test_check_mode_plans_and_changes_nothing(self):
        fake = FakeIronic()
        fake.node("node0", "enroll")
        result = converge(fake, check_mode=True, target="active")
        self.assertEqual(["manage", "provide", "active"], result["planned"])
        self.assertTrue(result["changed"])
        self.assertEqual([], fake.calls)
        self.assertFalse(converge(FakeIronic(), check_mode=True,
                                  driver="fake-hardware")["changed"] is False)

    def test_masked_secret_is_not_a_change(self):
        fake = FakeIronic()
        fake.node("node0", "enroll",
                  driver_info={"ipmi_address": "10.0.0.1", "ipmi_password": "******"})
        result = converge(fake, driver="fake-hardware",
                          driver_info={"ipmi_address": "10.0.0.1",
                                       "ipmi_password": "s"})
        self.assertFalse(result["changed"])
        result = converge(fake, driver="fake-hardware",
                          driver_info={"ipmi_address": "10.0.0.2"})
        self.assertTrue(result["changed"])
        self.assertEqual("10.0.0.2", fake.find("node0").driver_info["ipmi_address"])


class TestConvergeMany(base.TestCase):

    def test_one_failure_stays_with_its_node(self):
        fake = FakeIronic()
        for i in range(6):
            fake.node(f"n{i}", "manageable", power_state="power off")
        fake.fail["n3"] = "active"
        specs = [{"name": f"n{i}", "target": "active", "poll_interval": 0}
                 for i in range(6)]
        results = runner.converge_many(lambda: connection(fake), specs, 3)
        self.assertEqual([f"n{i}" for i in range(6)], list(results))
        self.assertTrue(results["n3"]["failed"])
        self.assertIn("provision state 'deploy failed'", results["n3"]["msg"])
        for name in ("n0", "n1", "n2", "n4", "n5"):
            with self.subTest(name=name):
                self.assertEqual("active", results[name]["state"])
                self.assertTrue(results[name]["changed"])


def load_module():
    """The Ansible module, with its module_utils resolved to kayobe's files."""
    sys.modules.setdefault("ansible.module_utils.kayobe_baremetal_runner", runner)
    sys.modules.setdefault("ansible.module_utils.kayobe_baremetal_states", states)
    sys.modules.setdefault("ansible.module_utils.kayobe_baremetal_sdk", sdk)
    path = REPO / "ansible" / "library" / "kayobe_baremetal_node.py"
    spec = importlib.util.spec_from_file_location("kayobe_baremetal_node", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestModule(base.TestCase):

    def run_module(self, fake, args):
        from ansible.module_utils.testing import patch_module_args
        module = load_module()
        out = io.StringIO()
        with patch_module_args(args), mock.patch("sys.stdout", out), \
                mock.patch("openstack.connect", autospec=True,
                           return_value=connection(fake)):
            with self.assertRaises(SystemExit) as ctx:
                module.main()
        return ctx.exception.code, json.loads(out.getvalue())

    def test_provision_and_failure_output(self):
        fake = FakeIronic()
        fake.node("node0", "manageable", power_state="power off")
        code, result = self.run_module(fake, {
            "cloud": {"auth_type": "none", "auth": {"endpoint": "http://x"}},
            "name": "node0", "target": "active", "poll_interval": 0})
        self.assertEqual(0, code)
        self.assertEqual("active", result["state"])
        self.assertTrue(result["changed"])
        fake.fail["node0"] = "deleted"
        FAILS["deleted"] = "error"
        self.addCleanup(FAILS.pop, "deleted")
        code, result = self.run_module(fake, {
            "cloud": "bifrost", "name": "node0", "target": "available",
            "poll_interval": 0, "driver_info": {"ipmi_password": "topsecret"}})
        self.assertEqual(1, code)
        self.assertIn("provision state 'error'", result["msg"])
        self.assertEqual("fake deleted failure", result["last_error"])
        self.assertNotIn("topsecret", json.dumps(result))

    def test_cleaned_needs_clean_steps(self):
        code, result = self.run_module(FakeIronic(), {
            "cloud": "bifrost", "name": "node0", "target": "cleaned"})
        self.assertEqual(1, code)
        self.assertIn("clean_steps", result["msg"])

    def test_nodes_entries_register_each_with_its_own_fields(self):
        fake = FakeIronic()
        code, result = self.run_module(fake, {
            "cloud": "bifrost", "target": "manageable", "poll_interval": 0,
            "driver": "ipmi", "driver_info": {"ipmi_username": "admin"},
            "nodes": ["node0", {"name": "node1", "driver": "fake-hardware",
                                "properties": {"cpu_arch": "x86_64"}}],
            "nodes_driver_info": {"node0": {"ipmi_password": "n0-secret"},
                                  "node1": {"ipmi_password": "n1-secret"}}})
        self.assertEqual(0, code)
        self.assertEqual({"node0", "node1"}, set(result["nodes"]))
        for name, driver in (("node0", "ipmi"), ("node1", "fake-hardware")):
            with self.subTest(node=name):
                node = fake.nodes[f"uuid-{name}"]
                self.assertEqual("manageable", node.provision_state)
                self.assertEqual(driver, node.driver)
                self.assertEqual({"ipmi_username": "admin",
                                  "ipmi_password": f"n{name[-1]}-secret"},
                                 node.driver_info)
        self.assertEqual({"cpu_arch": "x86_64"}, fake.nodes["uuid-node1"].properties)
        self.assertNotIn("secret", json.dumps(result))

    def test_bad_nodes_entry_is_one_message(self):
        for entry, words in (({"driver": "ipmi"}, "neither a name"),
                             ({"name": "n", "driver_info": {}}, "unknown key")):
            with self.subTest(entry=entry):
                code, result = self.run_module(FakeIronic(), {
                    "cloud": "bifrost", "target": "manageable", "nodes": [entry]})
                self.assertEqual(1, code)
                self.assertIn(words, result["msg"])
