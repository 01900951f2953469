"""Filter overcloud_inventory: the discovered overcloud inventory's text.

A thin adapter over :func:`kayobe.baremetal.discover.overcloud_inventory`.
"""

from ansible.errors import AnsibleFilterError

from kayobe.baremetal import discover


def overcloud_inventory(nodes, groups, group_hosts_map, default_group):
    try:
        return discover.overcloud_inventory(list(nodes), list(groups),
                                            dict(group_hosts_map), default_group)
    except discover.DiscoverError as exc:
        raise AnsibleFilterError(str(exc)) from exc


class FilterModule:
    def filters(self):
        return {"overcloud_inventory": overcloud_inventory}
