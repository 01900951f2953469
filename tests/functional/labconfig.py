"""A kayobe configuration pointed at lab hosts: example config + lab vars."""

import pathlib
import shutil

REPO = pathlib.Path(__file__).resolve().parents[2]

# Settings every lab configuration needs (lab hosts reach nothing but the
# lab's own gateway and the package mirror through NAT).
LAB_VARS = """\
---
# Lab hosts: time comes from the lab gateway only.
chrony_ntp_servers:
  - server: 10.66.0.1
    type: server
    options: [iburst]
"""


def make_config(path, inventory_text, extra_vars=""):
    """Copy etc/kayobe to ``path`` with the lab inventory and vars."""
    path = pathlib.Path(path)
    shutil.copytree(REPO / "etc" / "kayobe", path)
    (path / "inventory" / "hosts").write_text(inventory_text)
    (path / "lab.yml").write_text(LAB_VARS + extra_vars)
    return path
