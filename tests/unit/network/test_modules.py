"""The remote modules of the network roles, exercised without Ansible."""

import importlib.util
import pathlib

import pytest

ROLES = pathlib.Path(__file__).resolve().parents[3] / "ansible" / "roles"


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def files_module():
    return load(ROLES / "network" / "library" / "kayobe_config_files.py")


@pytest.fixture(scope="module")
def ping_module():
    return load(ROLES / "network-connectivity" / "library" / "kayobe_ping.py")


def test_plan_writes_changed_and_removes_stale_owned_files(files_module,
                                                           tmp_path):
    (tmp_path / "50-kayobe-eth1.network").write_text("same")
    (tmp_path / "50-kayobe-eth2.network").write_text("old")
    (tmp_path / "50-kayobe-br0.netdev").write_text(
        "[NetDev]\nName=br0\nKind=bridge\n")
    (tmp_path / "10-other.network").write_text("not ours")
    to_write, to_remove = files_module.plan(str(tmp_path), {
        "50-kayobe-eth1.network": "same",
        "50-kayobe-eth2.network": "new",
        "50-kayobe-eth3.network": "added",
    }, "50-kayobe-*")
    assert to_write == {"50-kayobe-eth2.network": ("old", "new"),
                        "50-kayobe-eth3.network": (None, "added")}
    assert list(to_remove) == ["50-kayobe-br0.netdev"]
    assert files_module.netdev_name(to_remove["50-kayobe-br0.netdev"]) == (
        "br0")


def test_plan_on_a_missing_directory(files_module, tmp_path):
    to_write, to_remove = files_module.plan(
        str(tmp_path / "missing"), {"a": "x"}, "*")
    assert to_write == {"a": (None, "x")} and to_remove == {}


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden"])
def test_plan_rejects_bad_names(files_module, tmp_path, name):
    with pytest.raises(ValueError):
        files_module.plan(str(tmp_path), {name: ""}, "*")


def test_write_atomic(files_module, tmp_path):
    path = tmp_path / "f"
    files_module.write_atomic(str(path), "text", 0o644)
    assert path.read_text() == "text"
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


def test_netdev_name_ignores_other_sections(files_module):
    assert files_module.netdev_name("[Peer]\nName=x\n") is None
    assert files_module.netdev_name(None) is None


@pytest.mark.parametrize("args, expected", [
    (("10.0.0.1", 2, 1), ["ping", "-4", "-n", "-q", "-c", "2", "-W", "1",
                          "10.0.0.1"]),
    (("10.0.0.1", 1, 1, 9000, "br-ex"),
     ["ping", "-4", "-n", "-q", "-c", "1", "-W", "1", "-I", "br-ex",
      "-M", "do", "-s", "8972", "10.0.0.1"]),
    (("fd00::1", 1, 2, 1500),
     ["ping", "-6", "-n", "-q", "-c", "1", "-W", "2", "-M", "do", "-s",
      "1452", "fd00::1"]),
])
def test_ping_argv(ping_module, args, expected):
    assert ping_module.ping_argv(*args) == expected


def test_check_all_runs_the_mtu_ping_only_when_reachable(ping_module):
    calls = []

    def runner(argv):
        calls.append(argv)
        if argv[-1] == "10.0.0.3":
            return False, "1 packets transmitted, 0 received\nend\n"
        return "-M" not in argv, "out"

    results = ping_module.check_all([
        {"network": "n", "peer": "a", "target": "10.0.0.2", "mtu": 9000,
         "interface": "eth1"},
        {"network": "n", "peer": "b", "target": "10.0.0.3", "mtu": 9000,
         "interface": "eth1"},
    ], 1, 1, runner)
    assert [r["reachable"] for r in results] == [True, False]
    assert results[0]["mtu_ok"] is False
    assert "mtu_ok" not in results[1]
    assert results[1]["output"] == ["1 packets transmitted, 0 received",
                                    "end"]
    assert len(calls) == 3
    assert ping_module.check_all([], 1, 1, runner) == []
