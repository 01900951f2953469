"""kolla-ansible passwords kept in HashiCorp Vault (or OpenBao) as well,
through kolla-ansible's own kolla-readpwd and kolla-writepwd.

With ``kolla_ansible_vault_addr`` set, the passwords Vault holds win over
the local store, missing ones are generated, and Vault is written when its
copy differs, as upstream Kayobe does.  The local, vault-encrypted store is
still written: kolla-ansible reads passwords.yml.

The tools take the token on their command line (they have no other way);
the command line and the tools' output are never shown.
"""

import os
import pathlib
import shutil
import subprocess
import tempfile

from kayobe import errors
from kayobe.kolla import ansible as kansible
from kayobe.kolla import merge

# kayobe variable suffix -> the tools' option.
OPTIONS = (
    ("mount_point", "--vault-mount-point"),
    ("kv_path", "--vault-kv-path"),
    ("namespace", "--vault-namespace"),
    ("cacert", "--vault-cacert"),
)
SECRETS = ("token", "role_id", "secret_id")


def settings(variables):
    """{suffix: value} of the kolla_ansible_vault_* variables, or None when
    no Vault address is set."""
    addr = variables.get("kolla_ansible_vault_addr") or ""
    if not addr:
        return None
    result = {"addr": str(addr)}
    for suffix in [s for s, _ in OPTIONS] + list(SECRETS):
        value = variables.get(f"kolla_ansible_vault_{suffix}")
        result[suffix] = "" if value is None else str(value)
    if not result["token"] and not (result["role_id"] and result["secret_id"]):
        raise errors.ConfigError(
            "kolla_ansible_vault_addr is set: give kolla_ansible_vault_token, or "
            "kolla_ansible_vault_role_id and kolla_ansible_vault_secret_id")
    return result


def argv(venv, tool, path, conf):
    """The command line of kolla-readpwd or kolla-writepwd on ``path``."""
    args = [kansible.executable(venv, tool), "--passwords", str(path),
            "--vault-addr", conf["addr"]]
    for suffix, option in OPTIONS:
        if conf.get(suffix):
            args += [option, conf[suffix]]
    if conf.get("role_id") and conf.get("secret_id"):
        args += ["--vault-role-id", conf["role_id"],
                 "--vault-secret-id", conf["secret_id"]]
    else:
        args += ["--vault-token", conf["token"]]
    return args


def _run(args):
    """The subprocess seam of the Vault tools: (code, last output line)."""
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if line.strip() and not line.startswith("WARNING:")]
    return result.returncode, lines[-1] if lines else ""


def _check(result, tool, conf):
    code, last = result
    if code:
        # The token never reaches the message, whatever the tool printed.
        for secret in SECRETS:
            if conf.get(secret):
                last = last.replace(conf[secret], "********")
        raise errors.RunError(
            f"{tool} exited with code {code} (Vault {conf['addr']}): {last}", code)


def _private_file(text):
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="kayobe-kolla-vault-"))
    path = workdir / "passwords.yml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as stream:
        stream.write(text)
    return workdir, path


def read(venv, conf, keys, run=None):
    """{key: value or None} of ``keys`` as Vault holds them."""
    run = run or _run
    workdir, path = _private_file(merge.dump_yaml(dict.fromkeys(keys)))
    try:
        _check(run(argv(venv, "kolla-readpwd", path, conf)), "kolla-readpwd", conf)
        return merge.load_yaml(path.read_text(), "passwords read from Vault")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def write(venv, conf, text, run=None):
    """Write every password of ``text`` (YAML) to Vault."""
    run = run or _run
    workdir, path = _private_file(text)
    try:
        _check(run(argv(venv, "kolla-writepwd", path, conf)), "kolla-writepwd", conf)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def overlay(existing, from_vault):
    """The local passwords text with Vault's values over it (Vault wins)."""
    data = merge.load_yaml(existing, "passwords") if existing else {}
    data.update({k: v for k, v in from_vault.items() if v is not None})
    return merge.dump_yaml(data) if data else None


def differs(from_vault, text):
    """True when Vault lacks a password of ``text`` or holds another value."""
    final = merge.load_yaml(text, "passwords")
    return any(from_vault.get(key) != value for key, value in final.items()
               if value is not None)
