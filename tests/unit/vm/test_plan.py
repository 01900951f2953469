"""kayobe.vm.plan: what to do to a domain (shipped to the hypervisor)."""

from kayobe.vm import plan
from tests.unit import base

RUNNING = plan.Current(memory_mb=1024, vcpus=2, active=True)
STOPPED = plan.Current(memory_mb=1024, vcpus=2, active=False)

CASES = (
    # (current, memory, vcpus, allow_restart, actions, changes, error?)
    (None, 1024, 2, False, ("define", "start"), (), False),
    (RUNNING, 1024, 2, False, (), (), False),
    (STOPPED, 1024, 2, False, ("start",), (), False),
    (RUNNING, 2048, 2, False, (), ("memory_mb 1024 -> 2048",), True),
    (RUNNING, 1024, 4, False, (), ("vcpus 2 -> 4",), True),
    (RUNNING, 2048, 4, True, ("define", "stop", "start"),
     ("memory_mb 1024 -> 2048", "vcpus 2 -> 4"), False),
    (STOPPED, 512, 2, False, ("define", "start"), ("memory_mb 1024 -> 512",),
     False),
)


class TestPlan(base.TestCase):

    def test_plans(self):
        for current, memory, vcpus, allow, actions, changes, error in CASES:
            with self.subTest(case=(current, memory, vcpus, allow)):
                result = plan.plan_present(current, memory, vcpus, allow,
                                           "VM seed", "seed_vm_allow_restart")
                self.assertEqual(result.actions, actions)
                self.assertEqual(result.changes, changes)
                self.assertEqual(bool(result.error), error)
                self.assertEqual(result.changed, bool(actions))

    def test_refusal_names_change_and_variable(self):
        result = plan.plan_present(RUNNING, 2048, 2, False, "VM seed",
                                   "seed_vm_allow_restart")
        self.assertEqual(
            result.error,
            "VM seed is running and its memory_mb 1024 -> 2048 need a restart "
            "to apply: set seed_vm_allow_restart to true to restart it, or "
            "change the values back")

    def test_current_from_xml(self):
        cases = (
            ("<domain><memory unit='KiB'>1048576</memory><vcpu placement='static'>"
             "2</vcpu></domain>", 1024, 2),
            ("<domain><memory>524288</memory><vcpu>1</vcpu></domain>", 512, 1),
            ("<domain><memory unit=\"MiB\">256</memory><vcpu>3</vcpu></domain>",
             256, 3),
        )
        for xml, memory, vcpus in cases:
            with self.subTest(case=xml):
                current = plan.current_from_xml(xml, 1)
                self.assertEqual((current.memory_mb, current.vcpus,
                                  current.active), (memory, vcpus, True))
        with self.assertRaises(ValueError):
            plan.current_from_xml("<domain/>", 0)

    def test_standard_library_only(self):
        """Ansible ships the file alone to the hypervisor."""
        import ast
        import pathlib
        tree = ast.parse(pathlib.Path(plan.__file__).read_text())
        imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        self.assertLessEqual(imported, {"dataclasses", "re"})
