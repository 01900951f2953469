"""Docs generated from their single sources.

The shipped defaults in ``ansible/inventory/group_vars/all/<name>`` are the
source of both the example configuration (``etc/kayobe/<name>.yml``, every
variable commented out, written by ``tools/gen-docs``) and the
configuration reference in the docs (``entries()``, read at docs-build time
by ``kayobe.sphinxext``).  The CLI reference is built by cliff's Sphinx
extension from the command table itself.
"""

import dataclasses
import re

from kayobe import paths

_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
EXAMPLE_HEADER = ("---\n# Generated from ansible/inventory/group_vars/all/{name}"
                  " by tools/gen-docs; edit that file.\n"
                  "# Uncomment a variable to change it.\n")


def defaults_files():
    """name -> path of each shipped defaults file."""
    directory = paths.ansible_dir() / "inventory" / "group_vars" / "all"
    return {p.name: p for p in sorted(directory.iterdir()) if p.is_file()}


def commented_defaults(name, text):
    """The example-config text for one defaults file."""
    out = [EXAMPLE_HEADER.format(name=name)]
    for line in text.splitlines():
        if line == "---":
            continue
        if not line.strip() or line.startswith("#"):
            out.append(line)
        else:
            out.append("#" + line)
    return "\n".join(out).rstrip() + "\n"


def variables(text):
    """Top-level variable names defined in a YAML text."""
    return [m.group(1) for m in map(_TOP_KEY.match, text.splitlines()) if m]


def example_config():
    """{file name under etc/kayobe: text} for every defaults file."""
    return {f"{name}.yml": commented_defaults(name, path.read_text())
            for name, path in defaults_files().items()}


@dataclasses.dataclass(frozen=True)
class Entry:
    """One documented item of a defaults file.

    ``names`` are the variables one comment documents (a comment, then
    variables on consecutive lines); empty for a comment block that stands
    alone, i.e. a file or section introduction followed by a blank line.
    ``comment`` holds the comment lines without their ``# ``; ``default``
    the variables' YAML as written.
    """

    names: tuple = ()
    comment: tuple = ()
    default: str = ""


def entries(text):
    """The ``Entry`` items of one defaults file, in file order."""
    found = []
    comment = []
    names, lines = [], []     # the variables being read, and their YAML

    def close():
        if names:
            found.append(Entry(tuple(names), tuple(comment),
                               "\n".join(lines).rstrip()))
            names.clear()
            lines.clear()
            comment.clear()

    for line in text.splitlines():
        key = _TOP_KEY.match(line)
        if line == "---":
            continue
        if key:
            if lines and not lines[-1].strip():
                close()       # a blank line ends the group
            names.append(key.group(1))
            lines.append(line)
        elif line.startswith("#"):
            close()
            if line.strip("#").strip():
                comment.append(line[2:] if line.startswith("# ") else line[1:])
        elif names:
            lines.append(line)    # a value's continuation, or a blank line
        elif comment and not line.strip():
            found.append(Entry((), tuple(comment)))
            comment.clear()
    close()
    if comment:
        found.append(Entry((), tuple(comment)))
    return found
