"""The kolla-ansible virtualenv shared by every functional kolla test.

Made or brought up to date once per session with ``kayobe control host
bootstrap`` (about 75 s when new): $KAYOBE_TEST_KOLLA_VENV when set, else a
temporary one.  One definition, so that the session makes one venv however
many test modules use it.
"""

import os
import pathlib
import subprocess
import sys

import pytest

from tests.conftest import kayobe_env
from tests.conftest import write


@pytest.fixture(scope="session")
def kolla_venv(tmp_path_factory):
    # An existing venv ($KAYOBE_TEST_KOLLA_VENV) is brought up to date: a
    # no-op bootstrap takes seconds.
    given = os.environ.get("KAYOBE_TEST_KOLLA_VENV")
    tmp = tmp_path_factory.mktemp("kolla-venv")
    # swift too: the Swift ring test uses the venv's ring builder.
    write(tmp / "config" / "kolla.yml", "kolla_enable_swift: true\n")
    venv = pathlib.Path(given) if given else tmp / "venv"
    result = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", "control", "host",
         "bootstrap", "--config-path", str(tmp / "config")],
        env=kayobe_env(tmp, KOLLA_VENV_PATH=str(venv)), capture_output=True,
        text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    return venv
