"""Every host's variables, resolved in-process as ansible-playbook sees them.

No connection to hosts and no playbook per host: Ansible's inventory and
variable manager run in this process, after the environment kayobe gives
ansible-playbook (search paths, plugins) has been applied to it.  Values are
templated lazily, on first read, so callers that need a few variables of
hundreds of hosts template only those.  Used by ``configuration dump`` and
kolla configuration generation.
"""

import collections.abc
import contextlib
import functools
import json
import os

from kayobe import errors
from kayobe import paths
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


TRUE = frozenset({"true", "yes", "on", "1", "y"})
FALSE = frozenset({"false", "no", "off", "0", "n", ""})


def as_bool(value, name=None):
    """A variable's value as a boolean, read as Ansible reads one (``-e
    x=true`` gives a string).  Anything else is an error naming the
    variable: a typo must not silently read as false."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if text in TRUE or text in FALSE:
        return text in TRUE
    subject = f"variable '{name}'" if name else "a boolean variable"
    raise errors.InvalidValue(
        f"{subject} must be a boolean (true/false, yes/no, on/off, 1/0), "
        f"not {value!r}")


def extra_vars_args(config, options, typed=None):
    """The ``-e`` values ansible-playbook would get, in order."""
    argv = runner.build_playbook_argv("-", config, options, typed)
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == "-e"]


class HostVars(collections.abc.Mapping):
    """One host's variables; values are templated on first access.

    ``get`` of an undefined variable gives the default; a variable whose
    template fails is a ConfigError naming it and the host.
    """

    def __init__(self, name, raw, templar, variables=None):
        self.name = name
        self._raw = raw
        self._variables = raw if variables is None else variables
        self._templar = templar
        self._cache = {}

    def __getitem__(self, key):
        if key not in self._cache:
            if key not in self._raw:
                raise KeyError(key)
            self._templar.available_variables = self._variables
            try:
                value = self._templar.template(self._raw[key])
            except Exception as exc:   # Ansible raises many error types
                message = " ".join(str(exc).split())[:300]
                raise errors.ConfigError(
                    f"variable '{key}' of host {self.name}: {message}") from None
            self._cache[key] = _plain(value)
        return self._cache[key]

    def render(self, text, source):
        """Render a Jinja text (e.g. a config file) with these variables."""
        from ansible.template import trust_as_template
        self._templar.available_variables = self._variables
        try:
            value = self._templar.template(trust_as_template(text))
        except Exception as exc:   # Ansible raises many error types
            message = " ".join(str(exc).split())[:300]
            raise errors.ConfigError(f"{source}: {message}") from None
        return "" if value is None else str(value)

    def get_or_raw(self, key):
        """The templated value, or the value as written if templating fails."""
        try:
            return self[key]
        except errors.ConfigError:
            return _plain(self._raw[key])

    def __iter__(self):
        return iter(self._raw)

    def __len__(self):
        return len(self._raw)


def _plain(value):
    """Ansible's tagged types to plain JSON types (None stays None)."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    return json.loads(json.dumps(value, default=str))


class Inventory:
    """The kayobe inventory and a variable resolver over it."""

    def __init__(self, config, options, facts=False):
        self._shared_templar = None
        with _ansible_environment(config, facts):
            self._setup(config, options)

    def _setup(self, config, options):
        from ansible import context
        from ansible.inventory.manager import InventoryManager
        from ansible.module_utils.common.collections import ImmutableDict
        from ansible.parsing.dataloader import DataLoader
        from ansible.parsing.vault import VaultSecret
        from ansible.parsing.vault import VaultSecretsContext
        from ansible.plugins.loader import init_plugin_loader
        from ansible.vars.manager import VariableManager

        global _PLUGIN_LOADER_READY
        if not _PLUGIN_LOADER_READY:   # once per process, as Ansible expects
            init_plugin_loader()
            _PLUGIN_LOADER_READY = True
        # The plugin paths are read from the environment when Ansible is
        # first imported; a process that imported it earlier (a test run, a
        # long-lived caller) learns kayobe's and the configuration's here.
        from ansible.plugins.loader import add_all_plugin_dirs
        for base in [paths.ansible_dir()] + [
                layer / "ansible" for layer in config.layers]:
            if base.is_dir():
                add_all_plugin_dirs(str(base))
        self._loader = DataLoader()
        password = vault.read_password(options.vault)
        secrets = [("default", VaultSecret(password.encode()))] if password else []
        self._loader.set_vault_secrets(secrets)
        try:
            VaultSecretsContext.initialize(VaultSecretsContext(secrets))
        except Exception:   # already initialised in this process
            pass
        from ansible.utils import vars as ansible_vars
        # Ansible caches the extra vars once per process; this process may
        # resolve more than one configuration (tests, long-lived callers).
        ansible_vars.load_extra_vars.extra_vars = None
        context.CLIARGS = ImmutableDict(
            extra_vars=tuple(extra_vars_args(config, options)))
        sources = runner.inventory_args(config, options)[1::2]
        self._inventory = InventoryManager(loader=self._loader, sources=sources)
        self._manager = VariableManager(loader=self._loader,
                                        inventory=self._inventory)

    def groups(self):
        """{group: [host names]} (hosts in inventory order)."""
        return {name: list(hosts) for name, hosts in
                self._inventory.get_groups_dict().items()}

    def hosts(self, pattern="all"):
        return [h.name for h in self._inventory.get_hosts(pattern)]

    def host_vars(self, name):
        """A HostVars for ``name`` (``localhost`` may be implicit)."""
        host = self._inventory.get_host(name)
        if host is None:
            raise errors.KayobeError(f"no host {name} in the inventory")
        raw = self._manager.get_vars(host=host, include_hostvars=False)
        templar = self._templar(raw)
        return HostVars(name, raw, templar, _lazy(raw, templar))

    def _templar(self, raw):
        """One Templar for every host, compiling each template text once.

        Ansible compiles a template on every use; the same defaults are
        templated for every host, and compiling is most of the cost.  The
        cache is this templar's own (compiled templates belong to its
        environment); HostVars sets the variables before each use.
        """
        if self._shared_templar is None:
            from ansible.template import Templar
            self._shared_templar = Templar(loader=self._loader, variables=raw)
            engine = getattr(self._shared_templar, "_engine", None)
            compile_template = getattr(engine, "_compile_template", None)
            if compile_template is not None:
                engine._compile_template = functools.lru_cache(maxsize=4096)(
                    compile_template)
        return self._shared_templar


def resolve(config, options, pattern="all", var_name=None, facts=False):
    """{host: {variable: value}} for the hosts matching ``pattern``.

    A variable whose template fails is shown as written.  Hosts are shared
    out to one forked worker per CPU: templating is CPU-bound.
    """
    global _INVENTORY
    _INVENTORY = Inventory(config, options, facts=facts)
    hosts = _INVENTORY.hosts(pattern)
    if not hosts:
        raise errors.KayobeError(f"no host matches '{pattern}'")
    workers = min(os.cpu_count() or 1, max(len(hosts) // 20, 1))
    chunks = [(hosts[i::workers], var_name) for i in range(workers)]
    if workers == 1:
        parts = [_resolve_hosts(chunks[0])]
    else:
        import concurrent.futures
        import multiprocessing
        with concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_resolve_hosts, chunks))
    result = {}
    for part in parts:
        result.update(part)
    return {name: result[name] for name in hosts}


_INVENTORY = None
_PLUGIN_LOADER_READY = False


@contextlib.contextmanager
def _ansible_environment(config, facts):
    """The environment kayobe gives ansible-playbook, while Ansible loads.

    Ansible reads its settings when it is imported and its objects are made;
    afterwards this process's environment is put back, so nothing leaks to
    the commands it runs next (or to other tests of a test run).
    """
    saved = dict(os.environ)
    os.environ.update(runner.build_environment(config, os.environ))
    if not facts:
        # Cached facts would otherwise be injected as ansible_* variables.
        os.environ["ANSIBLE_CACHE_PLUGIN"] = "memory"
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _lazy(raw, templar):
    """The host's variables as Ansible's lazy mapping, made once per host.

    Given a plain dict, Ansible wraps every variable anew for each template
    it renders; given its own lazy mapping it uses it as it is, and each
    variable is rendered once per host however often others refer to it.
    These are Ansible internals: without them, the plain dict still works.
    """
    try:
        from ansible._internal._templating._engine import TemplateOptions
        from ansible._internal._templating._lazy_containers import (
            _AnsibleLazyTemplateMixin,
        )
        from ansible._internal._templating._utils import TemplateContext
        with TemplateContext(template_value=raw, templar=templar._engine,
                             options=TemplateOptions.DEFAULT):
            return _AnsibleLazyTemplateMixin._try_create(raw)
    except (ImportError, AttributeError, TypeError):
        return raw


def _resolve_hosts(chunk):
    hosts, var_name = chunk
    result = {}
    for name in hosts:
        host_vars = _INVENTORY.host_vars(name)
        if var_name and var_name not in host_vars:
            raise errors.KayobeError(
                f"variable '{var_name}' is not defined for host {name}")
        names = [var_name] if var_name else [
            n for n in host_vars if n not in SKIPPED]
        result[str(name)] = {str(n): host_vars.get_or_raw(n) for n in names}
    return result
