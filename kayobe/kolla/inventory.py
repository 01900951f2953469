"""kolla-ansible's overcloud and seed inventories (pure functions).

An inventory is a YAML inventory mapping: top-level groups holding hosts,
service groups holding top-level groups as children, and every host's
variables under ``all.hosts``, written once for all hosts.
"""

from kayobe import errors
from kayobe.kolla import merge
from kayobe.network import model
from kayobe.network import veth
from kayobe.network.errors import NetworkError

# kolla-ansible host variable <- kayobe variable naming the network whose
# interface it takes.
INTERFACE_NETWORKS = (
    ("network_interface", "internal_net_name"),
    ("api_interface", "internal_net_name"),
    ("kolla_external_vip_interface", "public_net_name"),
    ("storage_interface", "storage_net_name"),
    ("swift_storage_interface", "swift_storage_net_name"),
    ("swift_replication_interface", "swift_storage_replication_net_name"),
    ("tunnel_interface", "tunnel_net_name"),
    ("octavia_network_interface", "octavia_net_name"),
)
SEED_INTERFACE_NETWORKS = (
    ("network_interface", "provision_oc_net_name"),
    ("bifrost_network_interface", "provision_oc_net_name"),
)
# How kayobe reaches a host, passed on whatever the pass-through lists say
# (not upstream): a host kayobe reaches in an unusual way (a container, a
# local connection) is reached the same way by kolla-ansible.
CONNECTION_VARS = ("ansible_connection", "ansible_become_method")


def parse_sections(text, source, kind):
    """{group: [first word of each line]} of an INI inventory's sections of
    one ``kind``: "children" for ``[group:children]``, "hosts" for plain
    ``[group]`` sections; other sections are ignored."""
    groups = {}
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                raise errors.ConfigError(
                    f"{source}:{number}: invalid section header {line!r}")
            name, _, section_kind = line[1:-1].strip().partition(":")
            current = name if (section_kind or "hosts") == kind else None
            if current is not None:
                groups.setdefault(current, [])
            continue
        if current is not None:
            groups[current].append(line.split()[0])
    return groups


def parse_group_template(text, source="<service groups>"):
    """{group: [children]} from the ``[group:children]`` sections."""
    return parse_sections(text, source, "children")


def parse_host_groups(text, source):
    """{group: [hosts]} of the plain ``[group]`` sections (host names only:
    the operator's text is written as is)."""
    return parse_sections(text, source, "hosts")


def split_service_groups(groups, top_level):
    """(components, services): a component's children are all top-level
    groups (``[keystone:children] control``); a service's are components
    (``[keystone-api:children] keystone``)."""
    components, services = {}, {}
    for group, children in groups.items():
        is_component = children and all(c in top_level for c in children)
        (components if is_component else services)[group] = children
    return components, services


def top_level_groups(group_map, kayobe_groups):
    """{kolla group: [hosts]} from the top-level group map.

    ``group_map``: {kolla group: {"groups": [kayobe groups]}};
    ``kayobe_groups``: {kayobe group: [hosts]}.
    """
    if not isinstance(group_map, dict):
        raise errors.ConfigError(
            "variable 'kolla_overcloud_inventory_top_level_group_map' must "
            "be a mapping")
    result = {}
    for kolla_group, spec in group_map.items():
        groups = spec.get("groups") if isinstance(spec, dict) else None
        if not isinstance(groups, list):
            raise errors.ConfigError(
                "variable 'kolla_overcloud_inventory_top_level_group_map': "
                f"'{kolla_group}' needs a 'groups' list")
        hosts = []
        for group in groups:
            hosts += kayobe_groups.get(group, [])
        result[kolla_group] = list(dict.fromkeys(hosts))
    return result


def interfaces(variables, table):
    """{kolla variable: interface} for the networks a host is on."""
    result = {}
    for kolla_var, net_name_var in table:
        net = variables.get(net_name_var)
        interface = model.net_interface(variables, net) if net else None
        if interface:
            result[kolla_var] = interface
    return result


def neutron_external(variables):
    """Neutron's OVS bridges, their external interfaces and physical
    networks for the host's workload provisioning, cleaning and external
    networks (``neutron_bridge_name``, ``neutron_external_interface``,
    ``neutron_physical_networks``).  A Linux bridge is reached through the
    OVS end of its veth pair."""
    nets = [n for n in veth.ovs_networks(variables)
            if model.net_interface(variables, n)]
    if not nets:
        return {}
    host_nets = list(variables.get("network_interfaces") or []) + nets
    bridges = {model.net_interface(variables, n)
               for n in model.net_select_bridges(variables, host_nets)}
    # A VLAN network uses its tagged parent, which several VLANs may share.
    by_interface = {}
    for net in nets:
        trunk = model.net_parent(variables, net) or model.net_interface(variables, net)
        by_interface.setdefault(trunk, []).append(net)
    names, externals, physnets, missing = [], [], [], []
    for interface, iface_nets in by_interface.items():
        names.append(veth.ovs_bridge_name(variables, interface))
        externals.append(veth.veth_ovs_name(variables, interface)
                         if interface in bridges else interface)
        found = list(dict.fromkeys(
            p for p in (model.net_physical_network(variables, n)
                        for n in iface_nets) if p))
        if len(found) > 1:
            raise errors.ConfigError(
                f"networks {', '.join(iface_nets)} share interface "
                f"{interface} but name different physical networks: "
                f"{', '.join(found)}")
        physnets += found
        missing += [] if found else iface_nets
    result = {"neutron_bridge_name": ",".join(names),
              "neutron_external_interface": ",".join(externals)}
    if physnets:
        if missing:
            raise errors.ConfigError(
                "some Neutron networks set physical_network and these do "
                f"not: {', '.join(missing)}")
        result["neutron_physical_networks"] = ",".join(physnets)
    return result


def host_vars(variables, pass_through, seed=False, rename=None):
    """One host's kolla-ansible variables: the overcloud's (with Neutron's
    external networks), or with ``seed`` bifrost's on the seed.

    ``pass_through`` names host variables copied when set, under the name
    ``rename`` maps them to (else their own); they win over the computed
    interfaces, as an operator's explicit choice."""
    rename = rename or {}
    result = {}
    user = variables.get("kolla_ansible_user")
    if user:
        result["ansible_user"] = user
    try:
        if seed:
            result.update(interfaces(variables, SEED_INTERFACE_NETWORKS))
        else:
            result.update(interfaces(variables, INTERFACE_NETWORKS))
            result.update(neutron_external(variables))
    except NetworkError as exc:
        raise errors.ConfigError(str(exc)) from None
    for name in (*CONNECTION_VARS, *pass_through):
        value = variables.get(name)
        if value is not None and value != "":
            result[rename.get(name, name)] = value
    return result


def build_inventory(top_level, service_groups, hosts_vars):
    """The YAML inventory mapping.

    ``top_level``: {group: [hosts]}; ``service_groups``: {group: [children]};
    ``hosts_vars``: {host: {var: value}}.
    """
    clash = sorted(set(top_level) & set(service_groups))
    if clash:
        raise errors.ConfigError(
            f"kolla inventory group '{clash[0]}' is both a top-level group "
            "and a service group")
    children = {}
    for group, hosts in top_level.items():
        children[group] = {"hosts": {h: None for h in hosts}} if hosts else {}
    for group, members in service_groups.items():
        children[group] = {"children": {m: None for m in members}} if members else {}
    return {"all": {"hosts": {h: hosts_vars[h] or None for h in hosts_vars},
                    "children": children}}


def render_inventory(data):
    return ("---\n# Generated by kayobe from its inventory; changes here are "
            "overwritten.\n" + merge.dump_yaml(data))
