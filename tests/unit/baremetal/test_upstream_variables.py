"""Every upstream provisioning variable is read under its own name.

tests/unit/data/upstream_provisioning_variables.txt lists the names (only
the names) of upstream Kayobe 18.6.0's inspector_*, ipa_*, kolla_bifrost_*,
ironic_*, BIOS/RAID, BMC and overcloud group map defaults.  Each must have
a shipped default in ansible/inventory/group_vars/all (so that it reaches
the playbooks and 'configuration dump' under that name) and a commented
default in the example configuration that tools/gen-docs writes from it.
"""

import pathlib
import re

from kayobe import docgen
from tests.unit import base

NAMES = pathlib.Path(__file__).resolve().parents[1] / "data" / \
    "upstream_provisioning_variables.txt"


def upstream_names():
    return [line.strip() for line in NAMES.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def shipped_defaults():
    """{variable: defaults file name} of the shipped group_vars/all."""
    found = {}
    for name, path in docgen.defaults_files().items():
        for variable in docgen.variables(path.read_text()):
            found.setdefault(variable, name)
    return found


def commented(text):
    """Names of the commented defaults ('#name:') of an example file."""
    return set(re.findall(r"^#([A-Za-z_][A-Za-z0-9_]*):", text, re.M))


class TestUpstreamProvisioningVariables(base.TestCase):

    def test_list_is_sorted_names(self):
        names = upstream_names()
        self.assertGreater(len(names), 150)
        self.assertEqual(sorted(set(names)), names)
        for name in names:
            with self.subTest(name=name):
                self.assertRegex(name, r"^[a-z][a-z0-9_]*$")

    def test_each_has_a_shipped_default(self):
        shipped = shipped_defaults()
        missing = [n for n in upstream_names() if n not in shipped]
        self.assertEqual([], missing, "upstream variables without a default "
                         "in ansible/inventory/group_vars/all")

    def test_each_has_a_commented_example(self):
        shipped = shipped_defaults()
        generated = docgen.example_config()
        for name in upstream_names():
            if name not in shipped:
                continue    # reported by test_each_has_a_shipped_default
            example = f"{shipped[name]}.yml"
            written = docgen.paths.data_path("etc", "kayobe", example).read_text()
            with self.subTest(name=name, example=example):
                self.assertIn(name, commented(generated[example]))
                self.assertIn(name, commented(written),
                              f"etc/kayobe/{example} is stale: run tools/gen-docs")
