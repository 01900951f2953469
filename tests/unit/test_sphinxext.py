"""The docs extension: command lookup from the table, config reference nodes."""


from docutils import nodes
from docutils.parsers.rst import DirectiveError

from kayobe import sphinxext
from kayobe.cli import table
from tests.unit import base

# (case, comment lines, [(node class, text)])
COMMENTS = (
    ("prose joined", ["One", "two."], [(nodes.paragraph, "One two.")]),
    ("example kept as written",
     ["Users, e.g.", "  - name: alice", "    sudo: true", "Then more."],
     [(nodes.paragraph, "Users, e.g."),
      (nodes.literal_block, "  - name: alice\n    sudo: true"),
      (nodes.paragraph, "Then more.")]),
    ("markup not parsed", ["*not* `rst`"], [(nodes.paragraph, "*not* `rst`")]),
    ("nothing", [], []),
)

# (case, row, the paragraph's text or None)
RUNS = (
    ("playbook and limit",
     table.Row("x y", "X.", steps=(table.Playbook("x-y", "overcloud"),)),
     "Playbooks: ansible/x-y.yml on overcloud."),
    ("facts first, no limit",
     table.Row("x y", "X.", steps=(table.Playbook("x-y", facts=True),)),
     "Playbooks: ansible/gather-facts.yml, ansible/x-y.yml on all."),
    ("kolla action",
     table.Row("x y", "X.", action=table.Action("deploy", "seed")),
     "kolla-ansible action: deploy on the seed inventory."),
    ("destructive kolla action",
     table.Row("x y", "X.", action=table.Action("stop", confirm=True)),
     "kolla-ansible action: stop on the overcloud inventory, asking for "
     "confirmation first."),
    ("action and playbooks",
     table.Row("x y", "X.", action=table.Action("post-deploy"),
               steps=(table.Playbook("x-y", "localhost"),)),
     "kolla-ansible action: post-deploy on the overcloud inventory. "
     "Playbooks: ansible/x-y.yml on localhost."),
    ("procedure", table.Row("x y", "X.", procedure="m:f"), None),
    ("not a kayobe row", None, None),
)

# (case, :command: pattern, expected command names)
PATTERNS = (
    ("every row", None, sorted(row.words for row in table.ROWS)),
    ("a glob", "control host *",
     sorted(r.words for r in table.ROWS if r.words.startswith("control host "))),
)


class FakeEnv:
    """The part of Sphinx's build environment the extension uses."""

    docname = "cli"


def directive(pattern=None, namespace="kayobe.cli"):
    """An autoprogram-cliff directive as Sphinx would set it up."""
    made = sphinxext.AutoprogramKayobe.__new__(sphinxext.AutoprogramKayobe)
    made.arguments = [namespace]
    made.options = {"command": pattern} if pattern else {}
    made.env = FakeEnv()
    return made


class TestCommentNodes(base.TestCase):

    def test_comment_nodes(self):
        for case, lines, expected in COMMENTS:
            with self.subTest(case=case):
                found = [(type(n), n.astext())
                         for n in sphinxext.comment_nodes(lines)]
                self.assertEqual(found, expected)


class TestFileSection(base.TestCase):

    def test_section_of_a_defaults_file(self):
        path = self.write("defaults/time", (
            "---\n# Time.\n\n# Servers to use.\ntime_servers:\n  - a\n"
            "# Region and zone.\nr: 1\nz: 2\n"))
        section = sphinxext.file_section("time", path)
        self.assertEqual(section["ids"], ["config-time"])
        self.assertEqual(section[0].astext(), "time.yml")
        self.assertEqual(section[1].astext(), "Time.")
        items = list(section.findall(nodes.definition_list_item))
        self.assertEqual([item["ids"] for item in items],
                         [["var-time-time-servers"], ["var-time-r"]])
        self.assertEqual(items[0][0].astext(), "time_servers")
        self.assertEqual(items[1][0].astext(), "r, z")
        blocks = [b.astext() for b in section.findall(nodes.literal_block)]
        self.assertEqual(blocks, ["time_servers:\n  - a", "r: 1\nz: 2"])


class TestHostAreas(base.TestCase):

    def test_areas_in_order_with_their_role(self):
        described = []

        def describe(role):
            described.append(role)
            return f"Configure {role}"

        listing = sphinxext.host_areas_list(["ssh_known_host", "apt"], describe)
        self.assertEqual(described, ["ssh-known-host", "apt"])
        self.assertEqual(
            [item.astext() for item in listing.children],
            ["ssh_known_host: Configure ssh-known-host.", "apt: Configure apt."])


class TestRunsParagraph(base.TestCase):

    def test_runs_paragraph(self):
        for case, row, expected in RUNS:
            with self.subTest(case=case):
                found = sphinxext.runs_paragraph(row)
                self.assertEqual(found and found.astext(), expected)


class TestCommandLookup(base.TestCase):

    def test_commands_come_from_the_table(self):
        for case, pattern, expected in PATTERNS:
            with self.subTest(case=case):
                made = directive(pattern)
                commands = made._load_commands()
                self.assertEqual(sorted(commands), expected)
                for words, cls in commands.items():
                    self.assertEqual(cls.row.words, words)

    def test_generated_pages_are_read_on_every_build(self):
        made = directive()
        made._load_commands()
        env = made.env
        self.assertEqual(sphinxext.outdated(None, env, set(), set(), set()),
                         ["cli"])
        self.assertEqual(sphinxext.outdated(None, env, set(), set(), {"cli"}),
                         [])
        other = FakeEnv()
        other.kayobe_generated = {"configuration-reference"}
        sphinxext.merge(None, env, {"configuration-reference"}, other)
        self.assertEqual(env.kayobe_generated, {"cli", "configuration-reference"})
        sphinxext.purge(None, env, "cli")
        self.assertEqual(env.kayobe_generated, {"configuration-reference"})

    def test_no_match_is_an_error(self):
        with self.assertRaises(DirectiveError) as raised:
            directive("no such *")._load_commands()
        self.assertIn("no such *", str(raised.exception.msg))
