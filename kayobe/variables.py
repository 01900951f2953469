"""Resolve host variables in-process, as ansible-playbook would see them.

Used by ``configuration dump``: no connection to hosts and no playbook per
host.  Ansible is imported lazily, after the environment kayobe would give
ansible-playbook has been applied to this process (search paths, plugins).
"""

import json
import os

from kayobe import errors
from kayobe import runner
from kayobe import vault

# Magic variables that are the same for every host or describe the whole
# inventory; dumping them per host only repeats the inventory.
SKIPPED = frozenset({
    "hostvars", "groups", "omit", "vars", "environment", "play_hosts",
    "ansible_play_hosts", "ansible_play_hosts_all", "ansible_play_batch",
    "ansible_dependent_role_names", "ansible_play_role_names", "role_names",
    "ansible_role_names", "playbook_dir", "ansible_config_file",
    "ansible_version",
})


def extra_vars_args(config, options, typed=None):
    """The ``-e`` values ansible-playbook would get, in order."""
    argv = runner.build_playbook_argv("-", config, options, typed)
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == "-e"]


def _plain(value):
    """Tagged Ansible values and unknown objects to plain JSON types."""
    return json.loads(json.dumps(value, default=str))


def _template_vars(templar, variables, names):
    result = {}
    for name in names:
        value = variables[name]
        try:
            value = templar.template(value)
        except Exception:   # undefined or failing templates stay as written
            pass
        result[name] = value
    return result


def resolve(config, options, pattern="all", var_name=None, facts=False):
    """{host: {variable: value}} for the hosts matching ``pattern``."""
    os.environ.update(runner.build_environment(config, os.environ))
    if not facts:
        # Cached facts would otherwise be injected as ansible_* variables.
        os.environ["ANSIBLE_CACHE_PLUGIN"] = "memory"
    from ansible import context
    from ansible.inventory.manager import InventoryManager
    from ansible.module_utils.common.collections import ImmutableDict
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret
    from ansible.parsing.vault import VaultSecretsContext
    from ansible.plugins.loader import init_plugin_loader
    from ansible.template import Templar
    from ansible.vars.manager import VariableManager

    init_plugin_loader()
    loader = DataLoader()
    password = vault.read_password(options.vault)
    secrets = [("default", VaultSecret(password.encode()))] if password else []
    loader.set_vault_secrets(secrets)
    VaultSecretsContext.initialize(VaultSecretsContext(secrets))
    context.CLIARGS = ImmutableDict(
        extra_vars=tuple(extra_vars_args(config, options)))
    sources = runner.inventory_args(config, options)[1::2]
    inventory = InventoryManager(loader=loader, sources=sources)
    manager = VariableManager(loader=loader, inventory=inventory)
    hosts = inventory.get_hosts(pattern)
    if not hosts:
        raise errors.KayobeError(f"no host matches '{pattern}'")
    result = {}
    for host in hosts:
        variables = manager.get_vars(host=host, include_hostvars=False)
        names = [var_name] if var_name else [
            n for n in variables if n not in SKIPPED]
        missing = [n for n in names if n not in variables]
        if missing:
            raise errors.KayobeError(
                f"variable '{missing[0]}' is not defined for host {host.name}")
        templar = Templar(loader=loader, variables=variables)
        result[host.name] = _template_vars(templar, variables, names)
    return _plain(result)
