"""The command table: every kayobe command is one row of data.

A row names the command's words, its help text (shown by ``--help``), the
option groups it takes, its own options (each mapped to an extra variable),
and either the playbooks it runs or, for a genuine procedure, the function
that implements it.  Hook directories and docs derive from the words.

Rows are written by area in ``kayobe/cli/rows/``; ``ROWS`` is all of them.
"""

import dataclasses

from kayobe.steps import Action, Playbook  # noqa: F401  (rows use them)


@dataclasses.dataclass(frozen=True)
class Option:
    """A command's own option; its value reaches Ansible as extra var ``var``.

    ``unsafe`` values reach Ansible marked as data, never templated, so an
    operator's text containing ``{{`` is passed as written.
    """

    flags: tuple
    var: str | None = None
    kwargs: dict = dataclasses.field(default_factory=dict)
    unsafe: bool = False


@dataclasses.dataclass(frozen=True)
class Row:
    words: str
    help: str
    groups: tuple = ("config", "ansible", "vault")
    options: tuple = ()
    steps: tuple = ()
    procedure: str | None = None     # "module:function" under kayobe.cli
    # False for commands that take --environment as the name of a new one.
    environment_must_exist: bool = True

    def playbooks(self):
        """Names of the shipped playbooks the command runs, in order."""
        names = [step.name for step in self.steps]
        if any(step.facts for step in self.steps):
            names.insert(0, "gather-facts")
        return names

    @property
    def sentinel(self):
        return any(step.sentinel for step in self.steps)

    @property
    def limit(self):
        """The command's own limit: the union of its steps' limits."""
        limits = [s.limit for s in self.steps if s.limit]
        if not limits or len(limits) < len(self.steps):
            return None
        return ",".join(dict.fromkeys(limits))


def _all_rows():
    from kayobe.cli.rows import AREAS
    rows = []
    for area in AREAS:
        rows += area.ROWS
    return tuple(rows)


def by_words():
    return {row.words: row for row in ROWS}


ROWS = _all_rows()
