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


def make_config(path, inventory_text, extra_vars="", lab=None):
    """Copy etc/kayobe to ``path`` with the lab inventory and vars.

    With ``lab``, kayobe's SSH key is the lab's and known hosts go to a file
    beside the configuration, not to the control host's own.
    """
    path = pathlib.Path(path)
    shutil.copytree(REPO / "etc" / "kayobe", path)
    (path / "inventory" / "hosts").write_text(inventory_text)
    text = LAB_VARS
    if lab is not None:
        key = lab.status()["key"]
        text += (f"ssh_private_key_path: {key}\n"
                 f"ssh_public_key_path: {key}.pub\n"
                 f"ssh_known_host_file: {path.parent / 'known_hosts'}\n")
    (path / "lab.yml").write_text(text + extra_vars)
    return path
