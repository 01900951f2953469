"""Render a switch's candidate configuration for its ``switch_type``.

Each renderer takes the global lines and the (already selected) interface
mapping and returns a ``Rendered``: the global lines and each interface's
block as the device takes them (what ``--display`` prints), and ``text``,
the whole configuration the apply step sends.  Interfaces keep the order
of the operator's mapping.
"""

import dataclasses
import json

from kayobe.errors import InvalidValue

SWITCH_TYPES = ("arista", "dellos6", "dellos9", "dellos10", "dell-powerconnect",
                "junos", "mellanox", "nclu", "nvue", "openvswitch")
JUNOS_FORMATS = ("set", "text", "json")


@dataclasses.dataclass(frozen=True)
class Rendered:
    global_lines: list
    interfaces: dict
    text: str
    plan: dict | None = None   # openvswitch: the structured settings


def _lines(switch, where, value):
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidValue(f"{switch}: {where} must be a list of lines")
    return [str(line) for line in value]


def _config(switch, name, cfg):
    return _lines(switch, f"switch_interface_config[{name}].config",
                  cfg.get("config", []))


def _blocks(switch, interfaces, block, order=None):
    names = list(interfaces)
    if order:
        names = order(names)
    return {name: block(switch, name, interfaces[name]) for name in names}


def _join(global_lines, blocks):
    lines = list(global_lines)
    for block in blocks.values():
        lines += block
    return "\n".join(lines) + "\n" if lines else ""


def _simple(block, order=None):
    def render(switch, config, interfaces, options):
        global_lines = _lines(switch, "switch_config", config)
        blocks = _blocks(switch, interfaces, block, order)
        return Rendered(global_lines, blocks, _join(global_lines, blocks))
    return render


def _dellos9_block(switch, name, cfg):
    # OS9 takes its interface blocks indented by one space, each closed.
    lines = [f"interface {name}"]
    if cfg.get("description") is not None:
        lines.append(f" description {cfg['description']}")
    lines += [f" {line}" for line in _config(switch, name, cfg)]
    return lines + [" exit"]


def _vlans_last(names):
    # VLAN interfaces may refer to the ports, so the ports come first.
    return ([n for n in names if "vlan" not in str(n).lower()]
            + [n for n in names if "vlan" in str(n).lower()])


def _prefixed(verb, description_word, typed=False):
    """'<verb> <kind> NAME line' per line (NCLU, NVUE); NCLU's interfaces
    may name their ``type`` (e.g. bond), NVUE's are all 'interface'."""
    def block(switch, name, cfg):
        kind = cfg.get("type", "interface") if typed else "interface"
        prefix = f"{verb} {kind} {name}"
        lines = [f"{prefix} {line}" for line in _config(switch, name, cfg)]
        if cfg.get("description") is not None:
            line = f"{prefix} {description_word} {cfg['description']}"
            lines.append(line)
        return lines
    return block


def _mellanox_block(switch, name, cfg):
    lines = []
    if cfg.get("description") is not None:
        lines.append(f"interface {name} description {cfg['description']}")
    return lines + [f"interface {name} {line}"
                    for line in _config(switch, name, cfg)]


def _junos_set_block(switch, name, cfg):
    lines = []
    if cfg.get("description") is not None:
        lines.append(f'set interfaces {name} description "{cfg["description"]}"')
    for line in _config(switch, name, cfg):
        verb, _, rest = line.partition(" ")
        if verb not in ("set", "delete") or not rest:
            raise InvalidValue(
                f"{switch}: switch_interface_config[{name}]: junos 'set' "
                f"lines must start with 'set' or 'delete', not {line!r}")
        lines.append(f"{verb} interfaces {name} {rest}")
    return lines


def _junos_text_block(switch, name, cfg):
    lines = [f"    {name} {{"]
    if cfg.get("description") is not None:
        lines.append(f'        description "{cfg["description"]}";')
    lines += [f"        {line}" for line in _config(switch, name, cfg)]
    return lines + ["    }"]


def _junos(switch, config, interfaces, options):
    fmt = options.get("junos_config_format") or "text"
    if fmt not in JUNOS_FORMATS:
        raise InvalidValue(
            f"{switch}: switch_junos_config_format must be one of "
            f"{', '.join(JUNOS_FORMATS)}, not {fmt!r}")
    if fmt == "json":
        return _junos_json(switch, config, interfaces)
    global_lines = _lines(switch, "switch_config", config)
    if fmt == "set":
        blocks = _blocks(switch, interfaces, _junos_set_block)
        return Rendered(global_lines, blocks, _join(global_lines, blocks))
    blocks = _blocks(switch, interfaces, _junos_text_block)
    lines = list(global_lines)
    if blocks:
        lines.append("interfaces {")
        for block in blocks.values():
            lines += block
        lines.append("}")
    return Rendered(global_lines, blocks, "\n".join(lines) + "\n" if lines else "")


def _junos_json(switch, config, interfaces):
    # JSON format: the global config is a mapping merged at the top of the
    # configuration, each interface's config a mapping of its settings.
    document = {}
    if config:
        if not isinstance(config, dict):
            raise InvalidValue(
                f"{switch}: switch_config must be a mapping when "
                "switch_junos_config_format is json")
        document.update(config)
    entries = {}
    for name, cfg in interfaces.items():
        settings = cfg.get("config") or {}
        if not isinstance(settings, dict):
            raise InvalidValue(
                f"{switch}: switch_interface_config[{name}].config must be a "
                "mapping when switch_junos_config_format is json")
        entry = {"name": name}
        if cfg.get("description") is not None:
            entry["description"] = cfg["description"]
        entry.update(settings)
        entries[name] = entry
    if entries:
        document.setdefault("interfaces", {})["interface"] = list(entries.values())
    text = json.dumps({"configuration": document}, indent=4, sort_keys=True)
    return Rendered(
        [json.dumps(config, sort_keys=True)] if config else [],
        {name: [json.dumps(entry, sort_keys=True)]
         for name, entry in entries.items()},
        text + "\n")


def _ovs_setting(switch, where, line):
    column, sep, value = line.partition("=")
    if not sep or not column.strip() or " " in column.strip():
        raise InvalidValue(
            f"{switch}: {where}: openvswitch lines are COLUMN=VALUE "
            f"(e.g. tag=10), not {line!r}")
    return [column.strip(), value.strip()]


def _openvswitch(switch, config, interfaces, options):
    bridge = options.get("openvswitch_bridge") or "br-switch"
    datapath = options.get("openvswitch_datapath_type") or "netdev"
    bridge_settings = [_ovs_setting(switch, "switch_config", line)
                       for line in _lines(switch, "switch_config", config)]
    global_lines = [f"--may-exist add-br {bridge}",
                    f"set bridge {bridge} datapath_type={datapath}"]
    global_lines += [f"set bridge {bridge} {c}={v}" for c, v in bridge_settings]
    ports, blocks = [], {}
    for name, cfg in interfaces.items():
        where = f"switch_interface_config[{name}]"
        settings = [_ovs_setting(switch, where, line)
                    for line in _config(switch, name, cfg)]
        if cfg.get("description") is not None:
            settings.append(["external_ids:description",
                             json.dumps(str(cfg["description"]))])
        ports.append({"name": str(name), "settings": settings})
        blocks[name] = ([f"--may-exist add-port {bridge} {name}"]
                        + [f"set port {name} {c}={v}" for c, v in settings])
    plan = {"bridge": bridge, "datapath_type": datapath,
            "bridge_settings": bridge_settings, "ports": ports}
    return Rendered(global_lines, blocks, _join(global_lines, blocks), plan)


def _dell_block(switch, name, cfg):
    # OS6, OS10 and PowerConnect: flat lines, each block closed by 'exit'.
    lines = [f"interface {name}"]
    if cfg.get("description") is not None:
        lines.append(f"description {cfg['description']}")
    return lines + _config(switch, name, cfg) + ["exit"]


def _arista_block(switch, name, cfg):
    lines = [f"interface {name}"]
    if cfg.get("description") is not None:
        lines.append(f"   description {cfg['description']}")
    return lines + [f"   {line}" for line in _config(switch, name, cfg)]


RENDERERS = {
    "arista": _simple(_arista_block),
    "dellos6": _simple(_dell_block),
    "dellos9": _simple(_dellos9_block, order=_vlans_last),
    "dellos10": _simple(_dell_block),
    "dell-powerconnect": _simple(_dell_block),
    "junos": _junos,
    "mellanox": _simple(_mellanox_block),
    "nclu": _simple(_prefixed("add", "alias", typed=True)),
    "nvue": _simple(_prefixed("set", "description")),
    "openvswitch": _openvswitch,
}


def check_type(switch, switch_type):
    """``switch_type``, or an error naming the switch."""
    if switch_type is None or switch_type == "":
        raise InvalidValue(
            f"{switch}: switch_type is not set; set it to one of "
            f"{', '.join(SWITCH_TYPES)}")
    if switch_type not in RENDERERS:
        raise InvalidValue(
            f"{switch}: switch_type {switch_type!r} is not one of "
            f"{', '.join(SWITCH_TYPES)}")
    return switch_type


def render(switch, switch_type, config, interfaces, options=None):
    """The ``Rendered`` configuration of ``switch``."""
    renderer = RENDERERS[check_type(switch, switch_type)]
    return renderer(switch, config, interfaces, dict(options or {}))
