"""Custom service configuration across layers."""

import pytest

from kayobe import errors
from kayobe.kolla import customconfig
from tests.conftest import write


def render(text, source):
    return text.replace("{{ x }}", "X")


def test_layers_merge_by_type(tmp_path):
    base, env = tmp_path / "base", tmp_path / "env"
    write(base / "nova.conf", "[DEFAULT]\na = 1\nb = {{ x }}\n")
    write(env / "nova.conf", "[DEFAULT]\na = 2\n")
    write(base / "bifrost" / "bifrost.yml", "a: {b: 1, c: 1}\n")
    write(env / "bifrost" / "bifrost.yml", "a: {c: 2}\n")
    write(base / "haproxy" / "x.cfg", "base\n")
    write(env / "haproxy" / "x.cfg", "env {{ x }}\n")
    write(base / "only.conf", "not ini at all {{ x }}\n")
    write(base / ".hidden", "x")
    tree = customconfig.build([base, env, tmp_path / "missing"], render)
    assert tree == {
        "config/nova.conf": b"[DEFAULT]\na = 2\nb = X\n",
        "config/bifrost/bifrost.yml": b"a:\n  b: 1\n  c: 2\n",
        "config/haproxy/x.cfg": b"env X\n",
        "config/only.conf": b"not ini at all X\n",
    }


def test_generated_is_below_the_operators_and_not_rendered(tmp_path):
    write(tmp_path / "bifrost" / "dib.yml", "dib_os_release: trixie\n")
    tree = customconfig.build([tmp_path], render, {
        "bifrost/dib.yml": "dib_os_element: debian\ndib_os_release: bookworm\n",
        "bifrost/servers.yml": "s: '{{ x }}'\n"})
    assert tree["config/bifrost/dib.yml"] == (
        b"dib_os_element: debian\ndib_os_release: trixie\n")
    assert tree["config/bifrost/servers.yml"] == b"s: '{{ x }}'\n"


def test_binary_file_taken_from_the_highest_layer(tmp_path):
    write(tmp_path / "a" / "f.bin", "x")
    (tmp_path / "a" / "f.bin").write_bytes(b"\xff\x00")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "f.bin").write_bytes(b"\xfe\x01")
    tree = customconfig.build([tmp_path / "a", tmp_path / "b"], render)
    assert tree == {"config/f.bin": b"\xfe\x01"}


def test_bad_file_named(tmp_path):
    write(tmp_path / "a" / "x.yml", "a: 1\n")
    write(tmp_path / "b" / "x.yml", "a: [\n")
    with pytest.raises(errors.ConfigError, match=r"b/x\.yml: invalid YAML"):
        customconfig.build([tmp_path / "a", tmp_path / "b"], render)
