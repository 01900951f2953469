"""Files shipped as module_utils run where kayobe is not installed.

``ansible/module_utils/kayobe_*.py`` are links to package modules, so that
Ansible modules delegated to another host (a seed, an API host) carry them.
There ``import kayobe`` fails: a shipped file may import another kayobe
module only as a fallback of its ``ansible.module_utils`` name.
"""

import ast
import pathlib

from tests.unit import base

MODULE_UTILS = pathlib.Path(__file__).resolve().parents[2] / "ansible" / \
    "module_utils"


def bare_kayobe_imports(tree):
    """Line numbers of kayobe imports outside an ``except ImportError``."""
    fallback = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            for handler in node.handlers:
                if (isinstance(handler.type, ast.Name)
                        and handler.type.id == "ImportError"):
                    fallback.update(id(n) for n in ast.walk(handler))
    found = []
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom)
                 else [])
        if any(n == "kayobe" or n.startswith("kayobe.") for n in names) \
                and id(node) not in fallback:
            found.append(node.lineno)
    return found


class TestShippedModuleUtils(base.TestCase):
    def test_no_bare_kayobe_import(self):
        shipped = sorted(MODULE_UTILS.glob("kayobe_*.py"))
        self.assertTrue(shipped)
        for path in shipped:
            with self.subTest(path=path.name):
                tree = ast.parse(path.read_text(), str(path))
                self.assertEqual([], bare_kayobe_imports(tree),
                                 f"{path.name} ({path.resolve().name})")

    def test_the_check_finds_a_bare_import(self):
        bare = ast.parse("import re\nfrom kayobe import secrets\n")
        guarded = ast.parse(
            "try:\n    from ansible.module_utils import kayobe_secrets\n"
            "except ImportError:\n    from kayobe import secrets\n")
        self.assertEqual([2], bare_kayobe_imports(bare))
        self.assertEqual([], bare_kayobe_imports(guarded))
