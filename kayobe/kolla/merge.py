"""Merge INI and YAML documents: later documents win.

INI: section by section, option by option; an option given in a later
document replaces all of its values (oslo.config multi-valued options are
repeated keys).  YAML: mappings merge recursively; any other value,
lists included, is replaced.
"""

import copy

import yaml

from kayobe import errors


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
    """Parse a YAML mapping (empty text is {}); errors name ``source``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise errors.ConfigError(f"{source}: invalid YAML: "
                                 f"{' '.join(str(exc).split())}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise errors.ConfigError(f"{source}: must be a YAML mapping")
    return data


def dump_yaml(data):
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=True,
                          width=1000)


def parse_ini(text, source="<ini>"):
    """{section: {option: [values]}} in file order; comments dropped.

    Options before any section header belong to DEFAULT.  Indented lines
    continue the previous value.
    """
    sections = {}
    section = None
    option = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            option = None if not stripped else option
            continue
        if line[0].isspace() and option is not None:
            values = sections[section][option]
            values[-1] = (values[-1] + "\n" + stripped).lstrip("\n")
            continue
        if stripped.startswith("["):
            if not stripped.endswith("]") or len(stripped) < 3:
                raise errors.ConfigError(
                    f"{source}:{number}: invalid section header {stripped!r}")
            section = stripped[1:-1].strip()
            sections.setdefault(section, {})
            option = None
            continue
        key, sep, value = _split_option(stripped)
        if not sep:
            raise errors.ConfigError(
                f"{source}:{number}: expected 'option = value', got {stripped!r}")
        if section is None:
            section = "DEFAULT"
            sections.setdefault(section, {})
        sections[section].setdefault(key, []).append(value)
        option = key
    return sections


def _split_option(line):
    """Split 'key = value' or 'key: value' at the first delimiter."""
    positions = [p for p in (line.find("="), line.find(":")) if p > 0]
    if not positions:
        return line, "", ""
    at = min(positions)
    return line[:at].strip(), line[at], line[at + 1:].strip()


def merge_ini_sections(*parsed):
    """Merge parsed INI documents; a later option replaces earlier values."""
    result = {}
    for sections in parsed:
        for section, options in sections.items():
            target = result.setdefault(section, {})
            for key, values in options.items():
                target[key] = list(values)
    return result


def render_ini(sections):
    """INI text: DEFAULT first, then sections in order of appearance."""
    names = sorted(sections, key=lambda name: name != "DEFAULT")
    blocks = []
    for name in names:
        lines = [f"[{name}]"]
        for key, values in sections[name].items():
            for value in values:
                value = value.replace("\n", "\n    ")
                lines.append(f"{key} = {value}" if value else f"{key} =")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def merge_configs(*texts, sources=None):
    """Merge INI texts (strings); returns INI text."""
    sources = sources or [f"<ini {i}>" for i in range(len(texts))]
    return render_ini(merge_ini_sections(
        *(parse_ini(text, source) for text, source in zip(texts, sources))))
