"""Commands that are genuine procedures rather than playbook runs."""

import os
import shutil

from kayobe import config as kconfig
from kayobe import engine
from kayobe import errors
from kayobe import runner
from kayobe import vault


def inventory(command, parsed_args, config, options):
    """Run ansible-inventory over kayobe's inventories."""
    engine.prepare(config, options)
    argv = [runner.ansible_executable("ansible-inventory")]
    argv += runner.inventory_args(config, options)
    argv += vault.ansible_args(options.vault)
    if parsed_args.host:
        argv += ["--host", parsed_args.host]
    elif parsed_args.graph:
        argv.append("--graph")
        if parsed_args.graph is not True:
            argv.append(parsed_args.graph)
    else:
        argv.append("--list")
    if parsed_args.yaml:
        argv.append("--yaml")
    env = runner.build_environment(config, os.environ)
    code = runner.run_process(argv, env)
    if code:
        raise errors.RunError(f"ansible-inventory exited with code {code}", code)


def environment_create(command, parsed_args, config, options):
    """Create environments/<name>, optionally copying a source tree."""
    name = parsed_args.environment
    if not name:
        raise errors.ConfigError("environment create needs --environment NAME")
    target = kconfig.environment_path(config.path, name)
    if target.exists():
        raise errors.ConfigError(f"environment '{name}' already exists: {target}")
    source = parsed_args.source_config_path
    if source and not os.path.isdir(source):
        raise errors.ConfigError(f"source config path {source} is not a directory")
    tmp = target.with_name(f".{name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    if source:
        shutil.copytree(source, tmp, symlinks=True)
    else:
        tmp.mkdir(parents=True)
    os.replace(tmp, target)   # the environment appears whole or not at all
    command.app.stdout.write(f"created environment {name} at {target}\n")


def playbook_run(command, parsed_args, config, options):
    """Run the given playbooks as one top-level playbook."""
    missing = [p for p in parsed_args.playbook if not os.path.isfile(p)]
    if missing:
        raise errors.ConfigError(f"playbook {missing[0]} does not exist")
    engine.prepare(config, options)
    engine.run_playbooks(
        config, options, command.row.words,
        [os.path.abspath(p) for p in parsed_args.playbook],
        stdout=command.app.stdout)
