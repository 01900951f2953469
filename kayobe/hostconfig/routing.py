"""Policy routing table names (``network_route_tables``) for rt_tables."""

from kayobe.hostconfig.errors import HostConfigError

# IDs the kernel reserves (unspec, default, main, local).
_RESERVED = (0, 253, 254, 255)


def rt_tables(tables):
    """rt_tables lines ``<id> <name>`` of ``network_route_tables``."""
    lines, names, ids = [], set(), set()
    for index, table in enumerate(tables or []):
        where = f"network_route_tables[{index}]"
        if not isinstance(table, dict) or not table.get("name") \
                or table.get("id") in (None, ""):
            raise HostConfigError(f"{where} needs name and id")
        name = str(table["name"])
        try:
            table_id = int(table["id"])
        except (TypeError, ValueError):
            raise HostConfigError(
                f"{where}: id {table['id']!r} is not a number") from None
        if not 0 < table_id < 2 ** 32 or table_id in _RESERVED:
            raise HostConfigError(
                f"{where}: id {table_id} is reserved or out of range")
        if name in names or table_id in ids or " " in name:
            raise HostConfigError(
                f"{where}: name {name!r} or id {table_id} is repeated or "
                f"has a space")
        names.add(name)
        ids.add(table_id)
        lines.append(f"{table_id} {name}")
    return "\n".join(lines)
