"""kolla-ansible integration: configuration generation and invocation.

Pure functions build the kolla configuration tree (globals, inventories,
custom service config, passwords) from kayobe's resolved variables; the
writer puts it on disk atomically; ``ansible`` builds kolla-ansible argv.
"""
