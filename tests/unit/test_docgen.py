"""Generated docs and example config are in step with their sources."""

import pathlib

import pytest
import yaml

from kayobe import docgen
from kayobe.cli import table

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name, text", sorted(docgen.example_config().items()))
def test_example_config_is_current(name, text):
    assert (ROOT / "etc" / "kayobe" / name).read_text() == text, \
        "run tools/gen-docs"


@pytest.mark.parametrize("name, path", sorted(docgen.defaults_files().items()))
def test_every_default_is_documented(name, path):
    text = path.read_text()
    defined = set(yaml.safe_load(text) or {})
    assert set(docgen.variables(text)) == defined
    example = (ROOT / "etc" / "kayobe" / f"{name}.yml").read_text()
    for var in defined:
        assert f"\n#{var}:" in example
    # Every variable has a comment above it (in its block).
    assert yaml.safe_load(example) is None


def test_cli_reference_is_current():
    assert (ROOT / "doc" / "source" / "cli.rst").read_text() == \
        docgen.cli_reference(table.ROWS), "run tools/gen-docs"


def test_commented_defaults():
    text = "---\n# Doc.\na: 1\nb:\n  - x\n"
    assert docgen.commented_defaults("n", text).endswith(
        "# Doc.\n#a: 1\n#b:\n#  - x\n")
