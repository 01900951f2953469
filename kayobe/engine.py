"""Run a command's playbooks as one ansible-playbook process and report."""

import contextlib
import fcntl
import hashlib
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
from kayobe import validate
from kayobe import vault
from kayobe.hostconfig import osdist


def prepare(config, options, environ=None):
    """Checks made before anything runs (see kayobe.validate): options,
    ansible.cfg, YAML, inventories, and the vault password against every
    vaulted file kayobe knows of."""
    environ = os.environ if environ is None else environ
    validate.check_limit(options.limit)
    validate.check_extra_vars(options.extra_vars)
    cfg = config.ansible_cfg()
    if cfg:
        validate.check_ansible_cfg(cfg)
    encrypted = kconfig.validate(config)
    validate.check_mappings(kconfig.vars_files(config))
    osdist.check_vars_files(config.vars_files())
    if options.inventory:
        validate.check_inventory_sources(options.inventory)
    else:
        for inventory in config.inventories():
            validate.check_inventory(inventory)
    store = passwords_store(config)
    if encrypted and options.vault.kind is None:
        raise errors.VaultError(
            f"{encrypted[0]} holds vault-encrypted data but no vault password "
            "was given (--vault-password-file, --ask-vault-pass or "
            f"${vault.ENV_VAR})")
    vault.prompt_into_environ(options.vault, environ)
    if options.vault.kind is not None and (encrypted or store):
        password = vault.read_password(options.vault, environ)
        validate.check_vault_password(encrypted + store, password or "")


def passwords_store(config):
    """The kolla passwords store, as a list of zero or one path."""
    from kayobe.kolla import generate
    store = generate.passwords_store(config)
    return [store] if store.is_file() else []


@contextlib.contextmanager
def config_lock(config, words, shared=False):
    """Hold the one lock of a configuration path while a command runs.

    Two kayobe commands on the same configuration would interleave their
    writes (allocation file, kolla tree, passwords, run report): the second
    is refused, naming the first.  Commands that only read the
    configuration (``shared``) may run side by side, but not beside one
    that writes.  The lock lives in kayobe's state
    directory, keyed by the configuration's real path; the kernel drops it
    when its holder dies, however it dies.
    """
    key = hashlib.sha256(str(config.path).encode()).hexdigest()[:16]
    path = paths.state_dir() / "locks" / f"{key}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
                        | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode(errors="replace").strip()
            raise errors.KayobeError(
                f"another kayobe command is running on {config.path} ("
                f"{holder or 'unknown'}); wait for it to finish") from None
        if not shared:   # readers leave the last writer's name alone
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: {words}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def last_report_path():
    """Where the run report goes: $KAYOBE_RUN_REPORT, else the state dir."""
    override = os.environ.get("KAYOBE_RUN_REPORT")
    return pathlib.Path(override) if override else paths.state_dir() / "last-run.json"


# Settings the in-process inventory shares with ansible-playbook's.
INVENTORY_SETTINGS = ("ANSIBLE_CONFIG", "ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS",
                      "ANSIBLE_INVENTORY_UNPARSED_FAILED",
                      "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED")


def resolve_hosts(config, options, pattern):
    """Host names matching ``pattern`` in the command's inventories."""
    env = runner.build_environment(config, os.environ)
    added = [name for name in INVENTORY_SETTINGS
             if name in env and name not in os.environ]
    # Ansible reads its settings once, when first imported.
    os.environ.update({name: env[name] for name in added})
    try:
        from ansible.errors import AnsibleError
        from ansible.inventory.manager import InventoryManager
        from ansible.parsing.dataloader import DataLoader
    finally:
        for name in added:
            os.environ.pop(name, None)

    sources = runner.inventory_args(config, options)[1::2]
    try:
        inventory = InventoryManager(loader=DataLoader(), sources=sources)
        return [h.name for h in inventory.get_hosts(pattern)]
    except AnsibleError as exc:
        message = str(exc).strip().splitlines()[0]
        raise errors.ConfigError(f"inventory: {message}") from None


def check_hosts(config, options, command_limit, user_limit):
    """A command whose hosts, or the user's limit, match no host says so
    (Ansible would skip every play and succeed)."""
    if not (command_limit or user_limit) or command_limit == SENTINEL:
        return
    hosts = resolve_hosts(config, options, command_limit or "all")
    if not hosts:
        sources = runner.inventory_args(config, options)[3::2]
        raise errors.ConfigError(
            f"no host in group '{command_limit}' of the inventory ("
            + (", ".join(sources) or "none given") + ")")
    if user_limit:
        wanted = set(resolve_hosts(config, options, user_limit))
        if not wanted & set(hosts):
            raise errors.ConfigError(
                f"--limit {user_limit} matches no host of "
                f"{command_limit or 'the inventory'}")


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
    check_hosts(config, options, limit, user_limit)
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


def first_cause(report):
    """': host: task: message' of the first failed host, so that the last
    line the operator sees carries the cause."""
    for name in report["failed_hosts"] + report["unreachable_hosts"]:
        host = report["hosts"].get(name) or {}
        if host.get("message"):
            task = f"{host['failed_task']}: " if host.get("failed_task") else ""
            return f": {name}: {task}" + kreport.one_line(host["message"], 160)
    return ""


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
                   + "; ".join(parts) + f"; report: {last_report_path()})"
                   + first_cause(report))
    else:
        message = f"{report['command']}: ansible-playbook exited with code {code}"
    raise errors.RunError(message, exit_code=code or 2, failed_hosts=bad)
