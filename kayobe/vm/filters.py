"""Jinja filter ``vm_definition``: everything the VM roles apply, at once.

``{{ seed_host | vm_definition('seed_vm', ssh_public_key, user) }}`` reads
the VM host's variables (``hostvars[seed_host]``) and returns plain data:
the domain XML, the volumes (with their XML), the config drive's files and
the values the ``kayobe_libvirt_vm`` module compares.  Computed once on the
control host, in Python; the roles only hand it to libvirt.
"""

import dataclasses

import jinja2

from kayobe.errors import InvalidValue
from kayobe.network import model
from kayobe.network.filters import host_variables
from kayobe.vm import configdrive
from kayobe.vm import domain
from kayobe.vm import spec


def definition(variables, prefix, ssh_public_key, user):
    """The definition of the VM whose host's variables are ``variables``."""
    vm = spec.vm_spec(variables, prefix)
    pool = model._defined(variables.get(f"{prefix}_pool"))
    if not pool:
        raise InvalidValue(
            f"variable '{prefix}_pool' of host '{vm.host}' is not set")
    if not ssh_public_key or not str(ssh_public_key).strip():
        raise InvalidValue(
            f"host '{vm.host}': no SSH public key for the config drive "
            "(ssh_public_key_path)")
    nets = model._defined(variables.get("network_interfaces")) or []
    nameservers = model._defined(variables.get("resolv_nameservers")) or []
    volumes = [dict(dataclasses.asdict(v),
                    xml=domain.volume_xml(v.name, v.capacity, v.format))
               for v in vm.volumes]
    return {
        "name": vm.name,
        "uuid": vm.uuid,
        "memory_mb": vm.memory_mb,
        "vcpus": vm.vcpus,
        "allow_restart": vm.allow_restart,
        "restart_var": f"{prefix}_allow_restart",
        "domain_xml": domain.domain_xml(vm, config_drive_pool=str(pool)),
        "volumes": volumes,
        "config_drive": {
            "pool": str(pool),
            "volume": domain.config_drive_volume_name(vm),
            "label": configdrive.LABEL,
            "files": configdrive.files(vm, variables, list(nets), str(user),
                                       str(ssh_public_key), nameservers),
        },
    }


@jinja2.pass_context
def vm_definition(context, host, prefix, ssh_public_key, user):
    return definition(host_variables(context, host), prefix, ssh_public_key,
                      user)


def get_filters():
    return {"vm_definition": vm_definition}
