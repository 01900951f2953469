"""Where kayobe's shipped data lives, and where it keeps run state.

``kayobe/data`` holds ``ansible`` and ``etc``: symlinks in a source checkout,
real directories in an installed package.  This is the only lookup.
"""

import os
import pathlib
import shutil
import sys

DATA_DIR = pathlib.Path(__file__).resolve().parent / "data"


def data_path(*parts):
    """Path of a shipped file, e.g. ``data_path("ansible", "x.yml")``."""
    return DATA_DIR.joinpath(*parts)


def ansible_dir():
    return data_path("ansible")


def playbook_path(name):
    """Path of the shipped top-level playbook ``ansible/<name>.yml``."""
    return ansible_dir() / f"{name}.yml"


def state_dir():
    """Per-user directory for run reports, generated playbooks, fact cache."""
    override = os.environ.get("KAYOBE_STATE_DIR")
    if override:
        return pathlib.Path(override)
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return pathlib.Path(base) / "kayobe"


def executable(name):
    """A command installed beside kayobe (its virtualenv), else on $PATH.

    Returns None if there is none.
    """
    beside = pathlib.Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    return shutil.which(name)


def import_dir():
    """A directory holding only the kayobe package (a symlink to it).

    Plugins shipped in ansible/ import kayobe, so it goes on Ansible's
    PYTHONPATH; the directory kayobe is installed in would also expose every
    other package of kayobe's virtualenv to what Ansible runs on the control
    host, such as pip installing the kolla-ansible virtualenv, which then
    takes them as already installed.
    """
    package = pathlib.Path(__file__).resolve().parent
    directory = state_dir() / "python"
    link = directory / "kayobe"
    if link.is_symlink() and link.resolve() == package:
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".kayobe.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(package, target_is_directory=True)
    os.replace(tmp, link)
    return directory
