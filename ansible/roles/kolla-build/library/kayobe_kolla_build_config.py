#!/usr/bin/python
"""Ansible module: write kolla-build.conf and template-override.j2, checked
against kolla's own options (kayobe/kolla/build.py does the work)."""

DOCUMENTATION = r"""
module: kayobe_kolla_build_config
short_description: Write kolla-build's configuration directory
description:
  - Renders kolla-build.conf from kayobe's variables, kolla_sources,
    kolla_build_extra_config and the operator's kolla-build.conf files, each
    option checked against the options kolla registers with oslo.config (an
    unknown option or a refused value fails, naming its variable or file), and
    template-override.j2 from kolla_build_blocks and
    kolla_build_customizations (a block that no kolla template has fails).
  - Must run with the Python of the kolla virtualenv (it imports kolla).
  - Files are replaced atomically and only when their content changes.
options:
  dest:
    description: Directory to write into (kolla-build --config-dir).
    type: path
    required: true
  variables:
    description: kayobe variables that map to [DEFAULT] options.
    type: dict
    default: {}
  sources:
    description: kolla_sources.
    type: dict
    default: {}
  extra_config:
    description: kolla_build_extra_config.
    type: dict
    default: {}
  files:
    description: Operator kolla-build.conf files, lowest precedence first,
      each a dict of origin (its path, for errors) and content.
    type: list
    elements: dict
    default: []
  blocks:
    description: kolla_build_blocks.
    type: dict
    default: {}
  customizations:
    description: kolla_build_customizations.
    type: dict
    default: {}
  image_sets:
    description: Image sets (each with regexes), for the returned runs.
    type: list
    elements: dict
    default: []
  regexes:
    description: Command-line regexes; when given they replace the sets.
    type: raw
    default: []
"""

EXAMPLES = r"""
- name: Write kolla-build.conf
  kayobe_kolla_build_config:
    dest: /opt/kayobe/etc/kolla
    variables: {kolla_base_distro: debian, kolla_tag: "2026.1"}
  vars:
    ansible_python_interpreter: /opt/kayobe/venvs/kolla/bin/python
"""

RETURN = r"""
files:
  description: Names of the files written (changed) in dest.
  type: list
runs:
  description: The regex list of each kolla-build run, one per image set.
  type: list
"""

import os
import sys

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_fileutil import write_atomic
from ansible.module_utils.kayobe_kolla_build import OVERRIDE_FILE
from ansible.module_utils.kayobe_kolla_build import BuildConfigError
from ansible.module_utils.kayobe_kolla_build import build_files
from ansible.module_utils.kayobe_kolla_build import image_regexes
from ansible.module_utils.kayobe_kolla_build import template_blocks


def _read(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        return None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            dest=dict(type="path", required=True),
            variables=dict(type="dict", default={}),
            sources=dict(type="dict", default={}),
            extra_config=dict(type="dict", default={}),
            files=dict(type="list", elements="dict", default=[]),
            blocks=dict(type="dict", default={}),
            customizations=dict(type="dict", default={}),
            image_sets=dict(type="list", elements="dict", default=[]),
            regexes=dict(type="raw", default=[]),
        ),
        supports_check_mode=True)
    params = module.params
    dest = params["dest"]
    docker_dir = os.path.join(sys.prefix, "share", "kolla", "docker")
    try:
        known = template_blocks(docker_dir) if os.path.isdir(docker_dir) else None
        wanted = build_files(
            params["variables"], params["sources"], params["extra_config"],
            [(f["origin"], f["content"]) for f in params["files"]],
            override_path=os.path.join(dest, OVERRIDE_FILE),
            blocks=params["blocks"], customizations=params["customizations"],
            known_blocks=known)
        runs = image_regexes(params["image_sets"], params["regexes"])
    except ImportError as exc:
        module.fail_json(msg=f"kolla is not importable by {sys.executable} "
                             f"(install it in the kolla virtualenv): {exc}")
    except BuildConfigError as exc:
        module.fail_json(msg=str(exc))
    changed, diffs = [], []
    for name, text in sorted(wanted.items()):
        path = os.path.join(dest, name)
        current = _read(path)
        if current == text:
            continue
        changed.append(name)
        diffs.append({"before": current or "", "after": text,
                      "before_header": path, "after_header": path})
        if not module.check_mode:
            os.makedirs(dest, exist_ok=True)
            write_atomic(path, text, 0o644)
    module.exit_json(changed=bool(changed), files=changed, diff=diffs,
                     runs=runs)


if __name__ == "__main__":
    main()
