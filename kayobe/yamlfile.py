"""Read the operator's YAML files with errors that name file and line."""

import yaml

from kayobe import errors

VAULT_HEADER = "$ANSIBLE_VAULT;"

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader that accepts Ansible's tags without interpreting them."""


def _tagged(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_Loader.add_multi_constructor("!", _tagged)


def parse(text, name):
    """Parse YAML text; ``name`` is used in the error message."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}" if mark else str(name)
        problem = exc.problem or exc.context or "invalid YAML"
        raise errors.ConfigError(f"{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise errors.ConfigError(f"{name}: invalid YAML: {exc}") from None


def read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.ConfigError(f"{path}: cannot read: {exc}") from None


def load(path):
    """Load a YAML file; a whole-file vault-encrypted one is an error here."""
    text = read_text(path)
    if text.startswith(VAULT_HEADER):
        raise errors.ConfigError(f"{path}: is vault-encrypted")
    return parse(text, path)


def check(path):
    """Parse a file for errors; return True if it holds vault-encrypted data."""
    text = read_text(path)
    if text.startswith(VAULT_HEADER):
        return True
    parse(text, path)
    return "!vault" in text
