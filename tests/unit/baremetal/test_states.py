"""The provision-state planner, table-tested over every state and target."""

import itertools

from kayobe.baremetal import states
from tests.unit import base

M, P, Ins, C = states.MANAGE, states.PROVIDE, states.INSPECT, states.CLEAN
D, U, R, W = states.DEPLOY, states.UNDEPLOY, states.UNRESCUE, states.WAIT

# (state, target, inspected, cleaned) -> expected verbs, or an error fragment.
CASES = {
    ("enroll", "manageable", False, False): [M],
    ("enroll", "inspected", False, False): [M, Ins],
    ("enroll", "cleaned", False, False): [M, C],
    ("enroll", "available", False, False): [M, P],
    ("enroll", "active", False, False): [M, P, D],
    ("manageable", "manageable", False, False): [],
    ("manageable", "inspected", False, False): [Ins],
    ("manageable", "inspected", True, False): [],
    ("manageable", "cleaned", False, False): [C],
    ("manageable", "cleaned", True, True): [],
    ("manageable", "available", False, False): [P],
    ("manageable", "active", False, False): [P, D],
    ("available", "manageable", False, False): [M],
    ("available", "inspected", False, False): [M, Ins],
    ("available", "inspected", True, False): [M],
    ("available", "cleaned", False, False): [M, C],
    ("available", "available", False, False): [],
    ("available", "active", False, False): [D],
    ("active", "active", False, False): [],
    ("active", "available", False, False): [U],
    ("active", "manageable", False, False): "cannot go from 'active'",
    ("active", "inspected", False, False): "cannot go from 'active'",
    ("active", "cleaned", False, False): "cannot go from 'active'",
    ("inspect failed", "inspected", False, False): [Ins],
    ("inspect failed", "manageable", False, False): [M],
    ("inspect failed", "active", True, False): [M, P, D],
    ("clean failed", "cleaned", False, False): [M, C],
    ("clean failed", "available", False, False): [M, P],
    ("adopt failed", "manageable", False, False): [M],
    ("deploy failed", "active", False, False): [D],
    ("deploy failed", "available", False, False): [U],
    ("deploy failed", "manageable", False, False): [U, M],
    ("error", "available", False, False): [U],
    ("error", "active", False, False): [U, D],
    ("rescue", "active", False, False): [R],
    ("rescue failed", "available", False, False): [R, U],
    ("verifying", "manageable", False, False): [W],
    ("deploying", "active", False, False): [W],
    ("clean wait", "available", False, False): [W],
    ("wait call-back", "active", False, False): [W],
    ("bogus", "active", False, False): "unknown provision state 'bogus'",
    ("enroll", "bogus", False, False): "unknown target 'bogus'",
}


def walk(state, verbs, inspected=False, cleaned=False):
    """Apply verbs along the planner's own edges: the position reached."""
    position = (state, inspected, cleaned)
    for verb in verbs:
        position = states._next(position, verb)
    return position


class TestPlanTable(base.TestCase):

    def test_cases(self):
        for (state, target, inspected, cleaned), want in CASES.items():
            with self.subTest(case=(state, target, inspected, cleaned)):
                if isinstance(want, str):
                    with self.assertRaises(states.PlanError) as ctx:
                        states.plan(state, target, inspected, cleaned)
                    self.assertIn(want, str(ctx.exception))
                else:
                    self.assertEqual(
                        want, states.plan(state, target, inspected, cleaned))


ALL_STATES = sorted(set(states.EDGES) | states.TRANSIENT)


class TestPlanExhaustive(base.TestCase):
    """Every state x target x facts x maintenance: properties of a plan."""

    def test_every_combination(self):
        for state, target, inspected, cleaned, maint in itertools.product(
                ALL_STATES, states.TARGETS, (False, True), (False, True),
                (False, True)):
            case = (state, target, inspected, cleaned, maint)
            with self.subTest(case=case):
                try:
                    verbs = states.plan(state, target, inspected, cleaned,
                                        maintenance=maint,
                                        maintenance_reason="fan")
                except states.PlanError as exc:
                    self.check_refusal(state, target, inspected, cleaned,
                                       maint, str(exc))
                    continue
                self.check_plan(state, target, inspected, cleaned, maint, verbs)

    def check_plan(self, state, target, inspected, cleaned, maint, verbs):
        if verbs == [W]:
            self.assertIn(state, states.TRANSIENT)
            return
        self.assertNotIn(W, verbs)
        if verbs:
            self.assertFalse(maint, "a node in maintenance got a plan")
        end = walk(state, verbs, inspected, cleaned)
        self.assertTrue(states._reached(end, states.TARGETS[target]), end)
        # a live instance is never undeployed on the way to anything else
        position = (state, inspected, cleaned)
        for verb in verbs:
            if position[0] == "active":
                self.assertTrue(verb != U or target == "available")
            self.assertIn(verb, states.EDGES[position[0]])
            position = states._next(position, verb)
        # shortest: no state visited twice
        seen = [state]
        position = (state, inspected, cleaned)
        for verb in verbs:
            position = states._next(position, verb)
            seen.append(position)
        self.assertEqual(len(seen), len(set(map(str, seen))))

    def check_refusal(self, state, target, inspected, cleaned, maint, message):
        if "in maintenance" in message:
            self.assertTrue(maint)
            self.assertIn("fan", message)
            # the same node out of maintenance would have had a plan
            self.assertTrue(states.plan(state, target, inspected, cleaned))
            return
        self.assertIn("cannot go from", message)
        # only an active (or rescued) node refuses, and only for targets that
        # would need its instance undeployed
        self.assertIn(state, ("active", "rescue", "rescue failed", "unrescue failed"))
        self.assertNotIn(target, ("active", "available"))

    def test_every_stable_state_has_a_known_edge_result(self):
        for state, edges in states.EDGES.items():
            for verb, result in edges.items():
                with self.subTest(state=state, verb=verb):
                    self.assertIn(verb, states.VERBS)
                    self.assertIn(result, states.EDGES)
                    self.assertEqual(result, states.expected_state(state, verb))

    def test_transient_and_failed_are_disjoint_from_targets(self):
        for target, (state, _i, _c) in states.TARGETS.items():
            with self.subTest(target=target):
                self.assertTrue(states.is_stable(state))
                self.assertNotIn(state, states.FAILED)


class TestInspectOnTheWay(base.TestCase):
    """plan(..., inspect=True): one call takes a node through inspection to
    its target, and never undeploys a node to inspect it."""

    def test_cases(self):
        cases = {
            ("enroll", "active", False): [M, Ins, P, D],
            ("manageable", "active", False): [Ins, P, D],
            ("manageable", "active", True): [P, D],
            ("available", "active", False): [M, Ins, P, D],
            ("available", "active", True): [D],
            ("inspect failed", "available", False): [Ins, P],
            ("enroll", "inspected", False): [M, Ins],
            ("active", "active", False): [],
            ("available", "available", False): [],
            ("deploy failed", "active", False): [D],
            ("active", "available", False): [U],
        }
        for (state, target, inspected), verbs in cases.items():
            with self.subTest(state=state, target=target, inspected=inspected):
                self.assertEqual(
                    verbs, states.plan(state, target, inspected=inspected,
                                       inspect=True))
                if verbs:
                    end, was_inspected, _ = walk(state, verbs, inspected)
                    self.assertEqual(states.TARGETS[target][0], end)
                    self.assertEqual(inspected or Ins in verbs, was_inspected)

    def test_maintenance_still_refuses(self):
        with self.assertRaisesRegex(states.PlanError, "in maintenance"):
            states.plan("manageable", "active", maintenance=True, inspect=True)
