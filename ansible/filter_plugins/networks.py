"""Network filters (net_ip, net_cidr, net_select_bridges, ...).

A thin shim: the filters live in :mod:`kayobe.network.filters`.
"""

from kayobe.network import filters


class FilterModule:
    """Kayobe network filters."""

    def filters(self):
        return filters.get_filters()
