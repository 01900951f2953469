"""Procedure of the seed VM row: provision, then the kolla seed inventory."""

from kayobe import engine
from kayobe import paths


def seed_vm_provision(command, parsed_args, config, options):
    """Run the row's playbook; then regenerate the kolla configuration,
    whose seed inventory now names the VM, as upstream's command does."""
    from kayobe.cli import kolla_procedures
    row = command.row
    engine.prepare(config, options)
    engine.run_playbooks(
        config, options, row.words,
        [paths.playbook_path(name) for name in row.playbooks()],
        limit=row.limit, sentinel=row.sentinel,
        stdout=command.app.stdout)
    kolla_procedures.regenerate(command, parsed_args, config, options,
                                "kolla seed inventory")
