"""kolla-ansible rows: configuration generation and kolla-ansible actions.

Each action row first regenerates the kolla configuration (in Python, one
pass), then runs kolla-ansible as its own step.  ``ACTIONS`` maps a row's
words to the kolla-ansible action it runs.
"""

from kayobe.cli.table import Action, Option, Playbook, Row

GROUPS = ("config", "ansible", "vault", "kolla")
PROCEDURE = "kolla_procedures:kolla_action"

CONFIRM = Option(("--yes-i-really-really-mean-it",), kwargs=dict(
    action="store_true", dest="confirmed",
    help="confirm this destructive action"))
NODE_CONFIG_DIR = Option(("--node-config-dir",), kwargs=dict(
    metavar="DIR", help="where kolla-ansible writes service configuration "
                        "on the hosts (node_config_directory; default "
                        "kolla-ansible's /etc/kolla)"))

ACTIONS = {
    "overcloud service configuration generate": Action("genconfig"),
    "overcloud service configuration validate": Action("validate-config"),
    "overcloud service prechecks": Action("prechecks"),
    "overcloud service deploy": Action("deploy"),
    "overcloud service deploy containers": Action("deploy-containers"),
    "overcloud service reconfigure": Action("reconfigure"),
    "overcloud service upgrade": Action("upgrade"),
    "overcloud service stop": Action("stop", confirm=True),
    "overcloud service destroy": Action("destroy", confirm=True),
    "overcloud container image pull": Action("pull"),
    "overcloud database backup": Action("mariadb-backup"),
    "overcloud database recover": Action("mariadb-recovery"),
    "overcloud facts gather": Action("gather-facts"),
    "overcloud post configure": Action("post-deploy"),
    "seed service deploy": Action("deploy-bifrost", inventory="seed"),
    "seed service upgrade": Action("upgrade-bifrost", inventory="seed"),
    "seed service destroy": Action("destroy", inventory="seed", confirm=True),
}

HELP = {
    "overcloud service configuration validate":
        "Validate the overcloud services' configuration (kolla-ansible "
        "validate-config).",
    "overcloud service prechecks":
        "Run kolla-ansible's prechecks on the overcloud.",
    "overcloud service deploy":
        "Deploy the overcloud services (kolla-ansible deploy).",
    "overcloud service deploy containers":
        "Deploy and start the overcloud service containers without "
        "changing configuration (kolla-ansible deploy-containers).",
    "overcloud service reconfigure":
        "Reconfigure the overcloud services (kolla-ansible reconfigure).",
    "overcloud service upgrade":
        "Upgrade the overcloud services (kolla-ansible upgrade).",
    "overcloud service stop":
        "Stop the overcloud service containers (kolla-ansible stop).",
    "overcloud service destroy":
        "Destroy the overcloud service containers, volumes and host "
        "configuration (kolla-ansible destroy).",
    "overcloud container image pull":
        "Pull the overcloud service container images (kolla-ansible pull).",
    "overcloud database backup":
        "Back up the overcloud MariaDB databases (kolla-ansible "
        "mariadb-backup).",
    "overcloud database recover":
        "Recover a completely stopped overcloud MariaDB cluster "
        "(kolla-ansible mariadb-recovery).",
    "overcloud facts gather":
        "Gather facts of the overcloud hosts for kolla-ansible "
        "(kolla-ansible gather-facts).",
    "overcloud post configure":
        "Post-deployment configuration: admin and public openrc files and "
        "clouds.yaml in the kolla configuration path (kolla-ansible "
        "post-deploy).",
    "seed service deploy":
        "Deploy bifrost on the seed (kolla-ansible deploy-bifrost), with "
        "bifrost.yml, dib.yml and servers.yml from the kayobe "
        "configuration.",
    "seed service upgrade":
        "Upgrade bifrost on the seed (kolla-ansible upgrade-bifrost).",
    "seed service destroy":
        "Destroy the bifrost containers on the seed (kolla-ansible destroy "
        "with the seed inventory).",
}

GENERATE_HELP = (
    "Generate the kolla-ansible configuration and the services' "
    "configuration.\n\n"
    "Writes globals.yml, the overcloud and seed inventories, the "
    "vault-encrypted passwords.yml and the custom service configuration "
    "into the kolla configuration path (only files that changed), then "
    "runs kolla-ansible genconfig to render the services' configuration on "
    "the hosts without touching containers.")

ROW_OPTIONS = {
    "overcloud service configuration generate": (
        NODE_CONFIG_DIR,
        Option(("--skip-genconfig",), kwargs=dict(
            action="store_true",
            help="only write the kolla configuration path; do not run "
                 "kolla-ansible genconfig")),
    ),
    "overcloud database backup": (
        Option(("--incremental",), kwargs=dict(
            action="store_true",
            help="incremental backup (default: full)")),
    ),
    "overcloud database recover": (
        Option(("--force-recovery-host",), kwargs=dict(
            metavar="HOST",
            help="host to recover the cluster from (default: the one with "
                 "the latest data)")),
    ),
}


def _action_rows():
    for words, action in ACTIONS.items():
        options = ROW_OPTIONS.get(words, ())
        if action.confirm:
            options += (CONFIRM,)
        yield Row(words=words, help=HELP.get(words, GENERATE_HELP),
                  groups=GROUPS, options=options, procedure=PROCEDURE)


ROWS = tuple(_action_rows()) + (
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
