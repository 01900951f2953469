"""Procedure of ``seed service deploy`` and ``seed service upgrade``:
kayobe's own seed services first, then kolla-ansible's bifrost action.

The seed's services that kayobe deploys itself (``seed-service-deploy.yml``:
the Docker registry) come before bifrost, whose images may be pulled from
that registry.  ``seed service destroy`` runs the other way round (see
``post_configure.kolla_action_then_playbooks``): bifrost's containers go
first, the registry and its data last.
"""

from kayobe.cli import kolla_procedures


def playbooks_then_kolla_action(command, parsed_args, config, options):
    """The row's playbook steps, then its kolla-ansible action."""
    from kayobe import engine
    from kayobe import errors
    from kayobe import paths
    from kayobe import vault
    from kayobe.kolla import passwords
    row = command.row
    engine.prepare(config, options)
    # The bifrost step needs the vault password: refuse before the seed's
    # services change rather than half way.
    if not vault.read_password(options.vault):
        raise errors.VaultError(passwords.NO_VAULT)
    engine.run_playbooks(
        config, options, row.words,
        [paths.playbook_path(name) for name in row.playbooks()],
        limit=row.limit, sentinel=row.sentinel)
    kolla_procedures.kolla_action(command, parsed_args, config, options)
