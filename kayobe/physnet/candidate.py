"""One switch's candidate configuration: selection, then rendering."""

from kayobe.physnet import render
from kayobe.physnet import select

# Option keys the playbook passes, with their defaults.
OPTIONS = {
    "enable_discovery": False,
    "disable_discovery": False,
    "enable_config": None,
    "disable_config": None,
    "interface_limit": "",
    "description_limit": "",
    "junos_config_format": "text",
    "openvswitch_bridge": "br-switch",
    "openvswitch_datapath_type": "netdev",
}


def candidate(switch, switch_type, config, interfaces, options=None):
    """A plain dict (for Ansible): ``type``, ``global``, ``interfaces``
    (name -> lines), ``text`` (what is applied), ``selected`` (the chosen
    interface mapping) and, for openvswitch, ``plan``."""
    opts = dict(OPTIONS)
    opts.update({k: v for k, v in (options or {}).items() if v is not None})
    unknown = sorted(set(opts) - set(OPTIONS))
    if unknown:
        raise ValueError(f"unknown candidate options: {', '.join(unknown)}")
    render.check_type(switch, switch_type)
    chosen = select.candidate_interfaces(
        switch, interfaces, opts["enable_discovery"], opts["disable_discovery"],
        opts["enable_config"], opts["disable_config"], opts["interface_limit"],
        opts["description_limit"])
    rendered = render.render(switch, switch_type, config, chosen, opts)
    return {"type": switch_type, "global": rendered.global_lines,
            "interfaces": rendered.interfaces, "text": rendered.text,
            "plan": rendered.plan, "selected": chosen}


def display(switch, result):
    """The text ``--display`` shows for one switch's candidate."""
    lines = [f"# {switch} ({result['type']}): global configuration"]
    lines += result["global"] or ["# (none)"]
    lines.append(f"# {switch}: interface configuration")
    if not result["interfaces"]:
        lines.append("# (none)")
    for block in result["interfaces"].values():
        lines += block
    return lines
