"""Run a command's playbooks as one ansible-playbook process and report."""

import os
import pathlib
import sys
import tempfile
import time

from kayobe import config as kconfig
from kayobe import errors
from kayobe import hooks
from kayobe import limits
from kayobe import paths
from kayobe import report as kreport
from kayobe import runner
from kayobe import vault


def prepare(config, options, environ=None):
    """Checks made before anything runs: YAML parses, vault password present."""
    environ = os.environ if environ is None else environ
    encrypted = kconfig.validate(config)
    if encrypted and options.vault.kind is None:
        raise errors.VaultError(
            f"{encrypted[0]} holds vault-encrypted data but no vault password "
            "was given (--vault-password-file, --ask-vault-pass or "
            f"${vault.ENV_VAR})")
    vault.prompt_into_environ(options.vault, environ)


def last_report_path():
    """Where the run report goes: $KAYOBE_RUN_REPORT, else the state dir."""
    override = os.environ.get("KAYOBE_RUN_REPORT")
    return pathlib.Path(override) if override else paths.state_dir() / "last-run.json"


def resolve_hosts(config, options, pattern):
    """Host names matching ``pattern`` in the command's inventories."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader

    sources = runner.inventory_args(config, options)[1::2]
    inventory = InventoryManager(loader=DataLoader(), sources=sources)
    return [h.name for h in inventory.get_hosts(pattern)]


SENTINEL = "localhost"


def effective_limit(config, options, command_limit, workdir, sentinel=False,
                    user_limit=None):
    """One --limit value for (command limit AND user limit).

    With ``sentinel``, the implicit localhost joins the limit: plays that
    target a subset of hosts include it and end it at once, so that a play
    whose every real host fails never ends the whole run (Ansible stops a
    playbook when a play's entire batch has failed).  When no single
    Ansible pattern says it, the hosts are resolved here and passed as a
    file (``@file``).
    """
    user_limit = user_limit or options.limit
    with_sentinel = bool(sentinel and command_limit and command_limit != SENTINEL)
    if with_sentinel:
        if not user_limit and "&" not in command_limit:
            return f"{command_limit},{SENTINEL}"
        # An "&" term, the command's or the user's, would intersect the
        # sentinel away: resolve.
    else:
        pattern = limits.intersect(command_limit, user_limit)
        if pattern is not None or not (command_limit and user_limit):
            return pattern
        # Both limits list several hosts or groups: resolve.
    hosts = resolve_hosts(config, options, command_limit or "all")
    if user_limit:
        wanted = set(resolve_hosts(config, options, user_limit))
        hosts = [h for h in hosts if h in wanted]
    if not hosts:
        raise errors.ConfigError(
            f"--limit {user_limit} matches no host of {command_limit}")
    if with_sentinel:
        hosts.append(SENTINEL)
    hosts_file = pathlib.Path(workdir) / "limit"
    hosts_file.write_text("\n".join(hosts) + "\n")
    return f"@{hosts_file}"


def retry_limit(options, words):
    """Hosts that failed or were unreachable in the last run of ``words``."""
    if options.limit:
        raise errors.ConfigError("use --limit or --retry-failed, not both")
    path = last_report_path()
    if not path.exists():
        raise errors.ConfigError(f"--retry-failed: no previous run report at {path}")
    last = kreport.load_report(path)
    if last.get("command") != words:
        raise errors.ConfigError(
            f"--retry-failed: the last run was '{last.get('command')}', "
            f"not '{words}'")
    return kreport.failed_hosts(last)


def playbook_sequence(config, words, playbooks, skip_hooks):
    """Pre hooks, the command's playbooks, post hooks."""
    return (hooks.discover(config, words, "pre", skip_hooks)
            + [pathlib.Path(p) for p in playbooks]
            + hooks.discover(config, words, "post", skip_hooks))


def run_playbooks(config, options, words, playbooks, limit=None,
                  extra_vars=None, sentinel=False, stdout=None):
    """Run ``playbooks`` (and hooks) as one ansible-playbook; return the report.

    Raises RunError naming the failed and unreachable hosts.  ``stdout``:
    where kayobe's own messages go (the application's stdout).
    """
    user_limit = options.limit
    if options.retry_failed:
        hosts = retry_limit(options, words)
        if not hosts:
            (stdout or sys.stdout).write(f"{words}: no failed host to retry\n")
            return kreport.load_report(last_report_path())
        user_limit = ",".join(hosts)
    extra_vars = dict(extra_vars or {})
    if sentinel:
        extra_vars["kayobe_sentinel"] = SENTINEL
    sequence = playbook_sequence(config, words, playbooks, options.skip_hooks)
    state = paths.state_dir()
    (state / "run").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=state / "run") as workdir:
        if len(sequence) == 1:
            playbook = sequence[0]
        else:
            playbook = pathlib.Path(workdir) / (hooks.hook_dir_name(words) + ".yml")
            playbook.write_text(runner.compose_playbook(sequence))
        report_path = pathlib.Path(workdir) / "report.json"
        argv = runner.build_playbook_argv(
            playbook, config, options, extra_vars,
            effective_limit(config, options, limit, workdir, sentinel,
                            user_limit),
            runner.ansible_executable())
        env = runner.build_environment(config, os.environ, report_path)
        if sentinel:
            env["KAYOBE_RUN_REPORT_EXCLUDE"] = SENTINEL
        started = time.time()
        code = runner.run_process(argv, env)
        report = _load(report_path)
    report = finish_report(report, words, user_limit, code, started)
    if not options.list_tasks:
        kreport.write_report(last_report_path(), report)
    check_result(code, report)
    return report


def _load(path):
    return kreport.load_report(path) if path.exists() else None


def finish_report(report, words, limit, code, started):
    report = dict(report or {"version": 1, "hosts": {}, "failed_hosts": [],
                             "unreachable_hosts": []})
    report.update({"command": words, "limit": limit,
                   "exit_code": code, "started": report.get("started", started)})
    return report


def check_result(code, report):
    bad = kreport.failed_hosts(report)
    if code == 0 and not bad:
        return
    parts = []
    if report["failed_hosts"]:
        parts.append("failed: " + ", ".join(report["failed_hosts"]))
    if report["unreachable_hosts"]:
        parts.append("unreachable: " + ", ".join(report["unreachable_hosts"]))
    if parts:
        message = (f"{report['command']}: {len(bad)} host(s) did not complete ("
                   + "; ".join(parts) + f"); report: {last_report_path()}")
    else:
        message = f"{report['command']}: ansible-playbook exited with code {code}"
    raise errors.RunError(message, exit_code=code or 2, failed_hosts=bad)
