"""Tests of the allocation file: loading, atomic writes and locking."""

import multiprocessing
import os

import pytest
import yaml

from kayobe.network import store
from kayobe.network.errors import NetworkError

NETWORKS = {"a": {"cidr": "10.66.0.0/24",
                  "allocation_pool_start": "10.66.0.10",
                  "allocation_pool_end": "10.66.0.250"}}


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / "network-allocation.yml")


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


@pytest.mark.parametrize("name, text, expected", LOADS,
                         ids=[c[0] for c in LOADS])
def test_load_allocation(path, name, text, expected):
    if text is not None:
        write(path, text)
    assert store.load_allocation(path) == expected


LOAD_ERRORS = [
    ("malformed YAML", "a_ips: {h1: [\n",
     "malformed IP allocation file {path}: "),
    ("list at top", "- a\n", "IP allocation file {path}: IP allocation must "
                             "be a mapping of <net>_ips"),
    ("entries not a map", "a_ips: 10.66.0.1\n",
     "IP allocation file {path}: IP allocation a_ips must map hosts to IP "
     "addresses"),
]


@pytest.mark.parametrize("name, text, message", LOAD_ERRORS,
                         ids=[c[0] for c in LOAD_ERRORS])
def test_load_allocation_errors(path, name, text, message):
    write(path, text)
    with pytest.raises(NetworkError) as info:
        store.load_allocation(path)
    assert str(info.value).startswith(message.format(path=path))
    assert "\n" not in str(info.value)


def test_save_then_load_round_trip(path):
    data = {"b_ips": {"h2": "10.66.1.2", "h1": "10.66.1.1"},
            "a_ips": {"h1": "10.66.0.1"}}
    store.save_allocation(path, data)
    assert store.load_allocation(path) == data
    text = read(path)
    assert text.startswith(store.HEADER)
    assert text.index("a_ips") < text.index("b_ips")  # sorted, stable diffs
    assert os.path.exists(path + ".lock")


class TaggedStr(str):
    """Like the str subclasses Ansible passes to plugins."""


def test_save_accepts_str_subclasses(path):
    store.save_allocation(path, {TaggedStr("a_ips"): {
        TaggedStr("h1"): TaggedStr("10.66.0.1")}})
    assert store.load_allocation(path) == {"a_ips": {"h1": "10.66.0.1"}}


def test_save_keeps_file_mode(path):
    write(path, "{}\n")
    os.chmod(path, 0o600)
    store.save_allocation(path, {"a_ips": {}})
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_save_rejects_bad_data(path):
    with pytest.raises(NetworkError):
        store.save_allocation(path, {"a_ips": "x"})
    assert not os.path.exists(path)


def test_failed_write_leaves_old_file_and_no_temp_file(path, monkeypatch):
    write(path, "a_ips:\n  h1: 10.66.0.10\n")

    def broken_fsync(fd):
        raise OSError("disk on fire")

    monkeypatch.setattr(store.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        store.save_allocation(path, {"a_ips": {"h1": "10.66.0.99"}})
    assert read(path) == "a_ips:\n  h1: 10.66.0.10\n"
    assert sorted(os.listdir(os.path.dirname(path))) == [
        "network-allocation.yml", "network-allocation.yml.lock"]


def test_allocate_and_save_writes_new_allocations(path):
    result, changed = store.allocate_and_save(path, NETWORKS, {"h1": ["a"]})
    assert changed
    assert result == {"a_ips": {"h1": "10.66.0.10"}}
    assert store.load_allocation(path) == result


def test_allocate_and_save_leaves_file_alone_when_unchanged(path):
    store.allocate_and_save(path, NETWORKS, {"h1": ["a"]})
    os.utime(path, (1, 1))
    result, changed = store.allocate_and_save(path, NETWORKS, {"h1": ["a"]})
    assert not changed
    assert os.stat(path).st_mtime == 1


def test_allocate_and_save_dry_run_does_not_write(path):
    result, changed = store.allocate_and_save(path, NETWORKS, {"h1": ["a"]},
                                              dry_run=True)
    assert changed and result == {"a_ips": {"h1": "10.66.0.10"}}
    assert not os.path.exists(path)


def test_file_unchanged_when_allocation_fails(path):
    original = "---\na_ips:\n  h1: 10.66.0.10\n  h2: 10.66.0.10\n"
    write(path, original)
    with pytest.raises(NetworkError, match="share IP"):
        store.allocate_and_save(path, NETWORKS, {"h3": ["a"]})
    assert read(path) == original


def test_malformed_file_is_not_overwritten(path):
    write(path, "a_ips: [\n")
    with pytest.raises(NetworkError, match="malformed IP allocation file"):
        store.allocate_and_save(path, NETWORKS, {"h1": ["a"]})
    assert read(path) == "a_ips: [\n"


def _worker(path, worker, rounds, barrier, queue):
    """Allocate one new host per round, racing the other workers."""
    barrier.wait()
    try:
        for round_ in range(rounds):
            host = f"w{worker}-h{round_:02d}"
            store.allocate_and_save(path, NETWORKS, {host: ["a"]})
        queue.put(None)
    except Exception as error:  # report to the parent rather than hang
        queue.put(repr(error))


def test_concurrent_allocations_are_neither_lost_nor_duplicated(path):
    workers, rounds = 4, 15
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(workers), ctx.Queue()
    procs = [ctx.Process(target=_worker,
                         args=(path, worker, rounds, barrier, queue))
             for worker in range(workers)]
    for proc in procs:
        proc.start()
    errors = [queue.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert errors == [None] * workers
    with open(path, encoding="utf-8") as stream:
        ips = yaml.safe_load(stream)["a_ips"]
    assert len(ips) == workers * rounds
    assert len(set(ips.values())) == workers * rounds
