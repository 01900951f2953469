#!/usr/bin/python
"""Ansible module: one VM's volumes and domain through the libvirt API."""

DOCUMENTATION = r"""
module: kayobe_libvirt_vm
short_description: Create or remove a VM's volumes and domain on a hypervisor
description:
  - Applies a definition computed on the control host (the vm_definition
    filter) through the libvirt Python API, where libvirtd is reachable.
  - C(present) creates missing volumes (filled from their image or the
    config drive image by a libvirt upload stream, then grown to their
    capacity), defines the domain when it is missing, and starts it. An
    existing volume is left as it is. A changed memory size or vCPU count
    is applied with a restart when I(allow_restart), else refused.
  - C(absent) destroys and undefines the domain and deletes the listed
    volumes, and nothing else.
  - community.libvirt has no volume upload and cannot tell a change that
    needs a restart, hence this module.
options:
  name: {description: Domain name., type: str, required: true}
  uri: {description: libvirt URI., type: str, default: "qemu:///system"}
  state: {description: Wanted state., type: str, default: present,
          choices: [present, absent]}
  domain_xml: {description: Domain XML (present)., type: str}
  memory_mb: {description: Wanted memory in MiB., type: int}
  vcpus: {description: Wanted vCPUs., type: int}
  allow_restart:
    description: Restart a running VM to apply changed memory or vCPUs.
    type: bool
    default: false
  restart_var:
    description: Variable named in the refusal message.
    type: str
    default: allow_restart
  volumes:
    description: >-
      Volumes, dicts with name, pool and optionally capacity (bytes),
      format, xml (default a volume the size of its image), image (a file
      on the hypervisor) and checksum.
    type: list
    elements: dict
    default: []
  shutdown_timeout:
    description: Seconds to wait for a clean shutdown before destroying.
    type: int
    default: 120
requirements: [libvirt-python]
"""

EXAMPLES = r"""
- name: Ensure the seed VM exists and runs
  kayobe_libvirt_vm:
    name: seed
    domain_xml: "{{ vm.domain_xml }}"
    memory_mb: 4096
    vcpus: 2
    volumes: "{{ vm.volumes }}"
"""

RETURN = r"""
actions: {description: Domain actions taken (define, stop, start)., type: list}
volumes_created: {description: Volumes created., type: list}
volumes_deleted: {description: Volumes deleted., type: list}
changes: {description: Changed values applied., type: list}
"""

import hashlib
import os
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_vm_plan import current_from_xml
from ansible.module_utils.kayobe_vm_plan import plan_present

try:
    import libvirt
except ImportError:
    libvirt = None


def _lookup_domain(conn, name):
    try:
        return conn.lookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
            return None
        raise


def _lookup_volume(conn, pool_name, name):
    try:
        pool = conn.storagePoolLookupByName(pool_name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_STORAGE_POOL:
            return None, None
        raise
    try:
        return pool, pool.storageVolLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_STORAGE_VOL:
            pool.refresh(0)
            try:
                return pool, pool.storageVolLookupByName(name)
            except libvirt.libvirtError:
                return pool, None
        raise


def _check_image(module, volume):
    image = volume.get("image")
    if not os.path.isfile(image):
        module.fail_json(msg=f"volume {volume['name']}: image {image} is "
                             "not a file on the hypervisor")
    checksum = volume.get("checksum")
    if checksum:
        algorithm, _, expected = checksum.partition(":")
        digest = hashlib.new(algorithm)
        with open(image, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected.strip().lower():
            module.fail_json(msg=f"volume {volume['name']}: image {image} "
                                 f"does not match its checksum {checksum}")


def _upload(conn, vol, path):
    size = os.path.getsize(path)
    stream = conn.newStream(0)
    vol.upload(stream, 0, size, 0)
    with open(path, "rb") as source:
        stream.sendAll(lambda _s, nbytes, f: f.read(nbytes), source)
    stream.finish()


def _volume_xml(volume):
    """XML of a volume the size of its image (the config drive)."""
    size = os.path.getsize(volume["image"])
    return (f"<volume><name>{volume['name']}</name>"
            f"<capacity unit='bytes'>{size}</capacity><target><format "
            f"type='{volume.get('format') or 'raw'}'/></target></volume>")


def _create_volume(module, conn, volume):
    pool, vol = _lookup_volume(conn, volume["pool"], volume["name"])
    if pool is None:
        module.fail_json(msg=f"volume {volume['name']}: storage pool "
                             f"{volume['pool']} does not exist on the "
                             "hypervisor (seed hypervisor host configure "
                             "creates it)")
    if vol is not None:
        return False
    if volume.get("image"):
        _check_image(module, volume)
    if module.check_mode:
        return True
    vol = pool.createXML(volume.get("xml") or _volume_xml(volume), 0)
    try:
        if volume.get("image"):
            _upload(conn, vol, volume["image"])
            # The upload replaced the volume with the image, of the image's
            # size: grow it to the capacity asked for.
            pool.refresh(0)
            if vol.info()[1] < int(volume.get("capacity") or 0):
                vol.resize(int(volume["capacity"]), 0)
    except Exception:
        vol.delete(0)
        raise
    return True


def _stop(module, dom):
    dom.shutdown()
    deadline = time.monotonic() + module.params["shutdown_timeout"]
    while dom.isActive() and time.monotonic() < deadline:
        time.sleep(1)
    if dom.isActive():
        dom.destroy()


def present(module, conn, result):
    params = module.params
    for volume in params["volumes"]:
        if _create_volume(module, conn, volume):
            result["volumes_created"].append(volume["name"])
    dom = _lookup_domain(conn, params["name"])
    current = None
    if dom is not None:
        current = current_from_xml(dom.XMLDesc(0), dom.isActive())
    plan = plan_present(current, params["memory_mb"], params["vcpus"],
                        params["allow_restart"], f"VM {params['name']}",
                        params["restart_var"])
    if plan.error:
        module.fail_json(msg=plan.error, **result)
    result["actions"] = list(plan.actions)
    result["changes"] = list(plan.changes)
    if module.check_mode:
        return
    for action in plan.actions:
        if action == "define":
            dom = conn.defineXML(params["domain_xml"])
        elif action == "stop":
            _stop(module, dom)
        elif action == "start":
            dom.create()
    if not dom.autostart():
        dom.setAutostart(1)
        result["actions"].append("autostart")


def absent(module, conn, result):
    params = module.params
    dom = _lookup_domain(conn, params["name"])
    if dom is not None:
        result["actions"] = (["destroy"] if dom.isActive() else []) + [
            "undefine"]
        if not module.check_mode:
            if dom.isActive():
                dom.destroy()
            flags = (libvirt.VIR_DOMAIN_UNDEFINE_NVRAM
                     | libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
            dom.undefineFlags(flags)
    for volume in params["volumes"]:
        _, vol = _lookup_volume(conn, volume["pool"], volume["name"])
        if vol is not None:
            if not module.check_mode:
                vol.delete(0)
            result["volumes_deleted"].append(volume["name"])


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            uri=dict(type="str", default="qemu:///system"),
            state=dict(type="str", default="present",
                       choices=["present", "absent"]),
            domain_xml=dict(type="str"),
            memory_mb=dict(type="int"),
            vcpus=dict(type="int"),
            allow_restart=dict(type="bool", default=False),
            restart_var=dict(type="str", default="allow_restart"),
            volumes=dict(type="list", elements="dict", default=[]),
            shutdown_timeout=dict(type="int", default=120),
        ),
        required_if=[("state", "present",
                      ("domain_xml", "memory_mb", "vcpus"))],
        supports_check_mode=True,
    )
    if libvirt is None:
        module.fail_json(msg="the libvirt Python binding is not installed "
                             "on the hypervisor (python3-libvirt)")
    result = dict(changed=False, actions=[], changes=[], volumes_created=[],
                  volumes_deleted=[])
    try:
        conn = libvirt.open(module.params["uri"])
    except libvirt.libvirtError as error:
        module.fail_json(msg=f"cannot connect to libvirt at "
                             f"{module.params['uri']}: {error}")
    try:
        if module.params["state"] == "present":
            present(module, conn, result)
        else:
            absent(module, conn, result)
    except libvirt.libvirtError as error:
        module.fail_json(msg=f"VM {module.params['name']}: {error}", **result)
    finally:
        conn.close()
    result["changed"] = bool(result["actions"] or result["volumes_created"]
                             or result["volumes_deleted"])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
