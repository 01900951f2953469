"""Which custom configuration files reach kolla-ansible, and how each is
made from its layers: upstream Kayobe's include globs and rules
(``kolla_openstack_custom_config_include_globs``, ``..._rules``).

A file is taken only when an enabled include glob matches its path (under
``kolla/config``): a disabled service's files are left out.  Its strategy
is that of the enabled rule of lowest ``priority`` whose glob matches:

- ``copy``: the highest layer's file, not rendered;
- ``template``: the highest layer's file, rendered;
- ``concat``: every layer's file, rendered, one after the other;
- ``merge_configs``: every layer's INI file, rendered, merged option-wise;
- ``merge_yaml``: every layer's YAML file, rendered, deeply merged.

A merge (``merge_configs``/``merge_yaml``) of a single file is a
``template``, as upstream.  Globs are path globs: ``*`` and ``?`` stay in one
path component, ``**`` as a whole component matches any number of them
(none included).
"""

import re

from kayobe import errors
from kayobe.variables import as_bool

STRATEGIES = ("copy", "template", "concat", "merge_configs", "merge_yaml")
MERGES = ("merge_configs", "merge_yaml")

# Without configured rules: INI and YAML merged, anything else templated.
DEFAULT_RULES = (
    {"glob": "**/*.conf", "strategy": "merge_configs", "priority": 2000},
    {"glob": "**/*.ini", "strategy": "merge_configs", "priority": 2000},
    {"glob": "**/*.yml", "strategy": "merge_yaml", "priority": 2000},
    {"glob": "**/*.yaml", "strategy": "merge_yaml", "priority": 2000},
    {"glob": "**", "strategy": "template", "priority": 65535},
)

_CACHE = {}


def glob_regex(pattern):
    """A compiled regex matching the relative paths ``pattern`` matches."""
    if pattern in _CACHE:
        return _CACHE[pattern]
    parts = pattern.strip("/").split("/")
    out = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        text = ""
        for char in part:
            if char == "*":
                text += "[^/]*"
            elif char == "?":
                text += "[^/]"
            else:
                text += re.escape(char)
        out.append(text if last else text + "/")
    regex = re.compile("".join(out) + r"\Z")
    _CACHE[pattern] = regex
    return regex


def matches(rel, pattern):
    return bool(glob_regex(pattern).match(rel))


def _entries(value, name, keys):
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise errors.ConfigError(f"variable '{name}' must be a list")
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or any(k not in entry for k in keys):
            raise errors.ConfigError(
                f"variable '{name}': item {index} needs {' and '.join(keys)}")
    return value


def include_globs(value, name="kolla_openstack_custom_config_include_globs"):
    """The enabled globs of the include list."""
    return [str(entry["glob"]) for entry in _entries(value, name, ("glob",))
            if as_bool(entry.get("enabled", False), f"{name}: {entry['glob']}")]


def rules(value, name="kolla_openstack_custom_config_rules"):
    """The enabled rules, lowest priority first (stable for equal ones)."""
    result = []
    for entry in _entries(value, name, ("glob", "strategy")):
        if not as_bool(entry.get("enabled", True), f"{name}: {entry['glob']}"):
            continue
        if entry["strategy"] not in STRATEGIES:
            raise errors.ConfigError(
                f"variable '{name}': glob '{entry['glob']}' has strategy "
                f"'{entry['strategy']}', not one of {', '.join(STRATEGIES)}")
        try:
            priority = int(entry.get("priority", 0))
        except (TypeError, ValueError):
            raise errors.ConfigError(
                f"variable '{name}': glob '{entry['glob']}' has a priority "
                "that is not a number") from None
        result.append((priority, str(entry["glob"]), entry["strategy"]))
    result.sort(key=lambda rule: rule[0])
    return [(glob, strategy) for _, glob, strategy in result]


def included(rel, globs):
    return globs is None or any(matches(rel, glob) for glob in globs)


def strategy(rel, rule_list, sources):
    """The strategy for ``rel`` with ``sources`` versions, or None when no
    rule matches (the file is then left out, as upstream)."""
    for glob, chosen in rule_list:
        if matches(rel, glob):
            if chosen in MERGES and sources == 1:
                return "template"
            return chosen
    return None
