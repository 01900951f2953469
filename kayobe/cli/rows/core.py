"""Core rows: control host, configuration, inventory, playbooks."""

import argparse

from kayobe import errors
from kayobe import variables
from kayobe.cli.row import Option
from kayobe.cli.row import Row
from kayobe.steps import Playbook


def _flag(text):
    """A boolean option value, read as Ansible reads booleans."""
    try:
        return variables.as_bool(text)
    except errors.InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


ROWS = (
    Row(
        words="control host bootstrap",
        help="Bootstrap the Ansible control host.\n\n"
             "Checks the Python and Ansible versions and creates the "
             "kolla-ansible virtualenv ($KOLLA_VENV_PATH) with kolla-ansible "
             "installed at the version kayobe is tested with.",
        steps=(Playbook("control-host-bootstrap", "localhost", facts=True),),
    ),
    Row(
        words="control host upgrade",
        help="Upgrade the Ansible control host.\n\n"
             "Re-checks versions and upgrades the kolla-ansible virtualenv to "
             "the version kayobe is tested with.",
        steps=(Playbook("control-host-upgrade", "localhost", facts=True),),
    ),
    Row(
        words="configuration dump",
        help="Print the resolved configuration variables.\n\n"
             "Variables are resolved as Ansible sees them (inventory, group "
             "and host vars, environments, vault) without connecting to hosts.",
        options=(
            Option(("--host",), kwargs=dict(help="only this host")),
            Option(("--hosts",), kwargs=dict(
                metavar="PATTERN",
                help="only these hosts and groups (an Ansible pattern)")),
            Option(("--var-name",), kwargs=dict(help="only this variable")),
            # Upstream takes a value (--dump-facts true); a bare flag works too.
            Option(("--dump-facts",), kwargs=dict(
                nargs="?", const=True, default=False, type=_flag,
                metavar="BOOL",
                help="include the facts cached by earlier runs")),
            Option(("--output-format",), kwargs=dict(
                choices=("yaml", "json"), default="yaml",
                help="output format (default yaml)")),
        ),
        procedure="dump:configuration_dump",
        read_only=True,
    ),
    Row(
        words="inventory",
        help="Show the Kayobe inventory (a wrapper of ansible-inventory).",
        groups=("config", "vault"),
        options=(
            Option(("-i", "--inventory"), kwargs=dict(
                action="append", default=[],
                help="inventory to use instead of the configuration's")),
            Option(("--list",), kwargs=dict(
                action="store_true", help="all hosts and groups (default)")),
            Option(("--host",), kwargs=dict(help="variables of one host")),
            Option(("--graph",), kwargs=dict(
                nargs="?", const=True, metavar="GROUP",
                help="the group tree, optionally from GROUP")),
            Option(("--yaml",), kwargs=dict(
                action="store_true", help="YAML instead of JSON")),
        ),
        procedure="procedures:inventory",
        read_only=True,
    ),
    Row(
        words="environment create",
        help="Create a Kayobe environment (optionally copying a config tree).",
        groups=("config",),
        options=(
            Option(("--source-config-path",), kwargs=dict(
                metavar="DIR", help="configuration tree to copy into it")),
        ),
        procedure="procedures:environment_create",
        environment_must_exist=False,
    ),
    Row(
        words="playbook run",
        help="Run Kayobe Ansible playbooks as one ansible-playbook run.\n\n"
             "The playbooks run in the order given, with kayobe's inventory, "
             "configuration and hooks, in one ansible-playbook process.",
        options=(
            Option(("playbook",), kwargs=dict(
                nargs="+", help="playbook files to run")),
        ),
        procedure="procedures:playbook_run",
    ),
)


