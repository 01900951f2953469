"""Errors raised for invalid host configuration."""


class HostConfigError(ValueError):
    """A host configuration variable has an invalid value."""
