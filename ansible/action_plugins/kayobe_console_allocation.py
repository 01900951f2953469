"""Allocate serial console TCP ports for Ironic nodes, on the controller.

Run it once per play (``run_once: true``).

Arguments:
  allocation_file: path of ``console-allocation.yml`` (required).
  nodes: Ironic node names (inventory hostnames) needing a port (required).
  pool_start, pool_end: the pool, i.e. ironic_serial_console_tcp_pool_start
    and ironic_serial_console_tcp_pool_end (required).

The file is re-read and written under a lock, only when something changed,
and never in check mode. Returns ``changed`` and ``ports`` ({node: port} of
the given nodes). Errors fail the task with a one-line ``msg``.

The logic lives in :mod:`kayobe.baremetal.console`.
"""

from ansible.plugins.action import ActionBase

from kayobe.baremetal import console

REQUIRED = ("allocation_file", "nodes", "pool_start", "pool_end")


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(REQUIRED)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        missing = [arg for arg in ("allocation_file", "nodes")
                   if not args.get(arg)]
        if missing:
            return dict(result, failed=True,
                        msg="missing required arguments: " + ", ".join(missing))
        try:
            ports, changed = console.allocate_and_save(
                args["allocation_file"], args["nodes"], args.get("pool_start"),
                args.get("pool_end"), dry_run=self._task.check_mode)
        except console.ConsoleAllocationError as error:
            return dict(result, failed=True, msg=str(error))
        return dict(result, changed=changed, ports=ports)
