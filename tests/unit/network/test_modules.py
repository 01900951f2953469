"""The remote modules of the network roles, exercised without Ansible."""

import importlib.util
import pathlib

from tests.unit import base

ROLES = pathlib.Path(__file__).resolve().parents[3] / "ansible" / "roles"


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FILES_MODULE = load(ROLES / "network" / "library" / "kayobe_config_files.py")
PING_MODULE = load(ROLES / "network-connectivity" / "library" /
                   "kayobe_ping.py")

BAD_NAMES = ["../x", "a/b", ".hidden"]

# (ping_argv arguments, argv)
PING_ARGVS = [
    (("10.0.0.1", 2, 1), ["ping", "-4", "-n", "-q", "-c", "2", "-W", "1",
                          "10.0.0.1"]),
    (("10.0.0.1", 1, 1, 9000, "br-ex"),
     ["ping", "-4", "-n", "-q", "-c", "1", "-W", "1", "-I", "br-ex",
      "-M", "do", "-s", "8972", "10.0.0.1"]),
    (("fd00::1", 1, 2, 1500),
     ["ping", "-6", "-n", "-q", "-c", "1", "-W", "2", "-M", "do", "-s",
      "1452", "fd00::1"]),
]


class TestConfigFiles(base.TestCase):

    def test_plan_writes_changed_and_removes_stale_owned_files(self):
        tmp_path = self.tmp_path
        (tmp_path / "50-kayobe-eth1.network").write_text("same")
        (tmp_path / "50-kayobe-eth2.network").write_text("old")
        (tmp_path / "50-kayobe-br0.netdev").write_text(
            "[NetDev]\nName=br0\nKind=bridge\n")
        (tmp_path / "10-other.network").write_text("not ours")
        to_write, to_remove = FILES_MODULE.plan(str(tmp_path), {
            "50-kayobe-eth1.network": "same",
            "50-kayobe-eth2.network": "new",
            "50-kayobe-eth3.network": "added",
        }, "50-kayobe-*")
        self.assertEqual(to_write, {
            "50-kayobe-eth2.network": ("old", "new"),
            "50-kayobe-eth3.network": (None, "added")})
        self.assertEqual(list(to_remove), ["50-kayobe-br0.netdev"])
        self.assertEqual(
            FILES_MODULE.netdev_name(to_remove["50-kayobe-br0.netdev"]), "br0")

    def test_plan_on_a_missing_directory(self):
        to_write, to_remove = FILES_MODULE.plan(
            str(self.tmp_path / "missing"), {"a": "x"}, "*")
        self.assertEqual(to_write, {"a": (None, "x")})
        self.assertEqual(to_remove, {})

    def test_plan_rejects_bad_names(self):
        for name in BAD_NAMES:
            with self.subTest(name=name):
                with self.assertRaises(ValueError):
                    FILES_MODULE.plan(str(self.tmp_path), {name: ""}, "*")

    def test_write_atomic(self):
        path = self.tmp_path / "out" / "f"
        path.parent.mkdir()
        FILES_MODULE.write_atomic(str(path), "text", 0o644)
        self.assertEqual(path.read_text(), "text")
        self.assertEqual(path.stat().st_mode & 0o777, 0o644)
        self.assertEqual([p.name for p in path.parent.iterdir()], ["f"])

    def test_netdev_name_ignores_other_sections(self):
        self.assertIsNone(FILES_MODULE.netdev_name("[Peer]\nName=x\n"))
        self.assertIsNone(FILES_MODULE.netdev_name(None))


class TestPing(base.TestCase):

    def test_ping_argv(self):
        for args, expected in PING_ARGVS:
            with self.subTest(args=args):
                self.assertEqual(PING_MODULE.ping_argv(*args), expected)

    def test_check_all_runs_the_mtu_ping_only_when_reachable(self):
        calls = []

        def runner(argv):
            calls.append(argv)
            if argv[-1] == "10.0.0.3":
                return False, "1 packets transmitted, 0 received\nend\n"
            return "-M" not in argv, "out"

        results = PING_MODULE.check_all([
            {"network": "n", "peer": "a", "target": "10.0.0.2", "mtu": 9000,
             "interface": "eth1"},
            {"network": "n", "peer": "b", "target": "10.0.0.3", "mtu": 9000,
             "interface": "eth1"},
        ], 1, 1, runner)
        self.assertEqual([r["reachable"] for r in results], [True, False])
        self.assertIs(results[0]["mtu_ok"], False)
        self.assertNotIn("mtu_ok", results[1])
        self.assertEqual(results[1]["output"],
                         ["1 packets transmitted, 0 received", "end"])
        self.assertEqual(len(calls), 3)
        self.assertEqual(PING_MODULE.check_all([], 1, 1, runner), [])
