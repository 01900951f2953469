"""kolla-build's configuration: kolla-build.conf and template-override.j2.

kolla-build reads an oslo.config INI file, and oslo.config silently ignores
an option or a group that nothing registered: a misspelt option is simply
not applied.  So every option is looked up in kolla's own registered
options (``kolla.common.config.list_opts()``, the list that kolla's
oslo-config-generator namespace uses) and its value is checked with the
option's oslo type (choices, integers, booleans) before anything is
written; an unknown one is an error naming the kayobe variable (or file)
it came from.  The rendered text is then read back through oslo.config
with the same options, so what kolla-build will see is what was asked for.

The configuration is layered, the later layer winning per option: kayobe's
variables (``VARIABLE_OPTIONS``), ``kolla_sources``,
``kolla_build_extra_config``, then the operator's ``kolla/kolla-build.conf``
files (config path, then environment), as upstream Kayobe merges them.

This file is also the module_utils of the kayobe_kolla_build_config
module, which runs it in the kolla virtualenv on a builder host: it
imports only the standard library, oslo.config and kolla.
"""

import json
import os
import re
import tempfile

DEFAULT = "DEFAULT"
CONFIG_FILE = "kolla-build.conf"
OVERRIDE_FILE = "template-override.j2"

# kayobe variable -> [DEFAULT] option of kolla-build.conf.
VARIABLE_OPTIONS = {
    "kolla_base_distro": "base",
    "kolla_base_distro_version": "base_tag",
    "kolla_base_arch": "base_arch",
    "kolla_docker_namespace": "namespace",
    "kolla_docker_registry": "registry",
    "kolla_tag": "tag",
    "kolla_openstack_release": "openstack_release",
    "kolla_container_engine": "engine",
}

# Set under the variables, as upstream Kayobe does: build with host
# networking, as kolla-ansible runs its containers.
FIXED = (("kolla-build.conf default", DEFAULT, "network_mode", "host"),)

# Groups whose option names are free: kolla registers a profile named by
# --profile when it first meets it (kolla/image/kolla_worker.py).
OPEN_GROUPS = ("profiles",)

CUSTOMIZATION = re.compile(r"^[a-z0-9_]+_[a-z0-9]+_(override|append|remove)$")
BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")


try:
    from kayobe.errors import InvalidValue as _Error
except ImportError:     # module_utils on a builder host: no kayobe there
    _Error = ValueError


class BuildConfigError(_Error):
    """An option kolla-build does not know, or a value it would refuse."""


def option_table(opts=None):
    """{group: {option dest: oslo Opt}} of kolla-build's registered options;
    ``opts`` is a ``list_opts()``-shaped iterable (kolla's by default)."""
    if opts is None:
        from kolla.common import config
        opts = config.list_opts()
    table = {}
    for group, group_opts in opts:
        entry = table.setdefault(group or DEFAULT, {})
        for opt in group_opts:
            entry[opt.dest] = opt
    return table


def _dest(name):
    return name.strip().replace("-", "_")


def _open_opt(name):
    from oslo_config import cfg
    return cfg.ListOpt(name)


def lookup(table, group, name):
    """The Opt of ``[group] name``, or None when kolla has none."""
    if group in OPEN_GROUPS:
        return table.get(group, {}).get(_dest(name)) or _open_opt(_dest(name))
    return table.get(group, {}).get(_dest(name))


def _scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def option_lines(opt, value):
    """The INI value strings of ``value`` for ``opt`` (several for a
    multi-valued option)."""
    if getattr(opt, "multi", False):
        values = value if isinstance(value, (list, tuple)) else [value]
        return [_scalar(v) for v in values]
    if isinstance(value, dict):
        return [",".join(f"{k}:{_scalar(v)}" for k, v in value.items())]
    if isinstance(value, (list, tuple)):
        return [",".join(_scalar(v) for v in value)]
    return [_scalar(value)]


def _parsed(opt, strings):
    """What oslo.config makes of ``strings`` for ``opt``."""
    values = [opt.type(s) for s in strings]
    return values if getattr(opt, "multi", False) else values[-1]


def check_option(table, origin, group, name, value):
    """The option's value strings; BuildConfigError naming ``origin`` when
    kolla-build has no such option or would refuse the value."""
    opt = lookup(table, group, name)
    if opt is None:
        where = "option" if group == DEFAULT or group in table else "group"
        hint = (f"[{group}] is not one of kolla's source, user or profile "
                "groups" if where == "group" else f"no {name!r} in [{group}]")
        raise BuildConfigError(
            f"{origin}: unknown kolla-build {where}: [{group}] {name} ({hint})")
    strings = option_lines(opt, value)
    try:
        _parsed(opt, strings)
    except (ValueError, TypeError) as exc:
        raise BuildConfigError(
            f"{origin}: [{group}] {name} = {value!r} is not valid for "
            f"kolla-build: {exc}") from None
    return strings


def variable_layer(variables):
    """The [DEFAULT] layer from kayobe's variables: (origin, group, option,
    value) for each one set (None and "" mean kolla-build's default)."""
    layer = []
    for var, option in VARIABLE_OPTIONS.items():
        value = variables.get(var)
        if value is None or value == "":
            continue
        layer.append((var, DEFAULT, option, value))
    return layer


def sources_layer(sources, origin="kolla_sources"):
    """One group per source: ``{name: {type, location, reference, ...}}``."""
    layer = []
    if not isinstance(sources, dict):
        raise BuildConfigError(f"{origin} must be a mapping of source names")
    for name, definition in sources.items():
        if not isinstance(definition, dict):
            raise BuildConfigError(
                f"{origin}: {name} must be a mapping (type, location, ...)")
        for option, value in definition.items():
            if value is not None:
                layer.append((f"{origin}.{name}", name, option, value))
    return layer


def sections_layer(sections, origin):
    """A ``{group: {option: value}}`` mapping as a layer."""
    if not isinstance(sections, dict):
        raise BuildConfigError(f"{origin} must be a mapping of groups")
    layer = []
    for group, options in sections.items():
        if not isinstance(options, dict):
            raise BuildConfigError(
                f"{origin}: [{group}] must be a mapping of options")
        for option, value in options.items():
            if value is not None:
                layer.append((origin, group, option, value))
    return layer


def file_layer(text, origin):
    """An operator's kolla-build.conf, read as oslo.config reads it
    (multi-valued keys keep every value)."""
    from oslo_config import cfg
    sections = {}
    parser = cfg.ConfigParser(origin, sections)
    try:
        # The file's text, not its path: it may come from another host.
        super(cfg.ConfigParser, parser).parse(text.splitlines(True))
    except cfg.ParseError as exc:
        raise BuildConfigError(f"{origin}: not an INI file: {exc}") from None
    layer = []
    for group, options in sections.items():
        for option, values in options.items():
            value = values if len(values) > 1 else values[0]
            layer.append((origin, group, option, value))
    return layer


def merge(table, layers):
    """{group: {option dest: [value strings]}}, validated; a later layer
    wins per option."""
    sections = {}
    for layer in layers:
        for origin, group, option, value in layer:
            strings = check_option(table, origin, group, option, value)
            sections.setdefault(group, {})[_dest(option)] = strings
    return sections


def render(sections):
    """kolla-build.conf text: [DEFAULT] first, other groups sorted."""
    lines = ["# Written by kayobe from its kolla_* variables; changes here",
             "# are overwritten.", ""]
    groups = sorted(sections, key=lambda g: (g != DEFAULT, g))
    for group in groups:
        lines.append(f"[{group}]")
        for option in sorted(sections[group]):
            lines += [f"{option} = {v}" for v in sections[group][option]]
        lines.append("")
    return "\n".join(lines)


def read_back(table, text, sections):
    """Parse ``text`` with oslo.config and kolla's options; raise
    BuildConfigError unless every option reads back as rendered."""
    from oslo_config import cfg
    conf = cfg.ConfigOpts()
    for group, options in sections.items():
        opts = [lookup(table, group, option) for option in options]
        if group == DEFAULT:
            conf.register_opts(opts)
        else:
            conf.register_opts(opts, group)
    fd, path = tempfile.mkstemp(suffix=".conf")
    try:
        with os.fdopen(fd, "w") as stream:
            stream.write(text)
        conf(args=[], default_config_files=[path], use_env=False)
        for group, options in sections.items():
            scope = conf if group == DEFAULT else conf[group]
            for option, strings in options.items():
                opt = lookup(table, group, option)
                if scope[option] != _parsed(opt, strings):
                    raise BuildConfigError(
                        f"{CONFIG_FILE}: [{group}] {option} reads back as "
                        f"{scope[option]!r}, not {strings!r}")
    finally:
        os.unlink(path)
        conf.reset()


def template_override(blocks, customizations, known_blocks=None):
    """template-override.j2: kolla_build_blocks replace the named blocks of
    kolla's Dockerfile templates, kolla_build_customizations set the
    ``<image>_<what>_<override|append|remove>`` lists kolla's
    ``customizable`` filter reads."""
    blocks = blocks or {}
    customizations = customizations or {}
    if not isinstance(blocks, dict):
        raise BuildConfigError("kolla_build_blocks must be a mapping")
    if not isinstance(customizations, dict):
        raise BuildConfigError("kolla_build_customizations must be a mapping")
    lines = ["{% extends parent_template %}", ""]
    for name, content in blocks.items():
        if not re.fullmatch(r"\w+", str(name)):
            raise BuildConfigError(
                f"kolla_build_blocks: {name!r} is not a block name")
        if known_blocks is not None and name not in known_blocks:
            raise BuildConfigError(
                f"kolla_build_blocks: no kolla image template has a block "
                f"{name!r}")
        lines += [f"{{% block {name} %}}", str(content).rstrip("\n"),
                  "{% endblock %}", ""]
    for name, value in customizations.items():
        if not CUSTOMIZATION.match(str(name)):
            raise BuildConfigError(
                f"kolla_build_customizations: {name!r} is not "
                "<image>_<customization>_<override|append|remove> (hyphens "
                "in the image name become underscores)")
        if not isinstance(value, (list, tuple)):
            raise BuildConfigError(
                f"kolla_build_customizations: {name} must be a list")
        lines += [f"{{% set {name} = {json.dumps(list(value))} %}}", ""]
    return "\n".join(lines)


def template_blocks(docker_dir):
    """Names of every block in kolla's Dockerfile templates under
    ``docker_dir`` (share/kolla/docker of the kolla install)."""
    names = set()
    for root, _dirs, files in os.walk(docker_dir):
        for name in files:
            if name.endswith(".j2"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    names.update(BLOCK.findall(f.read()))
    return names


def build_files(variables, sources=None, extra_config=None, files=(),
                override_path=None, blocks=None, customizations=None,
                table=None, known_blocks=None):
    """{file name: text} of the kolla-build configuration directory.

    ``files``: (origin, text) of the operator's kolla-build.conf files, in
    precedence order.  ``override_path``: where template-override.j2 will
    be, set as [DEFAULT] template_override.
    """
    table = option_table() if table is None else table
    layers = [list(FIXED), variable_layer(variables)]
    if override_path:
        layers.append([("kolla_build_config_path", DEFAULT,
                        "template_override", [override_path])])
    layers += [sources_layer(sources or {}),
               sections_layer(extra_config or {}, "kolla_build_extra_config")]
    layers += [file_layer(text, origin) for origin, text in files]
    sections = merge(table, layers)
    text = render(sections)
    read_back(table, text, sections)
    return {CONFIG_FILE: text,
            OVERRIDE_FILE: template_override(blocks, customizations,
                                             known_blocks)}


def image_regexes(image_sets, regexes=None):
    """The regex lists kolla-build runs with, one per image set.

    ``regexes`` (the command line's, a list or a space-separated string)
    replace the sets; a set's ``regexes`` is a list or a space-separated
    string, as upstream writes it; sets with no regex are skipped (kolla
    would build every image).
    """
    def split(value):
        if isinstance(value, str):
            return value.split()
        return [str(v) for v in value or ()]
    if regexes:
        return [split(regexes)]
    runs = []
    for index, image_set in enumerate(image_sets or ()):
        if not isinstance(image_set, dict) or "regexes" not in image_set:
            raise BuildConfigError(
                f"container image set {index} has no 'regexes'")
        found = split(image_set["regexes"])
        if found:
            runs.append(found)
    return runs

