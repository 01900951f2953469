"""Build the exact ansible-playbook argv and environment, and run it.

Nothing here but ``run_process`` runs anything: ``run_process`` is the one
subprocess seam, so the argv and environment are tested on exact values.
The builders are not pure, though: they read the configuration
(``build_playbook_argv`` lists the vars files, ``build_environment`` reads
the operator's ansible.cfg) and ``build_environment`` makes sure of the
import directory (``paths.import_dir``: a directory and a symlink under the
state directory).
"""

import configparser
import dataclasses
import json
import os
import pathlib
import subprocess

from kayobe import errors
from kayobe import paths
from kayobe import vault as kvault

# Settings kayobe applies unless the operator's ansible.cfg (or the caller's
# environment) sets them: (section, key, environment variable, value).
ANSIBLE_DEFAULTS = (
    ("defaults", "forks", "ANSIBLE_FORKS", "20"),
    # kayobe group names contain "-" (seed-hypervisor, infra-vms).
    ("defaults", "force_valid_group_names",
     "ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS", "ignore"),
    ("defaults", "interpreter_python", "ANSIBLE_PYTHON_INTERPRETER", "auto_silent"),
    ("defaults", "localhost_warning", "ANSIBLE_LOCALHOST_WARNING", "False"),
    # Plays for features no host has target an empty group: not a warning.
    ("defaults", "host_pattern_mismatch", "ANSIBLE_HOST_PATTERN_MISMATCH",
     "ignore"),
    # An inventory source Ansible cannot parse is an error, not a warning
    # and a run on fewer hosts.
    ("inventory", "unparsed_is_failed", "ANSIBLE_INVENTORY_UNPARSED_FAILED", "True"),
    ("inventory", "any_unparsed_is_failed",
     "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED", "True"),
    ("defaults", "fact_caching", "ANSIBLE_CACHE_PLUGIN", "jsonfile"),
    ("defaults", "fact_caching_timeout", "ANSIBLE_CACHE_PLUGIN_TIMEOUT", "86400"),
    ("ssh_connection", "pipelining", "ANSIBLE_PIPELINING", "True"),
    ("ssh_connection", "ssh_args", "ANSIBLE_SSH_ARGS",
     "-o ControlMaster=auto -o ControlPersist=60s "
     "-o ServerAliveInterval=15 -o ServerAliveCountMax=4"),
)

# Search-path settings: (kind under ansible/, section, key, environment var).
SEARCH_PATHS = (
    ("roles", "defaults", "roles_path", "ANSIBLE_ROLES_PATH"),
    ("collections", "defaults", "collections_path", "ANSIBLE_COLLECTIONS_PATH"),
    ("action_plugins", "defaults", "action_plugins", "ANSIBLE_ACTION_PLUGINS"),
    ("callback_plugins", "defaults", "callback_plugins", "ANSIBLE_CALLBACK_PLUGINS"),
    ("filter_plugins", "defaults", "filter_plugins", "ANSIBLE_FILTER_PLUGINS"),
    ("lookup_plugins", "defaults", "lookup_plugins", "ANSIBLE_LOOKUP_PLUGINS"),
    ("test_plugins", "defaults", "test_plugins", "ANSIBLE_TEST_PLUGINS"),
    ("library", "defaults", "library", "ANSIBLE_LIBRARY"),
    ("module_utils", "defaults", "module_utils", "ANSIBLE_MODULE_UTILS"),
)

REPORT_CALLBACK = "kayobe_report"


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """Options of the ansible option group, as parsed from the CLI."""

    inventory: tuple = ()
    extra_vars: tuple = ()
    limit: str | None = None
    tags: str | None = None
    skip_tags: str | None = None
    check: bool = False
    diff: bool = False
    become: bool = False
    verbose: int = 0
    list_tasks: bool = False
    forks: int | None = None
    vault: kvault.VaultSource = kvault.VaultSource()
    skip_hooks: str | None = None
    retry_failed: bool = False


def ansible_executable(name="ansible-playbook"):
    """An Ansible CLI from kayobe's own virtualenv, else from $PATH."""
    found = paths.executable(name)
    if not found:
        raise errors.KayobeError(f"{name} is not installed")
    return found


def inventory_args(config, options):
    """Shipped defaults first, then the operator's (or -i) inventories."""
    sources = [paths.ansible_dir() / "inventory"]
    sources += list(options.inventory) or config.inventories()
    args = []
    for source in sources:
        args += ["--inventory", str(source)]
    return args


def build_playbook_argv(playbook, config, options, extra_vars=None,
                        limit=None, executable="ansible-playbook"):
    """The exact argv of one ansible-playbook run.

    Vars precedence: operator vars files (base, then environments), then
    kayobe's typed variables as one JSON document, then the user's ``-e``.
    """
    argv = [executable]
    if limit == "localhost":
        # First, so that an operator's own localhost variables win.
        argv += ["--inventory", str(paths.ansible_dir() / "inventory-localhost")]
    argv += inventory_args(config, options)
    for path in config.vars_files():
        argv += ["-e", f"@{path}"]
    typed = {"kayobe_data_path": str(paths.DATA_DIR)}
    typed.update(config.extra_vars())
    typed.update(extra_vars or {})
    argv += ["-e", json.dumps(typed, sort_keys=True)]
    for item in options.extra_vars:
        argv += ["-e", item]
    argv += selection_args(limit, options.tags, options.skip_tags,
                           options.check, options.diff)
    if options.become:
        argv.append("--become")
    if options.verbose:
        argv.append("-" + "v" * options.verbose)
    if options.list_tasks:
        argv.append("--list-tasks")
    if options.forks:
        argv += ["--forks", str(options.forks)]
    argv += kvault.ansible_args(options.vault)
    argv.append(str(playbook))
    return argv


def selection_args(limit, tags, skip_tags, check, diff):
    """Which hosts and tasks run, and how: shared by kayobe and kolla-ansible."""
    argv = []
    if limit:
        argv += ["--limit", limit]
    if tags:
        argv += ["--tags", tags]
    if skip_tags:
        argv += ["--skip-tags", skip_tags]
    if check:
        argv.append("--check")
    if diff:
        argv.append("--diff")
    return argv


def read_ansible_cfg(path):
    """The operator's ansible.cfg as a ConfigParser (empty if none)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    if path:
        try:
            parser.read(path)
        except configparser.Error as exc:
            raise errors.ConfigError(f"{path}: invalid ansible.cfg: {exc}") from None
    return parser


def _cfg_paths(parser, cfg_path, section, key):
    """A path-list setting from ansible.cfg, relative to the file's directory."""
    value = parser.get(section, key, fallback="")
    base = pathlib.Path(cfg_path).parent if cfg_path else pathlib.Path.cwd()
    return [str(base / os.path.expanduser(p)) for p in value.split(":") if p]


def build_environment(config, base_env, report_path=None):
    """Environment of an ansible-playbook run.

    The caller's own ANSIBLE_* variables and the operator's ansible.cfg win
    over kayobe's defaults; search paths and callbacks are merged, not
    replaced.
    """
    env = dict(base_env)
    cfg_path = config.ansible_cfg()
    if cfg_path:
        env["ANSIBLE_CONFIG"] = str(cfg_path)
    parser = read_ansible_cfg(cfg_path)
    for section, key, var, value in ANSIBLE_DEFAULTS:
        if var not in base_env and not parser.has_option(section, key):
            env[var] = value
    if "ANSIBLE_CACHE_PLUGIN" not in base_env and not parser.has_option(
            "defaults", "fact_caching"):
        env["ANSIBLE_CACHE_PLUGIN_CONNECTION"] = str(paths.state_dir() / "facts")
    shipped = paths.ansible_dir()
    for kind, section, key, var in SEARCH_PATHS:
        entries = [str(p) for p in config.search_paths(kind)]
        entries += _cfg_paths(parser, cfg_path, section, key)
        entries += [p for p in base_env.get(var, "").split(":") if p]
        if (shipped / kind).is_dir():
            entries.append(str(shipped / kind))
        if entries:
            env[var] = ":".join(dict.fromkeys(entries))
    callbacks = parser.get("defaults", "callbacks_enabled", fallback="")
    callbacks = [c.strip() for c in
                 (base_env.get("ANSIBLE_CALLBACKS_ENABLED") or callbacks).split(",")
                 if c.strip()]
    env["ANSIBLE_CALLBACKS_ENABLED"] = ",".join(
        dict.fromkeys(callbacks + [REPORT_CALLBACK]))
    if report_path:
        env["KAYOBE_RUN_REPORT"] = str(report_path)
    # Plugins shipped in ansible/ import kayobe: make sure they can, and
    # that nothing else of kayobe's virtualenv comes with it.
    pythonpath = [p for p in base_env.get("PYTHONPATH", "").split(":") if p]
    env["PYTHONPATH"] = ":".join(dict.fromkeys(
        pythonpath + [str(paths.import_dir())]))
    env["KAYOBE_CONFIG_PATH"] = str(config.path)
    if config.environment:
        env["KAYOBE_ENVIRONMENT"] = config.environment
    return env


def compose_playbook(playbooks):
    """Text of a top-level playbook importing ``playbooks`` in order."""
    lines = ["---", "# Generated by kayobe: one ansible-playbook run per command."]
    for playbook in playbooks:
        lines.append(f"- name: Import {pathlib.Path(playbook).name}")
        lines.append(f"  ansible.builtin.import_playbook: {json.dumps(str(playbook))}")
    return "\n".join(lines) + "\n"


def run_process(argv, env):
    """The subprocess seam: run a command, inheriting stdio; return its code."""
    try:
        return subprocess.run(argv, env=env, check=False).returncode
    except FileNotFoundError as exc:
        raise errors.KayobeError(f"cannot run {argv[0]}: {exc.strerror}") from None
