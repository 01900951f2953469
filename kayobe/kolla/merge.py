"""Merge INI and YAML documents: later documents win.

INI files are read with oslo.config's own parser, the one the OpenStack
services read their configuration with (and kolla-ansible's
``merge_configs``), so what kayobe merges is what the services will see:
``#`` and ``;`` start a comment only at the start of a line, an indented
line continues the value above it (until a blank line), a value in
matching quotes loses them, and an option outside any section is an error.
Merging goes section by section, option by option; an option given in a
later document replaces all of its values (oslo.config multi-valued
options are repeated keys).

YAML: mappings merge recursively; any other value, lists included, is
replaced.
"""

import copy

import yaml

from kayobe import errors
from kayobe import yamlfile

DEFAULT = "DEFAULT"
CONTINUATION = "    "
QUOTES = ("\"", "'")


def merge_yaml(*documents):
    """Deep merge of mappings; None documents are skipped."""
    result = {}
    for document in documents:
        if document is None:
            continue
        if not isinstance(document, dict):
            raise TypeError("merge_yaml: every document must be a mapping")
        result = _merge_dicts(result, document)
    return result


def _merge_dicts(base, update):
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge_dicts(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_yaml(text, source):
    """Parse a YAML mapping (empty text is {}); errors name ``source`` and
    the line, as for every other YAML file kayobe reads."""
    data = yamlfile.parse(text, source)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise errors.ConfigError(f"{source}: must be a YAML mapping")
    return data


def dump_yaml(data):
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          width=1000)


def _sections_parser():
    # oslo.config is imported when an INI file is merged, not when the
    # command list is built.
    from oslo_config import iniparser

    class SectionsParser(iniparser.BaseParser):
        """Collects {section: {option: [value, ...]}} in file order.

        A value of several lines (continuation lines) is one string with
        ``\\n`` between the lines, as oslo.config hands it to a service.
        """

        def __init__(self):
            self.sections = {}
            self.section = None

        def new_section(self, section):
            self.section = self.sections.setdefault(section, {})

        def assignment(self, key, value):
            self.section.setdefault(key, []).append("\n".join(value))

    return SectionsParser(), iniparser.ParseError


def _check_starts_with_section(lines, source):
    """An option before the first section header is an error (the parser
    only learns of it when the option ends, lines later)."""
    for number, line in enumerate(lines, 1):
        line = line.rstrip()
        if not line or line.startswith(("#", ";")):
            continue
        if not line.startswith(("[", " ", "\t")):
            raise errors.ConfigError(
                f"{source}:{number}: invalid INI: option outside any "
                f"section: {line!r}")
        return


def parse_ini(text, source="<ini>"):
    """{section: {option: [values]}} in file order; comments dropped."""
    lines = text.splitlines()
    _check_starts_with_section(lines, source)
    parser, parse_error = _sections_parser()
    try:
        parser.parse(lines)
    except parse_error as exc:
        raise errors.ConfigError(
            f"{source}:{exc.lineno}: invalid INI: {exc.msg}: "
            f"{exc.line!r}") from None
    return parser.sections


def merge_ini_sections(*parsed):
    """Merge parsed INI documents; a later option replaces earlier values."""
    result = {}
    for sections in parsed:
        for section, options in sections.items():
            target = result.setdefault(section, {})
            for key, values in options.items():
                target[key] = list(values)
    return result


def _quoted(first_line):
    """The first line of a value as written, so the parser reads it back
    unchanged: quoted when it would otherwise lose spaces or quotes."""
    if first_line != first_line.strip() or (
            first_line[:1] in QUOTES and first_line[-1:] == first_line[:1]):
        return f"\"{first_line}\""
    return first_line


def render_option(key, value):
    """Lines of one ``key = value``; a value of several lines continues
    on indented lines."""
    first, *rest = value.split("\n")
    lines = [f"{key} = {_quoted(first)}" if first else f"{key} ="]
    lines += [CONTINUATION + line for line in rest]
    return lines


def render_ini(sections):
    """INI text: DEFAULT first, then sections in order of appearance."""
    names = sorted(sections, key=lambda name: name != DEFAULT)
    blocks = []
    for name in names:
        lines = [f"[{name}]"]
        for key, values in sections[name].items():
            for value in values:
                lines += render_option(key, value)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def merge_configs(*texts, sources=None):
    """Merge INI texts (strings); returns INI text."""
    sources = sources or [f"<ini {i}>" for i in range(len(texts))]
    parsed = [parse_ini(text, source)
              for text, source in zip(texts, sources, strict=True)]
    return render_ini(merge_ini_sections(*parsed))
