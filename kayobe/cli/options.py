"""Option groups shared by commands; each option is defined once, here."""

import os

from kayobe import config as kconfig
from kayobe import runner
from kayobe import vault

# group name -> (title, ((flags...), argparse kwargs), ...)
GROUPS = {
    "config": ("Kayobe configuration", (
        (("--config-path",), dict(
            default=os.environ.get("KAYOBE_CONFIG_PATH",
                                   kconfig.DEFAULT_CONFIG_PATH),
            help="path to the Kayobe configuration "
                 "(default: $KAYOBE_CONFIG_PATH or /etc/kayobe)")),
        (("--environment",), dict(
            default=os.environ.get("KAYOBE_ENVIRONMENT"),
            help="Kayobe environment to use (default: $KAYOBE_ENVIRONMENT)")),
    )),
    "ansible": ("Ansible", (
        (("-i", "--inventory"), dict(
            action="append", default=[],
            help="inventory to use instead of the configuration's (repeatable)")),
        (("-e", "--extra-vars"), dict(
            action="append", default=[], metavar="EXTRA_VARS",
            help="extra variables: key=value, YAML/JSON or @file (repeatable)")),
        (("-l", "--limit"), dict(
            metavar="SUBSET", help="further limit the hosts to this pattern")),
        (("-t", "--tags"), dict(help="only run plays and tasks with these tags")),
        (("--skip-tags",), dict(help="skip plays and tasks with these tags")),
        (("-C", "--check"), dict(
            action="store_true", help="do not make changes; predict them")),
        (("-D", "--diff"), dict(
            action="store_true", help="show the differences in changed files")),
        (("-b", "--become"), dict(
            action="store_true", help="run operations with become")),
        (("-lt", "--list-tasks"), dict(
            action="store_true", help="only list the tasks that would run")),
        (("--forks",), dict(
            type=int, help="number of hosts Ansible works on in parallel "
                           "(default 20)")),
        (("--retry-failed",), dict(
            action="store_true",
            help="run only on the hosts that failed or were unreachable in "
                 "the last run of this command")),
        (("-sh", "--skip-hooks"), dict(
            metavar="PATTERN",
            help="skip custom playbook hooks: 'all' or a file-name glob")),
    )),
    "kolla": ("Kolla Ansible", (
        (("--kolla-config-path",), dict(
            metavar="DIR",
            help="where to write the kolla-ansible configuration (default: "
                 "kolla_config_path, i.e. $KOLLA_CONFIG_PATH or /etc/kolla)")),
        (("--kolla-venv",), dict(
            metavar="DIR",
            help="kolla-ansible virtualenv (default: kolla_ansible_venv)")),
        (("-ke", "--kolla-extra-vars"), dict(
            action="append", default=[], metavar="EXTRA_VARS",
            help="extra variables for kolla-ansible (repeatable)")),
        (("-kl", "--kolla-limit"), dict(
            metavar="SUBSET",
            help="limit kolla-ansible to these hosts (with --limit: both)")),
        (("-kt", "--kolla-tags"), dict(
            metavar="TAGS", help="only run kolla-ansible tasks with these tags")),
        (("-kst", "--kolla-skip-tags"), dict(
            metavar="TAGS", help="skip kolla-ansible tasks with these tags")),
    )),
    "vault": ("Ansible Vault", (
        (("--vault-password-file",), dict(
            metavar="FILE", help="file holding the vault password")),
        (("--ask-vault-pass",), dict(
            action="store_true", help="prompt for the vault password")),
    )),
}


def add_groups(parser, names):
    """Add the named option groups to an argparse parser."""
    for name in names:
        title, options = GROUPS[name]
        group = parser.add_argument_group(title)
        for flags, kwargs in options:
            group.add_argument(*flags, **kwargs)


def get_config(parsed_args, with_environment=True):
    environment = parsed_args.environment if with_environment else None
    return kconfig.resolve(parsed_args.config_path, environment)


def get_run_options(parsed_args, verbose_level=1):
    """RunOptions from parsed args; groups a command lacks keep defaults.

    Ansible verbosity follows kayobe's own ``-v`` (each one beyond the
    first adds one to Ansible's).
    """
    args = vars(parsed_args)
    source = vault.select_source(args.get("vault_password_file"),
                                 args.get("ask_vault_pass", False))
    return runner.RunOptions(
        inventory=tuple(args.get("inventory") or ()),
        extra_vars=tuple(args.get("extra_vars") or ()),
        limit=args.get("limit"),
        tags=args.get("tags"),
        skip_tags=args.get("skip_tags"),
        check=args.get("check", False),
        diff=args.get("diff", False),
        become=args.get("become", False),
        verbose=max(verbose_level - 1, 0),
        list_tasks=args.get("list_tasks", False),
        forks=args.get("forks"),
        vault=source,
        skip_hooks=args.get("skip_hooks"),
        retry_failed=args.get("retry_failed", False),
    )


def get_kolla_options(parsed_args):
    """KollaOptions from the kolla option group of parsed args."""
    from kayobe.kolla import ansible as kansible
    args = vars(parsed_args)
    return kansible.KollaOptions(
        limit=args.get("kolla_limit"), tags=args.get("kolla_tags"),
        skip_tags=args.get("kolla_skip_tags"),
        extra_vars=tuple(args.get("kolla_extra_vars") or ()),
        config_path=args.get("kolla_config_path"), venv=args.get("kolla_venv"))
