#!/usr/bin/python
"""Make an Open vSwitch bridge and its ports hold the given settings."""

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: kayobe_ovs_switch
short_description: Configure an Open vSwitch bridge and its ports with ovs-vsctl
description:
  - Creates the bridge and adds the ports when missing, then sets each
    COLUMN=VALUE of the bridge and the ports whose current value differs
    (read back with ovs-vsctl get), so a second run changes nothing.
  - Ports or settings absent from the plan are left alone.
options:
  bridge: {type: str, required: true, description: Bridge name.}
  datapath_type: {type: str, default: netdev, description: The bridge's datapath_type.}
  bridge_settings:
    type: list
    elements: list
    default: []
    description: "[COLUMN, VALUE] pairs of the Bridge table."
  ports:
    type: list
    elements: dict
    default: []
    description: >-
      Items with name and settings ([COLUMN, VALUE] pairs of the Port table).
  timeout:
    type: int
    default: 10
    description: Seconds ovs-vsctl waits for the database.
"""

RETURN = r"""
commands:
  description: The ovs-vsctl argument lists run (or, in check mode, due).
  type: list
  returned: always
"""


def normalise(value):
    """OVSDB values as ovs-vsctl prints or takes them, made comparable:
    '[10, 20]' and '10,20' match, '"a b"' and 'a b' match, '[]' is empty."""
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    parts = [p.strip().strip('"') for p in text.split(",")]
    return ",".join(p for p in parts if p)


class Switch:
    def __init__(self, module):
        self.module = module
        self.base = ["ovs-vsctl", f"--timeout={module.params['timeout']}"]
        self.commands = []

    def read(self, *args):
        rc, out, err = self.module.run_command(self.base + list(args))
        return rc, out.strip(), err.strip()

    def change(self, *args):
        self.commands.append(list(args))
        if self.module.check_mode:
            return
        rc, _, err = self.read(*args)
        if rc:
            self.module.fail_json(
                msg=f"ovs-vsctl {' '.join(args)} failed: {err}",
                commands=self.commands)

    def settle(self, table, record, settings):
        for column, value in settings:
            rc, current, _ = self.read("--if-exists", "get", table, record,
                                       column)
            if rc or normalise(current) != normalise(value):
                self.change("set", table, record, f"{column}={value}")


def main():
    module = AnsibleModule(
        argument_spec=dict(
            bridge=dict(type="str", required=True),
            datapath_type=dict(type="str", default="netdev"),
            bridge_settings=dict(type="list", elements="list", default=[]),
            ports=dict(type="list", elements="dict", default=[]),
            timeout=dict(type="int", default=10),
        ),
        supports_check_mode=True,
    )
    if not module.get_bin_path("ovs-vsctl"):
        module.fail_json(msg="ovs-vsctl not found: is Open vSwitch installed?")
    switch = Switch(module)
    bridge = module.params["bridge"]
    if switch.read("br-exists", bridge)[0]:
        switch.change("add-br", bridge)
    switch.settle("Bridge", bridge,
                  [["datapath_type", module.params["datapath_type"]]]
                  + module.params["bridge_settings"])
    for port in module.params["ports"]:
        name = port["name"]
        rc, owner, _ = switch.read("port-to-br", name)
        if rc or owner != bridge:
            switch.change("--if-exists", "del-port", name, "--", "add-port",
                          bridge, name)
        switch.settle("Port", name, port.get("settings") or [])
    module.exit_json(changed=bool(switch.commands), commands=switch.commands)


if __name__ == "__main__":
    main()
