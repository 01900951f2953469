"""Allocate IP addresses for hosts and record them in the allocation file.

Run it once per play (``run_once: true``); it runs on the controller only.

Arguments:
  allocation_file: path of ``network-allocation.yml`` (required).
  hosts: inventory hostnames to allocate for (required), e.g.
    ``"{{ ansible_play_hosts_all }}"``.
  host_networks: optional {host: [net, ...]}; by default each host's
    ``network_interfaces`` variable.
  networks: optional {net: {cidr, allocation_pool_start, ...}} overriding
    the specs read from the first attached host's ``<net>_*`` variables.

A host that its configuration already gives an address (its own entry in
``<net>_ips``, from whichever file) keeps it: it is recorded, not replaced.
Networks a host configures by DHCP (``<net>_bootproto: dhcp``), networks
without a CIDR and ``<net>_no_ip`` networks get no address. The file is
re-read and written under a lock, only when something changed, and never in
check mode.

Returns ``changed`` and ``allocations`` ({<net>_ips: {host: ip}}, the whole
file). Errors fail the task with a one-line ``msg``.

The logic lives in :mod:`kayobe.network.allocation` and ``.store``.
"""

from ansible.plugins.action import ActionBase

from kayobe.network import allocation
from kayobe.network import store
from kayobe.network.errors import NetworkError


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(
        ("allocation_file", "hosts", "host_networks", "networks"))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        missing = [arg for arg in ("allocation_file", "hosts")
                   if not args.get(arg)]
        if missing:
            missing = ", ".join(missing)
            return dict(result, failed=True,
                        msg=f"missing required arguments: {missing}")
        try:
            networks, host_networks = allocation.inputs_from_hostvars(
                task_vars["hostvars"], args["hosts"],
                args.get("host_networks"))
            networks.update(args.get("networks") or {})
            configured = allocation.configured_ips(task_vars["hostvars"],
                                                   host_networks)
            allocations, changed = store.allocate_and_save(
                args["allocation_file"], networks, host_networks,
                dry_run=self._task.check_mode, configured=configured)
        except KeyError as error:
            return dict(result, failed=True, msg=f"unknown host {error}")
        except NetworkError as error:
            return dict(result, failed=True, msg=str(error))
        return dict(result, changed=changed, allocations=allocations)
