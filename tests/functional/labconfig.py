"""A kayobe configuration pointed at lab hosts: example config + lab vars."""

import pathlib
import shutil

REPO = pathlib.Path(__file__).resolve().parents[2]

# Settings every lab configuration needs (shared with tools/demo).
LAB_VARS = (REPO / "tools" / "lab" / "kayobe-vars.yml").read_text()


def make_config(path, inventory_text, extra_vars=""):
    """Copy etc/kayobe to ``path`` with the lab inventory and vars."""
    path = pathlib.Path(path)
    shutil.copytree(REPO / "etc" / "kayobe", path)
    (path / "inventory" / "hosts").write_text(inventory_text)
    (path / "lab.yml").write_text(LAB_VARS + extra_vars)
    return path


def host_configure(run_kayobe, config, area, timeout=900):
    """``kayobe AREA host configure`` on ``config``; it must succeed."""
    result = run_kayobe(*area.split(), "host", "configure", "--config-path",
                        str(config), timeout=timeout)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    return result
