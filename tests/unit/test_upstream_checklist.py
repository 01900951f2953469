"""Upstream's documented variables are honoured, or listed as not honoured.

The checklist is the set of variables that upstream Kayobe 18.6.0's example
configuration documents (``tests/unit/data``, names only): the interface an
operator's kayobe-config is written against.  A name is honoured when our
shipped defaults define it (so ``kayobe configuration dump`` shows it and
the code that reads it finds it) or, for ``kolla_enable_<service>``, when
the kolla globals generation maps it to kolla-ansible's ``enable_<service>``,
or when kayobe passes it to every run itself (``Config.extra_vars``).
Every other name must appear in ``doc/source/compatibility.rst``'s list of
variables we do not honour, with the reason: none is silently ignored.  A
name we define with upstream's default only so that configuration reading
it resolves as upstream's does, without acting on it, is listed in that
section's part for such names instead.
"""

import pathlib
import re

import yaml

from kayobe import config as kayobe_config
from kayobe.kolla import globals as kolla_globals
from tests.unit import base

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECKLIST = ROOT / "tests" / "unit" / "data" / "upstream_documented_variables.txt"
COMPATIBILITY = ROOT / "doc" / "source" / "compatibility.rst"
GROUP_VARS = ROOT / "ansible" / "inventory" / "group_vars"
# The section of compatibility.rst that lists the names not honoured, and
# its part for those defined (upstream's default) but not acted on.
NOT_HONOURED = "Upstream variables not honoured"
DEFINED_ONLY = "Defined with upstream's default, without effect"


def checklist():
    lines = CHECKLIST.read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def defined_names():
    """Top-level names of every shipped group_vars file."""
    names = set()
    for path in GROUP_VARS.rglob("*"):
        if path.is_file():
            names.update(yaml.safe_load(path.read_text()) or {})
    return names


def section_text(title):
    """compatibility.rst from the heading ``title`` to the next heading."""
    text = COMPATIBILITY.read_text()
    start = text.index(title)
    following = re.search(r"\n\S[^\n]*\n[=\-~^]{3,}\n", text[start + 1:])
    return text[start:start + 1 + following.start()] if following else (
        text[start:])


def names_in(text):
    return set(re.findall(r"``([a-z_][a-z0-9_]*)``", text))


def listed_names():
    """Names of the not-honoured section, both of its parts."""
    return names_in(section_text(NOT_HONOURED)) | defined_only_names()


def defined_only_names():
    """Names of the part for names defined but not acted on."""
    return names_in(section_text(DEFINED_ONLY))


def engine_names():
    """Names kayobe passes to every run as extra vars."""
    return set(kayobe_config.Config(ROOT / "etc" / "kayobe").extra_vars())


def honoured(name, defined):
    return (name in defined or name in engine_names()
            or bool(kolla_globals.ENABLE.match(name)))


class TestUpstreamChecklist(base.TestCase):

    def test_checklist_is_upstreams_whole_list(self):
        names = checklist()
        self.assertEqual(len(names), len(set(names)))
        self.assertGreater(len(names), 800)

    def test_every_documented_upstream_variable_is_honoured_or_listed(self):
        defined = defined_names()
        listed = listed_names()
        ignored = sorted(name for name in checklist()
                         if not honoured(name, defined) and name not in listed)
        self.assertEqual(
            ignored, [],
            f"{len(ignored)} upstream variables are neither defined in "
            f"ansible/inventory/group_vars nor listed in {COMPATIBILITY.name}")

    def test_listed_names_are_upstream_names(self):
        # A typo in the list would hide the real name.
        unknown = sorted(listed_names() - set(checklist()))
        self.assertEqual(unknown, [])

    def test_listed_names_are_not_honoured(self):
        # Once a name is honoured, its entry in the list is out of date.
        defined = defined_names()
        stale = sorted(name for name in listed_names() - defined_only_names()
                       if honoured(name, defined))
        self.assertEqual(stale, [])

    def test_defined_only_names_are_defined(self):
        # The part for names defined without effect must not hide a name
        # that is not defined at all.
        undefined = sorted(defined_only_names() - defined_names())
        self.assertEqual(undefined, [])
