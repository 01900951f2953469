"""The Ansible filter shim exposes every host configuration filter, and the
roles use every one of them."""

import importlib.util
import pathlib
import re

from kayobe.hostconfig import filters
from tests.unit import base

ANSIBLE = pathlib.Path(__file__).resolve().parents[3] / "ansible"
SHIM = ANSIBLE / "filter_plugins" / "hostconfig.py"


def role_sources():
    """The text of every task file and template of the shipped roles."""
    return "\n".join(path.read_text() for path in sorted(ANSIBLE.rglob("*"))
                     if path.suffix in (".yml", ".j2") and path.is_file())


class TestFilterPlugin(base.TestCase):

    def test_shim_exposes_every_filter(self):
        spec = importlib.util.spec_from_file_location("hostconfig_shim", SHIM)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.assertEqual(module.FilterModule().filters(),
                         filters.get_filters())

    def test_every_filter_is_prefixed_and_used(self):
        text = role_sources()
        for name in filters.FILTERS:
            with self.subTest(name):
                self.assertRegex(name, "^hostconfig_")
                self.assertTrue(re.search(rf"\b{name}\b", text),
                                f"no role uses the filter {name}")

    def test_no_unprefixed_basehost_filter_is_left(self):
        # The old, unprefixed names would now fail at run time.
        text = role_sources()
        for old in ("deb822_sources", "authorized_keys", "user_groups",
                    "chrony_sources", "known_host_name"):
            with self.subTest(old):
                self.assertFalse(re.search(rf"\|\s*{old}\b", text),
                                 f"a role still uses the filter {old}")
