"""Custom service configuration: ``<layer>/kolla/config/**`` merged across
the kayobe configuration's layers into ``$KOLLA_CONFIG_PATH/config``.

A file present in several layers (base, environments, kayobe-generated) is
merged: INI (``.conf``/``.ini``) section-wise, YAML deeply; any other file
is taken from the highest layer.  Text files are rendered with Jinja once,
with the control host's kayobe variables, before merging (kolla-ansible
renders them again per host: protect kolla's own templates with
``{% raw %}``).
"""

import pathlib

from kayobe import errors
from kayobe.kolla import merge

INI_SUFFIXES = (".conf", ".ini")
YAML_SUFFIXES = (".yml", ".yaml")


def collect(layer_dirs):
    """{relative path: [(source path, bytes)]} lowest layer first."""
    files = {}
    for directory in layer_dirs:
        directory = pathlib.Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            rel = path.relative_to(directory)
            if path.is_file() and not any(p.startswith(".") for p in rel.parts):
                files.setdefault(rel.as_posix(), []).append(
                    (str(path), path.read_bytes()))
    return files


def _text(data):
    try:
        return data.decode()
    except UnicodeDecodeError:
        return None


def merge_file(rel, versions, render):
    """One output file's bytes from its versions (lowest layer first)."""
    texts = [_text(data) for _, data in versions]
    if any(text is None for text in texts):
        return versions[-1][1]            # binary: the highest layer wins
    texts = [render(text, source) if _templated(text) and not
             source.startswith("<kayobe") else text
             for text, (source, _) in zip(texts, versions, strict=True)]
    if len(texts) == 1:
        if rel.endswith(INI_SUFFIXES):
            # Written as is, but refused (file:line) if no service could read it.
            merge.parse_ini(texts[0], versions[0][0])
        return texts[0].encode()
    sources = [source for source, _ in versions]
    if rel.endswith(INI_SUFFIXES):
        return merge.merge_configs(*texts, sources=sources).encode()
    if rel.endswith(YAML_SUFFIXES):
        docs = [merge.load_yaml(t, s) for t, s in zip(texts, sources, strict=True)]
        return merge.dump_yaml(merge.merge_yaml(*docs)).encode()
    return texts[-1].encode()


def _templated(text):
    return "{{" in text or "{%" in text


def build(layer_dirs, render, generated=None):
    """{``config/<rel>``: bytes} of the custom configuration.

    ``generated``: {rel: text} produced by kayobe itself, merged below the
    operator's files.  ``render(text, source)`` renders Jinja.
    """
    files = collect(layer_dirs)
    for rel, text in (generated or {}).items():
        files.setdefault(rel, []).insert(0, (f"<kayobe {rel}>", text.encode()))
    tree = {}
    for rel, versions in sorted(files.items()):
        try:
            tree[f"config/{rel}"] = merge_file(rel, versions, render)
        except errors.KayobeError:
            raise
        except Exception as exc:
            raise errors.ConfigError(f"{versions[-1][0]}: {exc}") from None
    return tree
