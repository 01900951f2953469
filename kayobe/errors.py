"""Typed errors raised by the engine; the CLI turns them into one line."""


class KayobeError(Exception):
    """Base class: the message is shown to the operator as one line."""

    exit_code = 1


class ConfigError(KayobeError):
    """The operator's configuration is missing, malformed or inconsistent."""

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
