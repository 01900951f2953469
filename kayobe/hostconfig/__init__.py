"""Pure logic behind the host configuration areas (apt, users, time, disks,
storage, container engines, libvirt).

Each module holds plain functions over plain values; the Ansible filter shim
``ansible/filter_plugins/hostconfig.py`` exposes them to the roles.
"""
