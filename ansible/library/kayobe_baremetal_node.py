#!/usr/bin/python
"""Ansible module: take one Ironic node to a provision state."""

DOCUMENTATION = r"""
module: kayobe_baremetal_node
short_description: Register an Ironic node and take it to a provision state
description:
  - Finds the node by name (or UUID), registers it when C(driver) is given and
    it is missing, updates its driver, driver_info, properties and resource
    class, adds missing ports, then applies the Ironic provision verbs
    (manage, inspect, clean, provide, deploy, undeploy...) that take it from
    whatever state it is in to I(target), polling every I(poll_interval)
    seconds with one bounded I(timeout).
  - Idempotent - a node already at the target is not touched; inspection is
    skipped for a node inspected before, and clean steps already applied
    (recorded in the node's extra C(kayobe_clean_steps)) are not re-applied.
  - A node in maintenance, a failed transition or a timeout fails this host
    only, with a message naming the node, its provision state and last error.
  - Runs where the Ironic API is reachable (delegate to the seed for bifrost);
    needs openstacksdk (>=4.14,<4.15) in that host's Python.
options:
  cloud:
    description:
      - openstacksdk connection arguments, passed to C(openstack.connect)
        (C(cloud) names a clouds.yaml entry; C(auth_type), C(auth),
        C(interface), C(cacert), C(region_name)...). A string is a cloud name.
    type: raw
    required: true
  name:
    description: Node name (the inventory host name). Required unless I(uuid)
      or I(nodes).
    type: str
  nodes:
    description:
      - Converge these nodes in one call, I(workers) at a time, each with the
        other options; run it once (C(run_once)) for the play's hosts. An
        entry is a node name, or a dict with C(name) and any of C(driver),
        C(properties), C(resource_class), C(ports) for that node alone.
        Returns C(nodes) ({name - result}); a node that fails has C(failed),
        C(msg), C(state) and C(last_error) in its result and never fails the
        task, so that a per-host task can fail its host.
    type: list
    elements: raw
  nodes_driver_info:
    description:
      - With I(nodes), the driver_info of each node ({name - driver_info}),
        merged over I(driver_info). Apart from I(nodes) because it holds BMC
        credentials - hidden from the output, while node names must not be.
    type: dict
  workers:
    description: Nodes converged at the same time with I(nodes).
    type: int
    default: 20
  uuid:
    description: Node UUID, used to find the node instead of I(name).
    type: str
  target:
    description:
      - State to reach. C(inspected) and C(cleaned) end in C(manageable).
        Omit it to only register/update the node.
    type: str
    choices: [manageable, inspected, cleaned, available, active]
  inspect:
    description:
      - Inspect a node that Ironic records no finished inspection of on its
        way to I(target) (for example enroll, manage, inspect, provide,
        deploy), so that each node goes on to the next transition without
        waiting for the others. Ignored for a node already at I(target) or
        deployed - it is never undeployed to be inspected.
    type: bool
    default: false
  timeout:
    description: Seconds the whole convergence may take.
    type: float
    default: 1800
  poll_interval:
    description: Seconds between polls of the node while Ironic works.
    type: float
    default: 0.5
  clean_steps:
    description: Manual clean steps for I(target=cleaned) (BIOS and RAID).
    type: list
    elements: dict
  raid_config:
    description:
      - The node's target RAID configuration (a dict with a C(logical_disks) list),
        set before cleaning; the RAID clean steps build it.
    type: dict
  instance_info:
    description: Merged into the node's instance_info before deploying.
    type: dict
  driver:
    description: Hardware type; given, a missing node is registered.
    type: str
  driver_info:
    description: Merged into the node's driver_info (BMC address, credentials).
    type: dict
  properties:
    description: Merged into the node's properties.
    type: dict
  resource_class:
    description: The node's resource class.
    type: str
  ports:
    description: MAC addresses that must have a port on the node.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Provision the node
  kayobe_baremetal_node:
    cloud: bifrost
    name: "{{ inventory_hostname }}"
    target: active
    instance_info: {image_source: "http://seed/deployment_image.qcow2"}
  delegate_to: "{{ groups['seed'][0] }}"
"""

RETURN = r"""
state: {description: Provision state at the end, type: str, returned: always}
uuid: {description: Node UUID, type: str, returned: success}
power_state: {description: Power state at the end, type: str, returned: success}
last_error: {description: Ironic's last error of the node, type: str, returned: always}
transitions:
  description: "'from -> verb -> to' for each verb applied"
  type: list
  returned: always
planned: {description: Verbs check mode would apply, type: list, returned: check mode}
nodes: {description: "With nodes: {name: result}", type: dict, returned: with nodes}
"""

from ansible.module_utils import kayobe_baremetal_runner as runner  # noqa: E402
from ansible.module_utils.basic import AnsibleModule  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import connect  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import openstack  # noqa: E402
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk  # noqa: E402

ARGUMENT_SPEC = cloud_spec(
    name=dict(type="str"),
    nodes=dict(type="list", elements="raw"),
    nodes_driver_info=dict(type="dict", no_log=True),
    workers=dict(type="int", default=20),
    uuid=dict(type="str"),
    target=dict(type="str", choices=["manageable", "inspected", "cleaned",
                                     "available", "active"]),
    inspect=dict(type="bool", default=False),
    timeout=dict(type="float", default=1800),
    poll_interval=dict(type="float", default=0.5),
    clean_steps=dict(type="list", elements="dict"),
    raid_config=dict(type="dict"),
    instance_info=dict(type="dict"),
    driver=dict(type="str"),
    driver_info=dict(type="dict", no_log=True),
    properties=dict(type="dict"),
    resource_class=dict(type="str"),
    ports=dict(type="list", elements="str"),
)


# What a dict entry of ``nodes`` may set for its node alone.
NODE_FIELDS = frozenset(("name", "driver", "properties", "resource_class", "ports"))


def node_specs(spec, entries, driver_infos):
    """One converge spec per ``nodes`` entry; ValueError names a bad entry."""
    specs = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"nodes: {entry!r} is neither a name nor a dict "
                             "with a name")
        unknown = sorted(set(entry) - NODE_FIELDS)
        if unknown:
            raise ValueError(f"nodes: {entry['name']}: unknown key(s) "
                             f"{', '.join(unknown)}")
        node = dict(spec, **entry)
        own = (driver_infos or {}).get(entry["name"])
        if own:
            node["driver_info"] = dict(spec.get("driver_info") or {}, **own)
        specs.append(node)
    return specs


def many(module, spec):
    cloud = spec.pop("cloud")
    entries = spec.pop("nodes")
    workers = spec.pop("workers")
    try:
        specs = node_specs(spec, entries, spec.pop("nodes_driver_info"))
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    results = runner.converge_many(lambda: connect(cloud), specs, workers,
                                   module.check_mode)
    module.exit_json(changed=any(r.get("changed") for r in results.values()),
                     nodes=results)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC,
                           required_one_of=[("name", "uuid", "nodes")],
                           mutually_exclusive=[("name", "nodes"), ("uuid", "nodes")],
                           required_if=[("target", "cleaned", ("clean_steps",))],
                           supports_check_mode=True)
    require_sdk(module)
    spec = dict(module.params)
    if spec["nodes"] is not None:
        many(module, spec)
    spec.pop("nodes_driver_info")
    spec["name"] = spec["name"] or spec["uuid"]
    try:
        conn = connect(spec.pop("cloud"))
        result = runner.NodeRunner(conn, spec).converge(module.check_mode)
    except runner.NodeError as exc:
        module.fail_json(msg=str(exc), state=exc.state, last_error=exc.last_error,
                         transitions=exc.transitions)
    except openstack.exceptions.SDKException as exc:
        module.fail_json(msg=f"node {spec['name']}: Ironic API error: {exc}")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
