"""Run real ansible-playbook with the kayobe_report callback enabled."""

import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from kayobe import report as report_module

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable),
                                "ansible-playbook")
SECRET = "s3cr3t-kayobe-token-4242"

INVENTORY = textwrap.dedent("""\
    [local]
    h1
    h2
    h3

    [local:vars]
    ansible_connection=local
    ansible_python_interpreter={python}

    [remote]
    h4 ansible_connection=ssh ansible_host=127.0.0.1 ansible_port=1

    [remote:vars]
    ansible_ssh_common_args=-o ConnectTimeout=2 -o StrictHostKeyChecking=no
    ansible_python_interpreter={python}
    """)

MIXED_PLAYBOOK = textwrap.dedent("""\
    ---
    - name: Exercise every host outcome
      hosts: all
      gather_facts: false
      tasks:
        - name: Check connectivity
          ansible.builtin.ping:

        - name: Make a change on h1
          ansible.builtin.command: "true"
          changed_when: inventory_hostname == 'h1'

        - name: Fail on h2
          ansible.builtin.fail:
            msg: h2 broke on purpose
          when: inventory_hostname == 'h2'

        - name: Fail but ignore on h3
          ansible.builtin.fail:
            msg: ignored failure
          when: inventory_hostname == 'h3'
          ignore_errors: true

        - name: Recover from a failure on h3
          when: inventory_hostname == 'h3'
          block:
            - name: Fail inside a block
              ansible.builtin.fail:
                msg: rescued failure
          rescue:
            - name: Rescue the failure
              ansible.builtin.debug:
                msg: rescued
    """)

# The secret lives in a vars file: ansible prints the source lines around a
# failed task, so a secret written inline in the play would show up there.
SECRET_VARS = f"token: {SECRET}\n"

NO_LOG_PLAYBOOK = textwrap.dedent("""\
    ---
    - name: Keep secrets out of the report
      hosts: local
      gather_facts: false
      vars_files:
        - secrets.yml
      tasks:
        - name: Use a secret and fail on h3
          ansible.builtin.shell: "echo bad token {{ token }} >&2; exit 3"
          changed_when: false
          when: inventory_hostname == 'h3'
          no_log: true

        - name: Skip everywhere but h1
          ansible.builtin.debug:
            msg: only h1
          when: inventory_hostname == 'h1'
    """)

NO_LOG_FAIL_PLAYBOOK = textwrap.dedent("""\
    ---
    - name: Keep a failed action's secret out of the report
      hosts: local
      gather_facts: false
      vars_files:
        - secrets.yml
      tasks:
        - name: Fail with a secret on h3
          ansible.builtin.fail:
            msg: "bad token {{ token }}"
          when: inventory_hostname == 'h3'
          no_log: true
    """)

LOOP_PLAYBOOK = textwrap.dedent("""\
    ---
    - name: Fail one loop item
      hosts: local
      gather_facts: false
      tasks:
        - name: Check items
          ansible.builtin.fail:
            msg: "item {{ item }} is bad"
          when: item == 'b' and inventory_hostname == 'h1'
          loop: [a, b]

        - name: Skip everywhere
          ansible.builtin.debug:
            msg: never
          when: false
    """)


def run_playbook(tmp_path, playbook, **extra_env):
    inventory = tmp_path / "hosts"
    inventory.write_text(INVENTORY.format(python=sys.executable))
    playbook_path = tmp_path / "site.yml"
    playbook_path.write_text(playbook)
    (tmp_path / "secrets.yml").write_text(SECRET_VARS)
    report_path = tmp_path / "run" / "report.json"
    env = dict(os.environ)
    env.update({
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(REPO_ROOT, "ansible",
                                                 "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "kayobe_report",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_TIMEOUT": "2",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-local"),
        "KAYOBE_RUN_REPORT": str(report_path),
        # The plugin imports kayobe.report even when kayobe is not installed.
        "PYTHONPATH": os.pathsep.join(
            filter(None, [REPO_ROOT, os.environ.get("PYTHONPATH")])),
    })
    env.pop("ANSIBLE_CONFIG", None)
    env.update(extra_env)
    # cwd keeps any ansible.cfg of the tree out of the run.
    proc = subprocess.run(
        [ANSIBLE_PLAYBOOK, "-i", str(inventory), str(playbook_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return proc, report_path


def statuses(report):
    return {name: host["status"] for name, host in report["hosts"].items()}


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("mixed")
    proc, report_path = run_playbook(tmp_path, MIXED_PLAYBOOK)
    return proc, report_path, json.loads(report_path.read_text())


def test_mixed_run_exits_non_zero(mixed_run):
    proc, _, _ = mixed_run
    assert proc.returncode != 0, proc.stdout + proc.stderr


def test_mixed_run_statuses(mixed_run):
    _, _, report = mixed_run
    assert statuses(report) == {"h1": "changed", "h2": "failed",
                                "h3": "ok", "h4": "unreachable"}
    assert report["failed_hosts"] == ["h2"]
    assert report["unreachable_hosts"] == ["h4"]


def test_mixed_run_schema(mixed_run):
    _, report_path, report = mixed_run
    assert report["version"] == 1
    assert report["playbook"].endswith("site.yml")
    assert isinstance(report["started"], float)
    assert report["duration"] >= 0
    assert set(report["hosts"]["h1"]) == {
        "status", "ok", "changed", "failed", "unreachable", "skipped",
        "rescued", "ignored", "failed_task", "message", "duration"}
    assert stat.S_IMODE(os.stat(report_path).st_mode) == 0o600


def test_mixed_run_counts(mixed_run):
    _, _, report = mixed_run
    h3 = report["hosts"]["h3"]
    assert (h3["failed"], h3["ignored"], h3["rescued"]) == (0, 1, 1)
    assert h3["failed_task"] is None and h3["message"] is None
    assert report["hosts"]["h2"]["failed"] == 1
    assert report["hosts"]["h4"]["unreachable"] == 1
    assert report["hosts"]["h1"]["changed"] == 1


def test_mixed_run_failure_details(mixed_run):
    _, _, report = mixed_run
    h2 = report["hosts"]["h2"]
    assert h2["failed_task"] == "Fail on h2"
    assert h2["message"] == "h2 broke on purpose"
    h4 = report["hosts"]["h4"]
    assert h4["failed_task"] == "Check connectivity"
    assert "port 1" in h4["message"]


def test_mixed_run_prints_table(mixed_run):
    proc, _, _ = mixed_run
    assert "HOST  STATUS" in proc.stdout
    assert "4 hosts: 1 ok, 1 changed, 1 failed (h2), 1 unreachable (h4)" \
        in proc.stdout


@pytest.fixture(scope="module")
def no_log_run(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("nolog")
    proc, report_path = run_playbook(tmp_path, NO_LOG_PLAYBOOK)
    return proc, report_path


def test_no_log_failure_is_censored(no_log_run):
    proc, report_path = no_log_run
    report = json.loads(report_path.read_text())
    assert proc.returncode != 0
    assert statuses(report) == {"h1": "ok", "h2": "ok", "h3": "failed"}
    h3 = report["hosts"]["h3"]
    assert h3["failed_task"] == "Use a secret and fail on h3"
    assert h3["message"] == report_module.CENSORED_MESSAGE


def test_no_log_secret_never_leaks(no_log_run):
    proc, report_path = no_log_run
    assert SECRET not in proc.stdout
    assert SECRET not in proc.stderr
    assert SECRET not in report_path.read_text()


def test_no_log_failed_action_kept_out_of_report(tmp_path):
    proc, report_path = run_playbook(tmp_path, NO_LOG_FAIL_PLAYBOOK)
    report = json.loads(report_path.read_text())
    assert report["hosts"]["h3"]["status"] == "failed"
    assert SECRET not in report_path.read_text()
    # ansible-core 2.19's default stdout callback itself prints the message
    # of a failed action (its exception survives no_log censoring), so only
    # our table is checked here.
    table = proc.stdout[proc.stdout.index("HOST  STATUS"):]
    assert SECRET not in table


def test_skipped_only_hosts_appear(no_log_run):
    _, report_path = no_log_run
    h2 = json.loads(report_path.read_text())["hosts"]["h2"]
    assert (h2["ok"], h2["skipped"]) == (0, 2)


def test_loop_item_failure_message(tmp_path):
    proc, report_path = run_playbook(tmp_path, LOOP_PLAYBOOK)
    report = json.loads(report_path.read_text())
    assert proc.returncode != 0
    assert statuses(report) == {"h1": "failed", "h2": "ok", "h3": "ok"}
    assert report["hosts"]["h1"]["failed_task"] == "Check items"
    assert "item b is bad" in report["hosts"]["h1"]["message"]


def test_table_can_be_switched_off(tmp_path):
    proc, report_path = run_playbook(tmp_path, LOOP_PLAYBOOK,
                                     KAYOBE_RUN_TABLE="0")
    assert "HOST  STATUS" not in proc.stdout
    assert report_path.exists()
