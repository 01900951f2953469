"""dnsmasq configuration of the Dell switch BMP service on the seed.

Each image is offered to the switches that match its dnsmasq rule (e.g.
ONIE's vendor class) or, when it lists ``macs``, to those switches by MAC:
dnsmasq tags them and hands them the image's URL on the seed's HTTP server.
"""

import posixpath
import re

from kayobe.errors import InvalidValue

REQUIRED = ("url", "dest", "tag")
_MAC = re.compile(r"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")
_TAG = re.compile(r"^[A-Za-z0-9_.-]+$")


def check_images(images):
    """``dell_switch_bmp_images``, checked: a list of mappings."""
    if not isinstance(images, (list, tuple)):
        raise InvalidValue("dell_switch_bmp_images must be a list of images")
    for index, image in enumerate(images):
        where = f"dell_switch_bmp_images[{index}]"
        if not isinstance(image, dict):
            raise InvalidValue(f"{where} must be a mapping")
        missing = [key for key in REQUIRED if not image.get(key)]
        if not image.get("match") and not image.get("macs"):
            missing.append("match or macs")
        if missing:
            raise InvalidValue(f"{where} lacks {', '.join(missing)}")
        if not _TAG.match(str(image["tag"])):
            raise InvalidValue(f"{where}: tag {image['tag']!r} is not a "
                               "plain dnsmasq tag")
        if "/" in str(image["dest"]) or str(image["dest"]) in (".", ".."):
            raise InvalidValue(f"{where}: dest {image['dest']!r} must be a "
                               "file name")
        for mac in image.get("macs") or []:
            if not _MAC.match(str(mac)):
                raise InvalidValue(f"{where}: {mac!r} is not a MAC address")
    return list(images)


def dnsmasq_conf(images, base_url):
    """The text of the dnsmasq configuration file."""
    images = check_images(images)
    if images and not base_url:
        raise InvalidValue("dell_switch_bmp_http_base_url is not set")
    lines = ["# Dell switch BMP: written by kayobe seed service deploy.", ""]
    for image in images:
        tag, dest = image["tag"], posixpath.basename(str(image["dest"]))
        lines.append(f"# {dest}")
        if image.get("match"):
            lines.append(f"dhcp-match=set:{tag},{image['match']}")
        for mac in image.get("macs") or []:
            lines.append(f"dhcp-host={str(mac).lower()},set:{tag}")
        lines.append(f"dhcp-boot=tag:{tag},{str(base_url).rstrip('/')}/{dest}")
        lines.append("")
    return "\n".join(lines)
