"""The steps a command row runs: kayobe playbooks and kolla-ansible actions.

Plain data, imported by the command table without the engine, so that
building the command list stays cheap.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Playbook:
    """Run shipped playbook ``ansible/<name>.yml`` limited to ``limit``.

    ``facts``: the playbook needs facts; the command then gathers them once,
    first, with the configured filter (``gather-facts.yml``).
    ``sentinel``: its plays target subsets of the hosts (features), so the
    run keeps a sentinel host that never fails (see engine.effective_limit).
    """

    name: str
    limit: str | None = None
    facts: bool = False
    sentinel: bool = False


@dataclasses.dataclass(frozen=True)
class Action:
    """A kolla-ansible action a command runs, with the inventory it uses;
    ``confirm``: destructive, so the operator must confirm it."""

    action: str
    inventory: str = "overcloud"
    confirm: bool = False
