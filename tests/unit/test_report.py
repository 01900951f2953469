"""Tests for kayobe.report: statuses, the report dict, the table, the file."""

import json
import os
import stat

from kayobe import errors
from kayobe import report
from tests.unit import base


def counts(**kwargs):
    values = dict.fromkeys(report.COUNT_KEYS, 0)
    values.update(kwargs)
    return values


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


STATUSES = [
    (counts(), "ok"),
    (counts(ok=3), "ok"),
    (counts(ok=1, skipped=4, ignored=1, rescued=1), "ok"),
    (counts(ok=2, changed=1), "changed"),
    (counts(ok=2, changed=1, failed=1), "failed"),
    (counts(failed=1, unreachable=1), "unreachable"),
    (counts(changed=5, unreachable=1), "unreachable"),
    ({}, "ok"),
]

MESSAGES = [
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
]

ONE_LINES = [
    (None, ""),
    ("a\n  b\tc", "a b c"),
    ("x" * 100, "x" * 100),
    ("x" * 101, "x" * 97 + "..."),
]

SUMMARIES = [
    ({}, "0 hosts"),
    ({"a": host(ok=1), "b": host(ok=1)}, "2 hosts: 2 ok"),
    ({"b": host(unreachable=1), "a": host(unreachable=1), "c": host(failed=1)},
     "3 hosts: 1 failed (c), 2 unreachable (a, b)"),
]

FAILED_HOSTS = [
    ({}, []),
    ({"a": host(ok=1)}, []),
    ({"z": host(failed=1), "b": host(unreachable=1), "c": host(changed=1)},
     ["b", "z"]),
]

BAD_FILES = ["not json", "[]", '{"version": 2}']


class TestStatus(base.TestCase):

    def test_host_status_precedence(self):
        for given, expected in STATUSES:
            with self.subTest(counts=given):
                self.assertEqual(report.host_status(given), expected)

    def test_counts_from_summary_renames_failures(self):
        summary = {"ok": 2, "failures": 1, "unreachable": 0, "changed": 1,
                   "skipped": 3, "rescued": 0, "ignored": 1}
        self.assertEqual(report.counts_from_summary(summary), counts(
            ok=2, failed=1, changed=1, skipped=3, ignored=1))

    def test_pick_message(self):
        for result, expected in MESSAGES:
            with self.subTest(result=result):
                self.assertEqual(report.pick_message(result), expected)

    def test_one_line(self):
        for message, expected in ONE_LINES:
            with self.subTest(message=message):
                self.assertEqual(report.one_line(message), expected)


class TestBuild(base.TestCase):

    def test_build_report_schema(self):
        self.assertEqual(sample_report(), {
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
        })

    def test_build_report_drops_rescued_failure_details(self):
        built = report.build_report("p.yml", 0, 1, {
            "h1": host(ok=2, rescued=1, failed_task="Try", message="rescued"),
        })
        self.assertEqual(built["hosts"]["h1"]["status"], "ok")
        self.assertIsNone(built["hosts"]["h1"]["failed_task"])
        self.assertIsNone(built["hosts"]["h1"]["message"])

    def test_failed_hosts(self):
        for hosts, expected in FAILED_HOSTS:
            with self.subTest(hosts=sorted(hosts)):
                built = report.build_report("p.yml", 0, 1, hosts)
                self.assertEqual(report.failed_hosts(built), expected)


class TestTable(base.TestCase):

    def test_format_table_exact(self):
        self.assertEqual(report.format_table(sample_report()), "\n".join([
            "HOST  STATUS   OK  CHANGED  FAILED  UNREACH  SKIPPED"
            "  TASK              MESSAGE",
            "cmp1  changed   4        2       0        0        0",
            "ctl1  ok        5        0       0        0        2",
            "ctl2  failed    3        0       1        0        0"
            "  Install packages  No package matching 'foo'",
            "3 hosts: 1 ok, 1 changed, 1 failed (ctl2)",
        ]))

    def test_format_table_without_failures_has_no_task_columns(self):
        built = report.build_report("p.yml", 0, 1, {"h1": host(ok=1)})
        self.assertEqual(report.format_table(built), "\n".join([
            "HOST  STATUS  OK  CHANGED  FAILED  UNREACH  SKIPPED",
            "h1    ok       1        0       0        0        0",
            "1 host: 1 ok",
        ]))

    def test_summary_line(self):
        for hosts, expected in SUMMARIES:
            with self.subTest(hosts=sorted(hosts)):
                built = report.build_report("p.yml", 0, 1, hosts)
                self.assertEqual(report.summary_line(built), expected)

    def test_format_table_empty_report(self):
        self.assertEqual(report.format_table(report.build_report("p.yml", 0, 1, {})),
                         "0 hosts")


class TestFile(base.TestCase):

    def test_write_report_is_atomic_and_private(self):
        path = self.tmp_path / "deep" / "dir" / "report.json"
        report.write_report(str(path), sample_report())
        report.write_report(str(path), sample_report())
        self.assertEqual(os.listdir(path.parent), ["report.json"])
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(json.loads(path.read_text()), sample_report())

    def test_write_report_failure_leaves_no_temp_file(self):
        path = self.tmp_path / "out" / "report.json"
        path.parent.mkdir()
        with self.assertRaises(TypeError):
            report.write_report(str(path), {"bad": object()})
        self.assertEqual(os.listdir(path.parent), [])

    def test_load_report_keeps_unknown_keys(self):
        path = self.tmp_path / "report.json"
        data = dict(sample_report(), command="overcloud host configure",
                    limit="ctl2")
        report.write_report(str(path), data)
        self.assertEqual(report.load_report(str(path)), data)

    def test_load_report_rejects_bad_files(self):
        path = self.tmp_path / "report.json"
        for content in BAD_FILES:
            with self.subTest(content=content):
                path.write_text(content)
                with self.assertRaises(report.ReportError) as caught:
                    report.load_report(str(path))
                self.assertIn(str(path), str(caught.exception))

    def test_load_report_missing_file(self):
        with self.assertRaises(report.ReportError):
            report.load_report(str(self.tmp_path / "missing.json"))

    def test_report_error_is_shown_as_one_line(self):
        """A ReportError is a KayobeError: the CLI prints it, exit 2."""
        self.assertTrue(issubclass(report.ReportError, errors.KayobeError))
        self.assertEqual(report.ReportError.exit_code, 2)
