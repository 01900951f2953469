"""kolla-ansible command lines (pure) and running them through the seam."""

import dataclasses
import json
import os
import pathlib

from kayobe import errors
from kayobe import limits
from kayobe import runner
from kayobe import vault as kvault

CONFIRM = "--yes-i-really-really-mean-it"


@dataclasses.dataclass(frozen=True)
class KollaOptions:
    """The kolla option group as parsed from the CLI."""

    limit: str | None = None
    tags: str | None = None
    skip_tags: str | None = None
    extra_vars: tuple = ()
    config_path: str | None = None
    venv: str | None = None


@dataclasses.dataclass(frozen=True)
class Invocation:
    """What one kolla-ansible run does: the action, the inventory (under
    the kolla configuration path) and what the command adds: CLI
    arguments, a playbook of the operator's, and typed extra variables."""

    action: str
    inventory: str = "overcloud"
    args: tuple = ()
    playbook: str | None = None
    extra_vars: dict = dataclasses.field(default_factory=dict)


def executable(venv, name="kolla-ansible"):
    return str(pathlib.Path(venv) / "bin" / name)


def venv_file(venv, *parts):
    """A data file kolla-ansible installs in its virtualenv (under
    ``share/kolla-ansible``); ConfigError when kolla-ansible is missing."""
    path = pathlib.Path(venv).joinpath("share", "kolla-ansible", *parts)
    if not path.is_file():
        raise errors.ConfigError(
            f"{path} not found: is kolla-ansible installed in {venv} "
            "(kayobe control host bootstrap)?")
    return path


def build_argv(invocation, venv, config_path, run_options, kolla_options):
    """The exact kolla-ansible argv of one invocation.

    The kolla limit is kayobe's ``--limit`` intersected with
    ``--kolla-limit``; check, diff, list-tasks, verbosity and the vault
    password are passed through from the ansible and vault groups.  The
    command's variables go as one JSON ``-e`` (types survive), before the
    operator's ``-ke`` values, which win.
    """
    config_path = pathlib.Path(config_path)
    argv = [executable(venv)]
    argv += ["-v"] * run_options.verbose
    argv += [invocation.action,
             "--inventory", str(config_path / "inventory" / invocation.inventory),
             "--configdir", str(config_path),
             "--passwords", str(config_path / "passwords.yml")]
    if invocation.playbook:
        argv += ["--playbook", str(invocation.playbook)]
    if invocation.extra_vars:
        argv += ["-e", json.dumps(invocation.extra_vars, sort_keys=True)]
    for item in kolla_options.extra_vars:
        argv += ["-e", item]
    limit = limits.intersect(run_options.limit, kolla_options.limit)
    if limit is None and run_options.limit and kolla_options.limit:
        raise errors.ConfigError(
            "--limit and --kolla-limit both name several hosts or groups; "
            "give the combined pattern in one of them")
    argv += runner.selection_args(limit, kolla_options.tags,
                                  kolla_options.skip_tags, run_options.check,
                                  run_options.diff)
    if run_options.list_tasks:
        argv.append("--list-tasks")
    argv += kvault.ansible_args(run_options.vault)
    argv += list(invocation.args)
    return argv


def build_environment(venv, config_path, base_env, ansible_cfg=None):
    """kolla-ansible's environment: its venv first on PATH (it runs
    ansible-playbook from PATH); kayobe's own Ansible settings removed."""
    env = {k: v for k, v in base_env.items()
           if not k.startswith("ANSIBLE_") and k not in ("PYTHONPATH",)}
    bin_dir = str(pathlib.Path(venv) / "bin")
    env["PATH"] = ":".join([bin_dir] + [p for p in base_env.get("PATH", "").split(":")
                                        if p and p != bin_dir])
    env["VIRTUAL_ENV"] = str(venv)
    env["KOLLA_CONFIG_PATH"] = str(config_path)
    if ansible_cfg:
        env["ANSIBLE_CONFIG"] = str(ansible_cfg)
    return env


def run(argv, env):
    """Run one kolla-ansible action; RunError unless it succeeds."""
    if not os.path.exists(argv[0]):
        raise errors.ConfigError(
            f"{argv[0]} not found: create the kolla-ansible virtualenv with "
            "'kayobe control host bootstrap' or set kolla_ansible_venv")
    code = runner.run_process(argv, env)
    if code:
        action = next(a for a in argv[1:] if a != "-v")
        raise errors.RunError(f"kolla-ansible {action} exited with code {code}",
                              exit_code=code)
