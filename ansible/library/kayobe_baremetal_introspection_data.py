#!/usr/bin/python
"""Ansible module: read what inspection stored for one Ironic node."""

DOCUMENTATION = r"""
module: kayobe_baremetal_introspection_data
short_description: Read one Ironic node's introspection data
description:
  - Returns the hardware inventory and plugin data that in-band inspection
    stored in Ironic for the node (null when Ironic holds none, e.g. after
    out-of-band or fake inspection), with the node's properties, which every
    kind of inspection updates.
  - Read only. Runs where the Ironic API is reachable; needs openstacksdk.
options:
  cloud:
    description: openstacksdk connection arguments (dict) or a cloud name.
    type: raw
    required: true
  name:
    description: Name or UUID of the node.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Read the node's introspection data
  kayobe_baremetal_introspection_data:
    cloud: bifrost
    name: "{{ inventory_hostname }}"
  delegate_to: "{{ bifrost_api_host }}"
"""

RETURN = r"""
data:
  description: "{name, uuid, inventory, plugin_data, properties}"
  type: dict
  returned: success
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import connect  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import openstack  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk  # noqa: E402


def read(conn, name):
    node = conn.baremetal.find_node(name, ignore_missing=True)
    if node is None:
        return None
    data = dict(name=node.name, uuid=node.id, inventory=None, plugin_data=None,
                properties=node.properties or {})
    reply = conn.baremetal.get(f"/nodes/{node.id}/inventory", microversion="1.81")
    if reply.status_code != 404:
        reply.raise_for_status()
        stored = reply.json()
        data.update(inventory=stored.get("inventory"),
                    plugin_data=stored.get("plugin_data"))
    return data


def main():
    module = AnsibleModule(argument_spec=cloud_spec(
        name=dict(type="str", required=True)), supports_check_mode=True)
    require_sdk(module)
    cloud = module.params["cloud"]
    name = module.params["name"]
    try:
        conn = connect(cloud)
        data = read(conn, name)
    except openstack.exceptions.SDKException as exc:
        module.fail_json(msg=f"node {name}: Ironic API error: {exc}")
    if data is None:
        module.fail_json(msg=f"node {name}: not found in Ironic")
    module.exit_json(changed=False, data=data)


if __name__ == "__main__":
    main()
