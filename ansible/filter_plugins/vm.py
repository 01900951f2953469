"""VM filters (vm_definition).

A thin shim: the filter lives in :mod:`kayobe.vm.filters`.
"""

from kayobe.vm import filters


class FilterModule:
    """Kayobe VM filters."""

    def filters(self):
        return filters.get_filters()
