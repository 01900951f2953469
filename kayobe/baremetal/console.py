"""Serial console TCP ports of Ironic nodes, kept in ``console-allocation.yml``.

Ironic's ``ipmitool-socat`` console serves each node's serial console on a TCP
port of the conductor (``driver_info/ipmi_terminal_port``). Kayobe hands the
ports out from the pool ``ironic_serial_console_tcp_pool_start`` ..
``ironic_serial_console_tcp_pool_end`` and records them in the kayobe
(environment) configuration, as upstream does, under
``serial_console_allocations: {node: port}``.

:func:`allocate` is pure: it keeps every existing entry (a port is never
reassigned, even when the pool later shrinks past it, because consoles in use
must not move) and gives each new node the lowest free port, nodes served in
sorted order. :func:`allocate_and_save` re-reads and writes the file under the
same lock and atomic replace as the IP allocation file, so concurrent runs
neither lose nor duplicate an entry.
"""

import yaml

from kayobe import errors
from kayobe import fileutil
from kayobe.network import store

KEY = "serial_console_allocations"
POOL_VARS = ("ironic_serial_console_tcp_pool_start",
             "ironic_serial_console_tcp_pool_end")
HEADER = ("---\n# Serial console TCP ports allocated by Kayobe: "
          f"{{{KEY}: {{node: port}}}}.\n")


class ConsoleAllocationError(errors.ConfigError, ValueError):
    """The pool or the allocation file is invalid; the message is one line."""


def _port(value, what):
    """``value`` as a TCP port number, else an error naming ``what``."""
    if isinstance(value, bool):
        value = None  # YAML's yes/no are not ports
    try:
        port = int(str(value).strip())
    except (TypeError, ValueError):
        port = None
    if port is None or not 1 <= port <= 65535:
        raise ConsoleAllocationError(
            f"{what} must be a TCP port (1-65535), not {value!r}")
    return port


def pool_range(start, end):
    """Return the pool's ``(first, last)`` ports, validated."""
    first = _port(start, POOL_VARS[0])
    last = _port(end, POOL_VARS[1])
    if first > last:
        raise ConsoleAllocationError(
            f"{POOL_VARS[0]} ({first}) is greater than {POOL_VARS[1]} ({last})")
    return first, last


def check_allocation(allocation, source="console allocation"):
    """Validate ``{KEY: {node: port}}``; return ``{node: port}`` as ints."""
    if not isinstance(allocation, dict):
        raise ConsoleAllocationError(f"{source} must be a mapping")
    entries = allocation.get(KEY) or {}
    if not isinstance(entries, dict):
        raise ConsoleAllocationError(f"{source}: {KEY} must map nodes to ports")
    ports, owners = {}, {}
    for node, value in sorted(entries.items(), key=lambda item: str(item[0])):
        port = _port(value, f"{source}: port of node '{node}'")
        if port in owners:
            raise ConsoleAllocationError(
                f"{source}: nodes '{owners[port]}' and '{node}' share port "
                f"{port}")
        owners[port] = node
        ports[str(node)] = port
    return ports


def allocate(nodes, pool_start, pool_end, allocation=None):
    """Return a new allocation with a port for each node in ``nodes``.

    :param nodes: Ironic node names (the inventory hostnames).
    :param pool_start: first port of the pool.
    :param pool_end: last port of the pool (inclusive).
    :param allocation: the existing ``{KEY: {node: port}}``; not modified.
    """
    first, last = pool_range(pool_start, pool_end)
    ports = check_allocation(allocation or {})
    used = set(ports.values())
    needed = sorted({str(node) for node in nodes} - set(ports))
    free = (port for port in range(first, last + 1) if port not in used)
    for node in needed:
        port = next(free, None)
        if port is None:
            raise ConsoleAllocationError(
                f"serial console TCP port pool {first}-{last} "
                f"({POOL_VARS[0]}..{POOL_VARS[1]}) is exhausted: no port left "
                f"for node '{node}' ({len(needed)} needed)")
        ports[node] = port
    result = dict(allocation or {})
    result[KEY] = ports
    return result


def ports_for(allocation, nodes):
    """``{node: port}`` of ``nodes`` only (all must be allocated)."""
    ports = check_allocation(allocation)
    return {str(node): ports[str(node)] for node in nodes}


def load_allocation(path):
    """Return the allocation in ``path``; ``{}`` when missing or empty."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = yaml.safe_load(stream)
    except FileNotFoundError:
        return {}
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise ConsoleAllocationError(
            f"malformed console allocation file {path}: {message}") from None
    if data is None:
        return {}
    check_allocation(data, f"console allocation file {path}")
    return data


def dump_allocation(allocation):
    """The file's text: header plus YAML, keys sorted for stable diffs."""
    data = {str(key): value for key, value in allocation.items()}
    data[KEY] = {str(node): int(port)
                 for node, port in (allocation.get(KEY) or {}).items()}
    return HEADER + yaml.safe_dump(data, default_flow_style=False,
                                   sort_keys=True)


def allocate_and_save(path, nodes, pool_start, pool_end, dry_run=False):
    """Allocate ports under the lock; write ``path`` only if they changed.

    Returns ``(ports, changed)`` where ``ports`` maps each of ``nodes`` to its
    port. With ``dry_run`` the file is left untouched; the result is the same.
    """
    with store.allocation_lock(path):
        current = load_allocation(path)
        updated = allocate(nodes, pool_start, pool_end, current)
        changed = check_allocation(updated) != check_allocation(current)
        if changed and not dry_run:
            fileutil.write_atomic(path, dump_allocation(updated))
    return ports_for(updated, nodes), changed
