"""Which interfaces a run configures, and with what.

Mirrors upstream's order: the discovery configuration is merged over the
interface configuration first (an interface named in it is replaced
whole, as Ansible's ``combine`` does), then one limit applies.
"""

from kayobe.errors import InvalidValue


def _split(value):
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


def check_interfaces(switch, interfaces, variable="switch_interface_config"):
    """The interfaces mapping of ``switch``, checked: name -> dict."""
    if interfaces is None:
        return {}
    if not isinstance(interfaces, dict):
        raise InvalidValue(
            f"{switch}: {variable} must be a mapping of interface names to "
            f"configuration, not {type(interfaces).__name__}")
    for name, config in interfaces.items():
        if not isinstance(config, dict):
            raise InvalidValue(
                f"{switch}: {variable}[{name}] must be a mapping with "
                "'description' and 'config'")
        lines = config.get("config", [])
        if not isinstance(lines, (list, tuple, dict)):
            raise InvalidValue(
                f"{switch}: {variable}[{name}].config must be a list of lines")
    return dict(interfaces)


def with_discovery(interfaces, overlay):
    """``interfaces`` with those of ``overlay`` added or replaced."""
    merged = dict(interfaces)
    merged.update(overlay)
    return merged


def select_names(interfaces, names):
    """The interfaces whose name is one of ``names``."""
    wanted = set(_split(names))
    return {name: cfg for name, cfg in interfaces.items() if str(name) in wanted}


def select_descriptions(interfaces, descriptions):
    """The interfaces whose description is one of ``descriptions``;
    interfaces marked ``ngs_trunk_port: false`` are left out, as upstream
    does (Neutron owns them)."""
    wanted = set(_split(descriptions))
    return {name: cfg for name, cfg in interfaces.items()
            if cfg.get("description") in wanted
            and cfg.get("ngs_trunk_port", True)}


def candidate_interfaces(switch, interfaces, enable_discovery=False,
                         disable_discovery=False, enable_config=None,
                         disable_config=None, interface_limit="",
                         description_limit=""):
    """The interface configuration a run applies to ``switch``."""
    if enable_discovery and disable_discovery:
        raise InvalidValue(
            "--enable-discovery and --disable-discovery are mutually exclusive")
    if _split(interface_limit) and _split(description_limit):
        raise InvalidValue(
            "--interface-limit and --interface-description-limit are "
            "mutually exclusive")
    result = check_interfaces(switch, interfaces)
    if enable_discovery:
        result = with_discovery(result, check_interfaces(
            switch, enable_config, "switch_interface_config_enable_discovery"))
    if disable_discovery:
        result = with_discovery(result, check_interfaces(
            switch, disable_config, "switch_interface_config_disable_discovery"))
    if _split(interface_limit):
        result = select_names(result, interface_limit)
    elif _split(description_limit):
        result = select_descriptions(result, description_limit)
    return result
