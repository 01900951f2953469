"""A VM's config drive (OpenStack format, volume label ``config-2``).

The files cloud-init (or glean) reads at first boot: ``meta_data.json``
(instance ID, hostname, SSH key), ``user_data`` (the bootstrap user holding
that key) and ``network_data.json``, the VM host's own networks as the
network model describes them (:func:`kayobe.network.devices.build_devices`:
static addresses, routes, MTUs and VLANs), each physical interface
matched to one VM interface by its MAC address.
"""

import json

import netaddr

from kayobe.errors import InvalidValue
from kayobe.network import devices as net_devices
from kayobe.network import model

ROOT = "openstack/latest"
LABEL = "config-2"


def meta_data(vm, ssh_public_key):
    return {
        "uuid": vm.uuid,
        "name": vm.host,
        "hostname": vm.host,
        "availability_zone": "nova",
        "launch_index": 0,
        "public_keys": {"kayobe": ssh_public_key.strip()},
    }


def user_data(user, ssh_public_key):
    """#cloud-config creating ``user`` (passwordless sudo) with the key."""
    config = {
        "users": [{
            "name": user,
            "shell": "/bin/bash",
            "sudo": "ALL=(ALL) NOPASSWD:ALL",
            "ssh_authorized_keys": [ssh_public_key.strip()],
        }],
        "ssh_pwauth": False,
    }
    # JSON is YAML: no YAML dumper needed, and no key is ever reordered.
    return "#cloud-config\n" + json.dumps(config, indent=2) + "\n"


def _root_device(devices, name):
    """The physical device under ``name``, following VLAN parents."""
    seen = set()
    while devices[name].kind == "vlan" and name not in seen:
        seen.add(name)
        name = devices[name].parent
    return name


def _macs_by_device(vm, variables, devices):
    """{physical device: MAC} of the VM interfaces carrying a network."""
    macs = {}
    for interface in vm.interfaces:
        if not interface.net:
            continue
        name = _root_device(devices, model.require_interface(
            variables, interface.net))
        macs.setdefault(name, interface.mac)
    return macs


def _link(device, mac=None):
    link = {"id": device.name, "name": device.name}
    if device.mtu:
        link["mtu"] = device.mtu
    if device.kind == "ether":
        link.update(type="phy", ethernet_mac_address=mac)
    elif device.kind == "vlan":
        link.update(type="vlan", vlan_link=device.parent,
                    vlan_id=device.vlan_id, vlan_mac_address=mac)
    return link


def _routes(device, network):
    routes = []
    if device.gateway and netaddr.IPAddress(device.gateway) in network:
        default = "0.0.0.0" if network.version == 4 else "::"
        routes.append({"network": default, "netmask": default,
                       "gateway": device.gateway})
    for route in device.routes:
        if route.get("table") is not None or not route.get("gateway"):
            continue
        cidr = netaddr.IPNetwork(route["cidr"])
        if cidr.version != network.version:
            continue
        routes.append({"network": str(cidr.network),
                       "netmask": str(cidr.netmask),
                       "gateway": route["gateway"]})
    return routes


def _networks(device, counter):
    if device.dhcp:
        yield {"id": f"network{next(counter)}", "type": "ipv4_dhcp",
               "link": device.name}
    for address in device.addresses:
        ip = netaddr.IPNetwork(address)
        network = {
            "id": f"network{next(counter)}",
            "type": "ipv4" if ip.version == 4 else "ipv6",
            "link": device.name,
            "ip_address": str(ip.ip),
            "netmask": str(ip.netmask),
            "routes": _routes(device, ip),
        }
        yield network


def _check_device(vm, device):
    if device.kind not in ("ether", "vlan") or device.master:
        kind = f"member of {device.master}" if device.master else device.kind
        raise InvalidValue(
            f"host '{vm.host}': interface {device.name} is a {kind}, "
            "which a config drive cannot describe; give the VM plain "
            "interfaces (or VLANs on them) and configure bridges with "
            "'host configure'")


def network_data(vm, variables, nets, nameservers=()):
    """network_data.json of the VM host's networks ``nets``."""
    devices = net_devices.build_devices(variables, nets)
    macs = _macs_by_device(vm, variables, devices)
    links, networks = [], []
    counter = iter(range(1, 10 ** 6))
    for device in devices.values():
        _check_device(vm, device)
        if device.kind == "ether" and device.name not in macs:
            raise InvalidValue(
                f"host '{vm.host}': interface {device.name} (networks "
                f"{', '.join(device.networks) or 'none'}) has no VM "
                f"interface in {vm.prefix}_interfaces")
        links.append(_link(device, macs.get(_root_device(devices,
                                                         device.name))))
        networks.extend(_networks(device, counter))
    services = [{"type": "dns", "address": str(ns)} for ns in nameservers]
    return {"links": links, "networks": networks, "services": services}


def files(vm, variables, nets, user, ssh_public_key, nameservers=()):
    """{path inside the drive: text} of the config drive."""
    return {
        f"{ROOT}/meta_data.json":
            json.dumps(meta_data(vm, ssh_public_key), indent=2,
                       sort_keys=True) + "\n",
        f"{ROOT}/user_data": user_data(user, ssh_public_key),
        f"{ROOT}/network_data.json":
            json.dumps(network_data(vm, variables, nets, nameservers),
                       indent=2, sort_keys=True) + "\n",
    }
