"""Procedures of the kolla rows: generate the kolla configuration, then run
kolla-ansible as its own step."""

import contextlib
import dataclasses
import os
import pathlib
import shutil
import tempfile

from kayobe import engine
from kayobe import errors
from kayobe import vault
from kayobe.kolla import ansible as kansible


def kolla_options(parsed_args):
    get = lambda name, default=None: getattr(parsed_args, name, default)  # noqa
    return kansible.KollaOptions(
        limit=get("kolla_limit"), tags=get("kolla_tags"),
        skip_tags=get("kolla_skip_tags"),
        extra_vars=tuple(get("kolla_extra_vars") or ()),
        config_path=get("kolla_config_path"), venv=get("kolla_venv"))


def _paths(inputs, kopts):
    config_path = kopts.config_path or inputs.control["kolla_config_path"]
    return os.path.abspath(config_path), kopts.venv or inputs.venv


def _ansible_cfg(config):
    """An operator's kolla/ansible.cfg (the highest layer's), or None."""
    for layer in reversed(config.layers):
        if (layer / "kolla" / "ansible.cfg").is_file():
            return layer / "kolla" / "ansible.cfg"
    return None


def candidate(config, options, kopts):
    """(inputs, kolla config path, venv, tree): the variables resolved once
    and the tree generation would write, checked against the path's
    recorded environment."""
    from kayobe.kolla import generate
    from kayobe.kolla import writer
    inputs = generate.load_inputs(config, options, kopts.venv)
    config_path, venv = _paths(inputs, kopts)
    inputs.venv = venv
    writer.check_environment(config_path, config.environment)
    return inputs, config_path, venv, generate.build_tree(inputs)


@contextlib.contextmanager
def generated_config(command, config, options, kopts, built=None):
    """Write the kolla configuration; report one line; yield the (kolla
    config path, venv) pair.  With --check nothing is written: the tree is
    generated into a private copy of the kolla configuration path, which
    kolla-ansible then uses, and the copy is removed afterwards.
    ``built``: a ``candidate()`` already made by the caller."""
    from kayobe.kolla import generate
    from kayobe.kolla import writer
    if not vault.read_password(options.vault):
        from kayobe.kolla import passwords
        raise errors.VaultError(passwords.NO_VAULT)
    inputs, config_path, venv, tree = built or candidate(config, options, kopts)
    with contextlib.ExitStack() as stack:
        target, verb = config_path, ""
        if options.check:
            work = stack.enter_context(tempfile.TemporaryDirectory(
                prefix="kayobe-kolla-check-"))
            target = os.path.join(work, "kolla")
            if os.path.isdir(config_path):
                shutil.copytree(config_path, target, symlinks=True)
            verb = " (check mode: a temporary copy; nothing written)"
        result = writer.sync(target, tree, config.environment,
                             keep=(generate.PASSWORDS,))
        changed = generate.sync_passwords(config, options, inputs, target,
                                          write_store=not options.check)
        command.app.stdout.write(
            f"kolla configuration {config_path}{verb}: {result.summary()}; "
            f"passwords {'updated' if changed else 'unchanged'}\n")
        yield target, venv


def run_action(config, options, kopts, config_path, venv, action, inventory,
               extra_args=(), playbook=None, extra_vars=None, extra_env=None):
    argv = kansible.build_argv(action, venv, config_path, inventory, options,
                               kopts, extra_args, playbook, extra_vars)
    env = kansible.build_environment(venv, config_path, os.environ,
                                     _ansible_cfg(config))
    env.update(extra_env or {})
    kansible.run(argv, env)


def _confirm(parsed_args, action):
    if not getattr(parsed_args, "confirmed", False):
        raise errors.ConfigError(
            f"kolla-ansible {action} is destructive: add "
            f"{kansible.CONFIRM} to confirm")
    return (kansible.CONFIRM,)


def action_arguments(words, parsed_args):
    """(extra args, extra vars) a row's own options add."""
    get = lambda name, default=None: getattr(parsed_args, name, default)  # noqa
    args, extra_vars = [], {}
    if words == "overcloud database backup":
        args.append("--incremental" if get("incremental") else "--full")
    if get("force_recovery_host"):
        extra_vars["mariadb_recover_inventory_name"] = get("force_recovery_host")
    if get("node_config_dir"):
        extra_vars["node_config_directory"] = os.path.abspath(get("node_config_dir"))
    return args, extra_vars


def kolla_action(command, parsed_args, config, options):
    """Generate the kolla configuration, then run the row's action."""
    from kayobe.cli.rows import kolla as rows
    spec = rows.ACTIONS[command.row.words]
    kopts = kolla_options(parsed_args)
    args, extra_vars = action_arguments(command.row.words, parsed_args)
    if spec.confirm:
        args += _confirm(parsed_args, spec.action)
    engine.prepare(config, options)
    with generated_config(command, config, options, kopts) as (config_path, venv):
        if getattr(parsed_args, "skip_genconfig", False):
            return
        run_action(config, options, kopts, config_path, venv, spec.action,
                   spec.inventory, args, extra_vars=extra_vars)


def kolla_run(command, parsed_args, config, options):
    """``kolla ansible run``: any action or playbook."""
    kopts = kolla_options(parsed_args)
    action = parsed_args.action
    args = []
    if action in kansible.DANGEROUS:
        args += _confirm(parsed_args, action)
    playbook = parsed_args.kolla_playbook
    if playbook and not os.path.isfile(playbook):
        raise errors.ConfigError(f"kolla playbook {playbook} does not exist")
    engine.prepare(config, options)
    with generated_config(command, config, options, kopts) as (config_path, venv):
        run_action(config, options, kopts, config_path, venv, action,
                   parsed_args.kolla_inventory_filename, args,
                   playbook=os.path.abspath(playbook) if playbook else None)


def rendered_diff_env():
    """Only what would change: kayobe's stdout callback prints the rendered
    files' diffs, failures and a summary."""
    from kayobe import paths
    return {"ANSIBLE_CALLBACK_PLUGINS": str(paths.ansible_dir() / "kolla_plugins" / "callback"),
            "ANSIBLE_STDOUT_CALLBACK": "kayobe_diff",
            "ANSIBLE_HOST_PATTERN_MISMATCH": "ignore"}


def configuration_diff(command, parsed_args, config, options):
    """Print the change generation would make; write nothing.  With
    --rendered, kolla-ansible genconfig then runs in check and diff mode on
    the candidate tree: the hosts' service files are compared, not changed."""
    from kayobe.kolla import generate
    from kayobe.kolla import writer
    engine.prepare(config, options)
    kopts = kolla_options(parsed_args)
    built = candidate(config, options, kopts)
    _, config_path, _, tree = built
    text = writer.diff(config_path, tree, secret=(generate.PASSWORDS,))
    command.app.stdout.write(text or "no change\n")
    if not getattr(parsed_args, "rendered", False):
        return
    command.app.stdout.flush()
    options = dataclasses.replace(options, check=True, diff=True)
    _, extra_vars = action_arguments(command.row.words, parsed_args)
    with generated_config(command, config, options, kopts, built) as (path, venv):
        command.app.stdout.flush()
        run_action(config, options, kopts, path, venv, "genconfig",
                   "overcloud", extra_vars=extra_vars,
                   extra_env=rendered_diff_env())


def passwords_view(command, parsed_args, config, options):
    """Decrypt and print the kolla passwords (vault password required)."""
    from kayobe.kolla import generate
    from kayobe.kolla import passwords
    engine.prepare(config, options)
    password = vault.read_password(options.vault)
    if not password:
        raise errors.VaultError(passwords.NO_VAULT)
    store = generate.passwords_store(config)
    if not pathlib.Path(store).is_file():
        raise errors.ConfigError(
            f"{store} does not exist: run 'kayobe overcloud service "
            "configuration generate' first")
    command.app.stdout.write(generate.read_passwords(store, password))


def swift_rings_generate(command, parsed_args, config, options):
    """Build or update the Swift rings in the kayobe configuration."""
    from kayobe import variables
    from kayobe.kolla import generate
    from kayobe.kolla import rings
    engine.prepare(config, options)
    inventory = variables.Inventory(config, options)
    control = inventory.host_vars("localhost")
    if not variables.as_bool(control.get("kolla_enable_swift"), "kolla_enable_swift"):
        command.app.stdout.write("kolla_enable_swift is false: no Swift rings\n")
        return
    pattern = control.get("swift_hosts")
    hosts = inventory.hosts(pattern) if pattern else []
    spec = rings.ring_spec(control, hosts, inventory.host_vars)
    rings_dir = generate.config_base(config) / "kolla" / "config" / "swift"
    summary = rings.build(spec, rings_dir, control["swift_ring_build_venv"],
                          write=not options.check)
    verb = "would be" if options.check else "is"
    for service, result in sorted(summary.items()):
        command.app.stdout.write(
            f"{service} ring {verb} {result['status']}: {result['devices']} "
            f"devices ({result['added']} added, {result['removed']} removed, "
            f"{result['reweighted']} reweighted)\n")
    command.app.stdout.write(f"rings: {rings_dir}\n")
