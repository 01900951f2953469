#!/usr/bin/python
"""Ansible module: set an Ironic node's name, driver_info keys or console."""

DOCUMENTATION = r"""
module: kayobe_baremetal_node_set
short_description: Rename an Ironic node, merge driver_info keys, switch its console
description:
  - Finds the node by I(uuid) or I(node) (name or UUID) and changes only what
    differs, in one JSON patch; then enables or disables its serial console.
    A second run changes nothing.
  - Runs where the Ironic API is reachable; needs openstacksdk in that host's
    Python. Failures name the node and Ironic's message.
options:
  cloud:
    description: openstacksdk connection arguments (a dict for
      C(openstack.connect), or a clouds.yaml cloud name).
    type: raw
    required: true
  node:
    description: Name or UUID of the node. Required unless I(uuid).
    type: str
  uuid:
    description: UUID of the node.
    type: str
  name:
    description: New name of the node.
    type: str
  driver_info:
    description: Keys merged into the node's driver_info (e.g.
      ipmi_terminal_port, deploy_kernel, deploy_ramdisk).
    type: dict
  console_enabled:
    description: Whether the node's serial console is enabled; omitted, it is
      left as it is.
    type: bool
  timeout:
    description: Seconds to wait for Ironic to switch the console.
    type: float
    default: 60
  poll_interval:
    description: Seconds between looks at the console state.
    type: float
    default: 0.5
"""

EXAMPLES = r"""
- name: Give the node its inventory name
  kayobe_baremetal_node_set:
    cloud: "{{ baremetal_compute_cloud }}"
    uuid: "{{ node_uuid }}"
    name: "{{ inventory_hostname }}"
  delegate_to: localhost
"""

RETURN = r"""
uuid: {description: UUID of the node, type: str, returned: success}
changes:
  description: Fields changed (values of driver_info left out).
  type: list
  returned: always
"""

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec
from ansible.module_utils.kayobe_baremetal_sdk import connect
from ansible.module_utils.kayobe_baremetal_sdk import openstack
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk

# Ironic shows secret driver_info values masked; they cannot be compared.
MASKED = "******"

ARGUMENT_SPEC = cloud_spec(
    node=dict(type="str"),
    uuid=dict(type="str"),
    name=dict(type="str"),
    driver_info=dict(type="dict", no_log=False),
    console_enabled=dict(type="bool"),
    timeout=dict(type="float", default=60),
    poll_interval=dict(type="float", default=0.5),
)


def patch_for(node, name, driver_info):
    """JSON patch operations and the names of the changed fields."""
    patch, changes = [], []
    if name and node.name != name:
        patch.append({"op": "add", "path": "/name", "value": name})
        changes.append("name")
    current = node.driver_info or {}
    for key, value in sorted((driver_info or {}).items()):
        if current.get(key) == MASKED or _same(current.get(key), value):
            continue
        patch.append({"op": "add", "path": f"/driver_info/{key}",
                      "value": value})
        changes.append(f"driver_info/{key}")
    return patch, changes


def _same(current, wanted):
    # Ironic keeps driver_info values as given; ports come back as strings
    # when they were set by the openstack client.
    return current == wanted or (
        current is not None and str(current) == str(wanted))


def wait_console(api, node, enabled, timeout, poll):
    deadline = time.monotonic() + timeout
    while True:
        node = api.get_node(node.id)
        if bool(node.is_console_enabled) == enabled:
            return node
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"node {node.name or node.id}: console still "
                f"{'disabled' if enabled else 'enabled'} after {timeout:.0f} s"
                f"; last error: {node.last_error or 'none'}")
        time.sleep(poll)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC,
                           required_one_of=[("node", "uuid")],
                           supports_check_mode=True)
    require_sdk(module)
    params = module.params
    ident = params["uuid"] or params["node"]
    try:
        api = connect(params["cloud"]).baremetal
        node = api.get_node(ident)
        patch, changes = patch_for(node, params["name"], params["driver_info"])
        if patch and not module.check_mode:
            node = api.patch_node(node, patch)
        wanted = params["console_enabled"]
        if wanted is not None and bool(node.is_console_enabled) != wanted:
            changes.append("console_enabled")
            if not module.check_mode:
                if wanted:
                    api.enable_node_console(node)
                else:
                    api.disable_node_console(node)
                wait_console(api, node, wanted, params["timeout"],
                             params["poll_interval"])
    except openstack.exceptions.ResourceNotFound:
        module.fail_json(msg=f"node {ident}: not found in Ironic", changes=[])
    except (openstack.exceptions.SDKException, TimeoutError) as exc:
        message = " ".join(str(exc).split())
        module.fail_json(msg=f"node {ident}: {message}", changes=[])
    module.exit_json(changed=bool(changes), uuid=node.id, changes=changes)


if __name__ == "__main__":
    main()
