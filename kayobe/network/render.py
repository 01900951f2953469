"""Host network configuration renderers, by network engine.

A renderer is ``render(variables, nets) -> {file name: text}`` over the
renderer-independent device model of :mod:`kayobe.network.devices`.
"""

from kayobe.network import networkd
from kayobe.network.errors import NetworkError

RENDERERS = {
    "networkd": networkd.render,
}


def render_host(variables, nets, engine="networkd"):
    """Return the configuration files of ``engine`` for the host's networks."""
    try:
        renderer = RENDERERS[engine]
    except KeyError:
        raise NetworkError(
            f"unknown network renderer {engine!r}; known: "
            f"{', '.join(sorted(RENDERERS))}") from None
    return renderer(variables, nets)
