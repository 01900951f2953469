"""The Ansible filter shim exposes every host configuration filter."""

import importlib.util
import pathlib

from kayobe.hostconfig import filters
from tests.unit import base

SHIM = pathlib.Path(__file__).resolve().parents[3] / "ansible" / \
    "filter_plugins" / "hostconfig.py"


class TestFilterPlugin(base.TestCase):

    def test_shim_exposes_every_filter(self):
        spec = importlib.util.spec_from_file_location("hostconfig_shim", SHIM)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.assertEqual(module.FilterModule().filters(),
                         filters.get_filters())
