"""Shared test helpers: run the real kayobe CLI in a subprocess."""

import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent


# An inventory of a seed, two controllers and a compute host, all reached
# with a local connection.
LOCAL_HOSTS = f"""\
[seed]
seed1
[controllers]
ctl1
ctl2
[compute]
cmp1
[all:vars]
ansible_connection=local
ansible_python_interpreter={sys.executable}
"""
# A kolla-ansible multinode inventory whose one host is this machine.
LOCAL_MULTINODE = """\
[control]
[network]
[compute]
[storage]
[monitoring]
[deployment]
localhost ansible_connection=local
[nova:children]
control
"""


def kayobe_env(tmp_path, **extra):
    env = dict(os.environ)
    for name in ("KAYOBE_CONFIG_PATH", "KAYOBE_ENVIRONMENT",
                 "KAYOBE_VAULT_PASSWORD"):
        env.pop(name, None)
    env["KAYOBE_STATE_DIR"] = str(tmp_path / "state")
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


@pytest.fixture
def run_kayobe(tmp_path):
    """Run ``kayobe ARGS...``; returns the CompletedProcess (text)."""

    def run(*args, env=None, timeout=300, input=None):
        return subprocess.run(
            [sys.executable, "-m", "kayobe.cli.app", *args],
            env=kayobe_env(tmp_path, **(env or {})), capture_output=True,
            text=True, timeout=timeout, input=input, cwd=tmp_path)

    return run


def write(path, text):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def local_config(tmp_path):
    """A config tree whose inventory reaches 'hosts' with a local connection."""
    config = tmp_path / "config"
    write(config / "inventory" / "hosts", LOCAL_HOSTS)
    return config
