"""Atomic, only-if-changed writing; stale files; environment guard."""

import os

import pytest

from kayobe import errors
from kayobe.kolla import writer


def test_sync_creates_then_leaves_unchanged(tmp_path):
    tree = {"a.yml": b"a\n", "d/b.conf": b"b\n"}
    result = writer.sync(tmp_path, tree)
    assert result.created == ["a.yml", "d/b.conf"]
    before = os.stat(tmp_path / "a.yml").st_mtime_ns
    result = writer.sync(tmp_path, tree)
    assert (result.created, result.changed, result.unchanged) == ([], [], 2)
    assert os.stat(tmp_path / "a.yml").st_mtime_ns == before


def test_changed_and_stale_files(tmp_path):
    writer.sync(tmp_path, {"a": b"1", "old/x": b"x", "keep": b"k"})
    (tmp_path / "foreign").write_text("not ours")
    result = writer.sync(tmp_path, {"a": b"2"}, keep=("keep",))
    assert result.changed == ["a"] and result.removed == ["old/x"]
    assert not (tmp_path / "old").exists()       # empty directory pruned
    assert (tmp_path / "foreign").exists()       # never written by kayobe
    assert (tmp_path / "keep").exists()


def test_modes(tmp_path):
    writer.sync(tmp_path, {"s": b"1"}, modes={"s": 0o600})
    assert (tmp_path / "s").stat().st_mode & 0o777 == 0o600


def test_environment_conflict_is_refused(tmp_path):
    writer.sync(tmp_path, {"a": b"1"}, environment="prod")
    writer.sync(tmp_path, {"a": b"1"}, environment="prod")
    with pytest.raises(errors.ConfigError,
                       match="generated for environment 'prod', not 'dev'"):
        writer.sync(tmp_path, {"a": b"2"}, environment="dev")
    with pytest.raises(errors.ConfigError, match="not '\\(none\\)'"):
        writer.check_environment(tmp_path, None)
    assert (tmp_path / "a").read_bytes() == b"1"


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    writer.write_atomic(tmp_path / "x" / "f", b"data", 0o640)
    assert os.listdir(tmp_path / "x") == ["f"]
    assert (tmp_path / "x" / "f").stat().st_mode & 0o777 == 0o640


def test_diff_shows_changes_and_hides_secrets(tmp_path):
    writer.sync(tmp_path, {"a": b"one\n", "gone": b"x\n"}, keep=("pw",))
    (tmp_path / "pw").write_bytes(b"secret-old")
    text = writer.diff(tmp_path, {"a": b"two\n", "new": b"n\n",
                                  "pw": b"secret-new"}, secret=("pw",))
    assert "-one\n+two\n" in text
    assert "+++ b/new" in text and "--- a/gone" in text
    assert "pw: would change (content not shown)" in text
    assert "secret" not in text.replace("would change", "")
    assert writer.diff(tmp_path, {"a": b"one\n", "gone": b"x\n"},
                       secret=("pw",)) == ""
