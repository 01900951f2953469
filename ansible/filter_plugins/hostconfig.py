"""Host configuration filters (hostconfig_wipe_candidates, ...).

A thin shim: the filters live in :mod:`kayobe.hostconfig.filters`.
"""

from kayobe.hostconfig import filters


class FilterModule:
    """Kayobe host configuration filters."""

    def filters(self):
        return filters.get_filters()
