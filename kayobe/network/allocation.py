"""IP address allocation for hosts on named networks.

The allocation is a mapping ``{<net>_ips: {host: ip}}``, the content of
``network-allocation.yml``. :func:`allocate` is pure: it keeps every existing
entry, and gives each attached host without an IP the lowest free address of
the network's allocation pool (or of the whole CIDR when no pool is set),
never the gateway, the VIP or an address already in use. Hosts are served in
sorted order so the result does not depend on input order.

Addresses are handled as integers and the used ones kept in a set, so a
thousand hosts on five networks take milliseconds.

A network spec (see :func:`network_spec`) is a dict with any of the keys of
:data:`SPEC_KEYS`, plus ``reserved``, a list of further addresses never to
hand out; ``cidr`` is required for a network to get addresses. An existing
entry may equal the gateway (a seed routing its provisioning network).
"""

import dataclasses

from kayobe.network import addr
from kayobe.network import model
from kayobe.network.errors import NetworkError

POOLS = ("allocation_pool", "inspection_allocation_pool",
         "neutron_allocation_pool")
RESERVED_ATTRS = ("gateway", "inspection_gateway", "neutron_gateway",
                  "vip_address")
SPEC_KEYS = (("cidr", "no_ip") + RESERVED_ATTRS
             + tuple(f"{pool}_{end}" for pool in POOLS
                     for end in ("start", "end")))


@dataclasses.dataclass
class Plan:
    """One network, parsed: where to allocate and what to avoid."""

    name: str
    network: object
    ranges: list  # [(first, last)] to allocate from, in order
    avoid: list   # [(first, last)] of other pools inside those ranges
    reserved: set  # integers never handed out


def network_spec(variables, net):
    """Return the allocation spec of ``net`` from a host's variables."""
    values = {key: model.net_attr(variables, net, key) for key in SPEC_KEYS}
    spec = {key: value for key, value in values.items() if value is not None}
    spec["no_ip"] = model.net_no_ip(variables, net)
    return spec


def _pools(name, spec, network):
    pools = {}
    for pool in POOLS:
        span = addr.pool_range(network, spec.get(f"{pool}_start"),
                               spec.get(f"{pool}_end"),
                               f"network '{name}': {pool}")
        if span is not None:
            pools[pool] = span
    return pools


def _check_overlaps(name, pools):
    items = sorted(pools.items())
    for index, (pool_a, (first_a, last_a)) in enumerate(items):
        for pool_b, (first_b, last_b) in items[index + 1:]:
            if first_a <= last_b and first_b <= last_a:
                raise NetworkError(
                    f"network '{name}': {pool_a} overlaps {pool_b}")


def _reserved(name, spec, network):
    values = [(attr, spec[attr]) for attr in RESERVED_ATTRS
              if spec.get(attr) is not None]
    values += [("reserved", ip) for ip in spec.get("reserved") or []]
    return {int(addr.ip_in_network(ip, network, f"network '{name}': {attr}"))
            for attr, ip in values}


def plan_network(name, spec):
    """Parse and validate a network spec; return a :class:`Plan`."""
    network = addr.parse_network(spec["cidr"], f"network '{name}'")
    pools = _pools(name, spec, network)
    _check_overlaps(name, pools)
    own = pools.pop("allocation_pool", None)
    ranges = [own] if own else [addr.usable_range(network)]
    # Without an own pool the whole CIDR is used, minus the other pools.
    avoid = [] if own else sorted(pools.values())
    return Plan(name, network, ranges, avoid, _reserved(name, spec, network))


def _existing_ips(plan, entries):
    """Validate a network's existing entries; return their integers."""
    owners = {}
    for host, ip in sorted(entries.items()):
        what = f"network '{plan.name}': IP of host '{host}'"
        value = int(addr.ip_in_network(ip, plan.network, what))
        if value in owners:
            raise NetworkError(
                f"network '{plan.name}': hosts '{owners[value]}' and "
                f"'{host}' share IP {ip}")
        owners[value] = host
    return set(owners)


def _free_addresses(plan, used):
    """Yield free integers of the plan's ranges, lowest first."""
    for first, last in plan.ranges:
        candidate = first
        while candidate <= last:
            skip = next((hi for lo, hi in plan.avoid if lo <= candidate <= hi),
                        None)
            if skip is not None:
                candidate = skip + 1
                continue
            if candidate not in used:
                yield candidate
            candidate += 1


def _allocate_network(plan, entries, hosts):
    """Return ``entries`` plus an IP for each host in ``hosts`` lacking one."""
    used = _existing_ips(plan, entries) | plan.reserved
    needed = sorted(host for host in set(hosts) if host not in entries)
    result = dict(entries)
    free = _free_addresses(plan, used)
    for host in needed:
        value = next(free, None)
        if value is None:
            raise NetworkError(
                f"network '{plan.name}': allocation pool exhausted; no IP "
                f"left for host '{host}' ({len(needed)} needed)")
        result[host] = addr.to_text(plan.network.version, value)
    return result


def _hosts_by_network(host_networks):
    by_net = {}
    for host, nets in host_networks.items():
        for net in nets or []:
            by_net.setdefault(str(net), []).append(str.__str__(host))
    return by_net


def check_allocation(allocation):
    """Fail unless ``allocation`` is a mapping of mappings."""
    if not isinstance(allocation, dict):
        raise NetworkError("IP allocation must be a mapping of <net>_ips")
    for key, entries in allocation.items():
        if not isinstance(entries, dict):
            raise NetworkError(
                f"IP allocation {key} must map hosts to IP addresses")


def allocate(networks, host_networks, allocation=None, configured=None):
    """Return a new allocation giving each attached host an IP per network.

    :param networks: {net: spec}, see :func:`network_spec`.
    :param host_networks: {host: [net, ...]}, the networks each host is on.
    :param allocation: the existing {<net>_ips: {host: ip}}; not modified.
    :param configured: {<net>_ips: {host: ip}} the configuration already
        gives hosts (a host's own ``<net>_ips`` entry, from any file): a host
        missing in ``allocation`` keeps that address, recorded, rather than
        getting another one.
    Networks without a spec, without a ``cidr`` or with ``no_ip`` get no
    addresses. Existing entries are validated and always kept.
    """
    allocation = allocation or {}
    check_allocation(allocation)
    result = {key: dict(entries) for key, entries in allocation.items()}
    for key, entries in sorted((configured or {}).items()):
        for host, ip in sorted(entries.items()):
            result.setdefault(key, {}).setdefault(host, ip)
    hosts_by_net = _hosts_by_network(host_networks)
    for net in sorted(networks):
        spec = networks[net] or {}
        if spec.get("cidr") is None:
            continue
        plan = plan_network(net, spec)
        entries = result.get(f"{net}_ips", {})
        hosts = [] if model.as_bool(spec.get("no_ip", False)) else (
            hosts_by_net.get(net, []))
        updated = _allocate_network(plan, entries, hosts)
        if updated or f"{net}_ips" in result:
            result[f"{net}_ips"] = updated
    return result


def configured_ips(hostvars, host_networks):
    """{<net>_ips: {host: ip}}: each attached host's own entry in its
    ``<net>_ips`` variable, for :func:`allocate`'s ``configured``."""
    configured = {}
    for host, nets in host_networks.items():
        for net in nets:
            entries = hostvars[host].get(f"{net}_ips")
            if isinstance(entries, dict) and entries.get(host):
                configured.setdefault(f"{net}_ips", {})[host] = str(
                    entries[host])
    return configured


def inputs_from_hostvars(hostvars, hosts, host_networks=None):
    """Return (networks, host_networks) for :func:`allocate`.

    ``hostvars`` maps each host to its variables. A host's networks are
    ``host_networks[host]`` when given, else its ``network_interfaces``;
    networks it configures by DHCP (``<net>_bootproto: dhcp``) are dropped.
    Each network's spec comes from the first host attached to it.
    """
    networks, attached = {}, {}
    for host in hosts:
        variables = hostvars[host]
        nets = (host_networks or {}).get(host)
        if nets is None:
            nets = variables.get("network_interfaces") or []
        attached[host] = [
            net for net in nets
            if str(model.net_bootproto(variables, net) or "").lower() != "dhcp"
        ]
        for net in attached[host]:
            if net not in networks:
                networks[net] = network_spec(variables, net)
    return networks, attached
