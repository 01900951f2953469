"""Every row of the command table, checked by looping over the table."""

import json
import os
import pathlib
import re
import subprocess
import sys
from unittest import mock

import pytest

from kayobe import paths
from kayobe import runner
from kayobe.cli import app
from kayobe.cli import command
from kayobe.cli import table
from tests.conftest import write

GOLDEN = pathlib.Path(__file__).parent / "golden_commands.json"
# Arguments a row needs to parse, beyond the common option groups.
REQUIRED_ARGS = {
    "playbook run": ["PLAYBOOK"],
}
ROW_IDS = [row.words for row in table.ROWS]


def test_words_are_unique():
    assert len(ROW_IDS) == len(set(ROW_IDS))


@pytest.mark.parametrize("row", table.ROWS, ids=ROW_IDS)
def test_row_parser_and_help(row):
    cmd = command.make_command(row)(app.KayobeApp(), None)
    parser = cmd.get_parser("kayobe " + row.words)
    assert cmd.get_description().strip()
    assert parser.format_help().strip()
    assert row.steps or row.procedure, "a command must do something"
    if row.procedure:
        assert callable(command.load_procedure(row.procedure))


@pytest.mark.parametrize("row", [r for r in table.ROWS if r.steps],
                         ids=[r.words for r in table.ROWS if r.steps])
def test_row_playbooks_exist(row):
    for step in row.steps:
        assert paths.playbook_path(step.name).is_file()


def shipped_playbooks():
    return sorted(paths.ansible_dir().glob("*.yml"))


def test_playbooks_pass_syntax_check(tmp_path):
    """ansible-playbook --syntax-check over every shipped playbook, once."""
    playbooks = shipped_playbooks()
    top = write(tmp_path / "all.yml", runner.compose_playbook(playbooks))
    env = dict(os.environ, ANSIBLE_ROLES_PATH=str(paths.ansible_dir() / "roles"),
               ANSIBLE_FILTER_PLUGINS=str(paths.ansible_dir() / "filter_plugins"),
               ANSIBLE_ACTION_PLUGINS=str(paths.ansible_dir() / "action_plugins"))
    result = subprocess.run(
        [runner.ansible_executable(), "--syntax-check", "-i",
         str(paths.ansible_dir() / "inventory"), str(top)],
        env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


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


def run_row(row, config_path):
    argv = row.words.split() + ["--config-path", str(config_path)]
    argv += REQUIRED_ARGS.get(row.words, [])
    for option in row.options:
        if option.kwargs.get("required"):
            argv += [option.flags[0], "true"]
    with mock.patch.object(runner, "run_process", autospec=True,
                           return_value=0) as seam:
        assert app.main(argv) == 0
    return [normalise(call.args[0], config_path) for call in seam.call_args_list]


def test_golden_command_snapshot(tmp_path, monkeypatch):
    """words -> exact argv of every playbook command (one golden file).

    Regenerate with UPDATE_GOLDEN=1 and review the diff.
    """
    monkeypatch.setenv("KAYOBE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("KAYOBE_VAULT_PASSWORD", raising=False)
    config_path = tmp_path / "config"
    write(config_path / "globals.yml", "x: 1\n")
    write(tmp_path / "PLAYBOOK", "---\n")
    monkeypatch.chdir(tmp_path)
    snapshot = {row.words: run_row(row, config_path) for row in table.ROWS
                if row.steps or row.words == "playbook run"}
    text = json.dumps(snapshot, indent=1, sort_keys=True) + "\n"
    text = text.replace(str(tmp_path), "<tmp>")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()


def test_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "kayobe.cli.app", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    for row in table.ROWS:
        assert row.words in result.stdout
