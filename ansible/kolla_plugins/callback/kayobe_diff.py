"""Stdout callback that prints only file diffs, failures and a summary.

It runs in kolla-ansible's Ansible, which cannot import kayobe: plugins for
kolla-ansible live apart from kayobe's own.

Used by ``kayobe overcloud service configuration diff --rendered`` for the
kolla-ansible genconfig it runs in check and diff mode: an operator wants
to see how the services' files would change, not a thousand task lines.
"""

from ansible import context
from ansible.plugins.callback import CallbackBase

MASK = "********"
MIN_SECRET = 8   # shorter values are too likely to be ordinary text

DOCUMENTATION = """
name: kayobe_diff
type: stdout
short_description: only file diffs, failures and a summary
description:
  - Prints the diff of every changed file with its host and task, every
    failed or unreachable host, and one summary line.
  - Every value of the passwords file given as extra variables
    (C(-e @.../passwords.yml)) is masked in the diffs.
"""


def secret_strings(value):
    """Every string in a passwords mapping, and each line of multi-line
    ones (keys), long enough to be a secret."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in secret_strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in secret_strings(v)]
    if not isinstance(value, str):
        return []
    found = [value]
    if "\n" in value.strip():
        found += [line.strip() for line in value.splitlines()]
    return [s for s in found if len(s) >= MIN_SECRET]


def mask(text, secrets):
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "kayobe_diff"

    def __init__(self):
        super().__init__()
        self._changed_files = 0
        self._hosts = set()
        self._secrets = None      # read once, at the first play

    def v2_playbook_on_play_start(self, play):
        if self._secrets is not None:
            return
        manager = getattr(play, "_variable_manager", None)
        loader = getattr(manager, "_loader", None)
        found = set()
        for item in context.CLIARGS.get("extra_vars") or ():
            if loader and item.startswith("@") and item.endswith("passwords.yml"):
                found.update(secret_strings(loader.load_from_file(item[1:])))
        self._secrets = sorted(found, key=len, reverse=True)

    def _print_diff(self, result, diff):
        text = mask(self._get_diff(diff), self._secrets or ())
        if text and text.strip():
            host = result._host.get_name()
            self._display.display(f"=== {host}: {result._task.get_name()}")
            self._display.display(text.rstrip("\n"))
            self._changed_files += 1
            self._hosts.add(host)

    def v2_on_file_diff(self, result):
        res = result._result
        if result._task.loop and "results" in res:
            for item in res["results"]:
                if item.get("diff") and item.get("changed"):
                    self._print_diff(result, item["diff"])
        elif res.get("diff") and res.get("changed"):
            self._print_diff(result, res["diff"])

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            msg = result._result.get("msg") or "failed"
            self._display.display(
                f"FAILED {result._host.get_name()}: {result._task.get_name()}: "
                f"{msg}", stderr=True)

    def v2_runner_on_unreachable(self, result):
        self._display.display(
            f"UNREACHABLE {result._host.get_name()}: "
            f"{result._result.get('msg', '')}", stderr=True)

    def v2_playbook_on_stats(self, stats):
        self._display.display(
            f"rendered configuration: {self._changed_files} file(s) would "
            f"change on {len(self._hosts)} host(s)")
