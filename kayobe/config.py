"""The operator's configuration tree: base path plus environment layers.

A layer is a directory with the same shape as ``$KAYOBE_CONFIG_PATH``:
``*.yml`` vars files, ``inventory/``, ``hooks/``, ``ansible/`` search paths,
``ansible.cfg``.  The base layer comes first; environment layers follow in
dependency order, so later layers win.
"""

import dataclasses
import os
import pathlib

from kayobe import errors
from kayobe import yamlfile

DEFAULT_CONFIG_PATH = "/etc/kayobe"
RESERVED_ENVIRONMENTS = frozenset({"kayobe"})
ENVIRONMENT_META = ".kayobe-environment"
# Directories under <layer>/ansible that extend Ansible's search paths.
SEARCH_PATH_KINDS = (
    "roles", "collections", "action_plugins", "callback_plugins",
    "filter_plugins", "lookup_plugins", "test_plugins", "library",
    "module_utils",
)


@dataclasses.dataclass(frozen=True)
class Config:
    """A resolved configuration: base path and ordered environment layers."""

    path: pathlib.Path
    environment: str | None = None
    environment_chain: tuple = ()

    @property
    def layers(self):
        """Layer directories, lowest precedence first."""
        return (self.path,) + tuple(
            environment_path(self.path, name) for name in self.environment_chain)

    @property
    def environment_path(self):
        if not self.environment:
            return None
        return environment_path(self.path, self.environment)

    def vars_files(self):
        """Operator vars files in precedence order (sorted within a layer).

        Files holding only comments (such as the example configuration's
        commented defaults) are left out: Ansible rejects an empty ``-e @``.
        """
        files = []
        for layer in self.layers:
            files += sorted(p for p in layer.glob("*.yml")
                            if p.is_file() and has_content(p))
        return files

    def inventories(self):
        """Operator inventory directories that exist, lowest precedence first."""
        return [layer / "inventory" for layer in self.layers
                if (layer / "inventory").is_dir()]

    def ansible_cfg(self):
        """The operator's ansible.cfg (the environment's wins), or None."""
        for layer in reversed(self.layers):
            if (layer / "ansible.cfg").is_file():
                return layer / "ansible.cfg"
        return None

    def search_paths(self, kind):
        """Operator directories for one Ansible search path, highest first."""
        return [layer / "ansible" / kind for layer in reversed(self.layers)
                if (layer / "ansible" / kind).is_dir()]

    def hook_dirs(self):
        return [layer / "hooks" for layer in self.layers]

    def extra_vars(self):
        """Variables kayobe always passes so playbooks know where they are."""
        env_path = self.environment_path
        return {
            "kayobe_config_path": str(self.path),
            "kayobe_env_config_path": str(env_path or self.path),
            "kayobe_environment": self.environment or "",
        }


def has_content(path):
    """True unless a YAML file holds only comments, blank lines and '---'."""
    with open(path, encoding="utf-8", errors="replace") as stream:
        return any(line.strip() and not line.lstrip().startswith("#")
                   and line.strip() != "---" for line in stream)


def environment_path(config_path, name):
    return pathlib.Path(config_path) / "environments" / name


def resolve(config_path=None, environment=None):
    """Build a Config from CLI/env values, checking paths and dependencies."""
    path = pathlib.Path(
        config_path or os.environ.get("KAYOBE_CONFIG_PATH") or DEFAULT_CONFIG_PATH)
    if not path.exists():
        raise errors.ConfigError(f"config path {path} does not exist")
    if not path.is_dir():
        raise errors.ConfigError(f"config path {path} is not a directory")
    path = path.resolve()
    if not environment:
        return Config(path)
    check_environment_name(environment)
    chain = environment_chain(path, environment)
    return Config(path, environment, tuple(chain))


def check_environment_name(name):
    if name in RESERVED_ENVIRONMENTS:
        raise errors.ConfigError(f"environment name '{name}' is reserved")
    if not name or "/" in name or name.startswith("."):
        raise errors.ConfigError(f"invalid environment name '{name}'")


def environment_dependencies(config_path, name):
    """The ``dependencies`` list from an environment's metadata file."""
    meta = environment_path(config_path, name) / ENVIRONMENT_META
    if not meta.is_file():
        return []
    data = yamlfile.load(meta) or {}
    deps = data.get("dependencies", []) if isinstance(data, dict) else None
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise errors.ConfigError(
            f"{meta}: 'dependencies' must be a list of environment names")
    return deps


def environment_chain(config_path, name):
    """Environments to apply for ``name``: dependencies first, then itself.

    Each environment appears once, at its first position; cycles and unknown
    names are errors.
    """
    chain = []

    def visit(env, stack):
        if env in stack:
            cycle = " -> ".join(stack[stack.index(env):] + [env])
            raise errors.ConfigError(f"environment dependency cycle: {cycle}")
        if not environment_path(config_path, env).is_dir():
            if stack:
                raise errors.ConfigError(
                    f"environment '{env}' (a dependency of '{stack[-1]}') does "
                    f"not exist in {config_path}/environments")
            raise errors.ConfigError(
                f"environment '{env}' does not exist in "
                f"{config_path}/environments")
        for dep in environment_dependencies(config_path, env):
            visit(dep, stack + [env])
        if env not in chain:
            chain.append(env)

    visit(name, [])
    return chain


def yaml_files(config):
    """Every YAML file the operator's configuration is made of."""
    files = list(config.vars_files())
    for layer in config.layers:
        inventory = layer / "inventory"
        files += sorted(p for p in inventory.glob("*.y*ml") if p.is_file())
        for sub in ("group_vars", "host_vars"):
            files += sorted(p for p in (inventory / sub).rglob("*")
                            if p.is_file() and not p.name.startswith("."))
    return files


def vars_files(config):
    """Files that must hold mappings of variables: the operator's vars
    files and the inventories' group_vars and host_vars."""
    files = list(config.vars_files())
    for layer in config.layers:
        for sub in ("group_vars", "host_vars"):
            files += sorted(p for p in (layer / "inventory" / sub).rglob("*")
                            if p.is_file() and not p.name.startswith("."))
    return files


def validate(config):
    """Parse every YAML file; return those holding vault-encrypted data."""
    return [path for path in yaml_files(config) if yamlfile.check(path)]
