"""Converge one Ironic node to a target state over an openstacksdk connection.

The planner (:mod:`states`) decides; this file applies one verb at a time,
polls the node every ``poll_interval`` seconds until Ironic has finished,
re-plans, and stops at the first failed transition.  It is also shipped to
the host that runs the ``kayobe_baremetal_node`` module
(``ansible/module_utils/kayobe_baremetal_runner.py``, a symlink), so it
imports only the standard library and the planner.

The connection is the seam: ``conn.baremetal`` is openstacksdk's baremetal
proxy, and only the calls used here are needed of it.
"""

import hashlib
import json
import time

try:
    from ansible.module_utils import kayobe_baremetal_states as states
except ImportError:  # imported from the kayobe package, not by Ansible
    from kayobe.baremetal import states

CLEAN_MARK = "kayobe_clean_steps"
# Ironic shows secret driver_info values masked; such a value is not a change.
MASKED = "******"


class NodeError(Exception):
    """A node could not reach its target; the message names it fully."""

    def __init__(self, message, state=None, last_error=None, transitions=()):
        super().__init__(message)
        self.state = state
        self.last_error = last_error
        self.transitions = list(transitions)


def steps_digest(clean_steps):
    """A stable fingerprint of clean steps, kept in the node's ``extra``."""
    text = json.dumps(clean_steps or [], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def changed_fields(node, spec):
    """{field: new value} of the registration fields that differ."""
    changes = {}
    if spec.get("driver") and node.driver != spec["driver"]:
        changes["driver"] = spec["driver"]
    for field in ("driver_info", "properties", "instance_info"):
        wanted = spec.get(field)
        if not wanted:
            continue
        current = dict(getattr(node, field) or {})
        merged = dict(current)
        for key, value in wanted.items():
            if current.get(key) == MASKED and field == "driver_info":
                continue
            merged[key] = value
        if merged != current:
            changes[field] = merged
    if spec.get("resource_class") and node.resource_class != spec["resource_class"]:
        changes["resource_class"] = spec["resource_class"]
    return changes


class NodeRunner:
    """Takes one node to ``spec['target']``; see ``converge``."""

    def __init__(self, conn, spec, clock=time.monotonic, sleep=time.sleep):
        self.api = conn.baremetal
        self.spec = spec
        self.name = spec.get("name") or spec.get("uuid")
        self.clock = clock
        self.sleep = sleep
        self.deadline = clock() + float(spec.get("timeout") or 1800)
        self.poll = float(spec.get("poll_interval") or 0.5)
        self.transitions = []
        self.inspection_done = None
        self.changed = False
        self.node = None

    # -- reporting ---------------------------------------------------------
    def fail(self, what):
        node = self.node
        state = node.provision_state if node is not None else None
        last_error = node.last_error if node is not None else None
        message = f"node {self.name}: {what}"
        if node is not None:
            message += (f"; provision state '{state}', "
                        f"last error: {last_error or 'none'}")
        raise NodeError(message, state, last_error, self.transitions)

    def result(self):
        node = self.node
        return dict(
            changed=self.changed,
            uuid=node.id,
            state=node.provision_state,
            power_state=node.power_state,
            maintenance=bool(node.is_maintenance),
            last_error=node.last_error,
            transitions=self.transitions,
        )

    # -- registration ------------------------------------------------------
    def find_or_register(self, check_mode):
        spec = self.spec
        self.node = self.api.find_node(self.name, ignore_missing=True)
        if self.node is None and spec.get("driver"):
            self.changed = True
            if check_mode:
                return False
            attrs = {k: spec[k] for k in ("driver", "driver_info", "properties",
                                          "resource_class") if spec.get(k)}
            self.node = self.api.create_node(name=spec.get("name"),
                                             **attrs)
            self.transitions.append("registered -> enroll")
        elif self.node is None:
            self.fail("not found in Ironic")
        else:
            changes = changed_fields(self.node, spec)
            changes.pop("instance_info", None)   # set just before deploying
            if changes:
                self.changed = True
                if not check_mode:
                    self.node = self.api.update_node(self.node, **changes)
        self.ensure_ports(check_mode)
        return True

    def ensure_ports(self, check_mode):
        wanted = [m.lower() for m in self.spec.get("ports") or []]
        if not wanted:
            return
        have = {p.address.lower() for p in self.api.ports(node_id=self.node.id)}
        for mac in wanted:
            if mac not in have:
                self.changed = True
                if not check_mode:
                    self.api.create_port(node_id=self.node.id, address=mac)

    # -- transitions -------------------------------------------------------
    def inspected(self):
        """Whether Ironic records a finished inspection (asked only when needed)."""
        if self.spec.get("target") != "inspected" and not self.spec.get("inspect"):
            return False
        if self.inspection_done is None:
            # openstacksdk's Node has no inspection_finished_at: ask the API.
            reply = self.api.get(f"/nodes/{self.node.id}?fields=inspection_finished_at",
                                 microversion="1.52")
            reply.raise_for_status()
            finished = reply.json().get("inspection_finished_at")
            self.inspection_done = finished is not None
        return self.inspection_done

    def facts(self):
        node = self.node
        extra = node.extra or {}
        steps = self.spec.get("clean_steps")
        return dict(
            inspect=bool(self.spec.get("inspect")),
            inspected=self.inspected(),
            cleaned=(steps is not None
                     and extra.get(CLEAN_MARK) == steps_digest(steps)),
            maintenance=bool(node.is_maintenance),
            maintenance_reason=node.maintenance_reason,
        )

    def plan(self):
        try:
            return states.plan(self.node.provision_state, self.spec["target"],
                               **self.facts())
        except states.PlanError as exc:
            self.fail(str(exc))

    def refresh(self):
        self.node = self.api.get_node(self.node.id)

    def busy(self):
        node = self.node
        # A failed state keeps the target it missed: that is not work going on.
        return (not states.is_stable(node.provision_state)
                or (node.target_provision_state is not None
                    and node.provision_state not in states.FAILED))

    def wait_stable(self, doing):
        while self.busy():
            if self.clock() > self.deadline:
                self.fail(f"timed out {doing} after {self.spec.get('timeout')} s")
            self.sleep(self.poll)
            self.refresh()

    def wait_power(self, target):
        while self.node.power_state != target or self.node.target_power_state:
            if self.clock() > self.deadline:
                self.fail(f"timed out waiting for {target}")
            self.sleep(self.poll)
            self.refresh()

    def set_raid_config(self):
        wanted = self.spec.get("raid_config")
        if wanted is None or (self.node.target_raid_config or {}) == wanted:
            return
        # openstacksdk has no call for a node's target RAID configuration.
        reply = self.api.put(f"/nodes/{self.node.id}/states/raid", json=wanted,
                             microversion="1.12")
        reply.raise_for_status()

    def before(self, verb):
        """Make the node ready for ``verb`` (deploy data, a known power
        state, the target RAID configuration of a clean)."""
        if verb == states.CLEAN:
            self.set_raid_config()
        if verb != states.DEPLOY:
            return
        wanted = {"instance_info": self.spec.get("instance_info")}
        changes = changed_fields(self.node, wanted)
        if changes:
            self.node = self.api.update_node(self.node, **changes)
        if self.node.power_state is None:
            # Ironic refuses to deploy a node whose power state is unknown.
            self.api.set_node_power_state(self.node, "power off")
            self.wait_power("power off")

    def after(self, verb):
        if verb == states.INSPECT:
            self.inspection_done = True
        elif verb == states.CLEAN:
            extra = dict(self.node.extra or {})
            extra[CLEAN_MARK] = steps_digest(self.spec["clean_steps"])
            self.node = self.api.update_node(self.node, extra=extra)

    def apply(self, verb):
        start = self.node.provision_state
        expected = states.expected_state(start, verb)
        self.before(verb)
        kwargs = {}
        if verb == states.CLEAN:
            kwargs["clean_steps"] = self.spec.get("clean_steps") or []
        self.api.set_node_provision_state(self.node, verb, wait=False, **kwargs)
        self.changed = True
        # Ironic moves the node to a transient state (or sets its target)
        # before the API call returns, so one refresh sees the work begun.
        self.refresh()
        self.wait_stable(f"in {verb}")
        end = self.node.provision_state
        self.transitions.append(f"{start} -> {verb} -> {end}")
        if end != expected:
            self.fail(f"{verb} failed (expected '{expected}')")
        self.after(verb)

    def converge(self, check_mode=False):
        """Register/update the node and take it to the target; a result dict.

        Raises NodeError (naming the node, its state and last error) when
        the node cannot get there.
        """
        if not self.find_or_register(check_mode):
            return dict(changed=True, state=None, transitions=self.transitions)
        target = self.spec.get("target")
        if not target:
            return self.result()
        self.wait_stable("waiting for Ironic to finish")
        steps = self.plan()
        if check_mode:
            self.changed = self.changed or bool(steps)
            result = self.result()
            result["planned"] = steps
            return result
        while steps:
            if steps[0] == states.WAIT:
                self.wait_stable("waiting for Ironic to finish")
            else:
                self.apply(steps[0])
            steps = self.plan()
        return self.result()


def converge(conn, spec, check_mode=False):
    """Take the node ``spec['name']`` to ``spec['target']``; a result dict."""
    return NodeRunner(conn, spec).converge(check_mode)


def converge_many(connect, specs, workers, check_mode=False):
    """Converge several nodes at once, ``workers`` at a time.

    ``connect()`` makes one connection per worker thread.  Returns
    {name: result}; a node that cannot reach its target gets
    ``{"failed": True, "msg", "state", "last_error", "transitions"}`` and
    never stops the others.
    """
    import concurrent.futures
    import threading

    local = threading.local()

    def one(spec):
        if not hasattr(local, "conn"):
            local.conn = connect()
        try:
            return NodeRunner(local.conn, spec).converge(check_mode)
        except NodeError as exc:
            return dict(failed=True, changed=False, msg=str(exc), state=exc.state,
                        last_error=exc.last_error, transitions=exc.transitions)
        except Exception as exc:  # an API error fails this node only
            return dict(failed=True, changed=False,
                        msg=f"node {spec.get('name')}: Ironic API error: {exc}",
                        state=None, last_error=None, transitions=[])

    names = [spec.get("name") or spec.get("uuid") for spec in specs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return dict(zip(names, pool.map(one, specs), strict=True))
