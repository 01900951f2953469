"""Limit handling of the engine: intersection, sentinel, retry."""

import json

from kayobe import config as kconfig
from kayobe import engine
from kayobe import errors
from kayobe import runner
from tests.unit import base
from tests.unit.base import write

# (command limit, user --limit, add the localhost sentinel, effective limit)
EFFECTIVE_LIMITS = [
    (None, None, False, None),
    ("overcloud", None, False, "overcloud"),
    ("overcloud", "ctl1,cmp1,seed1", False, "ctl1,cmp1,seed1,&overcloud"),
    ("overcloud", None, True, "overcloud,localhost"),
    ("localhost", None, True, "localhost"),
    # Both sides have several plain terms: hosts are resolved.
    ("controllers,compute", "ctl1,cmp2,seed1", False, "@ctl1,cmp2"),
    # A user limit with the sentinel: resolved, sentinel appended.
    ("overcloud", "ctl1:cmp1:seed1", True, "@ctl1,cmp1,localhost"),
    ("overcloud", "!ctl2", True, "@ctl1,ctl3,cmp1,cmp2,localhost"),
]


class TestEffectiveLimit(base.TestCase):

    def setUp(self):
        super().setUp()
        write(self.tmp_path / "cfg" / "inventory" / "hosts", """\
[controllers]
ctl1
ctl2
ctl3
[compute]
cmp1
cmp2
[seed]
seed1
""")
        self.config = kconfig.resolve(self.tmp_path / "cfg")

    def limit(self, command, user=None, sentinel=False):
        options = runner.RunOptions(limit=user)
        value = engine.effective_limit(self.config, options, command,
                                       self.tmp_path, sentinel)
        if value and value.startswith("@"):
            return "@" + ",".join((self.tmp_path / "limit").read_text().split())
        return value

    def test_effective_limit(self):
        for command, user, sentinel, expected in EFFECTIVE_LIMITS:
            with self.subTest(command=command, user=user, sentinel=sentinel):
                self.assertEqual(self.limit(command, user, sentinel), expected)

    def test_limit_matching_nothing_is_an_error(self):
        with self.assertRaisesRegex(errors.KayobeError, "matches no host"):
            self.limit("controllers,compute", "seed1,nothing")


class TestRetryLimit(base.TestCase):

    def test_retry_limit(self):
        report = self.tmp_path / "last.json"
        self.setenv("KAYOBE_RUN_REPORT", str(report))
        with self.assertRaisesRegex(errors.KayobeError,
                                    "no previous run report"):
            engine.retry_limit(runner.RunOptions(), "seed host configure")
        report.write_text(json.dumps({
            "version": 1, "command": "overcloud host configure",
            "hosts": {"ctl1": {"status": "ok"}, "ctl2": {"status": "failed"},
                      "cmp1": {"status": "unreachable"}},
            "failed_hosts": ["ctl2"], "unreachable_hosts": ["cmp1"]}))
        self.assertEqual(
            engine.retry_limit(runner.RunOptions(), "overcloud host configure"),
            ["cmp1", "ctl2"])
        with self.assertRaisesRegex(
                errors.KayobeError, "the last run was "
                "'overcloud host configure', not 'seed host configure'"):
            engine.retry_limit(runner.RunOptions(), "seed host configure")
        with self.assertRaisesRegex(errors.KayobeError, "not both"):
            engine.retry_limit(runner.RunOptions(limit="x"),
                               "overcloud host configure")
