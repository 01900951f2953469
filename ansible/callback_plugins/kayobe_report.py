"""Record per-host results of a playbook run as a Kayobe run report.

A thin adapter: it only collects events; kayobe.report builds, formats and
writes the report.
"""

import time

from ansible.plugins.callback import CallbackBase

from kayobe import report

DOCUMENTATION = """
name: kayobe_report
type: aggregate
short_description: write a per-host JSON run report and print a host table
description:
  - Records per-host task counts, the task and message that failed or made a
    host unreachable, and per-host duration.
  - At the end of the run writes the JSON report and prints a table.
requirements:
  - enable in configuration (ANSIBLE_CALLBACKS_ENABLED=kayobe_report)
  - the kayobe package importable by ansible-playbook's Python
options:
  report_path:
    description: Where to write the JSON run report; no report if unset.
    env:
      - name: KAYOBE_RUN_REPORT
    type: path
  exclude_hosts:
    description: Hosts left out of the report and table (kayobe's sentinel).
    env:
      - name: KAYOBE_RUN_REPORT_EXCLUDE
    type: list
    default: []
  show_table:
    description: Print the per-host table when the run ends.
    env:
      - name: KAYOBE_RUN_TABLE
    type: bool
    default: true
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "kayobe_report"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.playbook = None
        self.started = time.time()
        self.first_start = {}
        self.last_result = {}
        self.failures = {}
        self.item_messages = {}

    def v2_playbook_on_start(self, playbook):
        # Kayobe runs one playbook per command; with several, name the first.
        if self.playbook is None:
            self.playbook = playbook._file_name
            self.started = time.time()

    def v2_runner_on_start(self, host, task):
        self.first_start.setdefault(host.get_name(), time.time())

    def _seen(self, result):
        name = result.host.get_name()
        self.last_result[name] = time.time()
        return name

    def _record_failure(self, name, result, fallback=None):
        # The last recorded failure wins: a host stops at its first failure
        # that is not rescued, so earlier ones were rescued.
        if result.task.no_log:
            message = report.CENSORED_MESSAGE
        else:
            message = report.pick_message(result.result) or fallback
        self.failures[name] = (result.task_name, message)

    def v2_runner_on_ok(self, result):
        self.item_messages.pop(self._seen(result), None)

    def v2_runner_on_skipped(self, result):
        self.item_messages.pop(self._seen(result), None)

    def v2_runner_item_on_failed(self, result):
        name = self._seen(result)
        if not result.task.no_log:
            self.item_messages.setdefault(
                name, report.pick_message(result.result))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        name = self._seen(result)
        item_message = self.item_messages.pop(name, None)
        if not ignore_errors:
            self._record_failure(name, result, fallback=item_message)

    def v2_runner_on_unreachable(self, result):
        name = self._seen(result)
        self.item_messages.pop(name, None)
        if not result.task.ignore_unreachable:
            self._record_failure(name, result)

    def _host_duration(self, name):
        start = self.first_start.get(name)
        end = self.last_result.get(name)
        if start is None or end is None:
            return 0.0
        return max(0.0, end - start)

    def _host_data(self, stats, name):
        data = report.counts_from_summary(stats.summarize(name))
        failed_task, message = self.failures.get(name, (None, None))
        data.update(failed_task=failed_task, message=message,
                    duration=self._host_duration(name))
        return data

    def v2_playbook_on_stats(self, stats):
        excluded = set(self.get_option("exclude_hosts") or ())
        hosts = {name: self._host_data(stats, name)
                 for name in stats.processed if name not in excluded}
        run = report.build_report(self.playbook, self.started, time.time(),
                                  hosts)
        if self.get_option("show_table"):
            self._display.display(report.format_table(run))
        path = self.get_option("report_path")
        if path:
            self._write(path, run)

    def _write(self, path, run):
        # A report that cannot be written must not hide the run's own result.
        try:
            report.write_report(path, run)
        except OSError as exc:
            self._display.warning(f"cannot write run report {path}: {exc}")
