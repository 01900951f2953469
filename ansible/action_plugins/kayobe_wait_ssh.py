"""Wait on the control host until hosts answer SSH, all at once.

Run it once per play (``run_once: true``).

Arguments:
  hosts: {host: address} to wait for (required; may be empty).
  port: 22 unless given.
  timeout: seconds each host may take (default 600).
  workers: hosts waited for at the same time (default 50).

Returns ``hosts``: {host: None, or the reason it did not answer}; never
fails itself, so that a per-host task fails only the hosts that did not
answer. In check mode nothing is waited for. The logic lives in
:mod:`kayobe.baremetal.sshwait`.
"""

from ansible.plugins.action import ActionBase

from kayobe.baremetal import sshwait


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("hosts", "port", "timeout", "workers"))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        hosts = args.get("hosts")
        if not isinstance(hosts, dict):
            return dict(result, failed=True,
                        msg="hosts must be a mapping of host to address")
        if self._task.check_mode:
            return dict(result, changed=False, hosts={h: None for h in hosts})
        try:
            port, timeout = int(args.get("port", 22)), float(args.get("timeout", 600))
            workers = int(args.get("workers", 50))
        except (TypeError, ValueError) as exc:
            return dict(result, failed=True, msg=f"bad argument: {exc}")
        waited = sshwait.wait_many({h: str(a) for h, a in hosts.items()}, port,
                                   timeout, workers)
        return dict(result, changed=False, hosts=waited)
