"""Tests for kayobe.report: statuses, the report dict, the table, the file."""

import json
import os
import stat

import pytest

from kayobe import report


def counts(**kwargs):
    base = dict.fromkeys(report.COUNT_KEYS, 0)
    base.update(kwargs)
    return base


@pytest.mark.parametrize("given, expected", [
    (counts(), "ok"),
    (counts(ok=3), "ok"),
    (counts(ok=1, skipped=4, ignored=1, rescued=1), "ok"),
    (counts(ok=2, changed=1), "changed"),
    (counts(ok=2, changed=1, failed=1), "failed"),
    (counts(failed=1, unreachable=1), "unreachable"),
    (counts(changed=5, unreachable=1), "unreachable"),
    ({}, "ok"),
])
def test_host_status_precedence(given, expected):
    assert report.host_status(given) == expected


def test_counts_from_summary_renames_failures():
    summary = {"ok": 2, "failures": 1, "unreachable": 0, "changed": 1,
               "skipped": 3, "rescued": 0, "ignored": 1}
    assert report.counts_from_summary(summary) == counts(
        ok=2, failed=1, changed=1, skipped=3, ignored=1)


@pytest.mark.parametrize("result, expected", [
    ({"msg": "boom"}, "boom"),
    ({"msg": "non-zero return code", "stderr": "a\n\nb\nc\nd\n"},
     "non-zero return code: b\nc\nd"),
    ({"stdout": "x\ny"}, "x\ny"),
    ({"msg": "boom", "stdout": "ignored"}, "boom"),
    ({"msg": "One or more items failed",
      "results": [{"msg": "fine"}, {"failed": True, "msg": "item b bad"}]},
     "item b bad"),
    ({"censored": report.CENSORED_MESSAGE, "msg": "secret"},
     report.CENSORED_MESSAGE),
    ({}, None),
    (None, None),
])
def test_pick_message(result, expected):
    assert report.pick_message(result) == expected


@pytest.mark.parametrize("message, expected", [
    (None, ""),
    ("a\n  b\tc", "a b c"),
    ("x" * 100, "x" * 100),
    ("x" * 101, "x" * 97 + "..."),
])
def test_one_line(message, expected):
    assert report.one_line(message) == expected


def host(failed_task=None, message=None, duration=1.0, **kwargs):
    data = counts(**kwargs)
    data.update(failed_task=failed_task, message=message, duration=duration)
    return data


def sample_report():
    return report.build_report("site.yml", 100.0, 112.5, {
        "ctl1": host(ok=5, skipped=2),
        "ctl2": host(ok=3, failed=1, failed_task="Install packages",
                     message="No package\nmatching 'foo'"),
        "cmp1": host(ok=4, changed=2, duration=2.25),
    })


def test_build_report_schema():
    built = sample_report()
    assert built == {
        "version": 1,
        "playbook": "site.yml",
        "started": 100.0,
        "duration": 12.5,
        "hosts": {
            "cmp1": {"status": "changed", "ok": 4, "changed": 2, "failed": 0,
                     "unreachable": 0, "skipped": 0, "rescued": 0,
                     "ignored": 0, "failed_task": None, "message": None,
                     "duration": 2.25},
            "ctl1": {"status": "ok", "ok": 5, "changed": 0, "failed": 0,
                     "unreachable": 0, "skipped": 2, "rescued": 0,
                     "ignored": 0, "failed_task": None, "message": None,
                     "duration": 1.0},
            "ctl2": {"status": "failed", "ok": 3, "changed": 0, "failed": 1,
                     "unreachable": 0, "skipped": 0, "rescued": 0,
                     "ignored": 0, "failed_task": "Install packages",
                     "message": "No package\nmatching 'foo'",
                     "duration": 1.0},
        },
        "failed_hosts": ["ctl2"],
        "unreachable_hosts": [],
    }


def test_build_report_drops_rescued_failure_details():
    built = report.build_report("p.yml", 0, 1, {
        "h1": host(ok=2, rescued=1, failed_task="Try", message="rescued"),
    })
    assert built["hosts"]["h1"]["status"] == "ok"
    assert built["hosts"]["h1"]["failed_task"] is None
    assert built["hosts"]["h1"]["message"] is None


def test_format_table_exact():
    assert report.format_table(sample_report()) == "\n".join([
        "HOST  STATUS   OK  CHANGED  FAILED  UNREACH  SKIPPED"
        "  TASK              MESSAGE",
        "cmp1  changed   4        2       0        0        0",
        "ctl1  ok        5        0       0        0        2",
        "ctl2  failed    3        0       1        0        0"
        "  Install packages  No package matching 'foo'",
        "3 hosts: 1 ok, 1 changed, 1 failed (ctl2)",
    ])


def test_format_table_without_failures_has_no_task_columns():
    built = report.build_report("p.yml", 0, 1, {"h1": host(ok=1)})
    assert report.format_table(built) == "\n".join([
        "HOST  STATUS  OK  CHANGED  FAILED  UNREACH  SKIPPED",
        "h1    ok       1        0       0        0        0",
        "1 host: 1 ok",
    ])


@pytest.mark.parametrize("hosts, expected", [
    ({}, "0 hosts"),
    ({"a": host(ok=1), "b": host(ok=1)}, "2 hosts: 2 ok"),
    ({"b": host(unreachable=1), "a": host(unreachable=1), "c": host(failed=1)},
     "3 hosts: 1 failed (c), 2 unreachable (a, b)"),
])
def test_summary_line(hosts, expected):
    built = report.build_report("p.yml", 0, 1, hosts)
    assert report.summary_line(built) == expected


def test_format_table_empty_report():
    assert report.format_table(report.build_report("p.yml", 0, 1, {})) == \
        "0 hosts"


@pytest.mark.parametrize("hosts, expected", [
    ({}, []),
    ({"a": host(ok=1)}, []),
    ({"z": host(failed=1), "b": host(unreachable=1), "c": host(changed=1)},
     ["b", "z"]),
])
def test_failed_hosts(hosts, expected):
    built = report.build_report("p.yml", 0, 1, hosts)
    assert report.failed_hosts(built) == expected


def test_write_report_is_atomic_and_private(tmp_path):
    path = tmp_path / "deep" / "dir" / "report.json"
    report.write_report(str(path), sample_report())
    report.write_report(str(path), sample_report())
    assert os.listdir(path.parent) == ["report.json"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text()) == sample_report()


def test_write_report_failure_leaves_no_temp_file(tmp_path):
    path = tmp_path / "report.json"
    with pytest.raises(TypeError):
        report.write_report(str(path), {"bad": object()})
    assert os.listdir(tmp_path) == []


def test_load_report_keeps_unknown_keys(tmp_path):
    path = tmp_path / "report.json"
    data = dict(sample_report(), command="overcloud host configure",
                limit="ctl2")
    report.write_report(str(path), data)
    assert report.load_report(str(path)) == data


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 2}'])
def test_load_report_rejects_bad_files(tmp_path, content):
    path = tmp_path / "report.json"
    path.write_text(content)
    with pytest.raises(report.ReportError):
        report.load_report(str(path))


def test_load_report_missing_file(tmp_path):
    with pytest.raises(report.ReportError):
        report.load_report(str(tmp_path / "missing.json"))
