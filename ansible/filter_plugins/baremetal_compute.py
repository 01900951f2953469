"""Bare metal compute filters, thin shims over :mod:`kayobe.baremetal`.

- ``nodes | baremetal_node_for_host(host, {ipmi_address, redfish_address})``:
  the host's node as a dict (``uuid``, ``current``, ``target``,
  ``needed``: whether to rename); an error naming the host when no single
  node has its BMC address (:mod:`kayobe.baremetal.rename`).
- ``names | baremetal_images_to_look_up``: the deployment image names that
  are neither UUIDs nor URLs, i.e. that Glance must resolve.
- ``name | baremetal_image_reference``: true for an image UUID or URL.
- ``results | baremetal_image_ids(names)``: {name: UUID or URL} from the
  Glance lookups (:mod:`kayobe.baremetal.postconfig`).
- ``rules | baremetal_inspection_rules``: Ironic inspection rule bodies.
- ``kernel | baremetal_glance_image_bodies(ramdisk)``: the Glance bodies of
  the IPA kernel and ramdisk images.
- ``name | baremetal_provision_network(cidr, physnet, vlan, gateway, start,
  end)``: the Neutron network and subnet bodies, as a two-item list.
"""

from ansible.errors import AnsibleFilterError

from kayobe.baremetal import postconfig
from kayobe.baremetal import rename


def baremetal_node_for_host(nodes, host, host_vars):
    try:
        match = rename.match_host(list(nodes or []), str(host), host_vars)
    except rename.RenameError as error:
        raise AnsibleFilterError(str(error)) from None
    return {"uuid": match.uuid, "current": match.current,
            "target": match.target, "needed": match.changed}


def _shim(function):
    def wrapper(*args):
        try:
            return function(*args)
        except postconfig.PostConfigError as error:
            raise AnsibleFilterError(str(error)) from None
    wrapper.__name__ = function.__name__
    return wrapper


class FilterModule:
    """Kayobe bare metal compute filters."""

    def filters(self):
        return {
            "baremetal_node_for_host": baremetal_node_for_host,
            "baremetal_images_to_look_up": _shim(postconfig.images_to_look_up),
            "baremetal_image_reference": postconfig.is_image_reference,
            "baremetal_image_ids": _shim(postconfig.image_ids),
            "baremetal_inspection_rules": _shim(postconfig.inspection_rule_bodies),
            "baremetal_glance_image_bodies": _shim(postconfig.glance_image_bodies),
            "baremetal_provision_network": _shim(
                lambda *args: list(postconfig.provision_network_bodies(*args))),
        }
