"""systemd-networkd files for a host's network devices.

:func:`render` returns {file name: text} for ``/etc/systemd/network``:
a ``.netdev`` for each virtual device (bridge, bond, VLAN, veth), a
``.network`` for every device, and a ``.link`` for devices renamed by MAC
address. Names are ``<networkd_prefix><device>.<ext>``; the prefix defaults
to ``50-kayobe-`` so that the ``.link`` files sort before the distribution's
``99-default.link``.
"""

from kayobe.network import devices as devices_mod
from kayobe.network import model
from kayobe.network.errors import NetworkError

DEFAULT_PREFIX = "50-kayobe-"
HEADER = "# Managed by Kayobe; local changes will be overwritten.\n"

BOND_MODES = ("balance-rr", "active-backup", "balance-xor", "broadcast",
              "802.3ad", "balance-tlb", "balance-alb")
LACP_RATES = {"0": "slow", "1": "fast", "slow": "slow", "fast": "fast"}
HASH_POLICIES = ("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4",
                 "vlan+srcmac")
AD_SELECTS = ("stable", "bandwidth", "count")


def _ini(sections):
    """Return INI text for [(section, [(key, value)])], skipping empties."""
    blocks = []
    for title, items in sections:
        lines = [f"{key}={value}" for key, value in items if value is not None]
        if lines:
            blocks.append("\n".join([f"[{title}]"] + lines) + "\n")
    return HEADER + "\n".join(blocks)


def _fail(device, message):
    raise NetworkError(f"interface {device.name}: {message}")


def _choice(device, option, value, allowed):
    text = str(value)
    if text not in allowed:
        _fail(device, f"{option} {value!r} is not one of {', '.join(allowed)}")
    return text


def _bond_mode(device, mode):
    text = str(mode)
    if text.isdigit() and int(text) < len(BOND_MODES):
        return BOND_MODES[int(text)]
    return _choice(device, "bond_mode", text, BOND_MODES)


def _millis(value):
    return None if value is None else f"{int(value)}ms"


def _bond_section(device):
    opts = device.bond_options
    rate = opts.get("bond_lacp_rate")
    return [
        ("Mode", _bond_mode(device, opts["bond_mode"])
         if "bond_mode" in opts else None),
        ("MIIMonitorSec", _millis(opts.get("bond_miimon"))),
        ("UpDelaySec", _millis(opts.get("bond_updelay"))),
        ("DownDelaySec", _millis(opts.get("bond_downdelay"))),
        ("TransmitHashPolicy", _choice(
            device, "bond_xmit_hash_policy", opts["bond_xmit_hash_policy"],
            HASH_POLICIES) if "bond_xmit_hash_policy" in opts else None),
        ("LACPTransmitRate", LACP_RATES[_choice(
            device, "bond_lacp_rate", rate, LACP_RATES)]
         if rate is not None else None),
        ("AdSelect", _choice(device, "bond_ad_select",
                             opts["bond_ad_select"], AD_SELECTS)
         if "bond_ad_select" in opts else None),
    ]


def _yes_no(value):
    return None if value is None else ("yes" if value else "no")


def _netdev(device):
    """Return the .netdev sections of a virtual device, or None."""
    if device.kind == "ether":
        return None
    head = [("Name", device.name), ("Kind", device.kind),
            ("MTUBytes", device.mtu)]
    extra = {
        "bridge": [("Bridge", [("STP", _yes_no(device.bridge_stp))])],
        "bond": [("Bond", _bond_section(device))],
        "vlan": [("VLAN", [("Id", device.vlan_id)])],
        "veth": [("Peer", [("Name", device.peer), ("MTUBytes", device.mtu)])],
    }[device.kind]
    return [("NetDev", head)] + extra


def _table(device, table, tables):
    """Return a route table ID; names come from ``network_route_tables``."""
    if table is None or str(table).isdigit():
        return table
    if table not in tables:
        _fail(device, f"route table {table!r} is not in network_route_tables")
    return tables[table]


def _route_options(device, options):
    items = []
    for option in options or []:
        words = str(option).split()
        if words == ["onlink"]:
            items.append(("GatewayOnLink", "yes"))
        elif len(words) == 2 and words[0] == "metric" and words[1].isdigit():
            items.append(("Metric", words[1]))
        elif len(words) == 2 and words[0] == "src":
            items.append(("PreferredSource", words[1]))
        else:
            _fail(device, f"route option {option!r} is not supported by "
                          f"systemd-networkd (use onlink, metric N, src IP)")
    return items


def _route(device, route, tables):
    return ("Route", [
        ("Destination", route["cidr"]),
        ("Gateway", route.get("gateway")),
        ("Table", _table(device, route.get("table"), tables)),
    ] + _route_options(device, route.get("options")))


def _rule(device, rule, tables):
    if not isinstance(rule, dict):
        _fail(device, f"rule {rule!r} must be a dict (from, to, priority, "
                      f"table) for systemd-networkd")
    return ("RoutingPolicyRule", [
        ("From", rule.get("from")),
        ("To", rule.get("to")),
        ("Priority", rule.get("priority")),
        ("Table", _table(device, rule.get("table"), tables)),
    ])


def _network_items(device, devices):
    master = devices.get(device.master)
    master_kind = master.kind if master else None
    items = [("Address", address) for address in device.addresses]
    items += [
        ("Gateway", device.gateway),
        ("DHCP", "ipv4" if device.dhcp else None),
        ("Bridge", device.master if master_kind == "bridge" else None),
        ("Bond", device.master if master_kind == "bond" else None),
    ]
    items += [("VLAN", child) for child in device.vlans]
    if not device.addresses and not device.dhcp:
        items += [("LinkLocalAddressing", "no"), ("IPv6AcceptRA", "no")]
    elif not device.dhcp:
        # Statically addressed: without this, networkd keeps the link
        # "configuring" while it waits for a router advertisement.
        items.append(("IPv6AcceptRA", "no"))
    return items


def _network(device, devices, tables):
    """Return the .network sections of a device."""
    return (
        [("Match", [("Name", device.name)]),
         ("Link", [("MTUBytes", device.mtu)]),
         ("Network", _network_items(device, devices))]
        + [_route(device, route, tables) for route in device.routes]
        + [_rule(device, rule, tables) for rule in device.rules]
    )


def _link(device):
    """Return the .link sections naming a device by MAC address, or None."""
    if not device.macaddress:
        return None
    return [("Match", [("MACAddress", device.macaddress)]),
            ("Link", [("Name", device.name)])]


def route_tables(variables):
    """Return {table name: id} from ``network_route_tables``."""
    tables = variables.get("network_route_tables") or []
    return {str(table["name"]): table["id"] for table in tables}


def render(variables, nets):
    """Return {file name: text} of systemd-networkd files for the host."""
    prefix = variables.get("networkd_prefix") or DEFAULT_PREFIX
    tables = route_tables(variables)
    devices = devices_mod.build_devices(variables, nets)
    files = {}
    for device in devices.values():
        try:
            rendered = (("netdev", _netdev(device)),
                        ("network", _network(device, devices, tables)),
                        ("link", _link(device)))
        except NetworkError as error:
            raise NetworkError(
                f"host '{model.host_name(variables)}': {error}") from None
        for ext, sections in rendered:
            if sections is not None:
                files[f"{prefix}{device.name}.{ext}"] = _ini(sections)
    return dict(sorted(files.items()))
