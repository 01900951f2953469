"""Small, validating wrappers over :mod:`ipaddress`.

Every parser takes ``what``: a short phrase naming the network (and host)
that the value belongs to, so that errors read as one self-explaining line.
"""

import ipaddress

from kayobe.network.errors import NetworkError


def parse_network(cidr, what):
    """Return an ``ip_network`` for ``cidr``; host bits are allowed."""
    try:
        return ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        raise NetworkError(f"{what}: invalid CIDR {cidr!r}") from None


def parse_ip(value, what):
    """Return an ``ip_address`` for ``value``."""
    try:
        return ipaddress.ip_address(str(value))
    except ValueError:
        raise NetworkError(f"{what}: invalid IP address {value!r}") from None


def ip_in_network(value, network, what):
    """Parse ``value`` and check that it lies inside ``network``."""
    ip = parse_ip(value, what)
    if ip.version != network.version or ip not in network:
        raise NetworkError(f"{what}: {ip} is outside CIDR {network}")
    return ip


def usable_range(network):
    """Return (first, last) integers of the host addresses of ``network``.

    The network address is never usable, nor is the IPv4 broadcast address,
    except for /31 and /32 (and IPv6 /127, /128) point-to-point networks.
    """
    first = int(network.network_address)
    last = int(network.broadcast_address)
    if network.num_addresses <= 2:
        return first, last
    if network.version == 4:
        return first + 1, last - 1
    return first + 1, last


def pool_range(network, start, end, what):
    """Return (first, last) integers of a pool that must lie in ``network``.

    ``start`` and ``end`` must both be given, or both be None (no pool).
    """
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise NetworkError(f"{what}: pool start and end must both be set")
    first = int(ip_in_network(start, network, f"{what} start"))
    last = int(ip_in_network(end, network, f"{what} end"))
    if first > last:
        raise NetworkError(f"{what}: start {start} is after end {end}")
    return first, last


def to_text(version, value):
    """Return the text form of integer address ``value``."""
    if version == 4:
        return str(ipaddress.IPv4Address(value))
    return str(ipaddress.IPv6Address(value))
