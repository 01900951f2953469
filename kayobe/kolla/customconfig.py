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
from kayobe.kolla import customrules
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


def merge_file(rel, versions, render, strategy=None):
    """One output file's bytes from its versions (lowest layer first).

    ``strategy``: one of customrules.STRATEGIES; by default INI and YAML
    merge and any other file is the highest layer's."""
    if strategy is None:
        strategy = customrules.strategy(rel, customrules.rules(
            list(customrules.DEFAULT_RULES)), len(versions))
    if strategy == "copy":
        return versions[-1][1]
    if strategy == "template" or len(versions) == 1:
        versions = versions[-1:]          # the highest layer alone
    texts = [_text(data) for _, data in versions]
    if any(text is None for text in texts):
        return versions[-1][1]            # binary: the highest layer wins
    texts = [render(text, source) if _templated(text) and not
             source.startswith("<kayobe") else text
             for text, (source, _) in zip(texts, versions, strict=True)]
    sources = [source for source, _ in versions]
    if len(texts) == 1:
        if rel.endswith(INI_SUFFIXES):
            # Written as is, but refused (file:line) if no service could read it.
            merge.parse_ini(texts[0], sources[0])
        return texts[0].encode()
    if strategy == "concat":
        if rel.endswith(INI_SUFFIXES):
            for text, source in zip(texts, sources, strict=True):
                merge.parse_ini(text, source)
        # A blank line between the parts, as between sections.
        return "\n".join(t if t.endswith("\n") else t + "\n"
                         for t in texts if t).encode()
    if strategy == "merge_configs":
        return merge.merge_configs(*texts, sources=sources).encode()
    docs = [merge.load_yaml(t, s) for t, s in zip(texts, sources, strict=True)]
    return merge.dump_yaml(merge.merge_yaml(*docs)).encode()


def _templated(text):
    return "{{" in text or "{%" in text


def build(layer_dirs, render, generated=None, globs=None, rules=None,
          always=()):
    """{``config/<rel>``: bytes} of the custom configuration.

    ``generated``: {rel: text} produced by kayobe itself, merged below the
    operator's files.  ``render(text, source)`` renders Jinja.  ``globs``:
    the enabled include globs (None: every file); ``rules``: ordered
    (glob, strategy) pairs (None: the default rules); ``always``: globs of
    files taken whatever the include globs say (kayobe's own).
    """
    files = collect(layer_dirs)
    for rel, text in (generated or {}).items():
        files.setdefault(rel, []).insert(0, (f"<kayobe {rel}>", text.encode()))
    if rules is None:
        rules = customrules.rules(list(customrules.DEFAULT_RULES))
    tree = {}
    for rel, versions in sorted(files.items()):
        if not (customrules.included(rel, globs) or
                any(customrules.matches(rel, g) for g in always)):
            continue
        strategy = customrules.strategy(rel, rules, len(versions))
        if strategy is None:
            continue
        try:
            tree[f"config/{rel}"] = merge_file(rel, versions, render, strategy)
        except errors.KayobeError:
            raise
        except Exception as exc:
            raise errors.ConfigError(f"{versions[-1][0]}: {exc}") from None
    return tree
