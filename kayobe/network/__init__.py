"""Network model, IP allocation and host network rendering.

Pure functions over a host's resolved variables; the Ansible filter and
action plugins are thin adapters over this package.
"""
