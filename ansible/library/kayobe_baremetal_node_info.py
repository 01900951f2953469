#!/usr/bin/python
"""Ansible module: list Ironic nodes, or read one node's inspection data."""

DOCUMENTATION = r"""
module: kayobe_baremetal_node_info
short_description: List Ironic nodes, or read one node's inspection data
description:
  - Without I(node), lists every node with the fields kayobe matches on
    (uuid, name, BMC addresses, console state and interface, provision
    state, maintenance); no credential is returned.
  - With I(node) and I(inventory), returns the hardware inventory and plugin
    data that inspection stored for that node, or fails naming the node when
    Ironic has none.
  - Read only. Runs where the Ironic API is reachable; needs openstacksdk.
options:
  cloud:
    description: openstacksdk connection arguments (dict or cloud name).
    type: raw
    required: true
  node:
    description: Name or UUID of one node.
    type: str
  inventory:
    description: Return the node's inspection data (needs I(node)).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: List the nodes once
  kayobe_baremetal_node_info:
    cloud: "{{ baremetal_compute_cloud }}"
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
nodes:
  description: >-
    Nodes - uuid, name, driver, driver_info (BMC addresses only),
    console_enabled, console_interface, provision_state, maintenance.
  type: list
  returned: without node
inventory:
  description: "Inspection data: {inventory: ..., plugin_data: ...}"
  type: dict
  returned: with inventory
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec
from ansible.module_utils.kayobe_baremetal_sdk import connect
from ansible.module_utils.kayobe_baremetal_sdk import openstack
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk

# driver_info keys that locate a BMC; everything else may be a secret.
ADDRESS_KEYS = ("ipmi_address", "redfish_address", "redfish_system_id",
                "ipmi_terminal_port", "deploy_kernel", "deploy_ramdisk")


def summary(node):
    info = node.driver_info or {}
    return {
        "uuid": node.id,
        "name": node.name,
        "driver": node.driver,
        "driver_info": {k: info[k] for k in ADDRESS_KEYS if k in info},
        "console_enabled": bool(node.is_console_enabled),
        "console_interface": node.console_interface,
        "provision_state": node.provision_state,
        "maintenance": bool(node.is_maintenance),
    }


def main():
    module = AnsibleModule(
        argument_spec=cloud_spec(
            node=dict(type="str"),
            inventory=dict(type="bool", default=False),
        ),
        required_if=[("inventory", True, ("node",))],
        supports_check_mode=True)
    require_sdk(module)
    node = module.params["node"]
    try:
        api = connect(module.params["cloud"]).baremetal
        if module.params["inventory"]:
            data = api.get_node_inventory(node)
            module.exit_json(changed=False, inventory=dict(data))
        nodes = [summary(n) for n in api.nodes(details=True)]
        if node:
            nodes = [n for n in nodes if node in (n["uuid"], n["name"])]
    except openstack.exceptions.NotFoundException:
        module.fail_json(msg=f"node {node}: Ironic has no inspection data "
                             "(not inspected, or its inspect interface "
                             "stores none)")
    except openstack.exceptions.SDKException as exc:
        message = " ".join(str(exc).split())
        module.fail_json(msg=f"Ironic API error{' for node ' + node if node else ''}: "
                             f"{message}")
    module.exit_json(changed=False, nodes=nodes)


if __name__ == "__main__":
    main()
