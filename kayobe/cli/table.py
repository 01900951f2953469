"""The command table: every kayobe command is one row of data.

A row names the command's words, its help text (shown by ``--help``), the
option groups it takes, its own options (each mapped to an extra variable),
and either the playbooks it runs or, for a genuine procedure, the function
that implements it.  Hook directories and docs derive from the words.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Option:
    """A command's own option; its value reaches Ansible as extra var ``var``."""

    flags: tuple
    var: str | None = None
    kwargs: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Playbook:
    """Run shipped playbook ``ansible/<name>.yml`` limited to ``limit``."""

    name: str
    limit: str | None = None


@dataclasses.dataclass(frozen=True)
class Row:
    words: str
    help: str
    groups: tuple = ("config", "ansible", "vault")
    options: tuple = ()
    steps: tuple = ()
    procedure: str | None = None     # "module:function" under kayobe.cli

    @property
    def limit(self):
        """The command's own limit: the union of its steps' limits."""
        limits = [s.limit for s in self.steps if s.limit]
        if not limits or len(limits) < len(self.steps):
            return None
        return ",".join(dict.fromkeys(limits))


# Options used by several rows, defined once.
COMMAND = Option(("--command",), "host_command", dict(
    required=True, help="shell command to run on each host"))
SHOW_OUTPUT = Option(("--show-output",), "show_output", dict(
    action="store_true", help="print each host's output"))

# Groups a `<group> host command run` row exists for: words -> limit.
HOST_GROUPS = (
    ("control host", "localhost"),
    ("seed hypervisor host", "seed-hypervisor"),
    ("seed host", "seed"),
    ("overcloud host", "overcloud"),
    ("infra vm host", "infra-vms"),
)

HOST_LABELS = {
    "control host": "the Ansible control host",
    "seed hypervisor host": "the seed hypervisor",
    "seed host": "the seed",
    "overcloud host": "the overcloud hosts",
    "infra vm host": "the infrastructure VMs",
}


def _host_command_rows():
    for words, limit in HOST_GROUPS:
        yield Row(
            words=f"{words} command run",
            help=f"Run a shell command on {HOST_LABELS[words]}.",
            options=(COMMAND, SHOW_OUTPUT),
            steps=(Playbook("host-command-run", limit),),
        )


ROWS = (
    Row(
        words="control host bootstrap",
        help="Bootstrap the Ansible control host.\n\n"
             "Checks the Python and Ansible versions and creates the "
             "kolla-ansible virtualenv ($KOLLA_VENV_PATH) with kolla-ansible "
             "installed at the version kayobe is tested with.",
        steps=(Playbook("control-host-bootstrap", "localhost"),),
    ),
    Row(
        words="control host upgrade",
        help="Upgrade the Ansible control host.\n\n"
             "Re-checks versions and upgrades the kolla-ansible virtualenv to "
             "the version kayobe is tested with.",
        steps=(Playbook("control-host-upgrade", "localhost"),),
    ),
    Row(
        words="configuration dump",
        help="Print the resolved configuration variables.\n\n"
             "Variables are resolved as Ansible sees them (inventory, group "
             "and host vars, environments, vault) without connecting to hosts.",
        groups=("config", "ansible", "vault"),
        procedure="dump:configuration_dump",
    ),
    Row(
        words="inventory",
        help="Show the Kayobe inventory (a wrapper of ansible-inventory).",
        groups=("config", "vault"),
        procedure="procedures:inventory",
    ),
    Row(
        words="environment create",
        help="Create a Kayobe environment (optionally copying a config tree).",
        groups=("config",),
        procedure="procedures:environment_create",
    ),
    Row(
        words="playbook run",
        help="Run Kayobe Ansible playbooks as one ansible-playbook run.",
        procedure="procedures:playbook_run",
    ),
) + tuple(_host_command_rows())


def by_words():
    return {row.words: row for row in ROWS}
