"""Per-host run results: the JSON run report and its plain-text table.

Pure functions only. The ansible callback plugin
(ansible/callback_plugins/kayobe_report.py) feeds them, and the CLI reads the
report back, so nothing here may import ansible.
"""

import json
import re

from kayobe import errors
from kayobe import fileutil

REPORT_VERSION = 1

COUNT_KEYS = ("ok", "changed", "failed", "unreachable", "skipped", "rescued",
              "ignored")

# The message ansible substitutes for results of no_log tasks. The callback
# falls back to it so that a secret can never reach the report.
CENSORED_MESSAGE = ("the output has been hidden due to the fact that "
                    "'no_log: true' was specified for this result")

# Loop tasks fail with this generic text; the failing item says why.
LOOP_FAILED_MESSAGE = "One or more items failed"

TABLE_MESSAGE_WIDTH = 100
MESSAGE_MAX_CHARS = 2000
OUTPUT_TAIL_LINES = 3


class ReportError(errors.StateError):
    """A run report file is unreadable or of an unknown version."""


def host_status(counts):
    """Return the status of one host from its task counts.

    Unreachable beats failed: a host that could not be reached never ran the
    rest of its tasks, so "failed" would hide the real cause.
    """
    if counts.get("unreachable", 0):
        return "unreachable"
    if counts.get("failed", 0):
        return "failed"
    if counts.get("changed", 0):
        return "changed"
    return "ok"


def counts_from_summary(summary):
    """Map ansible's ``AggregateStats.summarize()`` names onto ours."""
    renamed = {"failures": "failed"}
    counts = {renamed.get(key, key): value for key, value in summary.items()}
    return {key: int(counts.get(key, 0)) for key in COUNT_KEYS}


def _tail(text, lines=OUTPUT_TAIL_LINES):
    # The end of a command's output is where the error usually is.
    kept = [line for line in str(text).splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _first_failed_item_message(results):
    for item in results or []:
        if isinstance(item, dict) and item.get("failed"):
            return pick_message(item)
    return None


# Ansible's wrappers around a templating error: the cause is what follows.
GENERIC_PREFIX = re.compile(
    r"^(Task failed: |Finalization of task args for '[^']*' failed: "
    r"|Error while resolving value for '[^']*': "
    r"|The (filter|test|lookup) plugin '[^']*' failed: )")


def strip_generic(message):
    """The cause of a templating error, without Ansible's generic prefixes."""
    while True:
        stripped = GENERIC_PREFIX.sub("", message, count=1)
        if stripped == message or not stripped.strip():
            return message
        message = stripped


def pick_message(result):
    """Return a short, human message from a failed task result dict.

    ``result`` must already be the censored result ansible hands to
    callbacks; a censored result yields only the censorship notice.
    """
    if not isinstance(result, dict):
        return None
    if "censored" in result:
        return str(result["censored"])
    msg = strip_generic(str(result.get("msg") or "").strip())
    if not msg or msg == LOOP_FAILED_MESSAGE:
        item_message = _first_failed_item_message(result.get("results"))
        if item_message:
            msg = item_message
    stderr = _tail(result.get("stderr") or "")
    stdout = _tail(result.get("stdout") or "")
    if stderr:
        msg = f"{msg}: {stderr}" if msg else stderr
    elif not msg and stdout:
        msg = stdout
    if not msg:
        return None
    return msg[:MESSAGE_MAX_CHARS]


def one_line(message, width=TABLE_MESSAGE_WIDTH):
    """Squash a message onto one line of at most ``width`` characters."""
    if not message:
        return ""
    text = " ".join(str(message).split())
    if len(text) <= width:
        return text
    return text[:width - 3] + "..."


def _host_entry(host):
    counts = {key: int(host.get(key, 0)) for key in COUNT_KEYS}
    status = host_status(counts)
    # A failure that was later rescued is not why a host is ok; keep the
    # task and message only where they explain a bad status.
    bad = status in ("failed", "unreachable")
    entry = {"status": status}
    entry.update(counts)
    entry["failed_task"] = host.get("failed_task") if bad else None
    entry["message"] = host.get("message") if bad else None
    entry["duration"] = round(float(host.get("duration") or 0.0), 3)
    return entry


def build_report(playbook, started, ended, hosts):
    """Return the run report dict.

    ``hosts`` maps host name to a dict of counts (``COUNT_KEYS``) plus
    optional ``failed_task``, ``message`` and ``duration``.
    """
    entries = {name: _host_entry(hosts[name]) for name in sorted(hosts)}
    return {
        "version": REPORT_VERSION,
        "playbook": playbook,
        "started": float(started),
        "duration": round(max(0.0, float(ended) - float(started)), 3),
        "hosts": entries,
        "failed_hosts": _hosts_with_status(entries, "failed"),
        "unreachable_hosts": _hosts_with_status(entries, "unreachable"),
    }


def _hosts_with_status(entries, status):
    return sorted(name for name, entry in entries.items()
                  if entry["status"] == status)


def failed_hosts(report):
    """Return the sorted names of hosts that failed or were unreachable."""
    return sorted(name for name, entry in report.get("hosts", {}).items()
                  if entry.get("status") in ("failed", "unreachable"))


TABLE_COLUMNS = (
    ("HOST", None), ("STATUS", None), ("OK", "ok"), ("CHANGED", "changed"),
    ("FAILED", "failed"), ("UNREACH", "unreachable"), ("SKIPPED", "skipped"),
)


def _table_rows(hosts, with_failures):
    rows = []
    for name in sorted(hosts):
        entry = hosts[name]
        row = [name, entry.get("status", "")]
        row += [str(entry.get(key, 0)) for _, key in TABLE_COLUMNS[2:]]
        if with_failures:
            row += [entry.get("failed_task") or "",
                    one_line(entry.get("message"))]
        rows.append(row)
    return rows


def _align(rows, numeric):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(width) if i in numeric else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return lines


def summary_line(report):
    """Return e.g. ``3 hosts: 2 ok, 1 failed (ctl2)``."""
    hosts = report.get("hosts", {})
    noun = "host" if len(hosts) == 1 else "hosts"
    parts = []
    for status in ("ok", "changed", "failed", "unreachable"):
        names = sorted(name for name, entry in hosts.items()
                       if entry.get("status") == status)
        if not names:
            continue
        part = f"{len(names)} {status}"
        if status in ("failed", "unreachable"):
            part += f" ({', '.join(names)})"
        parts.append(part)
    if not parts:
        return f"{len(hosts)} {noun}"
    return f"{len(hosts)} {noun}: {', '.join(parts)}"


def format_table(report):
    """Return the per-host table followed by a one-line summary."""
    hosts = report.get("hosts", {})
    if not hosts:
        return summary_line(report)
    with_failures = any(entry.get("failed_task") or entry.get("message")
                        for entry in hosts.values())
    header = [title for title, _ in TABLE_COLUMNS]
    if with_failures:
        header += ["TASK", "MESSAGE"]
    rows = [header] + _table_rows(hosts, with_failures)
    numeric = set(range(2, len(TABLE_COLUMNS)))
    return "\n".join(_align(rows, numeric) + [summary_line(report)])


def load_report(path):
    """Read a run report; unknown keys are kept for the CLI's own use."""
    try:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read run report {path}: {exc}") from None
    if not isinstance(report, dict) or report.get("version") != REPORT_VERSION:
        raise ReportError(f"run report {path} is not version {REPORT_VERSION}")
    return report


def write_report(path, report):
    """Write a report atomically with mode 0600 (readers never see half)."""
    text = json.dumps(report, indent=2, sort_keys=True) + "\n"
    fileutil.write_atomic(path, text, mode=0o600)
