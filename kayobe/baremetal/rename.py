"""Match Ironic nodes to inventory hosts by BMC address, for renaming.

Nodes enrolled by discovery (inspection of unknown hardware) get generated
names; ``baremetal compute rename`` gives each the name of the inventory host
whose BMC it has. As upstream, a host's BMC address is its ``ipmi_address``
variable and a node's is ``driver_info/ipmi_address``; for Redfish hosts the
``redfish_address`` of either side is used when there is no IPMI address.
Redfish addresses are URLs (``https://10.0.0.1:443/``) or bare hosts, so both
sides are reduced to the host part before comparing, case-insensitively.

Everything here is pure: the node list comes from one Ironic query and the
result says, per host, which node to rename, or why it cannot be.
"""

import dataclasses
import urllib.parse

ADDRESS_KEYS = ("ipmi_address", "redfish_address")


class RenameError(ValueError):
    """A host cannot be matched to exactly one node; one line."""


@dataclasses.dataclass(frozen=True)
class Rename:
    """Rename node ``uuid`` from ``current`` to ``target`` (the host's name)."""

    host: str
    uuid: str
    current: str | None
    target: str

    @property
    def changed(self):
        return self.current != self.target


def normalise(address):
    """The host part of a BMC address or URL, lower case; None when empty."""
    if address is None:
        return None
    text = str(address).strip()
    if not text:
        return None
    if "//" not in text:
        text = "//" + text
    parts = urllib.parse.urlsplit(text)
    try:
        host = parts.hostname
    except ValueError:  # an unbalanced '[' in an IPv6 literal
        host = None
    return (host or text.lstrip("/")).lower()


def address_of(values):
    """A host's variables or a node's driver_info -> its BMC address."""
    for key in ADDRESS_KEYS:
        address = normalise((values or {}).get(key))
        if address:
            return address
    return None


def _node_addresses(nodes):
    """{address: [node, ...]} over the nodes that have a BMC address."""
    by_address = {}
    for node in nodes:
        address = address_of(node.get("driver_info"))
        if address:
            by_address.setdefault(address, []).append(node)
    return by_address


def match_host(nodes, host, host_vars):
    """Return the :class:`Rename` for ``host``; RenameError when impossible.

    :param nodes: Ironic nodes as dicts with ``uuid`` (or ``id``), ``name``
        and ``driver_info``.
    :param host: the inventory hostname.
    :param host_vars: the host's variables (``ipmi_address``...).
    """
    address = address_of(host_vars)
    if not address:
        raise RenameError(
            f"host '{host}' has no BMC address: set ipmi_address (or "
            "redfish_address) to match it to its Ironic node")
    matches = _node_addresses(nodes).get(address, [])
    if not matches:
        raise RenameError(
            f"host '{host}': no Ironic node has BMC address {address}")
    if len(matches) > 1:
        uuids = ", ".join(sorted(_uuid(node) for node in matches))
        raise RenameError(
            f"host '{host}': several Ironic nodes have BMC address "
            f"{address}: {uuids}")
    node = matches[0]
    rename = Rename(host, _uuid(node), node.get("name"), host)
    holder = next((other for other in nodes
                   if other.get("name") == host and other is not node), None)
    if rename.changed and holder is not None:
        raise RenameError(
            f"host '{host}': the name is taken by Ironic node "
            f"{_uuid(holder)} (BMC address "
            f"{address_of(holder.get('driver_info')) or 'none'}), not the "
            f"node with BMC address {address}")
    return rename


def plan(nodes, hosts):
    """Renames for many hosts: ``({host: Rename}, {host: error message})``.

    :param hosts: {host: host variables}. Two hosts with the same BMC
        address are both errors: the inventory is ambiguous.
    """
    owners = {}
    for host, host_vars in hosts.items():
        address = address_of(host_vars)
        if address:
            owners.setdefault(address, []).append(host)
    renames, failures = {}, {}
    for host in sorted(hosts):
        address = address_of(hosts[host])
        if address and len(owners[address]) > 1:
            others = ", ".join(h for h in sorted(owners[address]) if h != host)
            failures[host] = (f"host '{host}' shares BMC address {address} "
                              f"with {others}")
            continue
        try:
            renames[host] = match_host(nodes, host, hosts[host])
        except RenameError as error:
            failures[host] = str(error)
    return renames, failures


def _uuid(node):
    return str(node.get("uuid") or node.get("id"))
