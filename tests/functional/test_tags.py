"""--tags on every playbook row, on a correct configuration.

With a tag no task has, only the tasks tagged ``always`` run: gathering
facts, the area role's exit for hosts outside the area, and the roles'
argument validation.  The validation must never meet the localhost
sentinel (which has no facts), so each row must succeed.  Real
ansible-playbook on local-connection hosts; nothing is changed on the
machine, since no untagged task runs.
"""

import subprocess
import sys

import pytest

from kayobe.cli import table
from tests.conftest import kayobe_env
from tests.conftest import write

GROUPS = ("seed-hypervisor", "seed", "controllers", "compute", "infra-vms",
          "baremetal-compute")
ROWS = [row for row in table.ROWS if row.steps and not row.action]
NO_SUCH_TAG = "kayobe-no-such-tag"


def row_args(row):
    argv = row.words.split()
    for option in row.options:
        if option.kwargs.get("required"):
            argv += [option.flags[0], "true"]
    return argv


@pytest.mark.parametrize("row", ROWS, ids=[row.words for row in ROWS])
def test_row_with_tags(row, tmp_path):
    config = tmp_path / "config"
    write(config / "inventory" / "hosts", "".join(
        f"[{group}]\n{group}-1\n" for group in GROUPS) + f"""\
[all:vars]
ansible_connection=local
ansible_python_interpreter={sys.executable}
""")
    result = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", *row_args(row),
         "--config-path", str(config), "--tags", NO_SUCH_TAG],
        env=kayobe_env(tmp_path), capture_output=True, text=True, timeout=600,
        cwd=tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "has no attribute" not in out
    assert "Traceback" not in out
