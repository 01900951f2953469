"""The Sphinx docs build with warnings as errors, from the tree's sources.

The CLI reference is rendered by cliff's directive from the command table and
the configuration reference from the shipped defaults, so these tests check
the built pages against those sources rather than against fixed text.
"""

import html
import pathlib
import re
import subprocess
import sys

import pytest

from kayobe import areaplays
from kayobe import docgen
from kayobe.cli import table

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "doc" / "source"

# A conf.py that adds one row before the real configuration runs: the CLI
# page must show it with no docs edit.
PROBE_CONF = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from kayobe.cli import table
table.ROWS += (table.Row(
    words="docs probe",
    help="Probe the docs build.",
    options=(table.Option(("--probe-flag",), "probe_flag", dict(
        action="store_true", help="a flag only the probe row has")),)),)
__file__ = {str(SOURCE / "conf.py")!r}
exec(compile(open(__file__).read(), __file__, "exec"))
"""


def sphinx_build(out, *extra):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
         "-b", "html", *extra, str(SOURCE), str(out)],
        capture_output=True, text=True, timeout=600, check=False)


def page_text(path):
    """The visible text of an HTML page, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text()))
    return " ".join(text.split())


def flat(text):
    """Expected text as the page shows it: no inline markup, one space."""
    return " ".join(text.replace("``", "").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    result = sphinx_build(out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def test_cli_page_has_every_command_and_option_help(built):
    page = (built / "cli.html").read_text()
    text = page_text(built / "cli.html")
    for row in table.ROWS:
        # cliff titles each command by its words and anchors it on them.
        assert f'id="{"-".join(row.words.split())}"' in page, row.words
        assert f"kayobe {row.words}" in text
        assert flat(row.help.split("\n\n")[0]) in text, row.words
        # What it runs, from the row's steps or kolla-ansible action.
        for name in row.playbooks():
            assert f"ansible/{name}.yml" in text, (row.words, name)
        action = getattr(row, "action", None)
        if action is not None:
            assert f"kolla-ansible action: {action.action} on the " \
                   f"{action.inventory} inventory" in text, row.words
        for option in row.options:
            help_text = option.kwargs.get("help")
            assert help_text, f"{row.words} {option.flags[0]}: no help text"
            assert flat(help_text) in text, (row.words, option.flags)
    # An option shared by every command's groups, with its help.
    assert "further limit the hosts to this pattern" in text
    # The application's own options.
    assert "--version" in text


def test_config_reference_lists_every_variable(built):
    page = (built / "configuration-reference.html").read_text()
    text = page_text(built / "configuration-reference.html")
    index = page_text(built / "genindex.html")
    for name, path in docgen.defaults_files().items():
        assert f"{name}.yml" in text
        for var in docgen.variables(path.read_text()):
            # The default, as YAML (highlighting splits "name" and ":").
            assert re.search(rf"\b{var} ?:", text), (name, var)
            assert f"{var} (variable)" in index, (name, var)
            assert f'<code class="docutils literal notranslate">' \
                   f'<span class="pre">{var}</span>' in page, (name, var)


def test_host_configuration_lists_every_area_in_order(built):
    text = page_text(built / "host-configuration.html")
    areas = areaplays.host_configure_defaults()["kayobe_host_areas"]
    position = text.find("One play per area")
    for area in areas:
        # Each area after the one before it ("``area``: description").
        position = text.find(f" {area} : ", position + 1)
        assert position != -1, f"{area} missing or out of order"


def test_new_row_appears_without_a_docs_edit(tmp_path):
    confdir = tmp_path / "conf"
    confdir.mkdir()
    (confdir / "conf.py").write_text(PROBE_CONF)
    result = sphinx_build(tmp_path / "html", "-c", str(confdir))
    assert result.returncode == 0, result.stderr
    text = page_text(tmp_path / "html" / "cli.html")
    assert "kayobe docs probe" in text
    assert "Probe the docs build." in text
    assert "--probe-flag" in text and "a flag only the probe row has" in text


def test_rst_error_fails_the_build(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text("")
    (source / "index.rst").write_text("Title\n=====\n\n:doc:`missing`\n")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
         str(source), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0
    assert "missing" in result.stderr


def test_readme_renders_cleanly():
    # README.rst is the package's long description: it must parse without
    # warnings on its own, outside Sphinx.
    from docutils.core import publish_doctree
    from docutils.utils import SystemMessage

    text = (ROOT / "README.rst").read_text()
    try:
        tree = publish_doctree(text, settings_overrides={
            "halt_level": 2, "report_level": 2, "warning_stream": False})
    except SystemMessage as exc:
        pytest.fail(f"README.rst: {exc}")
    assert tree.astext().startswith("Kayobe")
