"""Serial console TCP port allocation: pure allocation and the locked file."""

import yaml

from kayobe import errors
from kayobe.baremetal import console
from tests.unit import base

KEY = console.KEY

# (case, nodes, pool, existing ports, expected ports)
ALLOCATIONS = [
    ("empty", [], (30000, 30010), {}, {}),
    ("first ports in sorted order", ["n2", "n1", "n3"], (30000, 30010), {},
     {"n1": 30000, "n2": 30001, "n3": 30002}),
    ("existing kept, gaps filled", ["n1", "n2", "n3"], (30000, 30010),
     {"n2": 30000}, {"n1": 30001, "n2": 30000, "n3": 30002}),
    ("nodes outside the run kept", ["n3"], (30000, 30010),
     {"old": 30001}, {"old": 30001, "n3": 30000}),
    ("port outside a shrunk pool never moves", ["n1", "n2"], (30000, 30001),
     {"n1": 31000}, {"n1": 31000, "n2": 30000}),
    ("duplicates in the node list", ["n1", "n1"], (30000, 30000), {},
     {"n1": 30000}),
    ("pool of one port", ["n1"], (30000, 30000), {}, {"n1": 30000}),
    ("string ports from the file", ["n2"], ("30000", "30002"),
     {"n1": "30000"}, {"n1": 30000, "n2": 30001}),
]

# (case, nodes, pool, existing ports, error fragment)
ERRORS = [
    ("exhausted", ["a", "b", "c"], (30000, 30001), {},
     "pool 30000-30001 (ironic_serial_console_tcp_pool_start.."
     "ironic_serial_console_tcp_pool_end) is exhausted: no port left for "
     "node 'c' (3 needed)"),
    ("exhausted by existing", ["b"], (30000, 30000), {"a": 30000},
     "no port left for node 'b'"),
    ("start after end", ["a"], (30010, 30000), {},
     "ironic_serial_console_tcp_pool_start (30010) is greater than "
     "ironic_serial_console_tcp_pool_end (30000)"),
    ("start not a number", ["a"], ("x", 30000), {},
     "ironic_serial_console_tcp_pool_start must be a TCP port"),
    ("start unset", ["a"], (None, 30000), {},
     "ironic_serial_console_tcp_pool_start must be a TCP port (1-65535), "
     "not None"),
    ("end too large", ["a"], (30000, 70000), {},
     "ironic_serial_console_tcp_pool_end must be a TCP port"),
    ("boolean", ["a"], (True, 30000), {},
     "ironic_serial_console_tcp_pool_start must be a TCP port"),
    ("shared port", ["a"], (30000, 30010), {"x": 30001, "y": 30001},
     "nodes 'x' and 'y' share port 30001"),
    ("invalid existing port", ["a"], (30000, 30010), {"x": "console"},
     "port of node 'x' must be a TCP port"),
]


class TestAllocate(base.TestCase):

    def test_allocations(self):
        for case, nodes, pool, existing, expected in ALLOCATIONS:
            with self.subTest(case=case):
                before = {KEY: dict(existing)}
                result = console.allocate(nodes, *pool, before)
                self.assertEqual(expected, result[KEY])
                self.assertEqual({KEY: existing}, before)  # not modified

    def test_errors(self):
        for case, nodes, pool, existing, fragment in ERRORS:
            with self.subTest(case=case):
                with self.assertRaises(console.ConsoleAllocationError) as ctx:
                    console.allocate(nodes, *pool, {KEY: existing})
                self.assertIn(fragment, str(ctx.exception))
                self.assertNotIn("\n", str(ctx.exception))

    def test_error_is_a_config_error(self):
        # The CLI turns ConfigError into one 'kayobe: error:' line.
        self.assertTrue(issubclass(console.ConsoleAllocationError,
                                   errors.ConfigError))

    def test_other_keys_of_the_file_are_kept(self):
        result = console.allocate(["a"], 1, 2, {"note": "x", KEY: {}})
        self.assertEqual({"note": "x", KEY: {"a": 1}}, result)

    def test_allocation_is_not_a_mapping(self):
        with self.assertRaises(console.ConsoleAllocationError):
            console.allocate(["a"], 1, 2, {KEY: ["a"]})


class TestFile(base.TestCase):

    def setUp(self):
        super().setUp()
        self.path = self.tmp_path / "console-allocation.yml"

    def read(self):
        return yaml.safe_load(self.path.read_text())

    def test_missing_file_is_created(self):
        ports, changed = console.allocate_and_save(self.path, ["b", "a"],
                                                   30000, 31000)
        self.assertEqual({"a": 30000, "b": 30001}, ports)
        self.assertTrue(changed)
        self.assertEqual({KEY: {"a": 30000, "b": 30001}}, self.read())
        self.assertTrue(self.path.read_text().startswith("---\n# Serial"))

    def test_second_run_changes_nothing(self):
        console.allocate_and_save(self.path, ["a", "b"], 30000, 31000)
        text = self.path.read_text()
        mtime = self.path.stat().st_mtime_ns
        ports, changed = console.allocate_and_save(self.path, ["a", "b"],
                                                   30000, 31000)
        self.assertFalse(changed)
        self.assertEqual({"a": 30000, "b": 30001}, ports)
        self.assertEqual(text, self.path.read_text())
        self.assertEqual(mtime, self.path.stat().st_mtime_ns)

    def test_returns_only_the_requested_nodes(self):
        console.allocate_and_save(self.path, ["a", "b"], 30000, 31000)
        ports, changed = console.allocate_and_save(self.path, ["c"],
                                                   30000, 31000)
        self.assertTrue(changed)
        self.assertEqual({"c": 30002}, ports)
        self.assertEqual(3, len(self.read()[KEY]))

    def test_dry_run_writes_nothing(self):
        ports, changed = console.allocate_and_save(self.path, ["a"], 1, 9,
                                                   dry_run=True)
        self.assertEqual(({"a": 1}, True), (ports, changed))
        self.assertFalse(self.path.exists())

    def test_upstream_file_is_read(self):
        # Upstream's module writes plain yaml.dump output without a header.
        self.path.write_text(f"{KEY}:\n  node-1: 30000\n")
        ports, changed = console.allocate_and_save(self.path, ["node-1"],
                                                   30000, 31000)
        self.assertEqual(({"node-1": 30000}, False), (ports, changed))

    def test_empty_file(self):
        self.path.write_text("")
        ports, _ = console.allocate_and_save(self.path, ["a"], 5, 6)
        self.assertEqual({"a": 5}, ports)

    def test_malformed_file_is_not_overwritten(self):
        self.path.write_text(f"{KEY}: [\n")
        with self.assertRaises(console.ConsoleAllocationError) as ctx:
            console.allocate_and_save(self.path, ["a"], 5, 6)
        self.assertIn("malformed console allocation file", str(ctx.exception))
        self.assertEqual(f"{KEY}: [\n", self.path.read_text())

    def test_exhausted_pool_leaves_the_file_alone(self):
        console.allocate_and_save(self.path, ["a"], 5, 5)
        text = self.path.read_text()
        with self.assertRaises(console.ConsoleAllocationError):
            console.allocate_and_save(self.path, ["b"], 5, 5)
        self.assertEqual(text, self.path.read_text())
        self.assertEqual([], list(self.tmp_path.glob(".*.tmp")))


class TestConcurrency(base.TestCase):

    def test_concurrent_allocations_are_neither_lost_nor_duplicated(self):
        path = self.tmp_path / "console-allocation.yml"
        workers, rounds = 4, 15

        def step(worker, round_):
            console.allocate_and_save(path, [f"w{worker}-n{round_:02d}"],
                                      30000, 31000)

        self.assertEqual([None] * workers, base.race(step, workers, rounds))
        ports = yaml.safe_load(path.read_text())[KEY]
        self.assertEqual(workers * rounds, len(ports))
        self.assertEqual(set(range(30000, 30000 + workers * rounds)),
                         set(ports.values()))
