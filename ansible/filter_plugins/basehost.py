"""Base host configuration filters (deb822_sources, chrony_sources, ...).

A thin shim: the filters live in :mod:`kayobe.basehost`.
"""

from kayobe import basehost


class FilterModule:
    """Kayobe base host configuration filters."""

    def filters(self):
        return basehost.get_filters()
