"""Filters exposing :mod:`kayobe.hostconfig` to the host configuration roles.

``FILTERS`` below is the one list of the filters and the pure functions
behind them; every name is ``hostconfig_*``. For example::

    {{ apt_repositories | hostconfig_deb822_sources }}
    {{ lsblk_json | hostconfig_wipe_candidates(root_source, exclude) }}
"""

from kayobe.hostconfig import apt
from kayobe.hostconfig import chrony
from kayobe.hostconfig import container
from kayobe.hostconfig import disks
from kayobe.hostconfig import dnf
from kayobe.hostconfig import libvirt
from kayobe.hostconfig import luks
from kayobe.hostconfig import lvm
from kayobe.hostconfig import mdadm
from kayobe.hostconfig import routing
from kayobe.hostconfig import ssh
from kayobe.hostconfig import swap
from kayobe.hostconfig import swift
from kayobe.hostconfig import users
from kayobe.hostconfig import vgpu

FILTERS = {
    "hostconfig_deb822_sources": apt.deb822_sources,
    "hostconfig_user_entries": users.user_entries,
    "hostconfig_authorized_keys": users.authorized_keys,
    "hostconfig_user_groups": users.user_groups,
    "hostconfig_chrony_sources": chrony.chrony_sources,
    "hostconfig_known_host_name": ssh.known_host_name,
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
    "hostconfig_rt_tables": routing.rt_tables,
    "hostconfig_libvirt_listen_dropin": libvirt.listen_dropin,
    "hostconfig_dnf_mirror_repo_files": dnf.mirror_repo_files,
    "hostconfig_dnf_custom_repos": dnf.custom_repos,
    "hostconfig_swift_block_device_plan": swift.block_device_plan,
    "hostconfig_vgpu_plan": vgpu.vgpu_plan,
    "hostconfig_vgpu_vf_address": vgpu.vf_address,
    "hostconfig_vgpu_mdevctl_definition": vgpu.mdevctl_definition,
    "hostconfig_vgpu_boot_commands": vgpu.boot_commands,
    "hostconfig_vgpu_boot_unit": vgpu.boot_unit,
    "hostconfig_vgpu_iommu_args": vgpu.iommu_args,
}


def get_filters():
    """{name: function} of every host configuration filter."""
    return dict(FILTERS)
