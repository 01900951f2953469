"""Generate docs from their single sources.

- ``etc/kayobe/<name>.yml``: the shipped defaults in
  ``ansible/inventory/group_vars/all/<name>``, every variable commented out.
- ``doc/source/cli.rst``: the command table.
"""

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


def cli_reference(rows):
    """reStructuredText reference of every command in the table."""
    lines = ["=============", "CLI reference", "=============", "",
             ".. Generated from kayobe/cli/table.py by tools/gen-docs.", "",
             "Every command takes ``--help``. Option groups: see "
             ":doc:`usage`.", ""]
    for row in sorted(rows, key=lambda r: r.words):
        title = f"kayobe {row.words}"
        lines += [title, "-" * len(title), ""]
        lines += [row.help.strip(), ""]
        lines += ["Option groups: " + ", ".join(row.groups) + "."]
        flags = [o.flags[0] for o in row.options]
        if flags:
            lines += ["", "Options: " + ", ".join(f"``{f}``" for f in flags) + "."]
        if row.steps:
            plays = ", ".join(f"``ansible/{s.name}.yml``" for s in row.steps)
            lines += ["", f"Runs {plays} limited to ``{row.limit or 'all'}``."]
        lines.append("")
    return "\n".join(lines)
