"""Filters of the overcloud provisioning playbooks.

overcloud_inventory: the discovered overcloud inventory's text, a thin
adapter over :func:`kayobe.baremetal.discover.overcloud_inventory`.
baremetal_node_specs: the play's hosts as ``kayobe_baremetal_node`` nodes
entries, so that one module call registers them all.
"""

from ansible.errors import AnsibleFilterError

from kayobe.baremetal import discover


def overcloud_inventory(nodes, groups, group_hosts_map, default_group):
    try:
        return discover.overcloud_inventory(list(nodes), list(groups),
                                            dict(group_hosts_map), default_group)
    except discover.DiscoverError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def baremetal_node_specs(hosts, hostvars, fields):
    """[{'name': host, key: hostvars[host][var], ...}] for ``fields``
    ({key: variable}); each value is templated in its host's context, and
    empty ones are left out (the module then keeps Ironic's)."""
    specs = []
    for host in hosts:
        spec = {"name": host}
        for key, var in fields.items():
            value = hostvars[host][var]
            if value not in (None, "", [], {}):
                spec[key] = value
        specs.append(spec)
    return specs


class FilterModule:
    def filters(self):
        return {"overcloud_inventory": overcloud_inventory,
                "baremetal_node_specs": baremetal_node_specs}
