"""``/etc/hosts`` entries for the hosts of a run, from their allocated IPs.

The addresses come from the allocation (``<net>_ips`` and the run's
allocation fact), never from facts gathered on other hosts, so a host that
is down does not stop the others from getting their entries.
"""

from kayobe.network import model


def host_names(hostname):
    """Return the names of an entry: the name, then its short form."""
    names = [str(hostname)]
    short = names[0].split(".", 1)[0]
    if short != names[0]:
        names.append(short)
    return names


def etc_hosts_lines(ips, hostnames, hosts):
    """Return one ``<ip> <name> [<short>]`` line per host that has an IP.

    :param ips: {host: ip} on the network.
    :param hostnames: {host: hostname}; a missing host uses its own name.
    :param hosts: the hosts wanted, in the order of the lines.
    """
    lines = []
    for host in dict.fromkeys(hosts or []):
        ip = ips.get(host)
        if ip is None:
            continue
        names = host_names(hostnames.get(host) or host)
        lines.append(" ".join([str(ip)] + names))
    return lines


def net_etc_hosts(variables, net, hosts, hostnames=None):
    """Return the ``/etc/hosts`` lines for ``hosts`` on network ``net``."""
    if not net:
        return []
    return etc_hosts_lines(model.net_hosts_ips(variables, net),
                           hostnames or {}, hosts)
