#!/usr/bin/python
"""Ansible module: register Ironic inspection rules, idempotently."""

DOCUMENTATION = r"""
module: kayobe_inspection_rules
short_description: Ensure Ironic's built-in inspection rules exist
description:
  - Each rule (an Ironic C(/v1/inspection_rules) body) is matched to an
    existing rule by its description; a missing rule is created, a differing
    one replaced, an equal one left alone. Rules not listed are kept (they
    may be the operator's own). A second run changes nothing.
  - Sensitive rules (credentials) are compared without their actions, which
    Ironic does not show.
  - Runs where the Ironic API is reachable; needs openstacksdk.
options:
  cloud:
    description: openstacksdk connection arguments (dict or cloud name).
    type: raw
    required: true
  rules:
    description: Rule bodies (description, sensitive, conditions, actions,
      optional priority and phase).
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Register the inspection rules
  kayobe_inspection_rules:
    cloud: "{{ baremetal_compute_cloud }}"
    rules: "{{ inspector_rules | baremetal_inspection_rules }}"
  no_log: "{{ ironic_inspector_sensitive_rule_no_log | bool }}"
"""

RETURN = r"""
created:
  description: Descriptions of the rules created.
  type: list
  returned: always
replaced:
  description: Descriptions of the rules replaced.
  type: list
  returned: always
"""

from ansible.module_utils import kayobe_postconfig as postconfig
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec
from ansible.module_utils.kayobe_baremetal_sdk import connect
from ansible.module_utils.kayobe_baremetal_sdk import openstack
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk

FIELDS = ("uuid", "description", "sensitive", "conditions", "actions",
          "priority", "phase")


def as_dict(rule):
    data = rule.to_dict(computed=False)
    data["uuid"] = rule.id
    return {key: data.get(key) for key in FIELDS}


def main():
    module = AnsibleModule(
        argument_spec=cloud_spec(
            rules=dict(type="list", elements="dict", required=True),
        ),
        supports_check_mode=True)
    require_sdk(module)
    try:
        wanted = postconfig.inspection_rule_bodies(module.params["rules"])
        api = connect(module.params["cloud"]).baremetal
        # The list shows no conditions or actions: fetch the rules kayobe
        # manages one by one.
        names = {body["description"] for body in wanted}
        existing = [as_dict(api.get_inspection_rule(rule.id))
                    for rule in api.inspection_rules()
                    if rule.description in names]
        create, replace = postconfig.rule_changes(existing, wanted)
        if not module.check_mode:
            for uuid in replace:
                api.delete_inspection_rule(uuid)
            for body in create + list(replace.values()):
                api.create_inspection_rule(**body)
    except postconfig.PostConfigError as exc:
        module.fail_json(msg=str(exc))
    except openstack.exceptions.SDKException as exc:
        module.fail_json(msg="Ironic inspection rules: "
                             + " ".join(str(exc).split()))
    module.exit_json(changed=bool(create or replace),
                     created=[b["description"] for b in create],
                     replaced=[b["description"] for b in replace.values()])


if __name__ == "__main__":
    main()
