"""Rows that run a kolla-ansible action and then kayobe playbooks.

``overcloud post configure`` is both: kolla-ansible post-deploy writes the
admin openrc and clouds.yaml, then kayobe's own post-deployment playbooks
register inspection rules, the provisioning network and serial consoles in
the overcloud (``ansible/overcloud-post-configure.yml``).
"""

from kayobe.cli import kolla_procedures


def kolla_action_then_playbooks(command, parsed_args, config, options):
    """The row's kolla-ansible action, then its playbook steps."""
    from kayobe import engine
    from kayobe import paths
    row = command.row
    kolla_procedures.kolla_action(command, parsed_args, config, options)
    if getattr(parsed_args, "skip_genconfig", False) or not row.steps:
        return
    engine.run_playbooks(
        config, options, row.words,
        [paths.playbook_path(name) for name in row.playbooks()],
        limit=row.limit, sentinel=row.sentinel)
