"""Physical network filters, thin shims over :mod:`kayobe.physnet`.

- ``switch | physnet_candidate(type, config, interfaces, options)``: the
  switch's candidate configuration (``global``, ``interfaces``, ``text``,
  ``plan``); an error naming the switch for an unknown type or bad lines.
- ``switch | physnet_display(candidate)``: the lines ``--display`` shows.
- ``images | physnet_bmp_dnsmasq_conf(base_url)``: the Dell switch BMP
  dnsmasq configuration (:mod:`kayobe.physnet.bmp`).
- ``name | physnet_collection_available``: whether a collection is
  installed, so that a missing one fails only its switches.
"""

import importlib.util

from ansible.errors import AnsibleFilterError

from kayobe.errors import InvalidValue
from kayobe.physnet import bmp
from kayobe.physnet import candidate


def physnet_candidate(switch, switch_type, config, interfaces, options=None):
    try:
        return candidate.candidate(str(switch), switch_type, config,
                                   interfaces, options)
    except InvalidValue as error:
        raise AnsibleFilterError(str(error)) from None


def physnet_display(switch, result):
    return candidate.display(str(switch), result)


def physnet_bmp_dnsmasq_conf(images, base_url):
    try:
        return bmp.dnsmasq_conf(images, base_url)
    except InvalidValue as error:
        raise AnsibleFilterError(str(error)) from None


def physnet_collection_available(name):
    try:
        return importlib.util.find_spec(f"ansible_collections.{name}") is not None
    except ImportError:
        return False


class FilterModule:
    def filters(self):
        return {
            "physnet_candidate": physnet_candidate,
            "physnet_display": physnet_display,
            "physnet_bmp_dnsmasq_conf": physnet_bmp_dnsmasq_conf,
            "physnet_collection_available": physnet_collection_available,
        }
