"""Jinja filters over the network model.

Each filter takes a network name (or a list of them) and an optional
``inventory_hostname``; it reads the current host's variables from the Jinja
context, or another host's from ``hostvars``, and calls the pure function of
the same name in :mod:`kayobe.network.model` (or ``veth``/``render``)::

    {{ internal_net_name | net_ip }}
    {{ 'internal' | net_cidr }}
    {{ network_interfaces | net_select_bridges }}
    {{ 'internal' | net_ip('controller1') }}
    {{ 'internal' | net_attr('cidr') }}
"""

import jinja2

from kayobe.network import connectivity
from kayobe.network import hosts as etc_hosts
from kayobe.network import model
from kayobe.network import render
from kayobe.network import veth

# Filters of the form ``net | net_x(inventory_hostname=None)``.
MODEL_FILTERS = (
    "net_interface", "net_physical_network", "net_fqdn", "net_macaddress",
    "net_bootproto", "net_defroute", "net_ethtool_opts", "net_zone",
    "net_allocation_pool_start", "net_allocation_pool_end",
    "net_inspection_allocation_pool_start",
    "net_inspection_allocation_pool_end", "net_inspection_gateway",
    "net_neutron_allocation_pool_start", "net_neutron_allocation_pool_end",
    "net_neutron_gateway",
    "net_bond_mode", "net_bond_miimon", "net_bond_updelay",
    "net_bond_downdelay", "net_bond_xmit_hash_policy", "net_bond_lacp_rate",
    "net_bond_ad_select", "net_bond_slaves", "net_bridge_ports",
    "net_bridge_stp",
    "net_no_ip", "net_address", "net_cidr", "net_prefix", "net_mask",
    "net_gateway",
    "net_vip_address", "net_vlan", "net_mtu", "net_routes", "net_rules",
    "net_libvirt_network_name", "net_libvirt_network",
    "net_libvirt_vm_network",
    "net_interface_type", "net_is_ether", "net_is_bridge", "net_is_bond",
    "net_is_vlan", "net_is_vlan_interface", "net_parent", "net_vlan_id",
    "net_physical_interface", "net_hosts_ips", "net_is_configured",
    # These take a list of network names.
    "net_select_ethers", "net_select_bridges", "net_select_bonds",
    "net_select_vlans", "net_select_vlan_interfaces", "net_reject_vlans",
    "net_select_configured", "net_addressed_interfaces",
)


def host_variables(context, inventory_hostname=None):
    """Return the variables of ``inventory_hostname`` (default: this host)."""
    if inventory_hostname is None or (
            inventory_hostname == context.get("inventory_hostname")):
        return context
    return context["hostvars"][inventory_hostname]


def host_filter(func):
    """Wrap ``func(variables, value)`` as a filter on the Jinja context."""
    @jinja2.pass_context
    def wrapper(context, value, inventory_hostname=None):
        return func(host_variables(context, inventory_hostname), value)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@jinja2.pass_context
def net_attr(context, net, attr, inventory_hostname=None):
    """Return ``<net>_<attr>`` for the host."""
    return model.net_attr(host_variables(context, inventory_hostname), net,
                          attr)


@jinja2.pass_context
def net_ip(context, net, inventory_hostname=None):
    """Return the host's IP on ``net`` from ``<net>_ips``."""
    variables = host_variables(context, inventory_hostname)
    return model.net_ip(variables, net, inventory_hostname)


@jinja2.pass_context
def net_render_files(context, nets, engine="networkd",
                     inventory_hostname=None):
    """Return {file name: text} configuring the host's networks ``nets``."""
    variables = host_variables(context, inventory_hostname)
    return render.render_host(variables, nets, engine)


@jinja2.pass_context
def net_etc_hosts(context, net, hosts, hostnames=None):
    """Return the /etc/hosts lines of ``hosts`` on network ``net``."""
    return etc_hosts.net_etc_hosts(context, net, hosts, hostnames)


@jinja2.pass_context
def net_connectivity_checks(context, nets, hosts, gateway_mtu=True):
    """Return this host's connectivity checks (see kayobe.network.connectivity)."""
    return connectivity.connectivity_checks(context, nets, hosts, gateway_mtu)


@jinja2.pass_context
def net_connectivity_summary(context, results):
    """Return {'ok': bool, 'lines': [...]} for this host's ping results."""
    ok, summary = connectivity.summarise(model.host_name(context),
                                         results or [])
    return {"ok": ok, "lines": list(summary.values()),
            "failed": [line for line in summary.values() if "FAILED" in line]}


def get_filters():
    """Return {filter name: filter} for Ansible's FilterModule."""
    filters = {name: host_filter(getattr(model, name))
               for name in MODEL_FILTERS}
    filters.update({
        "net_attr": net_attr,
        "net_ip": net_ip,
        "net_ovs_veths": host_filter(veth.net_ovs_veths),
        "net_render_files": net_render_files,
        "net_etc_hosts": net_etc_hosts,
        "net_connectivity_checks": net_connectivity_checks,
        "net_connectivity_summary": net_connectivity_summary,
    })
    return filters
