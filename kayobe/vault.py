"""Vault password sources: exactly one of file, prompt or environment."""

import dataclasses
import os
import pathlib
import sys

from kayobe import errors

ENV_VAR = "KAYOBE_VAULT_PASSWORD"
HELPER = "kayobe-vault-password-helper"


@dataclasses.dataclass(frozen=True)
class VaultSource:
    """Where the vault password comes from; ``kind`` is None if nowhere."""

    kind: str | None = None   # "file", "prompt" or "env"
    path: str | None = None


def select_source(password_file=None, ask=False, environ=None):
    """Choose the single vault password source, or raise VaultError."""
    environ = os.environ if environ is None else environ
    given = []
    if password_file:
        given.append("--vault-password-file")
    if ask:
        given.append("--ask-vault-pass")
    if environ.get(ENV_VAR):
        given.append(f"${ENV_VAR}")
    if len(given) > 1:
        raise errors.VaultError(
            "several vault password sources given (" + ", ".join(given)
            + "); use exactly one")
    if password_file:
        if not os.path.isfile(password_file):
            raise errors.VaultError(
                f"vault password file {password_file} does not exist")
        return VaultSource("file", os.path.abspath(password_file))
    if ask:
        return VaultSource("prompt")
    if environ.get(ENV_VAR):
        return VaultSource("env")
    return VaultSource()


def helper_path():
    """The installed helper that prints $KAYOBE_VAULT_PASSWORD for Ansible."""
    from kayobe import paths
    found = paths.executable(HELPER)
    if not found:
        raise errors.VaultError(f"{HELPER} is not installed")
    return found


def ansible_args(source):
    """ansible-playbook arguments that hand the password over."""
    if source.kind == "file":
        return ["--vault-password-file", source.path]
    if source.kind in ("prompt", "env"):
        return ["--vault-password-file", helper_path()]
    return []


def prompt_into_environ(source, environ, getpass=None):
    """For ``--ask-vault-pass``: ask once, hand over through the environment."""
    if source.kind != "prompt":
        return
    if getpass is None:
        from getpass import getpass
    password = getpass("Vault password: ")
    if not password:
        raise errors.VaultError("empty vault password")
    environ[ENV_VAR] = password


def read_password(source, environ=None):
    """The password itself, for kayobe's own decryption (e.g. config dump)."""
    environ = os.environ if environ is None else environ
    if source.kind == "file":
        path = pathlib.Path(source.path)
        if os.access(path, os.X_OK):
            import subprocess
            return subprocess.run([str(path)], check=True, capture_output=True,
                                  text=True).stdout.strip()
        return path.read_text().strip()
    if source.kind in ("prompt", "env"):
        return environ.get(ENV_VAR)
    return None


def print_password_from_env():
    """Entry point of the helper: Ansible runs it as a password 'file'."""
    password = os.environ.get(ENV_VAR)
    if not password:
        sys.stderr.write(f"{ENV_VAR} is not set\n")
        return 1
    sys.stdout.write(password + "\n")
    return 0
