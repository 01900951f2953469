"""Requests of 'overcloud post configure' and deployment image references.

Pure functions from kayobe variables to the bodies sent to the overcloud's
APIs, so that they are tested as data:

- Ironic inspection rules (``inspector_rules``, ironic-inspector's schema
  translated by ``inspection_rules``) as ``POST /v1/inspection_rules``
  bodies of Ironic's built-in inspection (checked against a real Ironic);
- the IPA kernel and ramdisk as Glance ``POST /v2/images`` bodies;
- the provisioning network and subnet as Neutron ``POST /v2.0/networks`` and
  ``/v2.0/subnets`` bodies.

Glance and Neutron cannot run here: their requests are asserted at the API
boundary (a recording HTTP server in the functional tests).
"""

import re
import uuid as uuidlib

try:
    from ansible.module_utils import (
        kayobe_baremetal_inspection_rules as inspection_rules,
    )
except ImportError:  # imported from the kayobe package, not by Ansible
    from kayobe.baremetal import inspection_rules

URL = re.compile(r"^(https?|file)://", re.IGNORECASE)


class PostConfigError(ValueError):
    """A variable cannot be turned into a request; one line."""


def is_image_reference(value):
    """True when ``value`` is used as it is: an image UUID or a URL."""
    text = str(value or "").strip()
    if URL.match(text):
        return True
    try:
        uuidlib.UUID(text)
    except ValueError:
        return False
    return len(text) in (32, 36)


def images_to_look_up(names):
    """The names of ``names`` that Glance must resolve, in order, once."""
    return list(dict.fromkeys(n for n in names if not is_image_reference(n)))


def image_ids(results, names):
    """{name: reference} for ``names``: references as given, else Glance's.

    :param results: the loop results of Glance image lookups, each with
        ``item`` (the name) and ``images`` (the images of that name).
    """
    found = {}
    for result in results or []:
        images = [i for i in result.get("images") or []
                  if i.get("name") == result["item"]] or result.get("images") or []
        if len(images) != 1:
            what = "no image" if not images else f"{len(images)} images"
            raise PostConfigError(
                f"Glance has {what} named '{result['item']}' (from "
                "ipa_images_kernel_name or ipa_images_ramdisk_name)")
        found[result["item"]] = images[0]["id"]
    refs = {}
    for name in names:
        if is_image_reference(name):
            refs[name] = str(name).strip()
        elif name in found:
            refs[name] = found[name]
        else:
            raise PostConfigError(f"deployment image '{name}' was not looked up")
    return refs


def _flag(value, what):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off", "", "none"):
        return False
    raise PostConfigError(f"{what} must be true or false, not {value!r}")


def inspection_rule_body(rule, index=0):
    """One rule as an Ironic ``/v1/inspection_rules`` body.

    Rules carry ``description``, ``conditions``, ``actions`` and an optional
    ``sensitive`` (sometimes the string "true"), in ironic-inspector's schema
    (upstream's) or Ironic's: the first is translated.
    """
    what = f"inspector_rules[{index}]"
    if not isinstance(rule, dict):
        raise PostConfigError(f"{what} must be a mapping, not {rule!r}")
    if not rule.get("description"):
        raise PostConfigError(f"{what} has no description")
    try:
        rule = inspection_rules.translate(rule, what)
    except inspection_rules.RuleTranslationError as exc:
        raise PostConfigError(str(exc)) from None
    body = {"description": str(rule["description"]),
            "sensitive": _flag(rule.get("sensitive", False),
                               f"{what}.sensitive"),
            "conditions": [], "actions": []}
    for key in ("conditions", "actions"):
        items = rule.get(key) or []
        if key == "actions" and not items:
            raise PostConfigError(f"{what} ({rule['description']}) has no actions")
        for number, item in enumerate(items):
            if not isinstance(item, dict) or not item.get("op"):
                raise PostConfigError(
                    f"{what}.{key}[{number}] ({rule['description']}) needs an op")
            body[key].append({"op": str(item["op"]),
                              "args": dict(item.get("args") or {})})
    for key in ("priority", "phase"):
        if key in rule:
            body[key] = rule[key]
    return body


def inspection_rule_bodies(rules):
    """Bodies of every rule; descriptions must be unique (they are the key
    that makes re-registration idempotent)."""
    bodies = [inspection_rule_body(rule, i) for i, rule in enumerate(rules or [])]
    seen = set()
    for body in bodies:
        if body["description"] in seen:
            raise PostConfigError(
                f"inspector_rules: two rules are described "
                f"'{body['description']}'")
        seen.add(body["description"])
    return bodies


def rule_changes(existing, wanted):
    """(to create, to replace {uuid: body}) comparing by description.

    Rules not in ``wanted`` are left alone: they may be the operator's own.
    """
    by_description = {rule["description"]: rule for rule in existing}
    create, replace = [], {}
    for body in wanted:
        current = by_description.get(body["description"])
        if current is None:
            create.append(body)
        elif any(current.get(key) != value for key, value in body.items()
                 if not (key == "actions" and body.get("sensitive"))):
            replace[current["uuid"]] = body
    return create, replace


def glance_image_bodies(kernel_name, ramdisk_name):
    """POST /v2/images bodies of the IPA kernel and ramdisk."""
    return [
        {"name": kernel_name, "disk_format": "aki", "container_format": "aki",
         "visibility": "public"},
        {"name": ramdisk_name, "disk_format": "ari", "container_format": "ari",
         "visibility": "public"},
    ]


def provision_network_bodies(name, cidr, physical_network=None, vlan=None,
                             gateway=None, pool_start=None, pool_end=None):
    """POST /v2.0/networks and /v2.0/subnets bodies of a provisioning network.

    A flat network unless ``vlan`` is set; shared, as Ironic's nodes of every
    project boot on it.
    """
    if not cidr:
        raise PostConfigError(
            f"provisioning network '{name}' has no CIDR (set the cidr of "
            "provision_wl_net_name's network)")
    network = {"name": name, "shared": True,
               "provider:network_type": "vlan" if vlan else "flat",
               "provider:physical_network": physical_network or "physnet1"}
    if vlan:
        network["provider:segmentation_id"] = int(vlan)
    subnet = {"name": name, "cidr": cidr, "ip_version": 6 if ":" in cidr else 4}
    if gateway:
        subnet["gateway_ip"] = gateway
    if bool(pool_start) != bool(pool_end):
        raise PostConfigError(
            f"provisioning network '{name}': set both ends of the neutron "
            "allocation pool or neither")
    if pool_start:
        subnet["allocation_pools"] = [{"start": pool_start, "end": pool_end}]
    return {"network": network}, {"subnet": subnet}
