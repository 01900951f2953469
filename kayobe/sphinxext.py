"""Sphinx extension: kayobe's CLI and configuration references.

``autoprogram-cliff`` is cliff's own directive (``cliff.sphinxext``), which
finds commands through entry points.  Kayobe's commands come from the
command table instead (``TableCommandManager``), so this extension replaces
only that lookup: ``.. autoprogram-cliff:: kayobe.cli`` then renders every
row, with usage, options and their help, exactly as cliff renders any other
application.  A new row appears on the page with no docs edit.

``kayobe-config-reference`` renders every shipped defaults file
(``ansible/inventory/group_vars/all/*``, through ``kayobe.docgen``) at build
time: one section per ``etc/kayobe/<name>.yml``, each variable with its
comment and default.  The text is never parsed as reStructuredText, so a
comment cannot break the build.

``kayobe-host-areas`` lists the host configuration areas in the order
``kayobe_host_areas`` applies them, each with its role's description (the
same source as the generated plays, ``kayobe.areaplays``).
"""

import fnmatch

from cliff import sphinxext as cliff_sphinxext
from docutils import nodes
from docutils.parsers import rst
from sphinx import addnodes

from kayobe import areaplays
from kayobe import docgen
from kayobe.cli import command


class AutoprogramKayobe(cliff_sphinxext.AutoprogramCliffDirective):
    """cliff's directive; the ``kayobe.cli`` namespace is the command table."""

    def _load_commands(self):
        manager = command.TableCommandManager()
        if self.arguments[0] != manager.namespace:
            return super()._load_commands()
        generated_here(self.env)
        pattern = self.options.get("command") or "*"
        names = fnmatch.filter(manager.commands, pattern)
        if not names:
            raise self.error(f"no kayobe command matches {pattern!r}")
        return {name: self._load_command(manager, name) for name in names}

    def _generate_nodes_per_command(self, title, command_name, command_class,
                                    ignored_opts):
        found = super()._generate_nodes_per_command(
            title, command_name, command_class, ignored_opts)
        runs = runs_paragraph(getattr(command_class, "row", None))
        if runs is not None:
            # After the description, before the usage block.
            section = found[0]
            usage = next(i for i, child in enumerate(section.children)
                         if isinstance(child, nodes.literal_block))
            section.insert(usage, runs)
        return found


def literals(texts):
    """Inline literals separated by commas."""
    out = []
    for index, text in enumerate(texts):
        if index:
            out.append(nodes.Text(", "))
        out.append(nodes.literal(text=text))
    return out


def runs_paragraph(row):
    """What a row runs: its kolla-ansible action, its playbooks and limit."""
    if row is None:
        return None
    sentences = []
    action = getattr(row, "action", None)
    if action is not None:
        confirm = ", asking for confirmation first" if action.confirm else ""
        sentences.append([
            nodes.Text("kolla-ansible action: "), nodes.literal(text=action.action),
            nodes.Text(" on the "), nodes.literal(text=action.inventory),
            nodes.Text(f" inventory{confirm}.")])
    if row.steps:
        sentences.append([
            nodes.Text("Playbooks: "),
            *literals(f"ansible/{n}.yml" for n in row.playbooks()),
            nodes.Text(" on "), nodes.literal(text=row.limit or "all"),
            nodes.Text(".")])
    if not sentences:
        return None
    paragraph = nodes.paragraph()
    for index, sentence in enumerate(sentences):
        if index:
            paragraph += nodes.Text(" ")
        paragraph.extend(sentence)
    return paragraph


def comment_nodes(lines):
    """Paragraphs for prose lines, literal blocks for indented examples."""
    out, prose, example = [], [], []

    def flush():
        if prose:
            out.append(nodes.paragraph(text=" ".join(prose)))
            prose.clear()
        if example:
            text = "\n".join(example)
            out.append(nodes.literal_block(text, text))
            example.clear()

    for line in lines:
        if line.startswith(" "):
            if prose:
                flush()
            example.append(line)
        else:
            if example:
                flush()
            prose.append(line.strip())
    flush()
    return out


def variable_item(name, entry):
    """The definition list item of one commented default, with index entries."""
    target = nodes.make_id(f"var-{name}-{entry.names[0]}")
    term = nodes.term("", "", *literals(entry.names))
    definition = nodes.definition()
    # The general index lists every variable, pointing here.
    definition += addnodes.index(entries=[
        ("single", f"{var} (variable)", target, "", None)
        for var in entry.names])
    definition.extend(comment_nodes(entry.comment))
    definition += nodes.literal_block(entry.default, entry.default,
                                      language="yaml")
    return nodes.definition_list_item("", term, definition, ids=[target])


def file_section(name, path):
    """The section of one defaults file: its introductions and variables."""
    title = f"{name}.yml"
    section = nodes.section(ids=[nodes.make_id(f"config-{name}")],
                            names=[nodes.fully_normalize_name(title)])
    section += nodes.title(text=title)
    items = nodes.definition_list()
    for entry in docgen.entries(path.read_text()):
        if entry.names:
            items += variable_item(name, entry)
            continue
        # A block on its own introduces the variables that follow it.
        if len(items):
            section += items
            items = nodes.definition_list()
        section.extend(comment_nodes(entry.comment))
    if len(items):
        section += items
    return section


class ConfigReference(rst.Directive):
    """Every shipped defaults file, as a section per example file."""

    has_content = False

    def run(self):
        generated_here(self.state.document.settings.env)
        return [file_section(name, path)
                for name, path in docgen.defaults_files().items()]


def host_areas_list(areas, describe):
    """An enumerated list of ``area: description of its role``, in order."""
    listing = nodes.enumerated_list(enumtype="arabic")
    for area in areas:
        role = areaplays.role_name(area)
        paragraph = nodes.paragraph()
        paragraph += nodes.literal(text=area)
        paragraph += nodes.Text(f": {describe(role)}.")
        listing += nodes.list_item("", paragraph)
    return listing


class HostAreas(rst.Directive):
    """The configuration areas of host configure, in their order."""

    has_content = False

    def run(self):
        generated_here(self.state.document.settings.env)
        areas = areaplays.host_configure_defaults()["kayobe_host_areas"]
        return [host_areas_list(areas, areaplays.role_description)]


# A page built from the tree's sources is read again on every build: a new
# row module or defaults file is not a dependency Sphinx could know of.
def generated_here(env):
    env.kayobe_generated = getattr(env, "kayobe_generated", set())
    env.kayobe_generated.add(env.docname)


def outdated(app, env, added, changed, removed):
    return sorted(getattr(env, "kayobe_generated", set()) - set(removed))


def purge(app, env, docname):
    getattr(env, "kayobe_generated", set()).discard(docname)


def merge(app, env, docnames, other):
    env.kayobe_generated = (getattr(env, "kayobe_generated", set())
                            | getattr(other, "kayobe_generated", set()))


def setup(app):
    app.setup_extension("cliff.sphinxext")
    app.add_directive("autoprogram-cliff", AutoprogramKayobe, override=True)
    app.add_directive("kayobe-config-reference", ConfigReference)
    app.add_directive("kayobe-host-areas", HostAreas)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
