"""ironic-inspector introspection rules as Ironic built-in inspection rules.

Upstream Kayobe's ``inspector_rule_*`` variables, and operators' own rules
written for it, use ironic-inspector's schema: conditions
``{field: "node://driver_info.x", op, value, invert}`` and actions
``{action, path, value}`` whose values refer to ``{data[...]}``.  The
overcloud runs Ironic's built-in inspection instead, whose rules use
``{op, args}`` for both and refer to ``{node.x}``, ``{inventory[x]}`` and
``{plugin_data[x]}``.  ``translate`` rewrites one rule; a condition or
action already in Ironic's schema (``op`` with ``args``) is kept as it is, so
rules of either schema, or a mix, work.  Pure: tested as data.
"""

import re

try:
    from ansible.module_utils import kayobe_secrets as secrets
except ImportError:  # imported from the kayobe package, not by Ansible
    from kayobe import secrets


class RuleTranslationError(ValueError):
    """A rule uses something Ironic's inspection rules cannot express."""


# ironic-inspector condition op -> (Ironic op, inverted, argument layout).
# Ironic has no ne/le/ge: they are the inversions of eq/gt/lt.
CONDITIONS = {
    "eq": ("eq", False, "values"),
    "ne": ("eq", True, "values"),
    "lt": ("lt", False, "values"),
    "gt": ("gt", False, "values"),
    "le": ("gt", True, "values"),
    "ge": ("lt", True, "values"),
    "is-empty": ("is-empty", False, "value"),
    "is-true": ("is-true", False, "value"),
    "is-false": ("is-false", False, "value"),
    "is-none": ("is-none", False, "value"),
    "matches": ("matches", False, "regex"),
    "contains": ("contains", False, "regex"),
    "in-net": ("in-net", False, "net"),
}

# ironic-inspector action -> (Ironic op, {inspector arg: Ironic arg}).
ACTIONS = {
    "set-attribute": ("set-attribute", {"path": "path", "value": "value"}),
    "extend-attribute": ("extend-attribute",
                         {"path": "path", "value": "value", "unique": "unique"}),
    "add-trait": ("add-trait", {"name": "name"}),
    "remove-trait": ("remove-trait", {"name": "name"}),
    "set-capability": ("set-capability", {"name": "name", "value": "value"}),
    "fail": ("fail", {"message": "msg"}),
}

# A path made only of names joined by dots: wildcards and JSON path
# expressions (ironic-inspector's 'multiple') have no Ironic equivalent.
_PATH = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")
# {data[...]...} references inside an action value.
_DATA_REF = re.compile(r"\{data((?:\[[^\[\]{}]*\])*)\}")
_KEY = re.compile(r"\[([^\[\]]*)\]")


def _data_keys(keys):
    """Ironic reference of ironic-inspector data keys (already split).

    Inspector's data held the inventory under 'inventory' and the processing
    results beside it; Ironic keeps them apart (inventory, plugin_data), and
    its LLDP hook writes parsed_lldp[<if>] instead of
    all_interfaces[<if>][lldp_processed].
    """
    if keys and keys[0] == "inventory":
        return "inventory" + "".join(f"[{k}]" for k in keys[1:])
    if (len(keys) >= 3 and keys[0] == "all_interfaces"
            and keys[2] == "lldp_processed"):
        keys = ["parsed_lldp", keys[1]] + list(keys[3:])
    return "plugin_data" + "".join(f"[{k}]" for k in keys)


def field_reference(field):
    """'node://driver_info.x' -> '{node.driver_info[x]}', and for data."""
    text = str(field)
    scheme, sep, path = text.partition("://")
    if not sep:
        # ironic-inspector reads a field without a scheme as data.
        scheme, path = "data", text
    if not _PATH.match(path):
        raise RuleTranslationError(f"field '{text}' is not a plain dotted path")
    keys = path.split(".")
    if scheme == "node":
        return "{node." + keys[0] + "".join(f"[{k}]" for k in keys[1:]) + "}"
    if scheme == "data":
        return "{" + _data_keys(keys) + "}"
    raise RuleTranslationError(f"field '{text}' has an unknown scheme")


def value_references(value):
    """Rewrite {data[...]} references of an action value for Ironic."""
    if isinstance(value, str):
        def swap(match):
            keys = _KEY.findall(match.group(1))
            if not keys:
                raise RuleTranslationError(
                    "value '{data}' (all the data) has no single Ironic "
                    "equivalent")
            return "{" + _data_keys(keys) + "}"
        return _DATA_REF.sub(swap, value)
    if isinstance(value, dict):
        return {k: value_references(v) for k, v in value.items()}
    if isinstance(value, list):
        return [value_references(v) for v in value]
    return value


def _is_ironic(item, inspector_key):
    return isinstance(item, dict) and "op" in item and inspector_key not in item


def condition(item):
    """One ironic-inspector condition as an Ironic one."""
    if _is_ironic(item, "field"):
        return item
    if not isinstance(item, dict) or "field" not in item:
        raise RuleTranslationError("a condition needs a field or an op")
    op = str(item.get("op", ""))
    if op not in CONDITIONS:
        raise RuleTranslationError(f"condition op '{op}' has no Ironic equivalent")
    if item.get("multiple") not in (None, "any", "first"):
        raise RuleTranslationError(
            f"condition op '{op}': multiple '{item['multiple']}' has no "
            "Ironic equivalent")
    name, inverted, layout = CONDITIONS[op]
    ref = field_reference(item["field"])
    if layout == "values":
        args = {"values": [ref, item.get("value")]}
    elif layout == "regex":
        args = {"value": ref, "regex": item.get("value")}
    elif layout == "net":
        args = {"address": ref, "subnet": item.get("value")}
    else:
        args = {"value": ref}
    if bool(item.get("invert")) != inverted:
        name = "!" + name
    return {"op": name, "args": args}


def actions(item):
    """One ironic-inspector action as Ironic actions (a list: one may become
    two)."""
    if _is_ironic(item, "action"):
        return [item]
    if not isinstance(item, dict) or "action" not in item:
        raise RuleTranslationError("an action needs an action or an op")
    name = str(item["action"])
    if name not in ACTIONS:
        raise RuleTranslationError(f"action '{name}' has no Ironic equivalent")
    op, names = ACTIONS[name]
    unknown = sorted(set(item) - set(names) - {"action"})
    if unknown:
        raise RuleTranslationError(
            f"action '{name}' has unknown arguments {', '.join(unknown)}")
    args = {names[k]: v for k, v in item.items() if k in names}
    if "path" in args:
        args["path"] = "/" + str(args["path"]).lstrip("/")
    if op == "set-attribute" and args.get("value") == "{data}":
        # Inspector's whole data is Ironic's inventory and plugin data.
        return [{"op": op, "args": {"path": f"{args['path']}/{part}",
                                    "value": "{" + part + "}"}}
                for part in ("inventory", "plugin_data")]
    if "value" in args:
        args["value"] = value_references(args["value"])
    return [{"op": op, "args": args}]


def _secret(action):
    path = str((action.get("args") or {}).get("path", ""))
    return secrets.is_secret(path.rsplit("/", 1)[-1])


def translate(rule, where="inspector_rules[0]"):
    """``rule`` in Ironic's schema; a one-line error names the rule.

    Rules that set a password are sensitive even when they do not say so
    (upstream's credential rules do not), so Ironic never shows the value.
    """
    if not isinstance(rule, dict):
        return rule
    label = f"{where} ({rule.get('description', '?')})"
    out = dict(rule)
    try:
        out["conditions"] = [condition(c) for c in rule.get("conditions") or []]
        out["actions"] = [a for item in rule.get("actions") or []
                          for a in actions(item)]
    except RuleTranslationError as exc:
        raise RuleTranslationError(f"{label}: {exc}") from None
    if any(_secret(a) for a in out["actions"] if isinstance(a, dict)):
        out["sensitive"] = True
    return out
