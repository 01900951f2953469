"""Filters exposing :mod:`kayobe.hostconfig` to the host configuration roles.

::

    {{ lsblk_json | hostconfig_wipe_candidates(root_source, exclude) }}
    {{ array | hostconfig_mdadm_create_argv }}
    {{ scan_stdout | hostconfig_mdadm_conf(current_text) }}
    {{ luks_device | hostconfig_crypttab_line }}
    {{ lvm_groups | hostconfig_lvm_groups }}
    {{ lvm_groups | hostconfig_lvm_volumes }}
    {{ swap | hostconfig_swap_entries }}
    {{ source | hostconfig_swap_fstab_line }}
    {{ storage_driver | hostconfig_docker_daemon_config(...) }}
    {{ mirrors | hostconfig_podman_registries_conf(insecure) }}
    {{ options | hostconfig_libvirt_conf }}
"""

from kayobe.hostconfig import container
from kayobe.hostconfig import disks
from kayobe.hostconfig import libvirt
from kayobe.hostconfig import luks
from kayobe.hostconfig import lvm
from kayobe.hostconfig import mdadm
from kayobe.hostconfig import swap

FILTERS = {
    "hostconfig_wipe_candidates": disks.wipe_candidates,
    "hostconfig_mdadm_create_argv": mdadm.create_argv,
    "hostconfig_mdadm_device": mdadm.array_device,
    "hostconfig_mdadm_conf": mdadm.conf,
    "hostconfig_crypttab_line": luks.crypttab_line,
    "hostconfig_lvm_groups": lvm.groups,
    "hostconfig_lvm_volumes": lvm.volumes,
    "hostconfig_swap_entries": swap.entries,
    "hostconfig_swap_fstab_line": swap.fstab_line,
    "hostconfig_docker_daemon_config": container.docker_daemon_config,
    "hostconfig_podman_registries_conf": container.podman_registries_conf,
    "hostconfig_libvirt_conf": libvirt.conf,
}


def get_filters():
    """{name: function} of every host configuration filter."""
    return dict(FILTERS)
