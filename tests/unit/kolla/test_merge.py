"""merge_yaml / merge_configs: table tests."""

import pytest

from kayobe import errors
from kayobe.kolla import merge

YAML_CASES = [
    ("empty", [], {}),
    ("none skipped", [None, {"a": 1}], {"a": 1}),
    ("later wins", [{"a": 1}, {"a": 2}], {"a": 2}),
    ("deep", [{"a": {"b": 1, "c": 2}}, {"a": {"c": 3, "d": 4}}],
     {"a": {"b": 1, "c": 3, "d": 4}}),
    ("list replaced", [{"a": [1, 2]}, {"a": [3]}], {"a": [3]}),
    ("dict replaces scalar", [{"a": 1}, {"a": {"b": 1}}], {"a": {"b": 1}}),
    ("scalar replaces dict", [{"a": {"b": 1}}, {"a": None}], {"a": None}),
    ("three", [{"a": 1}, {"b": 2}, {"a": 3}], {"a": 3, "b": 2}),
]


@pytest.mark.parametrize("docs,expected", [c[1:] for c in YAML_CASES],
                         ids=[c[0] for c in YAML_CASES])
def test_merge_yaml(docs, expected):
    assert merge.merge_yaml(*docs) == expected


def test_merge_yaml_does_not_alias_inputs():
    first = {"a": {"b": [1]}}
    result = merge.merge_yaml({}, first)
    result["a"]["b"].append(2)
    assert first == {"a": {"b": [1]}}


INI_CASES = [
    ("single", ["[a]\nx = 1\n"], "[a]\nx = 1\n"),
    ("option replaced", ["[a]\nx = 1\ny = 2\n", "[a]\nx = 3\n"],
     "[a]\nx = 3\ny = 2\n"),
    ("sections added", ["[a]\nx = 1\n", "[b]\ny = 2\n"],
     "[a]\nx = 1\n\n[b]\ny = 2\n"),
    ("default first", ["[a]\nx = 1\n", "[DEFAULT]\nd = 1\n"],
     "[DEFAULT]\nd = 1\n\n[a]\nx = 1\n"),
    ("options before a section are DEFAULT", ["d = 1\n[a]\nx = 1\n"],
     "[DEFAULT]\nd = 1\n\n[a]\nx = 1\n"),
    ("comments dropped", ["# c\n[a]\n; c\nx = 1 # not a comment\n"],
     "[a]\nx = 1 # not a comment\n"),
    ("multi-valued kept", ["[a]\nm = 1\nm = 2\n"], "[a]\nm = 1\nm = 2\n"),
    ("multi-valued replaced as a whole", ["[a]\nm = 1\nm = 2\n", "[a]\nm = 3\n"],
     "[a]\nm = 3\n"),
    ("colon delimiter", ["[a]\nx: 1\n"], "[a]\nx = 1\n"),
    ("empty value", ["[a]\nx =\n"], "[a]\nx =\n"),
    ("value with =", ["[a]\nurl = http://h/?a=b\n"], "[a]\nurl = http://h/?a=b\n"),
    ("continuation", ["[a]\nx = 1\n  2\n"], "[a]\nx = 1\n    2\n"),
    ("case kept", ["[a]\nKey = 1\n", "[a]\nkey = 2\n"], "[a]\nKey = 1\nkey = 2\n"),
    ("nothing", ["", "# only a comment\n"], ""),
]


@pytest.mark.parametrize("texts,expected", [c[1:] for c in INI_CASES],
                         ids=[c[0] for c in INI_CASES])
def test_merge_configs(texts, expected):
    assert merge.merge_configs(*texts) == expected


@pytest.mark.parametrize("text", ["[a\nx = 1\n", "[a]\njust words\n", "[]\n"])
def test_bad_ini_names_the_source(text):
    with pytest.raises(errors.ConfigError, match=r"^f\.conf:\d+: "):
        merge.merge_configs(text, sources=["f.conf"])


@pytest.mark.parametrize("text,message", [
    ("a: [", "invalid YAML"), ("- 1\n", "must be a YAML mapping")])
def test_load_yaml_errors(text, message):
    with pytest.raises(errors.ConfigError, match=f"^x.yml: {message}"):
        merge.load_yaml(text, "x.yml")
