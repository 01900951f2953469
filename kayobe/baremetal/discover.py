"""The overcloud inventory written from bifrost's Ironic nodes (pure).

``overcloud_inventory(nodes, groups, group_hosts_map, default_group)``
returns the INI text of ``inventory/overcloud`` in the kayobe
configuration: one section per group in ``groups`` (sorted), each node
under the groups ``group_hosts_map`` names for it, or under
``default_group`` when the map names it nowhere; nodes mapped to
``ignore`` are left out.  Each host line carries the BMC address found in
its ``driver_info`` (``redfish_address``, else ``ipmi_address``), never a
credential.
"""

import re

IGNORE = "ignore"
HEADER = ("# Managed by kayobe (overcloud inventory discover): edits are lost.\n"
          "# The overcloud hosts, from the nodes of the seed's Ironic.\n")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class DiscoverError(Exception):
    pass


def host_line(node):
    info = node.get("driver_info") or {}
    line = node["name"]
    for key in ("redfish_address", "ipmi_address"):
        if info.get(key):
            line += f" {key}={info[key]}"
            break
    return line


def overcloud_inventory(nodes, groups, group_hosts_map, default_group):
    """INI text of the overcloud inventory (see module doc)."""
    if not isinstance(group_hosts_map, dict):
        raise DiscoverError("overcloud_group_hosts_map must be a mapping of "
                            "group names to lists of hosts")
    mapped = {}
    for group, hosts in group_hosts_map.items():
        if not isinstance(hosts, list):
            raise DiscoverError(f"overcloud_group_hosts_map: group {group!r} "
                                "must map to a list of hosts")
        for host in hosts:
            mapped.setdefault(host, []).append(group)
    unnamed = [n.get("uuid", "?") for n in nodes if not n.get("name")]
    if unnamed:
        raise DiscoverError(f"Ironic node {unnamed[0]} has no name; name it "
                            "after its host to discover it")
    bad = [n["name"] for n in nodes if not _NAME.match(n["name"])]
    if bad:
        raise DiscoverError(f"Ironic node name {bad[0]!r} is not a valid host name")
    sections = []
    for group in sorted(set(groups) - {IGNORE}):
        lines = [f"[{group}]"]
        for node in sorted(nodes, key=lambda n: n["name"]):
            member_of = mapped.get(node["name"], [default_group])
            if IGNORE in member_of or group not in member_of:
                continue
            lines.append(host_line(node))
        sections.append("\n".join(lines))
    return HEADER + "\n" + "\n\n".join(sections) + "\n"
