"""Names in ``known_hosts``."""


def known_host_name(host, port=22):
    """The known_hosts name of ``host``: ``[host]:port`` off port 22."""
    port = int(port or 22)
    return str(host) if port == 22 else f"[{host}]:{port}"
