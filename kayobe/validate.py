"""Checks of the operator's input made before any playbook starts.

Each failure is one ``ConfigError`` naming the file and line (or the
option) and why, so that nothing runs, and nothing is written, on input
Ansible would reject late, warn about and ignore, or die on with a
traceback.
"""

import ipaddress
import os
import pathlib
import re
import shlex

import yaml

from kayobe import errors
from kayobe import yamlfile

# Files Ansible leaves out of an inventory directory (its default
# inventory_ignore_extensions); INI files it would read are checked here.
IGNORED_SUFFIXES = (".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md",
                    ".txt", ".rst", ".orig", ".cfg", ".retry", ".ini")
YAML_SUFFIXES = (".yml", ".yaml", ".json")
SECTION = re.compile(r"^\[(?P<name>[^\]\s]+?)(?::(?P<kind>\w+))?\]\s*([#;].*)?$")
SECTION_KINDS = (None, "vars", "children", "hosts")
GROUP_KEYS = frozenset({"hosts", "vars", "children"})
KINDS = {list: "a list", str: "a string", int: "a number", float: "a number",
         bool: "a boolean"}


def error(where, what, why):
    return errors.ConfigError(f"{where}: {what} ({why})")


# --- options -------------------------------------------------------------

def check_limit(limit, option="--limit"):
    """A host pattern uses one separator; ``@file`` names a file."""
    if not limit:
        return
    if limit.startswith("@"):
        if not os.path.isfile(limit[1:]):
            raise errors.ConfigError(
                f"{option} {limit}: no such file (a limit file lists one "
                "host pattern a line)")
        return
    without_ranges = re.sub(r"\[[^\]]*\]", "", limit)
    if "," in without_ranges and ":" in without_ranges:
        raise errors.ConfigError(
            f"{option} '{limit}' mixes ',' and ':' separators (use one of them)")


def check_extra_vars(values, option="-e"):
    """Each value is key=value words, a YAML/JSON mapping or @file."""
    for value in values:
        if value.startswith("@"):
            path = pathlib.Path(value[1:])
            if not path.is_file():
                raise errors.ConfigError(f"{option} {value}: no such file")
            data = yamlfile.load(path)
            if data is not None and not isinstance(data, dict):
                raise error(path, "extra vars file is not a mapping",
                            f"{option} {value}")
        elif value[:1] and value[0] in "[{":
            data = yamlfile.parse(value, f"{option} {value!r}")
            if not isinstance(data, dict):
                raise errors.ConfigError(
                    f"{option} {value!r}: not a mapping of variables")
        else:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise errors.ConfigError(f"{option} {value!r}: {exc}") from None
            bare = [w for w in words if "=" not in w or w.startswith("=")]
            if not words or bare:
                raise errors.ConfigError(
                    f"{option} {value!r}: '{(bare or [value])[0]}' is not "
                    "key=value (give key=value words, a YAML/JSON mapping "
                    "or @file)")


def check_inventory_sources(sources):
    """Every ``-i`` source exists and parses."""
    for source in sources:
        path = pathlib.Path(source)
        if "," in source and not path.exists():
            continue    # a host list, as Ansible reads "a,b,"
        if not path.exists():
            raise errors.ConfigError(f"-i {source}: no such inventory")
        check_inventory(path)


# --- inventories ---------------------------------------------------------

def inventory_files(path):
    """The files Ansible reads from an inventory source."""
    path = pathlib.Path(path)
    if path.is_file():
        return [path]
    files = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith(".") or entry.name in ("group_vars", "host_vars"):
            continue
        if entry.is_dir():
            files += inventory_files(entry)
        elif not entry.name.endswith(IGNORED_SUFFIXES):
            files.append(entry)
    return files


def check_inventory(path):
    for file in inventory_files(path):
        if os.access(file, os.X_OK):
            check_inventory_script(file)
            continue
        if file.name.endswith(YAML_SUFFIXES):
            check_yaml_inventory(file)
        else:
            check_ini_inventory(file)


def check_inventory_script(path):
    """An inventory script runs and prints a JSON mapping for --list."""
    import json
    import subprocess
    try:
        result = subprocess.run([str(path), "--list"], capture_output=True,
                                text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise error(path, "inventory script did not run", exc) from None
    if result.returncode:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise error(path, f"inventory script exited with code "
                    f"{result.returncode}", last)
    try:
        data = json.loads(result.stdout)
    except ValueError as exc:
        raise error(path, "inventory script printed no JSON", exc) from None
    if not isinstance(data, dict):
        raise error(path, "inventory script printed no mapping",
                    "--list prints groups as a JSON object")


def check_yaml_inventory(path):
    data = yamlfile.load(path)
    if data is None:
        return
    if not isinstance(data, dict):
        raise error(path, "not an inventory",
                    "a YAML inventory is a mapping of group names")
    _check_group(path, data)


def _check_group(path, groups):
    for name, group in groups.items():
        if group is None:
            continue
        if not isinstance(group, dict):
            raise error(path, f"group '{name}' is not a mapping",
                        "a group holds hosts, vars and children")
        unknown = sorted(set(group) - GROUP_KEYS)
        if unknown:
            raise error(path, f"group '{name}' has key '{unknown[0]}'",
                        "only hosts, vars and children are allowed")
        for key in GROUP_KEYS:
            if group.get(key) is not None and not isinstance(group[key], dict):
                raise error(path, f"'{name}.{key}' is not a mapping",
                            f"{key} maps names to values")
        _check_group(path, group.get("children") or {})


def check_ini_inventory(path):
    """Ansible's INI inventory rules, with the line that breaks them."""
    text = yamlfile.read_text(path)
    kind = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        where = f"{path}:{number}"
        if line.startswith("["):
            match = SECTION.match(line)
            if not match or match.group("kind") not in SECTION_KINDS:
                raise error(where, f"bad section header {line!r}",
                            "expected [group], [group:vars] or [group:children]")
            kind = match.group("kind")
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise error(where, f"cannot split {line!r}", exc) from None
        if kind == "vars":
            if "=" not in line:
                raise error(where, f"expected key=value, got {line!r}",
                            "a :vars section holds group variables")
        elif kind == "children":
            if len(words) != 1:
                raise error(where, f"expected one group name, got {line!r}",
                            "a :children section lists groups")
        else:
            bad = [w for w in words[1:] if "=" not in w]
            if bad:
                raise error(where, f"expected key=value host variable, got "
                            f"{bad[0]!r}", "after a host name come its variables")


# --- configuration files -------------------------------------------------

def check_mappings(paths):
    """Vars files, group_vars and host_vars hold mappings."""
    for path in paths:
        text = yamlfile.read_text(path)
        if text.startswith(yamlfile.VAULT_HEADER):
            continue
        data = yamlfile.parse(text, path)
        if data is not None and not isinstance(data, dict):
            raise error(f"{path}:1", f"holds {KINDS.get(type(data), 'a value')}, "
                        "not a mapping", "a vars file maps variable names to values")


def _cfg_line(path, section, key):
    current = None
    for number, raw in enumerate(pathlib.Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            current = line.strip("[] ")
        elif current == section and re.match(rf"{re.escape(key)}\s*[=:]", line):
            return number
    return None


def check_ansible_cfg(path):
    """The values of ``path`` Ansible would read, typed as Ansible does."""
    from ansible.config.manager import ConfigManager
    from ansible.errors import AnsibleError
    try:
        manager = ConfigManager(conf_file=str(path))
    except AnsibleError as exc:
        raise error(path, "cannot read ansible.cfg", _first_line(exc)) from None
    for name, definition in manager.get_configuration_definitions().items():
        try:
            manager.get_config_value(name)
        except AnsibleError as exc:
            origin = _origin(manager, name)
            for ini in definition.get("ini") or ():
                number = _cfg_line(path, ini["section"], ini["key"])
                if number:
                    value = _ini_value(path, number)
                    raise error(f"{path}:{number}", f"{ini['key']} = {value}",
                                _cause(exc)) from None
            raise errors.ConfigError(
                f"{origin}: invalid value for {name} ({_cause(exc)})") from None


def _origin(manager, name):
    for env in manager.get_configuration_definitions()[name].get("env") or ():
        if env["name"] in os.environ:
            return f"${env['name']}"
    return name


def _ini_value(path, number):
    line = pathlib.Path(path).read_text().splitlines()[number - 1]
    return re.split(r"[=:]", line, maxsplit=1)[1].strip()


def _first_line(exc):
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _cause(exc):
    cause = exc.__cause__
    return _first_line(cause) if cause else _first_line(exc)


# --- vault ---------------------------------------------------------------

def vaulted_value(path):
    """(line, ciphertext) of the first vaulted value in ``path``, or None."""
    text = yamlfile.read_text(path)
    if text.startswith(yamlfile.VAULT_HEADER):
        return 1, text
    if "!vault" not in text:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if node.tag == "!vault" and isinstance(node, yaml.ScalarNode):
            return node.start_mark.line + 1, node.value
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None


def check_vault_password(paths, password):
    """The password opens the first vaulted value of each file."""
    from ansible.errors import AnsibleError
    from ansible.parsing.vault import VaultLib
    from ansible.parsing.vault import VaultSecret
    secrets = [("default", VaultSecret(password.encode()))]
    lib = VaultLib(secrets)
    for path in paths:
        found = vaulted_value(path)
        if not found:
            continue
        line, data = found
        try:
            lib.decrypt(data.strip().encode())
        except AnsibleError as exc:
            why = ("wrong vault password" if "no vault secrets" in str(exc).lower()
                   or "decrypt" in str(exc).lower() else _first_line(exc))
            raise errors.VaultError(
                f"{path}:{line}: the vault password does not decrypt this "
                f"value ({why})") from None


# --- kolla inputs --------------------------------------------------------

def check_vip(variables):
    """kolla-ansible needs an internal VIP address; VIPs are IP addresses."""
    value = variables.get("kolla_internal_vip_address")
    if value in (None, ""):
        raise errors.InvalidValue(
            "kolla_internal_vip_address is not set (kolla-ansible needs it: "
            "set it, or vip_address of the internal network)")
    for name in ("kolla_internal_vip_address", "kolla_external_vip_address"):
        value = variables.get(name)
        if value in (None, ""):
            continue
        try:
            ipaddress.ip_address(str(value))
        except ValueError:
            raise errors.InvalidValue(
                f"{name} '{value}' is not an IP address") from None
