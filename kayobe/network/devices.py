"""A host's network devices, derived from its attached networks.

:func:`build_devices` turns a host's variables and network list into plain
:class:`Device` records (one per kernel interface: configured interfaces,
their bridge ports, bond slaves, VLAN parents and OVS veth pairs). Renderers
(systemd-networkd now, NetworkManager later) only serialise these records.
"""

import dataclasses

from kayobe.network import model
from kayobe.network import veth
from kayobe.network.errors import NetworkError


@dataclasses.dataclass
class Device:
    """One kernel network interface and what is configured on it."""

    name: str
    kind: str = "ether"         # ether, bridge, bond, vlan or veth
    implicit: bool = True        # only referenced, not a network's interface
    networks: list = dataclasses.field(default_factory=list)
    addresses: list = dataclasses.field(default_factory=list)  # "ip/prefix"
    gateway: str = None
    dhcp: bool = False
    mtu: int = None
    macaddress: str = None
    master: str = None           # bridge or bond this device is a member of
    vlan_id: int = None
    parent: str = None           # VLAN parent device
    vlans: list = dataclasses.field(default_factory=list)  # VLAN children
    peer: str = None             # veth peer name
    bond_options: dict = dataclasses.field(default_factory=dict)
    bridge_stp: bool = None
    routes: list = dataclasses.field(default_factory=list)
    rules: list = dataclasses.field(default_factory=list)


def _device(devices, name):
    if name not in devices:
        devices[name] = Device(name)
    return devices[name]


def _conflict(host, device, attr, old, new):
    raise NetworkError(
        f"interface {device.name} on host '{host}' has conflicting {attr}: "
        f"{old} and {new}")


def _merge(host, device, attr, value):
    """Set ``device.attr`` to ``value`` unless it already differs."""
    old = getattr(device, attr)
    if value is None or old == value:
        return
    if old is not None:
        _conflict(host, device, attr, old, value)
    setattr(device, attr, value)


def _set_kind(host, device, kind):
    if device.kind not in ("ether", kind):
        _conflict(host, device, "types", device.kind, kind)
    device.kind = kind


def _add_members(host, devices, master, members):
    for name in members:
        _merge(host, _device(devices, name), "master", master)


def _add_structure(variables, net, devices, device):
    """Record the device's type and its links to other devices."""
    host = model.host_name(variables)
    kind = model.net_interface_type(variables, net)
    if kind == "bridge":
        _set_kind(host, device, "bridge")
        _add_members(host, devices, device.name,
                     model.net_bridge_ports(variables, net))
        _merge(host, device, "bridge_stp",
               model.net_bridge_stp(variables, net))
    elif kind == "bond":
        _set_kind(host, device, "bond")
        _add_members(host, devices, device.name,
                     model.net_bond_slaves(variables, net))
        device.bond_options.update(model.net_bond_options(variables, net))
    elif model.net_is_vlan_interface(variables, net):
        _set_kind(host, device, "vlan")
        _merge(host, device, "parent", model.net_parent(variables, net))
        _merge(host, device, "vlan_id", model.net_vlan_id(variables, net))
        parent = _device(devices, device.parent)
        if device.name not in parent.vlans:
            parent.vlans.append(device.name)


def _add_addressing(variables, net, device):
    host = model.host_name(variables)
    if str(model.net_bootproto(variables, net) or "").lower() == "dhcp":
        device.dhcp = True
        return
    address = model.net_address(variables, net)
    if address is None:
        return
    device.addresses.append(address)
    defroute = model.net_defroute(variables, net)
    if defroute is None or model.as_bool(defroute):
        _merge(host, device, "gateway", model.net_gateway(variables, net))


def _add_network(variables, net, devices):
    model.validate_network(variables, net)
    host = model.host_name(variables)
    device = _device(devices, model.require_interface(variables, net))
    device.implicit = False
    device.networks.append(net)
    _add_structure(variables, net, devices, device)
    _add_addressing(variables, net, device)
    _merge(host, device, "mtu", model.net_mtu(variables, net))
    _merge(host, device, "macaddress", model.net_macaddress(variables, net))
    device.routes.extend(model.net_routes(variables, net))
    device.rules.extend(model.net_rules(variables, net))


def _add_veths(variables, nets, devices):
    host = model.host_name(variables)
    for pair in veth.net_ovs_veths(variables, nets):
        device = _device(devices, pair["device"])
        _set_kind(host, device, "veth")
        device.peer = pair["peer_device"]
        _merge(host, device, "master", pair["bridge"])
        _merge(host, device, "mtu", pair["mtu"])
        _merge(host, _device(devices, pair["peer_device"]), "mtu", pair["mtu"])


def _inherit_mtus(devices):
    """Give implicit devices an MTU able to carry their users' traffic.

    A bridge port or bond slave takes the MTU of its master; a VLAN parent
    then needs the largest MTU of its VLANs.
    """
    for device in devices.values():
        master = devices.get(device.master)
        if device.implicit and device.mtu is None and master is not None:
            device.mtu = master.mtu
    for device in devices.values():
        if device.implicit and device.mtu is None and device.vlans:
            mtus = [devices[child].mtu for child in device.vlans
                    if devices[child].mtu is not None]
            device.mtu = max(mtus) if mtus else None


def _check_masters(host, devices):
    for device in devices.values():
        master = devices.get(device.master)
        if device.master is not None and (
                master is None or master.kind not in ("bridge", "bond")):
            raise NetworkError(
                f"interface {device.name} on host '{host}' is a member of "
                f"{device.master}, which no network defines as a bridge or "
                f"bond")


def _infer_vlans(devices):
    """Make implicit devices named ``<parent>.<vid>`` VLANs on the parent.

    This lets a bridge port or bond slave be a VLAN of an interface that no
    network configures, e.g. bridge ports ``[eth1.20]``.
    """
    for device in list(devices.values()):
        match = model.VLAN_NAME.match(device.name)
        if device.implicit and device.kind == "ether" and match:
            device.kind = "vlan"
            device.parent = match["parent"]
            device.vlan_id = int(match["vid"])
            _device(devices, device.parent).vlans.append(device.name)


def _check_vlan_mtus(host, devices):
    for device in devices.values():
        parent = devices.get(device.parent)
        if (parent is not None and None not in (device.mtu, parent.mtu)
                and device.mtu > parent.mtu):
            raise NetworkError(
                f"interface {device.name} on host '{host}' has MTU "
                f"{device.mtu}, above the MTU {parent.mtu} of its parent "
                f"{parent.name}")


def build_devices(variables, nets):
    """Return {device name: Device} for the host's networks, in order."""
    devices = {}
    for net in nets or []:
        _add_network(variables, net, devices)
    _add_veths(variables, nets, devices)
    _infer_vlans(devices)
    _check_masters(model.host_name(variables), devices)
    _inherit_mtus(devices)
    _check_vlan_mtus(model.host_name(variables), devices)
    return devices
