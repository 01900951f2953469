#!/usr/bin/python
"""Ansible module: ensure a Neutron network and its subnet exist."""

DOCUMENTATION = r"""
module: kayobe_provision_network
short_description: Ensure Ironic's provisioning network and subnet in Neutron
description:
  - Finds the network by name and creates it from I(network) when missing,
    then the subnet by name on that network from I(subnet). Existing ones
    are left as they are (changing a network in use needs the operator), so
    a second run changes nothing.
  - Runs where the Neutron API is reachable; needs openstacksdk.
options:
  cloud:
    description: openstacksdk connection arguments (dict or cloud name).
    type: raw
    required: true
  network:
    description: Neutron network attributes (name, shared, provider:*).
    type: dict
    required: true
  subnet:
    description: Neutron subnet attributes (name, cidr, ip_version,
      gateway_ip, allocation_pools).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Register the provisioning network
  kayobe_provision_network:
    cloud: "{{ baremetal_compute_cloud }}"
    network: {name: provision-net, shared: true}
    subnet: {name: provision-net, cidr: 10.66.8.0/24, ip_version: 4}
"""

RETURN = r"""
network_id: {description: ID of the network, type: str, returned: success}
subnet_id: {description: ID of the subnet, type: str, returned: success}
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec
from ansible.module_utils.kayobe_baremetal_sdk import connect
from ansible.module_utils.kayobe_baremetal_sdk import openstack
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk

# Neutron's attribute names -> openstacksdk's.
SDK_NAMES = {
    "shared": "is_shared",
    "provider:network_type": "provider_network_type",
    "provider:physical_network": "provider_physical_network",
    "provider:segmentation_id": "provider_segmentation_id",
}


def main():
    module = AnsibleModule(
        argument_spec=cloud_spec(
            network=dict(type="dict", required=True),
            subnet=dict(type="dict", required=True),
        ),
        supports_check_mode=True)
    require_sdk(module)
    network_attrs = {SDK_NAMES.get(k, k): v
                     for k, v in module.params["network"].items()}
    subnet_attrs = dict(module.params["subnet"])
    name = network_attrs["name"]
    changed = False
    try:
        api = connect(module.params["cloud"]).network
        network = api.find_network(name, ignore_missing=True)
        if network is None:
            changed = True
            if module.check_mode:
                module.exit_json(changed=True)
            network = api.create_network(**network_attrs)
        subnet = next(iter(api.subnets(network_id=network.id,
                                       name=subnet_attrs["name"])), None)
        if subnet is None:
            changed = True
            if not module.check_mode:
                subnet = api.create_subnet(network_id=network.id, **subnet_attrs)
    except openstack.exceptions.SDKException as exc:
        module.fail_json(msg=f"Neutron network {name}: "
                             + " ".join(str(exc).split()))
    module.exit_json(changed=changed, network_id=network.id,
                     subnet_id=subnet.id if subnet else None)


if __name__ == "__main__":
    main()
