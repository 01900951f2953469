"""Each role's argument spec agrees with its defaults/main.yml.

A role's defaults are what it runs with; its argument spec documents and
validates them.  A spec default that differs from the role default is never
used, only misleads (ansible-doc, the docs), so the two must match:

- every role default has a spec option;
- every spec default is a role default, with the same value;
- every literal role default (not a Jinja template, which a spec cannot
  restate with its type) appears as the spec default.
"""

import yaml

from kayobe import paths
from tests.unit import base

ROLES = paths.ansible_dir() / "roles"


def load(path):
    return yaml.safe_load(path.read_text()) if path.is_file() else None


def spec_options(spec):
    """{option: its spec} over every entry point of an argument spec."""
    options = {}
    for entry in (spec.get("argument_specs") or {}).values():
        options.update((entry or {}).get("options") or {})
    return options


def is_template(value):
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def drifts(defaults, options):
    """Human-readable disagreements between role defaults and spec options."""
    found = []
    for name, value in defaults.items():
        option = options.get(name)
        if option is None:
            found.append(f"{name}: role default without a spec option")
        elif "default" in option and option["default"] != value:
            found.append(f"{name}: spec default {option['default']!r}"
                         f" != role default {value!r}")
        elif "default" not in option and not is_template(value):
            found.append(f"{name}: spec lacks the role default {value!r}")
    for name, option in options.items():
        if "default" in option and name not in defaults:
            found.append(f"{name}: spec default {option['default']!r}"
                         " without a role default")
    return found


def roles_with_specs():
    return sorted(p.parent.parent for p in ROLES.glob("*/meta/argument_specs.yml"))


# (case, defaults, spec options, expected number of drifts)
CASES = (
    ("agree", {"a": 1}, {"a": {"type": "int", "default": 1}}, 0),
    ("templated default, no spec default", {"a": "{{ x }}"}, {"a": {}}, 0),
    ("templated default restated", {"a": "{{ x }}"},
     {"a": {"default": "{{ x }}"}}, 0),
    ("different value", {"a": 2}, {"a": {"default": 1}}, 1),
    ("default missing from spec", {"a": 1, "b": 2}, {"a": {"default": 1}}, 1),
    ("literal default not in spec", {"a": 1}, {"a": {"type": "int"}}, 1),
    ("spec default without role default", {}, {"a": {"default": ""}}, 1),
    ("required option, no default", {}, {"a": {"required": True}}, 0),
)


class TestRoleSpecs(base.TestCase):

    def test_drift_rules(self):
        for case, defaults, options, count in CASES:
            with self.subTest(case=case):
                self.assertEqual(len(drifts(defaults, options)), count)

    def test_every_role_with_defaults_has_a_spec(self):
        for defaults in sorted(ROLES.glob("*/defaults/main.yml")):
            role = defaults.parent.parent
            with self.subTest(role=role.name):
                self.assertTrue((role / "meta" / "argument_specs.yml").is_file(),
                                f"{role.name}: defaults but no argument spec")

    def test_spec_defaults_match_role_defaults(self):
        roles = roles_with_specs()
        self.assertTrue(roles)
        for role in roles:
            with self.subTest(role=role.name):
                spec = load(role / "meta" / "argument_specs.yml") or {}
                defaults = load(role / "defaults" / "main.yml") or {}
                self.assertEqual(drifts(defaults, spec_options(spec)), [])
