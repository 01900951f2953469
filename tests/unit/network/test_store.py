"""Tests of the allocation file: loading, atomic writes and locking."""

import os

import yaml

from kayobe.network import store
from kayobe.network.errors import NetworkError
from tests.unit import base

NETWORKS = {"a": {"cidr": "10.66.0.0/24",
                  "allocation_pool_start": "10.66.0.10",
                  "allocation_pool_end": "10.66.0.250"}}


def write(path, text):
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


def read(path):
    with open(path, encoding="utf-8") as stream:
        return stream.read()


LOADS = [
    ("missing file", None, {}),
    ("empty file", "", {}),
    ("only a comment", "---\n# nothing\n", {}),
    ("allocation", "a_ips:\n  h1: 10.66.0.10\n",
     {"a_ips": {"h1": "10.66.0.10"}}),
]

LOAD_ERRORS = [
    ("malformed YAML", "a_ips: {h1: [\n",
     "malformed IP allocation file {path}: "),
    ("list at top", "- a\n", "IP allocation file {path}: IP allocation must "
                             "be a mapping of <net>_ips"),
    ("entries not a map", "a_ips: 10.66.0.1\n",
     "IP allocation file {path}: IP allocation a_ips must map hosts to IP "
     "addresses"),
]


class TaggedStr(str):
    """Like the str subclasses Ansible passes to plugins."""


class TestStore(base.TestCase):

    def setUp(self):
        super().setUp()
        self.path = str(self.tmp_path / "data" / "network-allocation.yml")
        os.mkdir(os.path.dirname(self.path))

    def test_load_allocation(self):
        for i, (name, text, expected) in enumerate(LOADS):
            with self.subTest(name):
                path = str(self.tmp_path / f"load{i}.yml")
                if text is not None:
                    write(path, text)
                self.assertEqual(store.load_allocation(path), expected)

    def test_load_allocation_errors(self):
        for i, (name, text, message) in enumerate(LOAD_ERRORS):
            with self.subTest(name):
                path = str(self.tmp_path / f"error{i}.yml")
                write(path, text)
                with self.assertRaises(NetworkError) as info:
                    store.load_allocation(path)
                self.assertTrue(str(info.exception).startswith(
                    message.format(path=path)), str(info.exception))
                self.assertNotIn("\n", str(info.exception))

    def test_save_then_load_round_trip(self):
        path = self.path
        data = {"b_ips": {"h2": "10.66.1.2", "h1": "10.66.1.1"},
                "a_ips": {"h1": "10.66.0.1"}}
        store.save_allocation(path, data)
        self.assertEqual(store.load_allocation(path), data)
        text = read(path)
        self.assertTrue(text.startswith(store.HEADER))
        # Sorted, for stable diffs.
        self.assertLess(text.index("a_ips"), text.index("b_ips"))
        self.assertTrue(os.path.exists(path + ".lock"))

    def test_save_accepts_str_subclasses(self):
        store.save_allocation(self.path, {TaggedStr("a_ips"): {
            TaggedStr("h1"): TaggedStr("10.66.0.1")}})
        self.assertEqual(store.load_allocation(self.path),
                         {"a_ips": {"h1": "10.66.0.1"}})

    def test_save_keeps_file_mode(self):
        path = self.path
        write(path, "{}\n")
        os.chmod(path, 0o600)
        store.save_allocation(path, {"a_ips": {}})
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)

    def test_save_rejects_bad_data(self):
        with self.assertRaises(NetworkError):
            store.save_allocation(self.path, {"a_ips": "x"})
        self.assertFalse(os.path.exists(self.path))

    def test_failed_write_leaves_old_file_and_no_temp_file(self):
        path = self.path
        write(path, "a_ips:\n  h1: 10.66.0.10\n")

        def broken_fsync(fd):
            raise OSError("disk on fire")

        self.patch_object(store.os, "fsync", broken_fsync)
        with self.assertRaises(OSError):
            store.save_allocation(path, {"a_ips": {"h1": "10.66.0.99"}})
        self.assertEqual(read(path), "a_ips:\n  h1: 10.66.0.10\n")
        self.assertEqual(sorted(os.listdir(os.path.dirname(path))), [
            "network-allocation.yml", "network-allocation.yml.lock"])

    def test_allocate_and_save_writes_new_allocations(self):
        result, changed = store.allocate_and_save(self.path, NETWORKS,
                                                  {"h1": ["a"]})
        self.assertTrue(changed)
        self.assertEqual(result, {"a_ips": {"h1": "10.66.0.10"}})
        self.assertEqual(store.load_allocation(self.path), result)

    def test_allocate_and_save_leaves_file_alone_when_unchanged(self):
        path = self.path
        store.allocate_and_save(path, NETWORKS, {"h1": ["a"]})
        os.utime(path, (1, 1))
        result, changed = store.allocate_and_save(path, NETWORKS,
                                                  {"h1": ["a"]})
        self.assertFalse(changed)
        self.assertEqual(os.stat(path).st_mtime, 1)

    def test_allocate_and_save_dry_run_does_not_write(self):
        result, changed = store.allocate_and_save(
            self.path, NETWORKS, {"h1": ["a"]}, dry_run=True)
        self.assertTrue(changed)
        self.assertEqual(result, {"a_ips": {"h1": "10.66.0.10"}})
        self.assertFalse(os.path.exists(self.path))

    def test_file_unchanged_when_allocation_fails(self):
        path = self.path
        original = "---\na_ips:\n  h1: 10.66.0.10\n  h2: 10.66.0.10\n"
        write(path, original)
        with self.assertRaisesRegex(NetworkError, "share IP"):
            store.allocate_and_save(path, NETWORKS, {"h3": ["a"]})
        self.assertEqual(read(path), original)

    def test_malformed_file_is_not_overwritten(self):
        path = self.path
        write(path, "a_ips: [\n")
        with self.assertRaisesRegex(NetworkError,
                                    "malformed IP allocation file"):
            store.allocate_and_save(path, NETWORKS, {"h1": ["a"]})
        self.assertEqual(read(path), "a_ips: [\n")

    def test_concurrent_allocations_are_neither_lost_nor_duplicated(self):
        path = self.path
        workers, rounds = 4, 15

        def step(worker, round_):
            host = f"w{worker}-h{round_:02d}"
            store.allocate_and_save(path, NETWORKS, {host: ["a"]})

        self.assertEqual(base.race(step, workers, rounds), [None] * workers)
        with open(path, encoding="utf-8") as stream:
            ips = yaml.safe_load(stream)["a_ips"]
        self.assertEqual(len(ips), workers * rounds)
        self.assertEqual(len(set(ips.values())), workers * rounds)
