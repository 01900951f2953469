"""Pure logic behind the host configuration areas (disks, storage, engines).

Each module holds plain functions over plain values; the Ansible filter shim
``ansible/filter_plugins/hostconfig.py`` exposes them to the roles.
"""
