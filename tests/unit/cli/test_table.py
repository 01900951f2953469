"""Every row of the command table, checked by looping over the table."""

import contextlib
import json
import os
import pathlib
import re
import subprocess
import sys
from unittest import mock

from kayobe import paths
from kayobe import runner
from kayobe.cli import app
from kayobe.cli import command
from kayobe.cli import table
from kayobe.cli.rows import host as host_rows
from tests.unit import base

GOLDEN = pathlib.Path(__file__).parent / "golden_commands.json"
# Arguments a row needs to parse, beyond the common option groups.
REQUIRED_ARGS = {
    "playbook run": ["PLAYBOOK"],
}


def summary(row):
    return row.help.split("\n\n")[0]


def normalise(argv, config_path):
    """Argv with machine-specific paths replaced, for the golden file."""
    out = []
    for arg in argv:
        arg = arg.replace(str(paths.DATA_DIR), "<data>")
        arg = arg.replace(str(config_path), "<config>")
        arg = arg.replace(str(paths.state_dir()), "<state>")
        arg = re.sub(r"<state>/run/[^/]+/", "<run>/", arg)
        out.append(arg)
    out[0] = os.path.basename(out[0])
    return out


class TestRows(base.TestCase):

    def test_words_are_unique(self):
        words = [row.words for row in table.ROWS]
        self.assertEqual(len(words), len(set(words)))

    def test_row_parser_and_help(self):
        for row in table.ROWS:
            with self.subTest(row=row.words):
                cmd = command.make_command(row)(app.KayobeApp(), None)
                parser = cmd.get_parser("kayobe " + row.words)
                self.assertTrue(cmd.get_description().strip())
                self.assertTrue(parser.format_help().strip())
                self.assertTrue(row.steps or row.procedure,
                                "a command must do something")
                if row.procedure:
                    self.assertTrue(callable(command.load_procedure(row.procedure)))

    def test_option_dest_is_where_argparse_stores_it(self):
        """A row reads its options' values by Option.dest."""
        for row in table.ROWS:
            cmd = command.make_command(row)(app.KayobeApp(), None)
            dests = {a.dest for a in cmd.get_parser("kayobe")._actions}
            for option in row.options:
                with self.subTest(row=row.words, option=option.flags[0]):
                    self.assertIn(option.dest, dests)

    def test_no_two_rows_share_help(self):
        for part, text in (("help", lambda r: r.help), ("summary", summary)):
            seen = {}
            for row in table.ROWS:
                with self.subTest(part=part, row=row.words):
                    self.assertNotIn(text(row), seen,
                                     f"same {part} as '{seen.get(text(row))}'")
                    seen[text(row)] = row.words

    def test_help_is_specific(self):
        """A kolla row's help names its kolla-ansible action; a host row's
        names its hosts."""
        for row in table.ROWS:
            if row.action and row.procedure.endswith(":kolla_action"):
                with self.subTest(row=row.words):
                    self.assertIn(f"kolla-ansible {row.action.action}", row.help)
        for group in host_rows.GROUPS:
            # 'overcloud host image build' runs on the seed, not on the hosts.
            rows = [r for r in table.ROWS if r.words.startswith(f"{group.words} host ")
                    and not r.words.endswith(" host image build")]
            self.assertGreaterEqual(len(rows), 2, group.words)
            for row in rows:
                with self.subTest(row=row.words):
                    self.assertIn(group.label, summary(row))
                    self.assertIn(group.limit, [s.limit for s in row.steps])

    def test_row_playbooks_exist(self):
        for row in table.ROWS:
            for step in row.steps:
                with self.subTest(row=row.words, playbook=step.name):
                    self.assertTrue(paths.playbook_path(step.name).is_file())

    def test_help_lists_every_command(self):
        result = subprocess.run([sys.executable, "-m", "kayobe.cli.app", "--help"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        for row in table.ROWS:
            with self.subTest(row=row.words):
                self.assertIn(row.words, result.stdout)


class TestPlaybooks(base.TestCase):

    def test_playbooks_pass_syntax_check(self):
        """ansible-playbook --syntax-check over every shipped playbook, once."""
        playbooks = sorted(paths.ansible_dir().glob("*.yml"))
        top = self.write("all.yml", runner.compose_playbook(playbooks))
        ansible = paths.ansible_dir()
        env = dict(os.environ, ANSIBLE_ROLES_PATH=str(ansible / "roles"),
                   ANSIBLE_FILTER_PLUGINS=str(ansible / "filter_plugins"),
                   ANSIBLE_ACTION_PLUGINS=str(ansible / "action_plugins"))
        result = subprocess.run(
            [runner.ansible_executable(), "--syntax-check", "-i",
             str(ansible / "inventory"), str(top)],
            env=env, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


class TestGolden(base.TestCase):

    def run_row(self, row, config_path):
        argv = row.words.split() + ["--config-path", str(config_path)]
        argv += REQUIRED_ARGS.get(row.words, [])
        for option in row.options:
            if option.kwargs.get("required"):
                argv += [option.flags[0], "true"]
        with mock.patch.object(runner, "run_process", autospec=True,
                               return_value=0) as seam, \
                open(self.tmp_path / "out", "w") as out, \
                contextlib.redirect_stdout(out):
            self.assertEqual(app.main(argv), 0)
        return [normalise(call.args[0], config_path)
                for call in seam.call_args_list]

    def test_golden_command_snapshot(self):
        """words -> exact argv of every playbook command (one golden file).

        Regenerate with UPDATE_GOLDEN=1 and review the diff.
        """
        self.delenv("KAYOBE_VAULT_PASSWORD")
        config_path = self.tmp_path / "config"
        self.write("config/globals.yml", "x: 1\n")
        # A host in each group: a group without hosts is an error.
        self.write("config/inventory/hosts", "".join(
            f"[{group}]\n{group}-1\n" for group in (
                "seed-hypervisor", "seed", "controllers", "infra-vms",
                "baremetal-compute")))
        self.write("PLAYBOOK", "---\n")
        cwd = os.getcwd()
        os.chdir(self.tmp_path)
        self.addCleanup(os.chdir, cwd)
        snapshot = {}
        for row in table.ROWS:
            # Rows with a kolla-ansible action: tests/unit/kolla/test_rows.py.
            if (row.steps and not row.action) or row.words == "playbook run":
                with self.subTest(row=row.words):
                    snapshot[row.words] = self.run_row(row, config_path)
        text = json.dumps(snapshot, indent=1, sort_keys=True) + "\n"
        text = text.replace(str(self.tmp_path), "<tmp>")
        if os.environ.get("UPDATE_GOLDEN"):
            GOLDEN.write_text(text)
        self.assertEqual(text, GOLDEN.read_text())


class TestImports(base.TestCase):

    def test_rows_load_first_in_a_fresh_interpreter(self):
        """The row modules never import kayobe.cli.table (which imports
        them): any import order works."""
        for module in ("kayobe.cli.rows", "kayobe.cli.table",
                       "kayobe.cli.rows.kolla"):
            with self.subTest(module=module):
                result = subprocess.run(
                    [sys.executable, "-c", f"import {module}"],
                    capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, result.stderr)
