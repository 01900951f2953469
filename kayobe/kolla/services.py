"""Service configuration kayobe generates for kolla-ansible (pure functions).

From kayobe variables: Neutron's ML2 options and its generic switches
(``neutron/ml2_conf.ini``), Ironic's drivers, interfaces, networks, kernel
parameters and built-in inspection (``ironic.conf``), Nova's Ironic compute
host (an inventory group), and the globals these services take.  The files
sit below the operator's ``kolla/config`` files of every layer, so anything
the operator writes wins (as with upstream Kayobe's role templates).
"""

from kayobe import errors
from kayobe.kolla import merge
from kayobe.network import model
from kayobe.network.errors import NetworkError
from kayobe.variables import as_bool

# switch_type -> Networking Generic Switch device type.
DEVICE_TYPES = {
    "arista": "netmiko_arista_eos",
    "cisco-nxos": "netmiko_cisco_nxos",
    "dellos9": "netmiko_dell_force10",
    "dellos10": "netmiko_dell_os10",
    "dell-powerconnect": "netmiko_dell_powerconnect",
    "junos": "netmiko_juniper",
    "openvswitch": "netmiko_ovs_linux",
    "nclu": "netmiko_cumulus",
    "nvue": "netmiko_cumulus_nvue",
}
SWITCH_HOST_VARS = ("switch_type", "ansible_host", "ansible_user",
                    "ansible_ssh_pass")
SWITCH_OPTIONAL = ("password", "key_file", "secret")

# Ironic's dynamic driver interfaces, each with kolla_ironic_enabled_<i>_interfaces
# and kolla_ironic_default_<i>_interface.
IRONIC_INTERFACES = ("bios", "boot", "console", "deploy", "inspect",
                     "management", "network", "power", "raid", "rescue",
                     "storage", "vendor")


def _list(variables, name):
    value = variables.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise errors.ConfigError(f"variable '{name}' must be a list")
    return [item for item in value if item not in (None, "")]


def _mapping(variables, name, source="variable"):
    value = variables.get(name)
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise errors.ConfigError(f"{source} '{name}' must be a mapping")
    return value


def _enabled(variables, service):
    name = f"kolla_enable_{service}"
    return as_bool(variables.get(name, False), name)


def _section(options):
    """{option: [value]} of the options that have a value."""
    return {key: [str(value)] for key, value in options.items()
            if value is not None and value != ""}


def _ini(sections):
    return merge.render_ini({name: options for name, options in sections.items()
                             if options})


# Neutron ---------------------------------------------------------------------

def vlan_ranges(ranges):
    """``network_vlan_ranges``: physnet[:min:max] entries, comma-joined."""
    items = []
    for entry in ranges:
        if not isinstance(entry, dict) or not entry.get("physical_network"):
            raise errors.ConfigError(
                "variable 'kolla_neutron_ml2_network_vlan_ranges': each item "
                "needs a physical_network")
        text = str(entry["physical_network"])
        if entry.get("range"):
            text += f":{entry['range']}"
        items.append(text)
    return ",".join(items)


def trunk_ports(interface_config, hosts):
    """Ports of a switch whose description names one of ``hosts`` and
    that are trunks (no ``ngs_trunk_port: false``), in the switch's order."""
    return [name for name, config in (interface_config or {}).items()
            if isinstance(config, dict)
            and config.get("description") in hosts
            and as_bool(config.get("ngs_trunk_port", True), name)]


def switch_from_host(name, host, trunk_hosts):
    """One generic switch from a switch host's variables."""
    missing = [v for v in SWITCH_HOST_VARS if host.get(v) in (None, "")]
    if missing:
        raise errors.ConfigError(
            f"host '{name}' in kolla_neutron_ml2_generic_switch_hosts has no "
            f"{', '.join(missing)}")
    switch_type = host["switch_type"]
    if switch_type not in DEVICE_TYPES:
        raise errors.ConfigError(
            f"host '{name}': switch_type '{switch_type}' has no generic switch "
            f"device type (one of {', '.join(sorted(DEVICE_TYPES))})")
    interfaces = _mapping(host, "switch_interface_config", f"host '{name}'")
    switch = {"name": name, "device_type": DEVICE_TYPES[switch_type],
              "ip": host["ansible_host"], "username": host["ansible_user"],
              "password": host["ansible_ssh_pass"],
              "ngs_trunk_ports": ",".join(trunk_ports(interfaces, trunk_hosts))}
    switch.update(_mapping(host, "kolla_neutron_ml2_generic_switch_extra",
                           f"host '{name}'"))
    return switch


def generic_switches(variables, host_vars):
    """The given switches, then one per switch host."""
    switches = list(_list(variables, "kolla_neutron_ml2_generic_switches"))
    trunk_hosts = set(_list(variables,
                            "kolla_neutron_ml2_generic_switch_trunk_port_hosts"))
    for name in _list(variables, "kolla_neutron_ml2_generic_switch_hosts"):
        switches.append(switch_from_host(name, host_vars(name), trunk_hosts))
    return switches


def switch_section(switch):
    for key in ("name", "device_type", "ip", "username"):
        if switch.get(key) in (None, ""):
            raise errors.ConfigError(
                f"kolla_neutron_ml2_generic_switches: switch "
                f"{switch.get('name', '?')!r} has no {key}")
    options = {key: switch[key] for key in ("device_type", "ip", "username")}
    options.update({key: switch.get(key) for key in SWITCH_OPTIONAL})
    options.update({key: value for key, value in switch.items()
                    if key.startswith("ngs_")})
    return f"genericswitch:{switch['name']}", _section(options)


def ml2_conf(variables, host_vars):
    """neutron/ml2_conf.ini text, or None when there is nothing to say."""
    ml2 = _section({
        "mechanism_drivers": ",".join(
            _list(variables, "kolla_neutron_ml2_mechanism_drivers")),
        "extension_drivers": ",".join(
            _list(variables, "kolla_neutron_ml2_extension_drivers")),
    })
    sections = {"ml2": ml2, "ml2_type_vlan": _section({
        "network_vlan_ranges": vlan_ranges(
            _list(variables, "kolla_neutron_ml2_network_vlan_ranges"))})}
    for switch in generic_switches(variables, host_vars):
        if not isinstance(switch, dict):
            raise errors.ConfigError(
                "kolla_neutron_ml2_generic_switches: each switch must be a mapping")
        name, options = switch_section(switch)
        sections[name] = options
    return _ini(sections) or None


def neutron_globals(variables):
    """kolla-ansible globals from the ML2 type driver lists."""
    result = {}
    for kolla_name, name in (
            ("neutron_type_drivers", "kolla_neutron_ml2_type_drivers"),
            ("neutron_tenant_network_types",
             "kolla_neutron_ml2_tenant_network_types")):
        values = _list(variables, name)
        if values:
            result[kolla_name] = ",".join(dict.fromkeys(values))
    return result


# Ironic ----------------------------------------------------------------------

def _joined(variables, name, sep=","):
    return sep.join(str(v) for v in _list(variables, name))


def ironic_conf(variables):
    """ironic.conf text: drivers and interfaces, Neutron networks, the
    nodes' kernel command line and Ironic's built-in inspection."""
    default = {"enabled_hardware_types":
               _joined(variables, "kolla_ironic_enabled_hardware_types")}
    for interface in IRONIC_INTERFACES:
        default[f"enabled_{interface}_interfaces"] = _joined(
            variables, f"kolla_ironic_enabled_{interface}_interfaces")
        default[f"default_{interface}_interface"] = variables.get(
            f"kolla_ironic_default_{interface}_interface")
    sections = {
        "DEFAULT": _section(default),
        "neutron": _section({
            "cleaning_network": variables.get("kolla_ironic_cleaning_network"),
            "provisioning_network":
                variables.get("kolla_ironic_provisioning_network"),
        }),
        "pxe": _section({"kernel_append_params": _joined(
            variables, "kolla_ironic_pxe_append_params", " ")}),
        "inspector": _section({
            "hooks": _joined(variables, "inspector_hooks"),
            "add_ports": variables.get("inspector_add_ports"),
            "keep_ports": variables.get("inspector_keep_ports"),
            "extra_kernel_params": _joined(
                variables, "inspector_extra_kernel_options", " "),
        }),
    }
    if as_bool(variables.get("inspector_enable_discovery", False),
               "inspector_enable_discovery"):
        sections["auto_discovery"] = _section({
            "enabled": "True",
            "driver": variables.get("inspector_discovery_enroll_node_driver"),
        })
    return _ini(sections)


def ironic_globals(variables):
    """kolla-ansible globals of Ironic's dnsmasq: the DHCP range of the
    inspection network's inspection pool (kolla-ansible has none by
    default and cannot render dnsmasq.conf without one)."""
    result = {}
    net = variables.get("inspection_net_name")
    if net:
        try:
            start = model.net_inspection_allocation_pool_start(variables, net)
            end = model.net_inspection_allocation_pool_end(variables, net)
            if start and end:
                mask = model.net_mask(variables, net)
                entry = {"range": ",".join(str(p) for p in (start, end, mask) if p)}
                gateway = (model.net_inspection_gateway(variables, net)
                           or model.net_gateway(variables, net))
                if gateway:
                    entry["routers"] = str(gateway)
                result["ironic_dnsmasq_dhcp_ranges"] = [entry]
        except NetworkError as exc:
            raise errors.ConfigError(str(exc)) from None
    return result


# Nova ------------------------------------------------------------------------

def nova_compute_ironic_host(variables, known_hosts):
    """The host of kolla-ansible's nova-compute-ironic group, or None."""
    host = variables.get("kolla_nova_compute_ironic_host")
    if host in (None, ""):
        return None
    if host not in known_hosts:
        raise errors.ConfigError(
            f"variable 'kolla_nova_compute_ironic_host': '{host}' is not a "
            "host of the inventory")
    return host


# All -------------------------------------------------------------------------

def generated_config(variables, host_vars):
    """{path under kolla/config: text} for the enabled services."""
    files = {}
    if _enabled(variables, "neutron"):
        text = ml2_conf(variables, host_vars)
        if text:
            files["neutron/ml2_conf.ini"] = text
    if _enabled(variables, "ironic"):
        files["ironic.conf"] = ironic_conf(variables)
    return files


def service_globals(variables):
    """Globals the service variables set (below kolla_globals_extra)."""
    result = {}
    if _enabled(variables, "neutron"):
        result.update(neutron_globals(variables))
    if _enabled(variables, "ironic"):
        result.update(ironic_globals(variables))
    return result
