"""kolla-ansible rows: configuration generation and kolla-ansible actions.

Each action row carries its kolla-ansible ``Action``: the row first
regenerates the kolla configuration (in Python, one pass), then runs the
action as its own step.  A row's options map to kolla-ansible arguments
(``arg``) or variables (``var``).
"""

import dataclasses
import os

from kayobe.cli.row import Option
from kayobe.cli.row import Row
from kayobe.kolla.ansible import CONFIRM as CONFIRM_ARG
from kayobe.steps import Action
from kayobe.steps import Playbook

GROUPS = ("config", "ansible", "vault", "kolla")
PROCEDURE = "kolla_procedures:kolla_action"

CONFIRM = Option(("--yes-i-really-really-mean-it",), arg=CONFIRM_ARG,
                 kwargs=dict(action="store_true", dest="confirmed",
                             help="confirm this destructive action"))
NODE_CONFIG_DIR = Option(("--node-config-dir",), "node_config_directory", dict(
    metavar="DIR", type=os.path.abspath,
    help="where kolla-ansible writes service configuration on the hosts "
         "(node_config_directory; default kolla-ansible's /etc/kolla)"))

# kolla-ansible actions that no row runs: ``kolla ansible run --action``
# reaches them.
RUN_ONLY = (Action("prune-images", confirm=True),)


# The seed's own services (ansible/seed-service-deploy.yml) run before the
# bifrost action, their removal after it (see kayobe/cli/seed_service.py).
SEED_LIMIT = "seed,docker-registry"
SEED_SERVICES = dict(
    steps=(Playbook("seed-service-deploy", SEED_LIMIT, sentinel=True),),
    procedure="seed_service:playbooks_then_kolla_action")
SEED_SERVICES_DESTROY = dict(
    steps=(Playbook("seed-service-destroy", SEED_LIMIT, sentinel=True),),
    procedure="post_configure:kolla_action_then_playbooks")


def action_row(words, action, help, options=()):
    """A row that generates the kolla configuration, then runs ``action``;
    a destructive action takes the confirmation option."""
    if action.confirm:
        options += (CONFIRM,)
    return Row(words=words, help=help, groups=GROUPS, options=options,
               procedure=PROCEDURE, action=action)


ACTION_ROWS = (
    action_row(
        "overcloud service configuration generate", Action("genconfig"),
        "Generate the kolla-ansible configuration and the services' "
        "configuration.\n\n"
        "Writes globals.yml, the overcloud and seed inventories, the "
        "vault-encrypted passwords.yml and the custom service configuration "
        "into the kolla configuration path (only files that changed), then "
        "runs kolla-ansible genconfig to render the services' configuration "
        "on the hosts without touching containers.",
        (NODE_CONFIG_DIR,
         Option(("--skip-genconfig",), kwargs=dict(
             action="store_true",
             help="only write the kolla configuration path; do not run "
                  "kolla-ansible genconfig")))),
    action_row(
        "overcloud service configuration validate", Action("validate-config"),
        "Validate the overcloud services' configuration (kolla-ansible "
        "validate-config)."),
    action_row(
        "overcloud service prechecks", Action("prechecks"),
        "Check that the overcloud hosts are ready for the services "
        "(kolla-ansible prechecks)."),
    action_row(
        "overcloud service deploy", Action("deploy"),
        "Deploy the overcloud services (kolla-ansible deploy)."),
    action_row(
        "overcloud service deploy containers", Action("deploy-containers"),
        "Deploy and start the overcloud service containers without "
        "changing configuration (kolla-ansible deploy-containers)."),
    action_row(
        "overcloud service reconfigure", Action("reconfigure"),
        "Reconfigure the overcloud services (kolla-ansible reconfigure)."),
    action_row(
        "overcloud service upgrade", Action("upgrade"),
        "Upgrade the overcloud services (kolla-ansible upgrade)."),
    action_row(
        "overcloud service stop", Action("stop", confirm=True),
        "Stop the overcloud service containers (kolla-ansible stop)."),
    action_row(
        "overcloud service destroy", Action("destroy", confirm=True),
        "Destroy the overcloud service containers, volumes and host "
        "configuration (kolla-ansible destroy)."),
    action_row(
        "overcloud container image pull", Action("pull"),
        "Pull the overcloud service container images (kolla-ansible pull)."),
    action_row(
        "overcloud database backup", Action("mariadb-backup"),
        "Back up the overcloud MariaDB databases (kolla-ansible "
        "mariadb-backup; a full backup unless --incremental).",
        (Option(("--incremental",), arg="--incremental", kwargs=dict(
            action="store_true", help="incremental backup (default: full)")),)),
    action_row(
        "overcloud database recover", Action("mariadb-recovery"),
        "Recover a completely stopped overcloud MariaDB cluster "
        "(kolla-ansible mariadb-recovery).",
        (Option(("--force-recovery-host",), "mariadb_recover_inventory_name",
                dict(metavar="HOST",
                     help="host to recover the cluster from (default: the "
                          "one with the latest data)")),)),
    action_row(
        "overcloud facts gather", Action("gather-facts"),
        "Gather facts of the overcloud hosts for kolla-ansible "
        "(kolla-ansible gather-facts)."),
    Row(words="overcloud post configure", groups=GROUPS,
        help="Post-deployment configuration: admin and public openrc files "
             "and clouds.yaml in the kolla configuration path (kolla-ansible "
             "post-deploy); then, when the overcloud runs Ironic, its "
             "inspection rules, the provisioning network in Neutron and, "
             "with ironic_serial_console_autoenable, the nodes' serial "
             "consoles.",
        action=Action("post-deploy"),
        steps=(Playbook("overcloud-post-configure", "localhost"),),
        procedure="post_configure:kolla_action_then_playbooks"),
    dataclasses.replace(action_row(
        "seed service deploy", Action("deploy-bifrost", inventory="seed"),
        "Deploy the seed's services: kayobe's own (the Docker registry when "
        "docker_registry_enabled), then bifrost (kolla-ansible "
        "deploy-bifrost), with bifrost.yml, dib.yml and servers.yml from "
        "the kayobe configuration."), **SEED_SERVICES),
    dataclasses.replace(action_row(
        "seed service upgrade", Action("upgrade-bifrost", inventory="seed"),
        "Upgrade the seed's services: kayobe's own (the Docker registry), "
        "then bifrost (kolla-ansible upgrade-bifrost)."), **SEED_SERVICES),
    dataclasses.replace(action_row(
        "seed service destroy",
        Action("destroy", inventory="seed", confirm=True),
        "Destroy the seed's services: the bifrost containers (kolla-ansible "
        "destroy with the seed inventory), then the Docker registry and its "
        "data."), **SEED_SERVICES_DESTROY),
)

ROWS = ACTION_ROWS + (
    Row(
        words="overcloud service configuration diff",
        help="Show what the kolla configuration would change.\n\n"
             "Prints a unified diff between the kolla configuration path "
             "and what generation would write now; nothing is written and "
             "no host is contacted.  Passwords are never shown.  With "
             "--rendered, kolla-ansible genconfig then runs in check and "
             "diff mode on that candidate configuration and shows how the "
             "services' rendered files on the hosts would change; the hosts "
             "are read, never changed (narrow it with -kt/-kl).",
        groups=GROUPS,
        options=(
            NODE_CONFIG_DIR,
            Option(("--rendered",), kwargs=dict(
                action="store_true",
                help="also show the changes to the services' rendered "
                     "configuration files on the hosts (kolla-ansible "
                     "genconfig --check --diff)")),
        ),
        procedure="kolla_procedures:configuration_diff",
        action=Action("genconfig"),
    ),
    Row(
        words="overcloud service configuration save",
        help="Save the overcloud services' configuration files from the "
             "hosts to a directory on the control host.",
        options=(
            Option(("--node-config-dir",), "node_config_directory", dict(
                default="/etc/kolla",
                help="configuration directory on the hosts (default "
                     "/etc/kolla)")),
            Option(("--output-dir",), "output_dir", dict(
                default="overcloud-config",
                help="directory to save into, one subdirectory per host "
                     "(default ./overcloud-config)")),
        ),
        steps=(Playbook("overcloud-service-config-save", "overcloud"),),
    ),
    Row(
        words="overcloud swift rings generate",
        help="Build or update the Swift rings.\n\n"
             "Builds the account, container and object rings from the block "
             "devices (swift_block_devices) of the swift_hosts with Swift's "
             "own ring builder on the control host, into kolla/config/swift "
             "of the kayobe configuration.  Existing rings are updated "
             "(devices added, removed or reweighted, then rebalanced), never "
             "rebuilt; unchanged rings are not rewritten.  With --check "
             "nothing is written.",
        procedure="kolla_procedures:swift_rings_generate",
    ),
    Row(
        words="overcloud service passwords view",
        help="Show the kolla passwords (needs the vault password).",
        groups=("config", "vault", "kolla"),
        procedure="kolla_procedures:passwords_view",
    ),
    Row(
        words="kolla ansible run",
        help="Run a kolla-ansible action or playbook with kayobe's "
             "generated kolla configuration.",
        groups=GROUPS,
        options=(
            Option(("--action",), kwargs=dict(
                default="deploy", help="kolla-ansible action (default "
                                       "deploy)")),
            Option(("--kolla-playbook",), kwargs=dict(
                metavar="PATH", help="run this playbook instead of the "
                                     "action's own")),
            Option(("--kolla-inventory-filename",), kwargs=dict(
                choices=("overcloud", "seed"), default="overcloud",
                help="inventory to use (default overcloud)")),
            CONFIRM,
        ),
        procedure="kolla_procedures:kolla_run",
    ),
)

# Destructive kolla-ansible actions: the operator confirms them.
DANGEROUS = frozenset(
    action.action for action in
    tuple(row.action for row in ROWS if row.action) + RUN_ONLY
    if action.confirm)
