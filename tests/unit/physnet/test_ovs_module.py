"""The Open vSwitch module: value comparison and the commands it runs
against what ovs-vsctl reports (mocked at run_command, its subprocess seam)."""

import importlib.util
import pathlib
from unittest import mock

from tests.unit import base

PATH = (pathlib.Path(__file__).resolve().parents[3] / "ansible" / "roles"
        / "physical-network-openvswitch" / "library" / "kayobe_ovs_switch.py")
SPEC = importlib.util.spec_from_file_location("kayobe_ovs_switch", PATH)
ovs = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(ovs)


class FakeModule:
    """AnsibleModule's surface the module uses; run_command answers from
    a table of the switch's current state."""

    def __init__(self, params, state, check_mode=False):
        self.params = dict(timeout=10, **params)
        self.state = state
        self.check_mode = check_mode
        self.ran = []

    def run_command(self, argv):
        args = tuple(argv[2:])
        if args[0] in ("set", "add-br") or "add-port" in args:
            self.ran.append(args)
            return 0, "", ""
        return self.state.get(args, (1, "", "no such"))


class TestNormalise(base.TestCase):

    def test_table(self):
        for left, right in [("[10, 20]", "10,20"), ('"a b"', '"a b"'),
                            ('"a b"', "a b"), ("[]", ""), ("30", "30")]:
            with self.subTest(left=left):
                self.assertEqual(ovs.normalise(left), ovs.normalise(right))
        self.assertNotEqual(ovs.normalise("[10]"), ovs.normalise("10,20"))


class TestSwitch(base.TestCase):

    PARAMS = dict(bridge="br0", datapath_type="netdev",
                  bridge_settings=[], ports=[
                      {"name": "eth1", "settings": [["tag", "10"],
                                                    ["trunks", "1,2"]]}])

    def run_module(self, state, check_mode=False):
        module = FakeModule(self.PARAMS, state, check_mode)
        module.get_bin_path = lambda name: "/usr/bin/ovs-vsctl"
        with mock.patch.object(ovs, "AnsibleModule", return_value=module), \
                mock.patch.object(module, "exit_json", create=True) as done:
            ovs.main()
        return module, done.call_args.kwargs

    def test_converged_changes_nothing(self):
        state = {
            ("br-exists", "br0"): (0, "", ""),
            ("--if-exists", "get", "Bridge", "br0", "datapath_type"):
                (0, "netdev\n", ""),
            ("port-to-br", "eth1"): (0, "br0\n", ""),
            ("--if-exists", "get", "Port", "eth1", "tag"): (0, "10\n", ""),
            ("--if-exists", "get", "Port", "eth1", "trunks"):
                (0, "[1, 2]\n", ""),
        }
        module, result = self.run_module(state)
        self.assertEqual({"changed": False, "commands": []}, result)
        self.assertEqual([], module.ran)

    def test_new_bridge_and_port(self):
        module, result = self.run_module({})
        self.assertEqual([
            ["add-br", "br0"],
            ["set", "Bridge", "br0", "datapath_type=netdev"],
            ["--if-exists", "del-port", "eth1", "--", "add-port", "br0", "eth1"],
            ["set", "Port", "eth1", "tag=10"],
            ["set", "Port", "eth1", "trunks=1,2"],
        ], result["commands"])
        self.assertTrue(result["changed"])
        self.assertEqual(5, len(module.ran))

    def test_check_mode_runs_nothing(self):
        module, result = self.run_module({}, check_mode=True)
        self.assertTrue(result["changed"])
        self.assertEqual([], module.ran)
