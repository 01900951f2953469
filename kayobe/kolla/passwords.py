"""kolla-ansible passwords: generated with kolla-genpwd/kolla-mergepwd from
the kolla-ansible virtualenv, stored only vault-encrypted.

Plaintext exists only in a private (0700) temporary directory while the
kolla tools run, and in memory.
"""

import os
import pathlib
import shutil
import tempfile

from kayobe import errors
from kayobe import runner
from kayobe.kolla import ansible as kansible
from kayobe.kolla import merge

TEMPLATE = ("etc_examples", "kolla", "passwords.yml")
NO_VAULT = ("kolla passwords are stored vault-encrypted: give a vault password "
            "(--vault-password-file, --ask-vault-pass or $KAYOBE_VAULT_PASSWORD)")


def _vault(password):
    from ansible.parsing.vault import VaultLib
    from ansible.parsing.vault import VaultSecret
    if not password:
        raise errors.VaultError(NO_VAULT)
    return VaultLib([("default", VaultSecret(password.encode()))])


def encrypt(plaintext, password):
    """Vault-encrypt text (str) with ``password``; returns bytes."""
    return _vault(password).encrypt(plaintext.encode())


def decrypt(data, password, source):
    """The plaintext of a vault-encrypted file's bytes."""
    from ansible.errors import AnsibleError
    from ansible.parsing.vault import is_encrypted
    if not is_encrypted(data):
        raise errors.ConfigError(
            f"{source}: not vault-encrypted; encrypt it with ansible-vault")
    try:
        return _vault(password).decrypt(data).decode()
    except AnsibleError:
        raise errors.VaultError(f"{source}: cannot decrypt with the vault "
                                "password given") from None


def template_path(venv):
    return kansible.venv_file(venv, *TEMPLATE)


def _private_dir():
    return tempfile.mkdtemp(prefix="kayobe-kolla-pw-")   # mode 0700


def generate(venv, existing=None, custom=None, run=None):
    """Password YAML text: every key of the installed template filled.

    ``existing``: previous plaintext (its values are kept, keys the new
    template lacks are dropped); ``custom``: {key: value} applied last.
    """
    run = run or (lambda argv: runner.run_process(argv, dict(os.environ)))
    workdir = pathlib.Path(_private_dir())
    try:
        new = workdir / "new.yml"
        shutil.copyfile(template_path(venv), new)
        os.chmod(new, 0o600)
        _check(run([kansible.executable(venv, "kolla-genpwd"), "-p", str(new)]),
               "kolla-genpwd")
        final = new
        if existing:
            old = workdir / "old.yml"
            fd = os.open(old, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as stream:
                stream.write(existing)
            final = workdir / "final.yml"
            _check(run([kansible.executable(venv, "kolla-mergepwd"), "--old", str(old),
                        "--new", str(new), "--final", str(final), "--clean"]),
                   "kolla-mergepwd")
        text = final.read_text()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if custom:
        if not isinstance(custom, dict):
            raise errors.ConfigError(
                "variable 'kolla_ansible_custom_passwords' must be a mapping")
        data = merge.load_yaml(text, "generated passwords")
        data.update(custom)
        text = merge.dump_yaml(data)
    return text


def _check(code, tool):
    if code:
        raise errors.RunError(f"{tool} exited with code {code}", code)


def same_content(text_a, text_b):
    """True when two passwords documents hold the same values."""
    if text_a is None or text_b is None:
        return False
    return (merge.load_yaml(text_a, "passwords")
            == merge.load_yaml(text_b, "passwords"))


def values(text):
    """Every password string in a passwords document (for leak checks)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str) and value:
            found.append(value)
    walk(merge.load_yaml(text, "passwords"))
    return found
