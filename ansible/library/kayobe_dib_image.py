#!/usr/bin/python
"""Ansible module: build one diskimage-builder image unless it is there."""

DOCUMENTATION = r"""
module: kayobe_dib_image
short_description: Build a disk image with diskimage-builder, once
description:
  - Builds I(image) with the C(disk-image-create) of I(venv) into
    C(<cache>/<name>/), unless every file the build leaves (C(<name>.<type>),
    or C(<name>.kernel) and C(<name>.initramfs) for a ramdisk) is already
    there and I(force) is false; a second run changes nothing.
  - The build writes into C(<cache>/.<name>.building/) and its files are
    moved into place only when it succeeded, so a failed or interrupted
    build leaves the previous image (or none), never a partial one.
  - The build's output goes to C(<cache>/<name>.log); on failure the message
    holds its last lines.
options:
  image:
    description: The image - name, elements, env, packages, type, size.
    type: dict
    required: true
  variable:
    description: Variable the image comes from, named in errors.
    type: str
    default: image
  venv:
    description: Virtualenv holding diskimage-builder.
    type: path
    required: true
  cache:
    description: Directory the images are kept in.
    type: path
    required: true
  elements_paths:
    description: Element directories (ELEMENTS_PATH), in order.
    type: list
    elements: path
    default: []
  force:
    description: Rebuild even when the image is there.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Build the overcloud host image
  kayobe_dib_image:
    image: {name: deployment_image, elements: [debian-minimal, vm]}
    venv: /opt/kayobe/venvs/overcloud-host-image-dib
    cache: /opt/kayobe/images
"""

RETURN = r"""
files:
  description: Paths of the image's files.
  type: list
  returned: success
"""

import os
import shutil
import subprocess

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_images_dib import ImageSpecError
from ansible.module_utils.kayobe_images_dib import build_argv
from ansible.module_utils.kayobe_images_dib import build_environment
from ansible.module_utils.kayobe_images_dib import image_dir
from ansible.module_utils.kayobe_images_dib import needs_build
from ansible.module_utils.kayobe_images_dib import parse_image
from ansible.module_utils.kayobe_images_dib import staging_dir

LOG_TAIL = 15


def tail(path):
    with open(path, errors="replace") as log:
        return "".join(log.readlines()[-LOG_TAIL:])


def build(module, image, params):
    cache = params["cache"]
    staging = staging_dir(cache, image)
    shutil.rmtree(staging, ignore_errors=True)   # a killed build's leftovers
    os.makedirs(staging)
    log_path = os.path.join(cache, f"{image.name}.log")
    argv = build_argv(image, params["venv"], os.path.join(staging, image.name))
    env = build_environment(image, params["venv"], params["elements_paths"],
                            os.environ)
    with open(log_path, "w") as log:
        result = subprocess.run(argv, env=env, stdout=log,
                                stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        module.fail_json(msg=f"disk-image-create of {image.name} failed "
                             f"(exit {result.returncode}, log {log_path}):\n"
                             f"{tail(log_path)}", argv=argv)
    target = image_dir(cache, image)
    os.makedirs(target, exist_ok=True)
    for name in image.outputs():
        source = os.path.join(staging, name)
        if not os.path.isfile(source):
            module.fail_json(msg=f"disk-image-create of {image.name} left no "
                                 f"{name} (log {log_path})", argv=argv)
    # Moved last, once every file is there: each rename is atomic.
    for name in image.outputs():
        os.replace(os.path.join(staging, name), os.path.join(target, name))
    shutil.rmtree(staging, ignore_errors=True)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            image=dict(type="dict", required=True),
            variable=dict(type="str", default="image"),
            venv=dict(type="path", required=True),
            cache=dict(type="path", required=True),
            elements_paths=dict(type="list", elements="path", default=[]),
            force=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        image = parse_image(params["image"], params["variable"])
    except ImageSpecError as error:
        module.fail_json(msg=str(error))
    files = [os.path.join(image_dir(params["cache"], image), n)
             for n in image.outputs()]
    changed = needs_build(params["cache"], image, params["force"])
    if changed and not module.check_mode:
        build(module, image, params)
    module.exit_json(changed=changed, files=files)


if __name__ == "__main__":
    main()
