"""The one hierarchy of errors kayobe shows to operators.

Everything raised for bad input, bad state or a failed tool derives from
``KayobeError``; the CLI prints it as one ``kayobe: error: ...`` line and
exits with its ``exit_code``.  No other exception is meant to reach the
operator (one that does is a bug, and shows its traceback).
"""


class KayobeError(Exception):
    """Base class: the message is shown to the operator as one line."""

    exit_code = 1


class ConfigError(KayobeError):
    """The operator's configuration is missing, malformed or inconsistent."""

    exit_code = 2


class InvalidValue(ConfigError, ValueError):
    """A variable has an invalid value.

    Also a ``ValueError``, so that code run by Jinja and Ansible (filters,
    plugins) reports it as a bad value there too.
    """


class StateError(KayobeError, ValueError):
    """A file kayobe keeps for itself (a run report) is unreadable."""

    exit_code = 2


class VaultError(KayobeError):
    """Vault password sources are missing or ambiguous."""

    exit_code = 2


class RunError(KayobeError):
    """ansible-playbook or another tool ran but did not succeed."""

    def __init__(self, message, exit_code=1, failed_hosts=()):
        super().__init__(message)
        self.exit_code = exit_code
        self.failed_hosts = tuple(failed_hosts)
