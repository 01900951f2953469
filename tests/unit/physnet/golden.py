"""The --display golden cases over the ten-switch inventory.

Shared by the unit test (pure rendering) and the functional test (the
real command through ansible-playbook): both must produce the same text,
``data/display/<case>.txt``.  ``UPDATE_GOLDEN=1`` rewrites the files.
"""

import pathlib
import re

import yaml

from kayobe.physnet import candidate

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN_DIR = HERE / "data" / "display"
INVENTORY = (HERE.parent.parent / "functional" / "data" / "physical-network"
             / "config" / "inventory")

# case -> (CLI arguments, candidate options)
CASES = {
    "plain": ((), {}),
    "enable-discovery": (("--enable-discovery",), {"enable_discovery": True}),
    "disable-discovery": (("--disable-discovery",),
                          {"disable_discovery": True}),
    "interface-limit": (
        ("--interface-limit", "Ethernet2,Gi1/0/1,eth2,swp1,xe-0/0/2"),
        {"interface_limit": "Ethernet2,Gi1/0/1,eth2,swp1,xe-0/0/2"}),
    "description-limit": (
        ("--interface-description-limit", "compute0,compute1",
         "--enable-discovery"),
        {"description_limit": "compute0,compute1", "enable_discovery": True}),
}

_REF = re.compile(r"^\{\{\s*(\w+)\s*\}\}$")


def _resolve(value, scope):
    """The inventory's only templating: whole-value '{{ name }}' refs."""
    if isinstance(value, str) and _REF.match(value):
        return _resolve(scope[_REF.match(value).group(1)], scope)
    if isinstance(value, dict):
        return {k: _resolve(v, scope) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, scope) for v in value]
    return value


def switches():
    """switch -> its resolved variables, sorted by name."""
    group = yaml.safe_load((INVENTORY / "group_vars" / "switches").read_text())
    result = {}
    for path in sorted((INVENTORY / "host_vars").iterdir()):
        scope = dict(group)
        scope.update(yaml.safe_load(path.read_text()))
        result[path.name] = _resolve(scope, scope)
    return result


def display_text(per_switch):
    """The golden text from switch -> display lines."""
    return "\n\n".join("\n".join(per_switch[name])
                       for name in sorted(per_switch)) + "\n"


def render_case(options):
    """The golden text of one case, rendered in Python."""
    per_switch = {}
    for name, hv in switches().items():
        opts = dict(options)
        opts.update(
            enable_config=hv.get("switch_interface_config_enable_discovery", {}),
            disable_config=hv.get("switch_interface_config_disable_discovery",
                                  {}),
            junos_config_format=hv.get("switch_junos_config_format", "text"),
            openvswitch_bridge=hv.get("switch_openvswitch_bridge"),
            openvswitch_datapath_type=hv.get("switch_openvswitch_datapath_type"))
        result = candidate.candidate(
            name, hv.get("switch_type"), hv.get("switch_config", []),
            hv.get("switch_interface_config", {}), opts)
        per_switch[name] = candidate.display(name, result)
    return display_text(per_switch)


def golden_path(case):
    return GOLDEN_DIR / f"{case}.txt"
