"""Swift rings: the wanted devices (pure) and the ring tool's change plan."""

import json
import pathlib
from unittest import mock

from kayobe import errors
from kayobe import runner
from kayobe.kolla import rings
from kayobe.kolla import swift_ring_tool as tool
from tests.unit import base

CONTROL = {"swift_hosts": "storage", "swift_part_power": 10,
           "swift_replication_count": "", "swift_min_part_hours": 1}


def host(name, ip, **extra):
    variables = {
        "inventory_hostname": name,
        "swift_storage_net_name": "stor", "stor_ips": {name: ip},
        "swift_storage_replication_net_name": "stor",
        "swift_region": 1, "swift_zone": 0,
        "swift_service_ports": {"object": 6000, "account": 6001,
                                "container": 6002},
        "swift_block_devices": [{"device": "/dev/sdb"}],
        "swift_block_device_default_weight": 100,
        "swift_block_device_default_services": ["account", "container",
                                                "object"],
    }
    variables.update(extra)
    return variables


def spec_of(hosts, control=None):
    hv = {h["inventory_hostname"]: h for h in hosts}
    return rings.ring_spec(dict(CONTROL, **(control or {})), list(hv), hv.get)


REPLICAS = [
    (1, "", 1), (2, "", 2), (5, "", 3), (5, 2, 2), (1, "4", 4)]

SPEC_ERRORS = [
    ([], {}, "no host matches swift_hosts 'storage'"),
    ([host("st1", None)], {},
     "host st1: no IP on the Swift storage network (swift_storage_net_name: stor)"),
    ([host("st1", "10.66.20.11", swift_block_devices=[{"fs_label": "x"}])], {},
     "host st1: each item of 'swift_block_devices' needs a 'device'"),
    ([host("st1", "10.66.20.11", swift_block_devices="sdb")], {},
     "host st1: variable 'swift_block_devices' must be a list"),
    ([host("st1", "10.66.20.11", swift_block_devices=[
        {"device": "/dev/sdb", "services": ["objects"]}])], {},
     "host st1: device /dev/sdb: unknown Swift service 'objects'"),
    ([host("st1", "10.66.20.11", swift_block_devices=[
        {"device": "/dev/sdb", "weight": "heavy"}])], {},
     "host st1: device /dev/sdb: weight must be a number >= 0, not 'heavy'"),
    ([host("st1", "10.66.20.11", swift_zone="a")], {},
     "host st1: variable 'swift_zone' must be an integer >= 0, not 'a'"),
    ([host("st1", "10.66.20.11", swift_region=0)], {},
     "host st1: variable 'swift_region' must be an integer >= 1, not 0"),
    ([host("st1", "10.66.20.11")], {"swift_part_power": True},
     "variable 'swift_part_power' must be an integer >= 1"),
    ([host("st1", "10.66.20.11", swift_block_devices=[
        {"device": "/dev/sdb", "services": ["object"]}])], {},
     "no block device of swift_hosts is used by the Swift account service"),
]


def dev(ip, device="sdb", weight=100, **extra):
    return dict({"region": 1, "zone": 0, "ip": ip, "port": 6000,
                 "replication_ip": ip, "replication_port": 6000,
                 "device": device, "weight": weight}, **extra)


PLANS = [
    ([], [dev("a"), dev("b")], ([], [dev("a"), dev("b")], {})),
    ([dev("a", id=0), dev("b", id=1)], [dev("a"), dev("b")], ([], [], {})),
    ([dev("a", id=0), None, dev("b", id=2)], [dev("b", weight=50), dev("c")],
     ([0], [dev("c")], {2: 50.0})),
    ([dev("a", weight=100.0, id=0)], [dev("a", weight=100)], ([], [], {})),
    ([dev("a", id=0)], [dev("a", device="sdc")], ([0], [dev("a", device="sdc")], {})),
]


class TestSpec(base.TestCase):

    def test_spec_devices_per_service(self):
        spec = spec_of([
            host("st1", "10.66.20.11", swift_zone=1, swift_block_devices=[
                {"device": "/dev/sdb"},
                {"device": "/dev/sdc", "fs_label": "d1", "services": ["object"],
                 "weight": 50}]),
            host("st2", "10.66.20.12", swift_storage_replication_net_name="repl",
                 repl_ips={"st2": "10.66.30.12"}),
        ])
        self.assertEqual((spec["part_power"], spec["replicas"], spec["min_part_hours"]),
                         (10, 2, 1))
        self.assertEqual([d["device"] for d in spec["services"]["object"]],
                         ["sdb", "d1", "sdb"])
        self.assertEqual([d["device"] for d in spec["services"]["account"]],
                         ["sdb", "sdb"])
        sdc = spec["services"]["object"][1]
        self.assertEqual(sdc, {"region": 1, "zone": 1, "ip": "10.66.20.11",
                               "port": 6000, "replication_ip": "10.66.20.11",
                               "replication_port": 6000, "device": "d1",
                               "weight": 50.0, "meta": "st1"})
        st2 = spec["services"]["container"][1]
        self.assertEqual((st2["ip"], st2["replication_ip"], st2["port"]),
                         ("10.66.20.12", "10.66.30.12", 6002))

    def test_replicas_default_to_hosts_up_to_three(self):
        for count, explicit, replicas in REPLICAS:
            with self.subTest(count=count, explicit=explicit):
                hosts = [host(f"st{i}", f"10.66.20.{i + 10}") for i in range(count)]
                spec = spec_of(hosts, {"swift_replication_count": explicit})
                self.assertEqual(spec["replicas"], replicas)

    def test_spec_errors_name_host_and_variable(self):
        for hosts, control, message in SPEC_ERRORS:
            with self.subTest(message=message):
                with self.assertRaises(errors.ConfigError) as caught:
                    spec_of(hosts, control)
                self.assertIn(message, str(caught.exception))


class TestTool(base.TestCase):

    def test_tool_plan(self):
        for existing, wanted, plan in PLANS:
            with self.subTest(existing=existing, wanted=wanted):
                self.assertEqual(tool.plan(existing, wanted), plan)

    def test_tool_plan_rejects_a_device_listed_twice(self):
        with self.assertRaisesRegex(ValueError,
                                    "device sdb of a:6000 is listed twice"):
            tool.plan([], [dev("a"), dev("a", weight=1)])


class TestBuild(base.TestCase):

    def test_build_writes_only_changed_files(self):
        """The tool runs at the seam; kayobe copies back what changed."""
        tmp_path = self.tmp_path
        venv = tmp_path / "venv"
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").write_text("")
        out = tmp_path / "rings"
        out.mkdir()
        (out / "object.builder").write_bytes(b"old")
        names = rings.ring_files()

        def fake_tool(argv, env):
            self.assertEqual(argv[1:3], ["-I", str(rings.TOOL)])
            self.assertNotIn("PYTHONPATH", env)
            work = pathlib.Path(argv[-1])
            spec = json.loads(pathlib.Path(argv[-2]).read_text())
            self.assertEqual(spec, {"services": {}})
            self.assertEqual((work / "object.builder").read_bytes(), b"old")
            for name in names:
                data = b"old" if name == "object.builder" else b"new"
                (work / name).write_bytes(data)
            (work / "summary.json").write_text('{"object": {"status": "created"}}')
            return 0

        with mock.patch.object(runner, "run_process", autospec=True,
                               side_effect=fake_tool):
            before = (out / "object.builder").stat().st_mtime_ns
            self.assertEqual(rings.build({"services": {}}, out, venv, write=False),
                             {"object": {"status": "created"}})
            self.assertEqual(sorted(p.name for p in out.iterdir()), ["object.builder"])
            rings.build({"services": {}}, out, venv)
        self.assertEqual(sorted(p.name for p in out.iterdir()), sorted(names))
        self.assertEqual((out / "object.builder").stat().st_mtime_ns, before)
        self.assertEqual((out / "account.ring.gz").read_bytes(), b"new")

    def test_build_reports_the_tools_error_in_one_line(self):
        tmp_path = self.tmp_path
        venv = tmp_path / "venv"
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").write_text("")

        def failing(argv, env):
            (pathlib.Path(argv[-1]) / "error.txt").write_text("part power 8, not 9\n")
            return 2

        with mock.patch.object(runner, "run_process", autospec=True,
                               side_effect=failing):
            with self.assertRaisesRegex(errors.ConfigError,
                                        "^Swift rings: part power 8, not 9$"):
                rings.build({"services": {}}, tmp_path / "rings", venv)
        with self.assertRaisesRegex(errors.ConfigError, "swift_ring_build_venv"):
            rings.build({}, tmp_path, tmp_path / "nowhere")
