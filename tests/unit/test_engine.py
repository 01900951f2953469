"""Limit handling of the engine: intersection, sentinel, retry."""

import json

import pytest

from kayobe import config as kconfig
from kayobe import engine
from kayobe import errors
from kayobe import runner
from tests.conftest import write


@pytest.fixture
def config(tmp_path):
    write(tmp_path / "cfg" / "inventory" / "hosts", """\
[controllers]
ctl1
ctl2
ctl3
[compute]
cmp1
cmp2
[seed]
seed1
""")
    return kconfig.resolve(tmp_path / "cfg")


def limit(config, tmp_path, command, user=None, sentinel=False):
    options = runner.RunOptions(limit=user)
    value = engine.effective_limit(config, options, command, tmp_path, sentinel)
    if value and value.startswith("@"):
        return "@" + ",".join((tmp_path / "limit").read_text().split())
    return value


@pytest.mark.parametrize("command, user, sentinel, expected", [
    (None, None, False, None),
    ("overcloud", None, False, "overcloud"),
    ("overcloud", "ctl1,cmp1,seed1", False, "ctl1,cmp1,seed1,&overcloud"),
    ("overcloud", None, True, "overcloud,localhost"),
    ("localhost", None, True, "localhost"),
    # Both sides have several plain terms: hosts are resolved.
    ("controllers,compute", "ctl1,cmp2,seed1", False, "@ctl1,cmp2"),
    # A user limit with the sentinel: resolved, sentinel appended.
    ("overcloud", "ctl1:cmp1:seed1", True, "@ctl1,cmp1,localhost"),
    ("overcloud", "!ctl2", True, "@ctl1,ctl3,cmp1,cmp2,localhost"),
])
def test_effective_limit(config, tmp_path, command, user, sentinel, expected):
    assert limit(config, tmp_path, command, user, sentinel) == expected


def test_limit_matching_nothing_is_an_error(config, tmp_path):
    with pytest.raises(errors.KayobeError, match="matches no host"):
        limit(config, tmp_path, "controllers,compute", "seed1,nothing")


def test_retry_limit(tmp_path, monkeypatch):
    report = tmp_path / "last.json"
    monkeypatch.setenv("KAYOBE_RUN_REPORT", str(report))
    with pytest.raises(errors.KayobeError, match="no previous run report"):
        engine.retry_limit(runner.RunOptions(), "seed host configure")
    report.write_text(json.dumps({
        "version": 1, "command": "overcloud host configure",
        "hosts": {"ctl1": {"status": "ok"}, "ctl2": {"status": "failed"},
                  "cmp1": {"status": "unreachable"}},
        "failed_hosts": ["ctl2"], "unreachable_hosts": ["cmp1"]}))
    assert engine.retry_limit(runner.RunOptions(),
                              "overcloud host configure") == ["cmp1", "ctl2"]
    with pytest.raises(errors.KayobeError, match="the last run was "
                       "'overcloud host configure', not 'seed host configure'"):
        engine.retry_limit(runner.RunOptions(), "seed host configure")
    with pytest.raises(errors.KayobeError, match="not both"):
        engine.retry_limit(runner.RunOptions(limit="x"), "overcloud host configure")
