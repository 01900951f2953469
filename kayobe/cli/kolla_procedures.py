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
from kayobe.cli import options as kopts
from kayobe.kolla import ansible as kansible


@dataclasses.dataclass(frozen=True)
class Context:
    """What every kolla-ansible run of one command shares: the kayobe
    configuration, the ansible and kolla option groups."""

    config: object
    options: object                     # runner.RunOptions
    kolla: kansible.KollaOptions


@dataclasses.dataclass(frozen=True)
class Target:
    """A generated kolla configuration path and the kolla-ansible venv
    that uses it."""

    config_path: str
    venv: str


@dataclasses.dataclass
class Candidate:
    """What generation would write: the variables resolved once, the
    kolla configuration path and venv, and the tree."""

    inputs: object                      # generate.Inputs
    target: Target
    tree: dict


def context(parsed_args, config, options):
    """The Context of a command's parsed arguments."""
    return Context(config, options, kopts.get_kolla_options(parsed_args))


def _ansible_cfg(config):
    """An operator's kolla/ansible.cfg (the highest layer's), or None."""
    for layer in reversed(config.layers):
        if (layer / "kolla" / "ansible.cfg").is_file():
            return layer / "kolla" / "ansible.cfg"
    return None


def candidate(ctx):
    """The Candidate of ``ctx``, checked against the kolla configuration
    path's recorded environment."""
    from kayobe.kolla import generate
    from kayobe.kolla import writer
    inputs = generate.load_inputs(ctx.config, ctx.options, ctx.kolla.venv)
    config_path = os.path.abspath(
        ctx.kolla.config_path or inputs.control["kolla_config_path"])
    writer.check_environment(config_path, ctx.config.environment)
    return Candidate(inputs, Target(config_path, inputs.venv),
                     generate.build_tree(inputs))


@contextlib.contextmanager
def generated_config(command, ctx, built=None):
    """Write the kolla configuration; report one line; yield the Target
    kolla-ansible runs with.  With --check nothing is written: the tree is
    generated into a private copy of the kolla configuration path, which
    kolla-ansible then uses, and the copy is removed afterwards.
    ``built``: a ``candidate()`` already made by the caller."""
    from kayobe.kolla import generate
    from kayobe.kolla import writer
    if not vault.read_password(ctx.options.vault):
        from kayobe.kolla import passwords
        raise errors.VaultError(passwords.NO_VAULT)
    built = built or candidate(ctx)
    config_path = built.target.config_path
    with contextlib.ExitStack() as stack:
        target, verb = config_path, ""
        if ctx.options.check:
            work = stack.enter_context(tempfile.TemporaryDirectory(
                prefix="kayobe-kolla-check-"))
            target = os.path.join(work, "kolla")
            if os.path.isdir(config_path):
                shutil.copytree(config_path, target, symlinks=True)
            verb = " (check mode: a temporary copy; nothing written)"
        result = writer.sync(target, built.tree, ctx.config.environment,
                             keep=(generate.PASSWORDS,))
        changed = generate.sync_passwords(
            ctx.config, ctx.options, built.inputs, target,
            write_store=not ctx.options.check)
        command.app.stdout.write(
            f"kolla configuration {config_path}{verb}: {result.summary()}; "
            f"passwords {'updated' if changed else 'unchanged'}\n")
        yield Target(target, built.target.venv)



def regenerate(command, parsed_args, config, options, what):
    """After a run that changed the inventory (``what`` the kolla file it
    feeds): regenerate the kolla configuration, or say why it was not."""
    if options.check or options.list_tasks:
        return
    if not vault.read_password(options.vault):
        command.app.stdout.write(
            f"{what} not regenerated (no vault password): run "
            "'kayobe overcloud service configuration generate'\n")
        return
    with generated_config(command, context(parsed_args, config, options)):
        pass


def run_action(ctx, target, invocation, extra_env=None):
    """Run one kolla-ansible invocation on a generated configuration."""
    argv = kansible.build_argv(invocation, target.venv, target.config_path,
                               ctx.options, ctx.kolla)
    env = kansible.build_environment(target.venv, target.config_path,
                                     os.environ, _ansible_cfg(ctx.config))
    env.update(extra_env or {})
    kansible.run(argv, env)


def _check_confirmed(parsed_args, action):
    if not getattr(parsed_args, "confirmed", False):
        raise errors.ConfigError(
            f"kolla-ansible {action} is destructive: add "
            f"{kansible.CONFIRM} to confirm")


def kolla_action(command, parsed_args, config, options):
    """Generate the kolla configuration, then run the row's action."""
    row = command.row
    if row.action.confirm:
        _check_confirmed(parsed_args, row.action.action)
    ctx = context(parsed_args, config, options)
    invocation = kansible.Invocation(
        row.action.action, row.action.inventory,
        args=tuple(row.kolla_args(parsed_args)),
        extra_vars=row.extra_vars(parsed_args))
    engine.prepare(config, options)
    with generated_config(command, ctx) as target:
        if getattr(parsed_args, "skip_genconfig", False):
            return
        run_action(ctx, target, invocation)


def kolla_run(command, parsed_args, config, options):
    """``kolla ansible run``: any action or playbook."""
    from kayobe.cli.rows import kolla as rows
    action = parsed_args.action
    if action in rows.DANGEROUS:
        _check_confirmed(parsed_args, action)
    playbook = parsed_args.kolla_playbook
    if playbook and not os.path.isfile(playbook):
        raise errors.ConfigError(f"kolla playbook {playbook} does not exist")
    ctx = context(parsed_args, config, options)
    invocation = kansible.Invocation(
        action, parsed_args.kolla_inventory_filename,
        args=tuple(command.row.kolla_args(parsed_args)),
        playbook=os.path.abspath(playbook) if playbook else None)
    engine.prepare(config, options)
    with generated_config(command, ctx) as target:
        run_action(ctx, target, invocation)


def rendered_diff_env():
    """Only what would change: kayobe's stdout callback prints the rendered
    files' diffs, failures and a summary."""
    from kayobe import paths
    callbacks = paths.ansible_dir() / "kolla_plugins" / "callback"
    return {"ANSIBLE_CALLBACK_PLUGINS": str(callbacks),
            "ANSIBLE_STDOUT_CALLBACK": "kayobe_diff",
            "ANSIBLE_HOST_PATTERN_MISMATCH": "ignore"}


def configuration_diff(command, parsed_args, config, options):
    """Print the change generation would make; write nothing.  With
    --rendered, kolla-ansible genconfig then runs in check and diff mode on
    the candidate tree: the hosts' service files are compared, not changed."""
    from kayobe.kolla import generate
    from kayobe.kolla import writer
    engine.prepare(config, options)
    ctx = context(parsed_args, config, options)
    built = candidate(ctx)
    text = writer.diff(built.target.config_path, built.tree,
                       secret=(generate.PASSWORDS,))
    command.app.stdout.write(text or "no change\n")
    if not getattr(parsed_args, "rendered", False):
        return
    command.app.stdout.flush()
    ctx = dataclasses.replace(
        ctx, options=dataclasses.replace(options, check=True, diff=True))
    row = command.row
    invocation = kansible.Invocation(row.action.action, row.action.inventory,
                                     extra_vars=row.extra_vars(parsed_args))
    with generated_config(command, ctx, built) as target:
        command.app.stdout.flush()
        run_action(ctx, target, invocation, extra_env=rendered_diff_env())


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
