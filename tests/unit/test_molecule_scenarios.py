"""Every role has a molecule scenario, and every scenario has its parts.

A new role cannot land without ``molecule/default`` beside it: this test
lists ``ansible/roles`` itself rather than a fixed table of role names.
"""

import pathlib
import subprocess

import yaml

from tests.unit import base

REPO = pathlib.Path(__file__).resolve().parents[2]
ROLES = REPO / "ansible" / "roles"
BASE_CONFIG = REPO / "playbooks" / "molecule" / "base.yml"
INCLUDE_ROLE = ("ansible.builtin.include_role", "ansible.builtin.import_role")


def roles():
    return sorted(p.name for p in ROLES.iterdir() if (p / "tasks").is_dir())


def load(path):
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def applied_roles(plays):
    """Names of the roles a playbook's plays apply (roles: and include/import_role)."""
    names = set()
    for play in plays or []:
        for entry in play.get("roles", []):
            names.add(entry if isinstance(entry, str) else entry.get("role"))
        for section in ("pre_tasks", "tasks", "post_tasks"):
            names.update(included_roles(play.get(section, [])))
    return names


def included_roles(tasks):
    """Roles include/import_role tasks name, also inside blocks."""
    names = set()
    for task in tasks or []:
        for key in INCLUDE_ROLE:
            if key in task:
                names.add(task[key]["name"])
        for section in ("block", "rescue", "always"):
            names.update(included_roles(task.get(section)))
    return names


class TestMoleculeScenarios(base.TestCase):

    def test_there_are_roles(self):
        self.assertGreater(len(roles()), 10)

    def test_every_role_has_a_scenario(self):
        missing = [r for r in roles()
                   if not (ROLES / r / "molecule/default/molecule.yml").is_file()]
        self.assertEqual(missing, [], "roles without molecule/default/molecule.yml")

    def test_scenarios_converge_the_role_and_verify(self):
        for role in roles():
            with self.subTest(role=role):
                scenario = ROLES / role / "molecule" / "default"
                config = load(scenario / "molecule.yml")
                self.assertIsInstance(config, dict)
                self.assertIn(role, applied_roles(load(scenario / "converge.yml")))
                verify = load(scenario / "verify.yml")
                tasks = [t for play in verify for t in play.get("tasks", [])]
                self.assertTrue(
                    any("ansible.builtin.assert" in t for t in tasks),
                    f"{role}: verify.yml asserts nothing")

    def test_check_mode_scenarios_say_so(self):
        for role in roles():
            with self.subTest(role=role):
                path = ROLES / role / "molecule" / "default" / "molecule.yml"
                sequence = (load(path).get("scenario") or {}).get("test_sequence", [])
                if "check" in sequence:
                    self.assertNotIn("converge", sequence)
                    self.assertIn("check mode", path.read_text().lower())

    def test_repository_base_config_is_the_shared_one(self):
        link = REPO / ".config" / "molecule" / "config.yml"
        self.assertEqual(link.resolve(), BASE_CONFIG.resolve())
        config = load(BASE_CONFIG)
        self.assertFalse(config["dependency"]["enabled"])
        sequence = config["scenario"]["test_sequence"]
        self.assertLess(sequence.index("converge"), sequence.index("idempotence"))
        self.assertLess(sequence.index("idempotence"), sequence.index("verify"))
        for step in ("create", "destroy"):
            playbook = config["ansible"]["playbooks"][step]
            name = playbook.split("/playbooks/molecule/", 1)[1]
            self.assertTrue((BASE_CONFIG.parent / name).is_file(), playbook)

    def test_runner_rejects_an_unknown_role_in_one_line(self):
        proc = subprocess.run(
            [str(REPO / "tools" / "run-molecule"), "no-such-role"],
            capture_output=True, text=True, timeout=60, check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("run-molecule: error: "), lines[0])
