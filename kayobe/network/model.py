"""Named networks: attribute lookup, validation and interface types.

Every function takes ``variables``, one host's resolved variables (what
Ansible's ``hostvars[inventory_hostname]`` holds: any mapping with ``get``),
and a network name. Attributes are the variables ``<net>_<attr>``, e.g.
``internal_cidr`` or ``internal_interface``. An undefined attribute reads as
None. Validation failures raise :class:`NetworkError` naming the network and
the host.
"""

import re

import jinja2

from kayobe.network import addr
from kayobe.network.errors import NetworkError
from kayobe.variables import as_bool

# <parent>.<vid> with a VLAN ID of 1-4 digits and no leading zero.
VLAN_NAME = re.compile(
    r"^(?P<parent>[A-Za-z0-9_\-]+)\.(?P<vid>[1-9][0-9]{0,3})$")

MTU_RANGE = (68, 65535)
VLAN_RANGE = (1, 4094)

BOND_OPTIONS = (
    "bond_mode",
    "bond_miimon",
    "bond_updelay",
    "bond_downdelay",
    "bond_xmit_hash_policy",
    "bond_lacp_rate",
    "bond_ad_select",
)

RULE_KEYS = frozenset(("from", "to", "priority", "table"))
ROUTE_KEYS = frozenset(("cidr", "gateway", "table", "options"))


def _defined(value):
    if value is None or isinstance(value, jinja2.Undefined):
        return None
    return value


def host_name(variables):
    """Return the inventory hostname the variables belong to."""
    return _defined(variables.get("inventory_hostname")) or "<unknown>"


def describe(variables, net):
    """Return the "network 'x' on host 'y'" phrase used in errors."""
    return f"network '{net}' on host '{host_name(variables)}'"


def net_attr(variables, net, attr):
    """Return the variable ``<net>_<attr>``, or None when undefined."""
    return _defined(variables.get(f"{net}_{attr}"))


def _attr_getter(attr):
    def getter(variables, net):
        return net_attr(variables, net, attr)

    getter.__name__ = f"net_{attr}"
    getter.__doc__ = f"Return ``<net>_{attr}``, or None when undefined."
    return getter


# Attributes returned as configured.
net_interface = _attr_getter("interface")
net_physical_network = _attr_getter("physical_network")
net_fqdn = _attr_getter("fqdn")
net_macaddress = _attr_getter("macaddress")
net_bootproto = _attr_getter("bootproto")
net_defroute = _attr_getter("defroute")
net_ethtool_opts = _attr_getter("ethtool_opts")
net_zone = _attr_getter("zone")
net_allocation_pool_start = _attr_getter("allocation_pool_start")
net_allocation_pool_end = _attr_getter("allocation_pool_end")
net_inspection_allocation_pool_start = _attr_getter(
    "inspection_allocation_pool_start")
net_inspection_allocation_pool_end = _attr_getter(
    "inspection_allocation_pool_end")
net_inspection_gateway = _attr_getter("inspection_gateway")
net_neutron_allocation_pool_start = _attr_getter(
    "neutron_allocation_pool_start")
net_neutron_allocation_pool_end = _attr_getter("neutron_allocation_pool_end")
net_neutron_gateway = _attr_getter("neutron_gateway")
net_bond_mode = _attr_getter("bond_mode")
net_bond_miimon = _attr_getter("bond_miimon")
net_bond_updelay = _attr_getter("bond_updelay")
net_bond_downdelay = _attr_getter("bond_downdelay")
net_bond_xmit_hash_policy = _attr_getter("bond_xmit_hash_policy")
net_bond_lacp_rate = _attr_getter("bond_lacp_rate")
net_bond_ad_select = _attr_getter("bond_ad_select")


def net_bond_options(variables, net):
    """Return the defined bond options as {option: value}."""
    values = {opt: net_attr(variables, net, opt) for opt in BOND_OPTIONS}
    return {opt: value for opt, value in values.items() if value is not None}


def require_interface(variables, net):
    """Return the network's interface; fail when it is undefined."""
    interface = net_interface(variables, net)
    if not interface:
        raise NetworkError(
            f"{describe(variables, net)} has no interface "
            f"({net}_interface is undefined)")
    return interface


def net_no_ip(variables, net):
    """Return True when the network must not get an IP address."""
    return as_bool(net_attr(variables, net, "no_ip") or False)


# Fact set by ansible/ip-allocation.yml on every host of the run: the whole
# allocation file as it is after this run's allocation.  The file itself
# reaches Ansible as extra vars read when the command started, which no fact
# can override, so addresses allocated during the run are found here.
ALLOCATION_FACT = "kayobe_network_allocation"


def _ips(variables, net, source):
    ips = _defined(source) or {}
    if not hasattr(ips, "get"):
        raise NetworkError(
            f"{describe(variables, net)}: {net}_ips must map hosts to IPs")
    return ips


def net_ip(variables, net, host=None):
    """Return the IP of ``host`` (default: this host) on ``net``.

    ``<net>_ips`` wins; a host missing there is looked up in the
    allocation made earlier in the run (:data:`ALLOCATION_FACT`).
    """
    if net_no_ip(variables, net):
        return None
    host = host or host_name(variables)
    ip = _defined(_ips(variables, net, net_attr(variables, net, "ips")
                       ).get(host))
    if ip is None:
        allocated = _defined(variables.get(ALLOCATION_FACT)) or {}
        ip = _defined(_ips(variables, net, allocated.get(f"{net}_ips")
                           ).get(host))
    return ip


def net_hosts_ips(variables, net):
    """Return {host: ip} of every host with an IP on ``net``.

    Entries of ``<net>_ips`` win over those allocated during the run.
    """
    if net_no_ip(variables, net):
        return {}
    allocated = _defined(variables.get(ALLOCATION_FACT)) or {}
    result = dict(_ips(variables, net, allocated.get(f"{net}_ips")))
    result.update(_ips(variables, net, net_attr(variables, net, "ips")))
    return {str(h): str(ip) for h, ip in result.items()
            if _defined(ip) is not None}


def net_addressed_interfaces(variables, nets):
    """Return the interfaces given a static address by any of ``nets``."""
    interfaces = []
    for net in nets or []:
        if str(net_bootproto(variables, net) or "").lower() == "dhcp":
            continue
        if net_ip(variables, net) is not None:
            interfaces.append(require_interface(variables, net))
    return list(dict.fromkeys(interfaces))


def net_is_configured(variables, net):
    """Return True when the network has an interface on this host."""
    return bool(net and net_interface(variables, net))


def _network(variables, net):
    cidr = net_attr(variables, net, "cidr")
    if cidr is None:
        return None
    return addr.parse_network(cidr, describe(variables, net))


def net_cidr(variables, net):
    """Return the network's CIDR as configured, after validating it."""
    _network(variables, net)
    return net_attr(variables, net, "cidr")


def net_prefix(variables, net):
    """Return the prefix length of the network's CIDR, or None."""
    network = _network(variables, net)
    return None if network is None else network.prefixlen


def net_mask(variables, net):
    """Return the netmask of the network's CIDR, or None."""
    network = _network(variables, net)
    return None if network is None else str(network.netmask)


def net_address(variables, net):
    """Return this host's "<ip>/<prefix>" on the network, or None.

    The IP must lie inside the network's CIDR.
    """
    ip = net_ip(variables, net)
    if ip is None:
        return None
    network = _network(variables, net)
    what = f"{describe(variables, net)}: IP"
    if network is None:
        raise NetworkError(f"{what} {ip} has no {net}_cidr")
    addr.ip_in_network(ip, network, what)
    return f"{ip}/{network.prefixlen}"


def _ip_attr(variables, net, attr):
    """Return an IP-valued attribute, checked to lie inside the CIDR."""
    value = net_attr(variables, net, attr)
    if value is None:
        return None
    what = f"{describe(variables, net)}: {attr}"
    network = _network(variables, net)
    if network is None:
        addr.parse_ip(value, what)
    else:
        addr.ip_in_network(value, network, what)
    return value


def net_gateway(variables, net):
    """Return the gateway, checked to lie inside the network's CIDR."""
    return _ip_attr(variables, net, "gateway")


def net_vip_address(variables, net):
    """Return the VIP address, checked to lie inside the network's CIDR."""
    return _ip_attr(variables, net, "vip_address")


def _int_in_range(variables, net, attr, bounds):
    value = net_attr(variables, net, attr)
    if value is None:
        return None
    low, high = bounds
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or isinstance(value, bool) or not low <= number <= high:
        raise NetworkError(
            f"{describe(variables, net)}: {attr} {value!r} is not an integer "
            f"in {low}-{high}")
    return number


def net_vlan(variables, net):
    """Return the VLAN ID as an integer in 1-4094, or None."""
    return _int_in_range(variables, net, "vlan", VLAN_RANGE)


def net_mtu(variables, net):
    """Return the MTU as an integer in 68-65535, or None."""
    return _int_in_range(variables, net, "mtu", MTU_RANGE)


def _name_list(variables, net, attr):
    value = net_attr(variables, net, attr)
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(item, str) and item for item in value):
        raise NetworkError(
            f"{describe(variables, net)}: {attr} must be a list of "
            f"interface names")
    return list(value)


def net_bridge_ports(variables, net):
    """Return the bridge's member ports, or None for a non-bridge."""
    return _name_list(variables, net, "bridge_ports")


def net_bond_slaves(variables, net):
    """Return the bond's slaves, or None for a non-bond."""
    return _name_list(variables, net, "bond_slaves")


def net_bridge_stp(variables, net):
    """Return the bridge's STP setting as a bool, or None when unset."""
    value = net_attr(variables, net, "bridge_stp")
    return None if value is None else as_bool(value)


def net_libvirt_network_name(variables, net):
    """Return the libvirt network name; the network's name by default."""
    return net_attr(variables, net, "libvirt_network_name") or net


def _check_route(variables, net, route):
    what = f"{describe(variables, net)}: route"
    if not isinstance(route, dict) or "cidr" not in route:
        raise NetworkError(f"{what} {route!r} must be a dict with a cidr")
    unknown = sorted(set(route) - ROUTE_KEYS)
    if unknown:
        raise NetworkError(
            f"{what} {route['cidr']} has unknown keys {unknown}")
    addr.parse_network(route["cidr"], what)
    if route.get("gateway") is not None:
        addr.parse_ip(route["gateway"], f"{what} {route['cidr']} gateway")
    options = route.get("options") or []
    if not isinstance(options, list):
        raise NetworkError(f"{what} {route['cidr']}: options must be a list")


def net_routes(variables, net):
    """Return the validated list of routes (dicts with a ``cidr``)."""
    routes = net_attr(variables, net, "routes") or []
    if not isinstance(routes, list):
        raise NetworkError(
            f"{describe(variables, net)}: routes must be a list")
    for route in routes:
        _check_route(variables, net, route)
    return list(routes)


def net_rules(variables, net):
    """Return the validated list of policy rules (strings or dicts)."""
    rules = net_attr(variables, net, "rules") or []
    if not isinstance(rules, list):
        raise NetworkError(f"{describe(variables, net)}: rules must be a list")
    for rule in rules:
        if isinstance(rule, dict) and not set(rule) - RULE_KEYS:
            continue
        if isinstance(rule, str) and rule.strip():
            continue
        raise NetworkError(
            f"{describe(variables, net)}: rule {rule!r} must be a string or a "
            f"dict with keys from, to, priority, table")
    return list(rules)


def net_interface_type(variables, net):
    """Return 'bridge', 'bond' or 'ether' from the defined attributes."""
    ports = net_bridge_ports(variables, net)
    slaves = net_bond_slaves(variables, net)
    if ports is not None and slaves is not None:
        raise NetworkError(
            f"{describe(variables, net)} defines both bridge_ports and "
            f"bond_slaves")
    if ports is not None:
        return "bridge"
    if slaves is not None:
        return "bond"
    return "ether"


def net_is_ether(variables, net):
    return net_interface_type(variables, net) == "ether"


def net_is_bridge(variables, net):
    return net_interface_type(variables, net) == "bridge"


def net_is_bond(variables, net):
    return net_interface_type(variables, net) == "bond"


def net_is_vlan(variables, net):
    """Return True when the network has a VLAN ID (``<net>_vlan``)."""
    return net_vlan(variables, net) is not None


def _vlan_name_match(variables, net):
    """Match the interface name against <parent>.<vid>, checking the ID."""
    match = VLAN_NAME.match(require_interface(variables, net))
    vlan = net_vlan(variables, net)
    if match and vlan is not None and int(match["vid"]) != vlan:
        raise NetworkError(
            f"{describe(variables, net)}: interface {match.string} does not "
            f"match {net}_vlan {vlan}")
    return match


def net_is_vlan_interface(variables, net):
    """Return True when the interface is a VLAN sub-interface.

    That is an ether-type interface named ``<parent>.<vid>``, or one with
    both ``<net>_parent`` and ``<net>_vlan`` (e.g. ``vlan10`` on ``eth0``).
    """
    if not net_is_ether(variables, net):
        return False
    if net_attr(variables, net, "parent") and net_is_vlan(variables, net):
        return True
    return _vlan_name_match(variables, net) is not None


def net_parent(variables, net):
    """Return the parent interface of a VLAN interface, else None."""
    parent = net_attr(variables, net, "parent")
    if parent:
        return parent
    if not net_is_ether(variables, net):
        return None
    match = _vlan_name_match(variables, net)
    return match["parent"] if match else None


def net_vlan_id(variables, net):
    """Return the VLAN ID of a VLAN interface, from the name if need be."""
    vlan = net_vlan(variables, net)
    if vlan is not None:
        return vlan
    match = _vlan_name_match(variables, net)
    return int(match["vid"]) if match else None


def _select(predicate):
    def select(variables, nets):
        return [net for net in nets or [] if predicate(variables, net)]

    select.__doc__ = f"Return the networks for which {predicate.__name__}."
    return select


net_select_ethers = _select(net_is_ether)
net_select_bridges = _select(net_is_bridge)
net_select_bonds = _select(net_is_bond)
net_select_vlans = _select(net_is_vlan)
net_select_vlan_interfaces = _select(net_is_vlan_interface)
net_select_configured = _select(net_is_configured)


def net_reject_vlans(variables, nets):
    """Return the networks without a VLAN ID."""
    return [net for net in nets or [] if not net_is_vlan(variables, net)]


def net_physical_interface(variables, net):
    """Return the underlying interfaces: ports, slaves or the interface."""
    kind = net_interface_type(variables, net)
    if kind == "bridge":
        return net_bridge_ports(variables, net)
    if kind == "bond":
        return net_bond_slaves(variables, net)
    return [require_interface(variables, net)]


def net_libvirt_network(variables, net):
    """Return a libvirt bridged network for the network's interface."""
    return {
        "name": net_libvirt_network_name(variables, net),
        "mode": "bridge",
        "bridge": require_interface(variables, net),
    }


def net_libvirt_networks(variables, nets):
    """Return the libvirt bridged networks of those networks on bridges.

    A hypervisor's VMs reach its networks through its bridges, one libvirt
    network each (upstream's seed_hypervisor_libvirt_networks).
    """
    return [net_libvirt_network(variables, net)
            for net in net_select_bridges(variables, nets)]


def net_libvirt_vm_network(variables, net):
    """Return a VM interface attached to the network's libvirt network."""
    return {"network": net_libvirt_network_name(variables, net),
            "net_name": net}


def validate_network(variables, net):
    """Run every validation of one network's attributes on this host."""
    require_interface(variables, net)
    for check in (net_cidr, net_gateway, net_vip_address, net_vlan, net_mtu,
                  net_routes, net_rules, net_interface_type, net_parent):
        check(variables, net)
    network = _network(variables, net)
    for pool in ("allocation_pool", "inspection_allocation_pool",
                 "neutron_allocation_pool"):
        start = net_attr(variables, net, f"{pool}_start")
        end = net_attr(variables, net, f"{pool}_end")
        if network is not None:
            addr.pool_range(network, start, end,
                            f"{describe(variables, net)}: {pool}")
