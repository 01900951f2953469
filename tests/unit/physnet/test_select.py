"""Interface selection: discovery toggles and the two limits."""

from kayobe.errors import InvalidValue
from kayobe.physnet import select
from tests.unit import base

INTERFACES = {
    "swp1": {"description": "controller0", "config": ["a"]},
    "swp2": {"description": "compute0", "config": ["b"]},
    "swp3": {"description": "compute1", "config": ["c"],
             "ngs_trunk_port": False},
}
ENABLE = {"swp2": {"description": "compute0", "config": ["vlan 99"]},
          "swp9": {"description": "new", "config": []}}
DISABLE = {"swp2": {"description": "compute0", "config": ["vlan 30"]}}

CASES = [
    ("nothing", {}, INTERFACES),
    ("enable replaces whole entries and adds new ones",
     {"enable_discovery": True},
     {"swp1": INTERFACES["swp1"], "swp2": ENABLE["swp2"],
      "swp3": INTERFACES["swp3"], "swp9": ENABLE["swp9"]}),
    ("disable", {"disable_discovery": True},
     dict(INTERFACES, swp2=DISABLE["swp2"])),
    ("names, comma-separated", {"interface_limit": "swp3, swp1,nope"},
     {"swp1": INTERFACES["swp1"], "swp3": INTERFACES["swp3"]}),
    ("descriptions skip ngs_trunk_port false",
     {"description_limit": "compute0,compute1"}, {"swp2": INTERFACES["swp2"]}),
    ("limit after discovery", {"enable_discovery": True,
                               "interface_limit": "swp2"},
     {"swp2": ENABLE["swp2"]}),
    ("description limit as a list", {"description_limit": ["controller0"]},
     {"swp1": INTERFACES["swp1"]}),
]


class TestCandidateInterfaces(base.TestCase):

    def test_cases(self):
        for name, options, expected in CASES:
            with self.subTest(case=name):
                got = select.candidate_interfaces(
                    "sw1", INTERFACES, enable_config=ENABLE,
                    disable_config=DISABLE, **options)
                self.assertEqual(expected, got)
                self.assertEqual(list(expected), list(got))

    def test_errors(self):
        cases = [
            ("both limits", dict(interface_limit="a",
                                 description_limit="b"),
             "--interface-limit and --interface-description-limit are "
             "mutually exclusive"),
            ("both toggles", dict(enable_discovery=True,
                                  disable_discovery=True),
             "--enable-discovery and --disable-discovery are mutually "
             "exclusive"),
            ("not a mapping", dict(interfaces=["swp1"]),
             "sw1: switch_interface_config must be a mapping of interface "
             "names to configuration, not list"),
            ("entry not a mapping", dict(interfaces={"swp1": "x"}),
             "sw1: switch_interface_config[swp1] must be a mapping with "
             "'description' and 'config'"),
            ("config a string", dict(interfaces={"swp1": {"config": "x"}}),
             "sw1: switch_interface_config[swp1].config must be a list of "
             "lines"),
            ("bad discovery", dict(enable_discovery=True, enable_config=[1]),
             "sw1: switch_interface_config_enable_discovery must be a "
             "mapping of interface names to configuration, not list"),
        ]
        for name, kwargs, message in cases:
            with self.subTest(case=name):
                interfaces = kwargs.pop("interfaces", INTERFACES)
                with self.assertRaises(InvalidValue) as ctx:
                    select.candidate_interfaces("sw1", interfaces, **kwargs)
                self.assertEqual(message, str(ctx.exception))

    def test_the_input_is_not_changed(self):
        before = {k: dict(v) for k, v in INTERFACES.items()}
        select.candidate_interfaces("sw1", INTERFACES, enable_discovery=True,
                                    enable_config=ENABLE)
        self.assertEqual(before, INTERFACES)
