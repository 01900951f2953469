"""What one row of the command table holds: a command as data.

A row names the command's words, its help text (shown by ``--help``), the
option groups it takes, its own options, and what it runs: the playbooks
(``steps``), a kolla-ansible ``action``, or, for a genuine procedure, the
function that implements it.  Hook directories and docs derive from the
words.
"""

import dataclasses

from kayobe.steps import Action
from kayobe.steps import Playbook


@dataclasses.dataclass(frozen=True)
class Option:
    """A command's own option.

    ``var``: its value reaches Ansible as this extra variable (for a kolla
    row: kolla-ansible's).  ``arg``: the kolla-ansible argument it adds
    (a flag when the value is true, else the argument and the value).
    ``unsafe`` values reach Ansible marked as data, never templated, so an
    operator's text containing ``{{`` is passed as written.
    """

    flags: tuple
    var: str | None = None
    kwargs: dict = dataclasses.field(default_factory=dict)
    unsafe: bool = False
    arg: str | None = None

    @property
    def dest(self):
        """The attribute argparse stores the value in."""
        if "dest" in self.kwargs:
            return self.kwargs["dest"]
        if self.var and self.flags[0].startswith("-"):
            return self.var
        name = next((f for f in self.flags if f.startswith("--")), self.flags[0])
        return name.lstrip("-").replace("-", "_")

    def kolla_args(self, value):
        """kolla-ansible arguments for the option's parsed value."""
        if not self.arg or value is None or value is False:
            return []
        return [self.arg] if value is True else [self.arg, str(value)]


@dataclasses.dataclass(frozen=True)
class Row:
    words: str
    help: str
    groups: tuple = ("config", "ansible", "vault")
    options: tuple = ()
    steps: tuple[Playbook, ...] = ()
    procedure: str | None = None     # "module:function" under kayobe.cli
    # False for commands that take --environment as the name of a new one.
    environment_must_exist: bool = True
    # True for commands that only read the configuration: they share its
    # lock with each other (see engine.config_lock).
    read_only: bool = False
    # The kolla-ansible action of a kolla row (run by its procedure).
    action: Action | None = None

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

    def extra_vars(self, parsed_args):
        """Typed extra variables from the row's own options."""
        values = {}
        for option in self.options:
            if option.var:
                value = getattr(parsed_args, option.dest, None)
                if value is not None:
                    values[option.var] = (
                        {"__ansible_unsafe": value} if option.unsafe else value)
        return values

    def kolla_args(self, parsed_args):
        """kolla-ansible arguments from the row's own options."""
        args = []
        for option in self.options:
            args += option.kolla_args(getattr(parsed_args, option.dest, None))
        return args
