#!/usr/bin/python
"""Make a directory's Kayobe-owned files exactly a given set, in one call."""

DOCUMENTATION = r"""
module: kayobe_config_files
short_description: Write a set of files and remove stale ones, in one call
description:
  - Writes each file of I(files) under I(path) whose content differs
    (atomically, through a temporary file), and removes the files matching
    I(owned) that are not in I(files). Other files are never touched.
  - Supports check mode and diff mode.
options:
  path: {type: path, required: true, description: Directory of the files.}
  files: {type: dict, required: true, description: "{name: content}."}
  owned:
    type: str
    required: true
    description: Glob of the file names this module owns, e.g. 50-kayobe-*.
  mode: {type: str, default: "0644", description: Mode of written files.}
"""

RETURN = r"""
written: {type: list, description: Names of the files written.}
removed: {type: list, description: Names of the stale files removed.}
removed_netdevs:
  type: list
  description: Name= of each removed .netdev file (devices to delete).
"""

import fnmatch
import os
import tempfile

from ansible.module_utils.basic import AnsibleModule


def read(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        return None


def netdev_name(text):
    """Return the Name= of a .netdev file's [NetDev] section, or None."""
    section = None
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[NetDev]" and line.startswith("Name="):
            return line.split("=", 1)[1].strip()
    return None


def plan(path, files, owned):
    """Return (to_write {name: (old, new)}, to_remove {name: old})."""
    to_write = {}
    for name, content in sorted(files.items()):
        if os.sep in name or name.startswith("."):
            raise ValueError(f"invalid file name {name!r}")
        old = read(os.path.join(path, name))
        if old != content:
            to_write[name] = (old, content)
    present = os.listdir(path) if os.path.isdir(path) else []
    to_remove = {name: read(os.path.join(path, name))
                 for name in sorted(present)
                 if fnmatch.fnmatch(name, owned) and name not in files}
    return to_write, to_remove


def write_atomic(path, content, mode):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".kayobe.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            files=dict(type="dict", required=True),
            owned=dict(type="str", required=True),
            mode=dict(type="str", default="0644"),
        ),
        supports_check_mode=True,
    )
    path = module.params["path"]
    files = {str(k): str(v) for k, v in module.params["files"].items()}
    try:
        to_write, to_remove = plan(path, files, module.params["owned"])
    except ValueError as error:
        module.fail_json(msg=str(error))
    changed = bool(to_write or to_remove)
    diff = [{"before_header": os.path.join(path, name),
             "after_header": os.path.join(path, name),
             "before": old or "", "after": new}
            for name, (old, new) in to_write.items()]
    diff += [{"before_header": os.path.join(path, name),
              "after_header": "(removed)", "before": old or "", "after": ""}
             for name, old in to_remove.items()]
    removed_netdevs = [netdev_name(old) for name, old in to_remove.items()
                       if name.endswith(".netdev") and netdev_name(old)]
    if changed and not module.check_mode:
        os.makedirs(path, exist_ok=True)
        mode = int(module.params["mode"], 8)
        for name, (_, content) in to_write.items():
            write_atomic(os.path.join(path, name), content, mode)
        for name in to_remove:
            os.unlink(os.path.join(path, name))
    module.exit_json(changed=changed, written=sorted(to_write),
                     removed=sorted(to_remove),
                     removed_netdevs=removed_netdevs, diff=diff)


if __name__ == "__main__":
    main()
