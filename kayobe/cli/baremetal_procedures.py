"""Procedures of the overcloud provisioning rows."""

from kayobe import engine
from kayobe import paths


def inventory_discover(command, parsed_args, config, options):
    """Write the overcloud inventory from bifrost's Ironic, allocate IPs,
    then regenerate the kolla inventory from the new inventory."""
    from kayobe.cli import kolla_procedures
    from kayobe.kolla import generate
    engine.prepare(config, options)
    # The inventory directory must exist when ansible-playbook starts, or
    # refresh_inventory would not read the file written into it.
    (generate.config_base(config) / "inventory").mkdir(parents=True, exist_ok=True)
    engine.run_playbooks(
        config, options, command.row.words,
        [paths.playbook_path("overcloud-inventory-discover")])
    kolla_procedures.regenerate(command, parsed_args, config, options,
                                "kolla inventory")
