"""Ironic provision-state planner: which verbs take a node to a target.

Pure functions on plain values: no SDK, no Ansible, standard library only,
because this file is also shipped to the host that runs the module (it is
``ansible/module_utils/kayobe_baremetal_states.py`` through a symlink).

A node's position is (provision state, inspected, cleaned): the last two are
facts the caller reads from Ironic (inspection finished; the requested clean
steps already applied) so that inspecting or cleaning twice is a no-op.
``plan()`` returns the shortest list of verbs (Ironic's provision-state
targets) from a stable state to the target, ``[]`` when the node is already
there, ``[WAIT]`` while Ironic is still working on it, and raises
``PlanError`` when the target cannot be reached.
"""

WAIT = "wait"

# Verbs, as Ironic's PUT /v1/nodes/{node}/states/provision "target" values.
MANAGE = "manage"
PROVIDE = "provide"
INSPECT = "inspect"
CLEAN = "clean"
DEPLOY = "active"
UNDEPLOY = "deleted"
UNRESCUE = "unrescue"
VERBS = (MANAGE, PROVIDE, INSPECT, CLEAN, DEPLOY, UNDEPLOY, UNRESCUE)

# What an operator asks for: the end state and the facts it must have.
TARGETS = {
    "manageable": ("manageable", False, False),
    "inspected": ("manageable", True, False),
    "cleaned": ("manageable", False, True),
    "available": ("available", False, False),
    "active": ("active", False, False),
}

# Stable states and, per verb, where Ironic takes the node when all goes well.
EDGES = {
    "enroll": {MANAGE: "manageable"},
    "manageable": {PROVIDE: "available", INSPECT: "manageable",
                   CLEAN: "manageable", MANAGE: "manageable"},
    "available": {MANAGE: "manageable", DEPLOY: "active"},
    "active": {UNDEPLOY: "available"},
    "inspect failed": {MANAGE: "manageable", INSPECT: "manageable"},
    "clean failed": {MANAGE: "manageable"},
    "adopt failed": {MANAGE: "manageable"},
    "deploy failed": {DEPLOY: "active", UNDEPLOY: "available"},
    "error": {UNDEPLOY: "available"},
    "rescue": {UNRESCUE: "active"},
    "rescue failed": {UNRESCUE: "active"},
    "unrescue failed": {UNRESCUE: "active"},
}

# States Ironic leaves by itself (a conductor or ramdisk is working).
TRANSIENT = frozenset((
    "verifying", "inspecting", "inspect wait", "cleaning", "clean wait",
    "deploying", "wait call-back", "deleting", "adopting", "rescuing",
    "rescue wait", "unrescuing", "servicing", "service wait", "available*",
))

# States that record a failed transition: reaching one after a verb is an
# error to report, never a step to retry in the same run.
FAILED = frozenset((
    "inspect failed", "clean failed", "deploy failed", "adopt failed",
    "rescue failed", "unrescue failed", "service failed", "error",
))


class PlanError(Exception):
    """The target cannot be reached from the node's state."""


def _next(position, verb):
    state, inspected, cleaned = position
    result = EDGES[state][verb]
    if verb == INSPECT:
        inspected = True
    elif verb == CLEAN:
        cleaned = True
    elif verb == UNDEPLOY:
        # an undeployed node has been wiped; inspection data stays valid
        cleaned = False
    return (result, inspected, cleaned)


def _reached(position, goal):
    state, inspected, cleaned = position
    want_state, want_inspected, want_cleaned = goal
    return (state == want_state and (inspected or not want_inspected)
            and (cleaned or not want_cleaned))


def _allowed(state, verb, target):
    # Undeploying a live instance is only ever what the operator asked for
    # when the target is 'available' (deprovision); never a detour to inspect.
    if state == "active" and verb == UNDEPLOY:
        return target == "available"
    # Re-running a manage on a manageable node is a no-op detour.
    return not (state == "manageable" and verb == MANAGE)


# States from which inspecting on the way (``inspect=True``) is planned: a
# node not yet deployed.  A deployed or failed-deploy node is never undeployed
# just to be inspected.
INSPECT_ON_THE_WAY = frozenset(("enroll", "manageable", "available",
                                "inspect failed"))


def plan(state, target, inspected=False, cleaned=False, maintenance=False,
         maintenance_reason=None, inspect=False):
    """The verbs taking a node from ``state`` to ``target`` (see module doc).

    ``inspect`` adds an inspection on the way when Ironic records none (one
    call pipelines a node through inspection and deployment, with no wait
    for the other nodes in between); it is ignored for a node already at
    the target or past ``available``.

    Raises PlanError for an unknown target or state, a target unreachable
    from the state, or a node in maintenance that would need any verb.
    """
    if target not in TARGETS:
        raise PlanError(f"unknown target {target!r}; expected one of "
                        f"{', '.join(TARGETS)}")
    goal = TARGETS[target]
    start = (state, bool(inspected), bool(cleaned))
    if _reached(start, goal):
        return []
    if inspect and state in INSPECT_ON_THE_WAY:
        goal = (goal[0], True, goal[2])
    if state in TRANSIENT:
        return [WAIT]
    if state not in EDGES:
        raise PlanError(f"unknown provision state {state!r}")
    path = _search(start, goal, target)
    if path is None:
        raise PlanError(f"cannot go from {state!r} to {target!r}")
    if maintenance:
        raise PlanError("in maintenance" + (
            f": {maintenance_reason}" if maintenance_reason else ""))
    return path


def _search(start, goal, target):
    """Breadth-first over (state, inspected, cleaned): the shortest path."""
    frontier = [(start, [])]
    seen = {start}
    while frontier:
        following = []
        for position, path in frontier:
            state = position[0]
            for verb in EDGES.get(state, {}):
                if not _allowed(state, verb, target):
                    continue
                nxt = _next(position, verb)
                if nxt in seen:
                    continue
                if _reached(nxt, goal):
                    return path + [verb]
                seen.add(nxt)
                following.append((nxt, path + [verb]))
        frontier = following
    return None


def expected_state(state, verb):
    """Where ``verb`` takes a node in ``state`` when it succeeds."""
    return EDGES[state][verb]


def is_stable(state):
    return state not in TRANSIENT
