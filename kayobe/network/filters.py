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

# Filters with more arguments than ``(variables, net)``: their own wrappers.
CONTEXT_FILTERS = ("net_attr", "net_ip")


def _model_filter_names():
    """Every ``net_*(variables, net_or_nets)`` function of the model.

    Derived rather than listed, so that a new model function is a filter
    without a second edit here.
    """
    return tuple(sorted(
        name for name, value in vars(model).items()
        if name.startswith("net_") and callable(value)
        and getattr(value, "__module__", None) == model.__name__
        and name not in CONTEXT_FILTERS))


# Filters of the form ``net | net_x(inventory_hostname=None)``.
MODEL_FILTERS = _model_filter_names()


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
