#!/usr/bin/python
"""Ansible module: a config drive image (ISO 9660) from its files' text."""

DOCUMENTATION = r"""
module: kayobe_config_drive
short_description: Build a VM's config drive image from its files
description:
  - Writes the given files into a temporary tree and builds an ISO 9660
    image of it with genisoimage, replacing I(path) atomically.
  - Idempotent in one step: a digest of the files and label is kept
    beside the image, and an image whose digest matches is left alone (one
    task, rather than a copy task per file).
options:
  path: {description: Image path on the host., type: path, required: true}
  files:
    description: "{path inside the drive: text}."
    type: dict
    required: true
  label: {description: Volume label., type: str, default: config-2}
requirements: [genisoimage]
"""

EXAMPLES = r"""
- name: Build the seed's config drive
  kayobe_config_drive:
    path: /opt/kayobe/images/seed-configdrive.iso
    files: "{{ vm.config_drive.files }}"
"""

RETURN = r"""
digest: {description: Digest of the drive's content., type: str}
"""

import hashlib
import json
import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule


def digest_of(files, label):
    text = json.dumps({"files": files, "label": label}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def build(module, path, files, label, digest):
    directory = os.path.dirname(path) or "."
    work = tempfile.mkdtemp(prefix=".configdrive-", dir=directory)
    try:
        tree = os.path.join(work, "tree")
        for name, text in files.items():
            target = os.path.normpath(os.path.join(tree, name))
            if not target.startswith(tree + os.sep):
                module.fail_json(msg=f"config drive file {name} is outside "
                                     "the drive")
            os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
            with open(target, "w") as stream:
                stream.write(text)
        image = os.path.join(work, "image.iso")
        module.run_command(
            ["genisoimage", "-quiet", "-output", image, "-volid", label,
             "-joliet", "-rock", tree], check_rc=True)
        os.chmod(image, 0o600)
        os.replace(image, path)
        stamp = os.path.join(work, "digest")
        with open(stamp, "w") as stream:
            stream.write(digest + "\n")
        os.replace(stamp, path + ".sha256")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            files=dict(type="dict", required=True),
            label=dict(type="str", default="config-2"),
        ),
        supports_check_mode=True,
    )
    path, files, label = (module.params[k] for k in ("path", "files", "label"))
    files = {str(k): str(v) for k, v in files.items()}
    digest = digest_of(files, label)
    try:
        with open(path + ".sha256") as stream:
            current = stream.read().strip()
    except OSError:
        current = None
    changed = current != digest or not os.path.isfile(path)
    if changed and not module.check_mode:
        if not module.get_bin_path("genisoimage"):
            module.fail_json(msg="genisoimage is not installed on the host")
        build(module, path, files, label, digest)
    module.exit_json(changed=changed, digest=digest)


if __name__ == "__main__":
    main()
