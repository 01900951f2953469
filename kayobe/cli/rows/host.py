"""Host configuration rows: configure, upgrade and package update per group."""

from kayobe.cli.table import Option, Playbook, Row

# Groups with host configuration: CLI words -> command limit.
GROUPS = (
    ("seed hypervisor", "seed-hypervisor", "the seed hypervisor"),
    ("seed", "seed", "the seed"),
    ("overcloud", "overcloud", "the overcloud hosts"),
    ("infra vm", "infra-vms", "the infrastructure VMs"),
)

WIPE_DISKS = Option(("--wipe-disks",), "wipe_disks", dict(
    action="store_true",
    help="wipe partition and LVM data from all unmounted disks"))
PACKAGES = Option(("--packages",), "host_package_update_packages", dict(
    required=True,
    help="comma-separated packages to update, or '*' for all"))
SECURITY = Option(("--security",), "host_package_update_security", dict(
    action="store_true", help="only apply security updates"))


def _group_rows(words, limit, label):
    yield Row(
        words=f"{words} host configure",
        help=f"Configure {label}.\n\n"
             "Allocates IP addresses and configures users, packages, "
             "network, firewall, time, sysctl, storage and the container "
             "engine, as one ansible-playbook run.",
        options=(WIPE_DISKS,),
        steps=(Playbook("host-configure", limit, facts=True, sentinel=True),),
    )
    yield Row(
        words=f"{words} host upgrade",
        help=f"Upgrade {label}: refresh the target virtualenvs and "
             "release-specific configuration.",
        steps=(Playbook("host-upgrade", limit, facts=True, sentinel=True),),
    )
    yield Row(
        words=f"{words} host package update",
        help=f"Update packages on {label}.",
        options=(PACKAGES, SECURITY),
        steps=(Playbook("host-package-update", limit, facts=True),),
    )


ROWS = tuple(row for group in GROUPS for row in _group_rows(*group)) + (
    Row(
        words="control host configure",
        help="Configure the Ansible control host: users, packages and "
             "time, as for other hosts.",
        steps=(Playbook("control-host-configure", "localhost", facts=True),),
    ),
    Row(
        words="control host package update",
        help="Update packages on the Ansible control host.",
        options=(PACKAGES, SECURITY),
        steps=(Playbook("host-package-update", "localhost", facts=True),),
    ),
)
