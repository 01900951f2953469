"""The example config is in step with the shipped defaults; entries parse."""

import pathlib

import yaml

from kayobe import docgen
from kayobe.cli import options
from kayobe.cli import table
from tests.unit import base

ROOT = pathlib.Path(__file__).resolve().parents[2]

E = docgen.Entry

# (case, defaults text, expected entries)
ENTRIES = (
    ("attached comment", "---\n# Doc of a.\n# More.\na: 1\n",
     [E(("a",), ("Doc of a.", "More."), "a: 1")]),
    ("blank line separates", "a: 1\n\nb: 2\n",
     [E(("a",), (), "a: 1"), E(("b",), (), "b: 2")]),
    ("one comment, consecutive variables", "# Region and zone.\nr: 1\nz: 0\n",
     [E(("r", "z"), ("Region and zone.",), "r: 1\nz: 0")]),
    ("standalone block and banner", "####\n# Intro.\n\n# Doc.\na: 1\n",
     [E((), ("Intro.",)), E(("a",), ("Doc.",), "a: 1")]),
    ("multi-line values, a blank line inside",
     "a:\n  - x\n\n  - y\n\nb: |\n  text\n",
     [E(("a",), (), "a:\n  - x\n\n  - y"), E(("b",), (), "b: |\n  text")]),
    ("indented example kept", "# Users, e.g.\n#   - name: alice\nu: []\n",
     [E(("u",), ("Users, e.g.", "  - name: alice"), "u: []")]),
    ("comment ends a value", "a:\n  k: v\n# Doc of b.\nb: 2\n",
     [E(("a",), (), "a:\n  k: v"), E(("b",), ("Doc of b.",), "b: 2")]),
    ("trailing block", "a: 1\n\n# The end.\n",
     [E(("a",), (), "a: 1"), E((), ("The end.",))]),
)


class TestExampleConfig(base.TestCase):

    def test_example_config_is_current(self):
        for name, text in sorted(docgen.example_config().items()):
            with self.subTest(file=name):
                path = ROOT / "etc" / "kayobe" / name
                self.assertTrue(path.is_file(), "run tools/gen-docs")
                self.assertEqual(path.read_text(), text, "run tools/gen-docs")

    def test_every_default_is_documented(self):
        for name, path in sorted(docgen.defaults_files().items()):
            with self.subTest(file=name):
                text = path.read_text()
                defined = set(yaml.safe_load(text) or {})
                self.assertEqual(set(docgen.variables(text)), defined)
                example_path = ROOT / "etc" / "kayobe" / f"{name}.yml"
                if not example_path.is_file():
                    self.fail(f"{example_path} is missing: run tools/gen-docs")
                example = example_path.read_text()
                for var in defined:
                    self.assertIn(f"\n#{var}:", example)
                # Every line is commented out.
                self.assertIsNone(yaml.safe_load(example))

    def test_entries_cover_every_variable(self):
        for name, path in sorted(docgen.defaults_files().items()):
            with self.subTest(file=name):
                text = path.read_text()
                found = docgen.entries(text)
                names = [n for entry in found for n in entry.names]
                self.assertEqual(names, docgen.variables(text))
                for entry in found:
                    if entry.names:
                        value = yaml.safe_load(entry.default)
                        self.assertEqual(tuple(value), entry.names)

    def test_commented_defaults(self):
        text = "---\n# Doc.\na: 1\nb:\n  - x\n"
        self.assertTrue(docgen.commented_defaults("n", text).endswith(
            "# Doc.\n#a: 1\n#b:\n#  - x\n"))


class TestEntries(base.TestCase):

    def test_entries(self):
        for case, text, expected in ENTRIES:
            with self.subTest(case=case):
                self.assertEqual(docgen.entries(text), expected)


class TestProse(base.TestCase):

    def test_every_shared_option_is_explained(self):
        # The option groups are explained in prose (usage, kolla pages); a
        # flag added to kayobe/cli/options.py needs a word there too.
        prose = "".join((ROOT / "doc" / "source" / f"{page}.rst").read_text()
                        for page in ("usage", "kolla"))
        for _, group in options.GROUPS.values():
            for flags, _ in group:
                with self.subTest(option=flags[-1]):
                    self.assertIn(flags[-1], prose,
                                  "explain it in doc/source/usage.rst")

    def test_kolla_commands_table_matches_the_rows(self):
        # doc/source/kolla.rst tabulates command -> kolla-ansible action with
        # notes; each row with an action needs its line, naming the action.
        text = (ROOT / "doc" / "source" / "kolla.rst").read_text()
        lines = {}
        for line in text.splitlines():
            words, _, rest = line.partition("  ")
            lines[words.strip()] = rest
        for row in table.ROWS:
            if getattr(row, "action", None) is not None:
                with self.subTest(row=row.words):
                    self.assertIn(row.words, lines,
                                  "add it to doc/source/kolla.rst")
                    self.assertIn(row.action.action, lines[row.words])
