"""One error path: every error reaching the operator is a KayobeError and
is printed as one ``kayobe: error: ...`` line with a non-zero exit."""

import contextlib
import importlib
import inspect
import json
import pkgutil
import re

import kayobe
from kayobe import errors
from kayobe import report
from kayobe import runner
from kayobe import variables
from kayobe.cli import app
from tests.unit import base

# Packages whose code runs in the kayobe process.  kayobe.baremetal's
# errors stay inside its Ansible module, which reports them per node.
IN_PROCESS = ("kayobe.cli", "kayobe.kolla", "kayobe.hostconfig",
              "kayobe.network")


def in_process_modules():
    names = [f"kayobe.{m.name}" for m in pkgutil.iter_modules(kayobe.__path__)
             if not m.ispkg]
    for package in IN_PROCESS:
        path = importlib.import_module(package).__path__
        names += [f"{package}.{m.name}" for m in pkgutil.walk_packages(path)
                  if not m.ispkg]
    return sorted(names)


class TestHierarchy(base.TestCase):

    def test_every_error_class_derives_from_the_one_base(self):
        for name in in_process_modules():
            module = importlib.import_module(name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (cls.__module__ == name and issubclass(cls, Exception)):
                    with self.subTest(error=f"{name}.{cls.__name__}"):
                        self.assertTrue(issubclass(cls, errors.KayobeError))

    def test_value_errors_are_also_config_errors(self):
        for cls in (errors.InvalidValue, report.ReportError,
                    importlib.import_module("kayobe.hostconfig.errors").HostConfigError,
                    importlib.import_module("kayobe.network.errors").NetworkError):
            with self.subTest(error=cls.__name__):
                self.assertTrue(issubclass(cls, ValueError))
                self.assertTrue(issubclass(cls, errors.KayobeError))
                self.assertEqual(cls.exit_code, 2)


# (name, {state file: text}, extra argv, start of the message)
CLI_CASES = [
    ("corrupt run report", {"last-run.json": "{not json"}, ["--retry-failed"],
     "cannot read run report "),
    ("run report of another version", {"last-run.json": json.dumps(
        {"version": 99})}, ["--retry-failed"], "run report "),
    ("run report not a mapping", {"last-run.json": "[]"}, ["--retry-failed"],
     "run report "),
    ("no run report", {}, ["--retry-failed"],
     "--retry-failed: no previous run report"),
    ("limit and retry", {}, ["--retry-failed", "--limit", "seed1"],
     "use --limit or --retry-failed, not both"),
    ("strict boolean", {}, ["-e", "kolla_enable_nova=maybe"], None),
]


class TestOneLine(base.TestCase):

    def setUp(self):
        super().setUp()
        self.write("config/globals.yml", "x: 1\n")
        self.patch_object(runner, "run_process", autospec=True, return_value=0)

    def run_kayobe(self, argv):
        """(exit code, stderr) of ``kayobe ARGV``; real files for stdout
        and stderr, as Ansible reconfigures them when it is imported."""
        argv = argv + ["--config-path", str(self.tmp_path / "config")]
        with open(self.tmp_path / "out", "w+") as out, \
                open(self.tmp_path / "err", "w+") as err:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = app.main(argv)
            err.seek(0)
            return code, err.read()

    def test_errors_are_one_line(self):
        for name, state, extra, message in CLI_CASES[:-1]:
            with self.subTest(case=name):
                for rel, text in state.items():
                    self.write(f"state/{rel}", text)
                code, err = self.run_kayobe(["seed", "host", "configure"] + extra)
                self.assertEqual(code, 2, err)
                self.assertTrue(err.startswith(f"kayobe: error: {message}"), err)
                self.assertEqual(len(err.splitlines()), 1, err)
                for rel in state:
                    (self.state_dir / rel).unlink()

    def test_refused_path_is_one_line(self):
        self.setenv("KAYOBE_STATE_DIR", "/proc/kayobe-state")
        code, err = self.run_kayobe(["seed", "host", "configure"])
        self.assertEqual(code, 1, err)
        self.assertEqual(err, "kayobe: error: [Errno 2] No such file or "
                              "directory: '/proc/kayobe-state'\n")

    def test_strict_boolean_names_the_variable(self):
        self.setenv("KAYOBE_VAULT_PASSWORD", "x")
        code, err = self.run_kayobe(["overcloud", "service", "configuration",
                                     "diff", "-e", "kolla_enable_nova=maybe"])
        self.assertEqual(code, 2, err)
        # Ansible, resolving the variables in-process, may warn first.
        errors_shown = [line for line in err.splitlines()
                        if line.startswith("kayobe: error: ")]
        self.assertEqual(errors_shown, [
            "kayobe: error: variable 'kolla_enable_nova' must be a boolean "
            "(true/false, yes/no, on/off, 1/0), not 'maybe'"], err)


BOOLEANS = [(True, True), (False, False), ("yes", True), ("False", False),
            ("on", True), ("0", False), (1, True), (0, False), ("Y", True),
            (" true ", True), ("", False)]
NOT_BOOLEANS = ["maybe", "tru", None, 2, [], 1.0]


class TestAsBool(base.TestCase):

    def test_booleans(self):
        for value, expected in BOOLEANS:
            with self.subTest(value=value):
                self.assertIs(variables.as_bool(value, "v"), expected)

    def test_anything_else_is_an_error_naming_the_variable(self):
        for value in NOT_BOOLEANS:
            with self.subTest(value=value):
                with self.assertRaisesRegex(
                        errors.InvalidValue,
                        r"^variable 'v' must be a boolean .*not "
                        + re.escape(repr(value)) + "$"):
                    variables.as_bool(value, "v")
