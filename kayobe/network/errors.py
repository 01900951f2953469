"""The one error type raised by the network package."""

from kayobe.errors import ConfigError


class NetworkError(ConfigError, ValueError):
    """Network configuration is invalid; the message is one line.

    It is a ``ValueError`` so that Jinja and Ansible report it as a bad
    value, and a ``ConfigError`` so that the CLI shows it as one line.
    """
