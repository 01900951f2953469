"""Errors raised for invalid host configuration."""

from kayobe import errors


class HostConfigError(errors.InvalidValue):
    """A host configuration variable has an invalid value."""
