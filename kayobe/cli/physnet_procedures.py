"""Procedure of ``physical network configure``: its limit is --group."""

from kayobe import engine
from kayobe import errors
from kayobe import paths


def configure(command, parsed_args, config, options):
    """Check the exclusive options, then run physical-network.yml over the
    switches of --group."""
    args = vars(parsed_args)
    if (args["physical_network_interface_limit"]
            and args["physical_network_interface_description_limit"]):
        raise errors.ConfigError(
            "--interface-limit and --interface-description-limit are "
            "mutually exclusive")
    if (args["physical_network_enable_discovery"]
            and args["physical_network_disable_discovery"]):
        raise errors.ConfigError(
            "--enable-discovery and --disable-discovery are mutually exclusive")
    engine.prepare(config, options)
    engine.run_playbooks(
        config, options, command.row.words,
        [paths.playbook_path("physical-network")],
        limit=parsed_args.group,
        extra_vars=command.row.extra_vars(parsed_args),
        stdout=command.app.stdout)
