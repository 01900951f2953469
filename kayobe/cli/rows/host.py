"""Host rows per group: configure, upgrade, package update, command run."""

import dataclasses

from kayobe.cli.row import Option
from kayobe.cli.row import Row
from kayobe.steps import Playbook


@dataclasses.dataclass(frozen=True)
class HostGroup:
    """A group of hosts the host rows exist for: CLI words, the command's
    limit and how help text names the hosts.  ``configured``: kayobe's
    host configuration applies (the control host has its own)."""

    words: str
    limit: str
    label: str
    configured: bool = True


# The one group -> limit -> label table.
GROUPS = (
    HostGroup("control", "localhost", "the Ansible control host",
              configured=False),
    HostGroup("seed hypervisor", "seed-hypervisor", "the seed hypervisor"),
    HostGroup("seed", "seed", "the seed"),
    HostGroup("overcloud", "overcloud", "the overcloud hosts"),
    HostGroup("infra vm", "infra-vms", "the infrastructure VMs"),
)

WIPE_DISKS = Option(("--wipe-disks",), "wipe_disks", dict(
    action="store_true",
    help="wipe partition and LVM data from all unmounted disks"))
PACKAGES = Option(("--packages",), "host_package_update_packages", dict(
    required=True,
    help="comma-separated packages to update, or '*' for all"))
SECURITY = Option(("--security",), "host_package_update_security", dict(
    action="store_true", help="only apply security updates"))
COMMAND = Option(("--command",), "host_command", dict(
    required=True, help="shell command to run on each host"), unsafe=True)
SHOW_OUTPUT = Option(("--show-output",), "show_output", dict(
    action="store_true", help="print each host's output"))


def _configure_rows(group):
    yield Row(
        words=f"{group.words} host configure",
        help=f"Configure {group.label}.\n\n"
             "Allocates IP addresses and configures users, packages, "
             "network, firewall, time, sysctl, storage and the container "
             "engine, as one ansible-playbook run.",
        options=(WIPE_DISKS,),
        steps=(Playbook("host-configure", group.limit, facts=True,
                        sentinel=True),),
    )
    yield Row(
        words=f"{group.words} host upgrade",
        help=f"Upgrade {group.label}: refresh the target virtualenvs and "
             "release-specific configuration.",
        steps=(Playbook("host-upgrade", group.limit, facts=True,
                        sentinel=True),),
    )


def _group_rows(group):
    if group.configured:
        yield from _configure_rows(group)
    yield Row(
        words=f"{group.words} host package update",
        help=f"Update packages on {group.label}.",
        options=(PACKAGES, SECURITY),
        steps=(Playbook("host-package-update", group.limit, facts=True),),
    )
    yield Row(
        words=f"{group.words} host command run",
        help=f"Run a shell command on {group.label}.",
        options=(COMMAND, SHOW_OUTPUT),
        steps=(Playbook("host-command-run", group.limit),),
    )


ROWS = tuple(row for group in GROUPS for row in _group_rows(group)) + (
    Row(
        words="control host configure",
        help="Configure the Ansible control host: users, packages and "
             "time, as for other hosts.",
        steps=(Playbook("control-host-configure", "localhost", facts=True),),
    ),
)
