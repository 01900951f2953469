"""Virtual Ethernet pairs linking host bridges to Open vSwitch.

Neutron's OVS bridges reach the workload provisioning, cleaning and external
networks through a veth pair per Linux bridge: ``<prefix><bridge><phy>`` is
plugged into the Linux bridge and its peer ``<prefix><bridge><ovs>`` into
OVS. With the defaults, bridge ``breth1`` gives ``p-breth1-phy`` and
``p-breth1-ovs``.
"""

from kayobe.network import model

IFNAME_MAX = 15  # Linux interface names hold at most 15 characters.

DEFAULTS = {
    "network_patch_prefix": "p-",
    "network_patch_suffix_phy": "-phy",
    "network_patch_suffix_ovs": "-ovs",
    "network_bridge_suffix_ovs": "-ovs",
}


def _setting(variables, name):
    value = variables.get(name)
    return DEFAULTS[name] if value is None else str(value)


def _patch_name(variables, bridge, suffix_var):
    prefix = _setting(variables, "network_patch_prefix")
    suffix = _setting(variables, suffix_var)
    room = max(IFNAME_MAX - len(prefix) - len(suffix), 0)
    return f"{prefix}{bridge[:room]}{suffix}"


def veth_phy_name(variables, bridge):
    """Return the name of the veth end plugged into Linux bridge ``bridge``."""
    return _patch_name(variables, bridge, "network_patch_suffix_phy")


def veth_ovs_name(variables, bridge):
    """Return the name of the veth end plugged into Open vSwitch."""
    return _patch_name(variables, bridge, "network_patch_suffix_ovs")


def ovs_bridge_name(variables, interface):
    """Return the name of the OVS bridge Neutron creates for ``interface``."""
    return interface + _setting(variables, "network_bridge_suffix_ovs")


def ovs_networks(variables):
    """Return the role networks that Neutron's OVS must reach."""
    names = [variables.get("provision_wl_net_name"),
             variables.get("cleaning_net_name")]
    names += list(variables.get("external_net_names") or [])
    return [name for name in names if name]


def _bridge_of(variables, net, bridges):
    """Return the Linux bridge carrying ``net``, or None.

    A VLAN network on a bridge (``br0.10``) is carried by its parent bridge.
    """
    interface = model.require_interface(variables, net)
    if interface in bridges:
        return interface
    parent = model.net_parent(variables, net)
    return parent if parent in bridges else None


def _max_mtu(current, mtu):
    if current is None:
        return mtu
    return current if mtu is None else max(current, mtu)


def net_ovs_veths(variables, nets):
    """Return the veth pairs for the host's networks.

    Each item is ``{'device', 'peer_device', 'bridge', 'mtu'}``; ``mtu`` is
    the largest explicit MTU of the networks sharing the bridge, or None.
    """
    bridges = {model.require_interface(variables, net)
               for net in model.net_select_bridges(variables, nets)}
    wanted = [net for net in ovs_networks(variables) if net in (nets or [])]
    mtus = {}
    for net in wanted:
        bridge = _bridge_of(variables, net, bridges)
        if bridge is not None:
            mtus[bridge] = _max_mtu(mtus.get(bridge),
                                    model.net_mtu(variables, net))
    return [
        {
            "device": veth_phy_name(variables, bridge),
            "peer_device": veth_ovs_name(variables, bridge),
            "bridge": bridge,
            "mtu": mtu,
        }
        for bridge, mtu in mtus.items()
    ]
