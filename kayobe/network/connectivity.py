"""What ``kayobe network connectivity check`` pings from each host.

:func:`connectivity_checks` lists, for one host, a check per peer on each
of its networks and one for the network's gateway. A check with an ``mtu``
is also pinged with a full-sized, non-fragmenting packet. Peers and their
addresses come from the allocation, so no facts are needed.
"""

import ipaddress

from kayobe.network import model

# IP + ICMP header bytes to subtract from the MTU for the ping payload.
HEADER_BYTES = {4: 28, 6: 48}


def payload_size(target, mtu):
    """Return the ``ping -s`` size filling a packet of ``mtu`` bytes."""
    version = ipaddress.ip_address(str(target)).version
    return int(mtu) - HEADER_BYTES[version]


def _own_networks(variables, nets):
    host = model.host_name(variables)
    for net in nets or []:
        if str(model.net_bootproto(variables, net) or "").lower() == "dhcp":
            continue
        ips = model.net_hosts_ips(variables, net)
        if host in ips:
            yield net, ips


def connectivity_checks(variables, nets, hosts, gateway_mtu=True):
    """Return one host's checks: dicts of network, interface, peer, target
    and mtu.

    :param nets: the host's networks (its ``network_interfaces``).
    :param hosts: the hosts of the run; peers are those of them with an IP
        on the same network.
    :param gateway_mtu: also check the MTU towards the gateway.
    """
    host = model.host_name(variables)
    checks = []
    for net, ips in _own_networks(variables, nets):
        mtu = model.net_mtu(variables, net)
        # Pings leave through the network's interface, never another route.
        interface = model.require_interface(variables, net)
        for peer in dict.fromkeys(hosts or []):
            if peer != host and peer in ips:
                checks.append({"network": net, "interface": interface,
                               "peer": peer, "target": ips[peer],
                               "mtu": mtu})
        gateway = model.net_gateway(variables, net)
        if gateway:
            checks.append({"network": net, "interface": interface,
                           "peer": "gateway", "target": gateway,
                           "mtu": mtu if gateway_mtu else None})
    return checks


def summarise(host, results):
    """Return (ok, {network: summary line}) for one host's ping results.

    Each result is a check plus ``reachable`` and, when an MTU was checked,
    ``mtu_ok``.
    """
    by_net = {}
    for result in results:
        by_net.setdefault(result["network"], []).append(result)
    summary, ok = {}, True
    for net, items in by_net.items():
        problems = []
        for item in items:
            what = f"{item['peer']} ({item['target']})"
            if not item.get("reachable"):
                problems.append(f"no reply from {what}")
            elif item.get("mtu") and not item.get("mtu_ok"):
                problems.append(f"MTU {item['mtu']} fails to {what}")
        if problems:
            ok = False
            summary[net] = (f"host '{host}' network '{net}': FAILED: "
                            + "; ".join(problems))
        else:
            mtus = {item["mtu"] for item in items if item.get("mtu")}
            mtu = f", MTU {max(mtus)} ok" if mtus else ""
            summary[net] = (f"host '{host}' network '{net}': ok, "
                            f"{len(items)} target(s) reachable{mtu}")
    return ok, summary
