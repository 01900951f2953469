"""The command table: every kayobe command is one row of data.

Rows are written by area in ``kayobe/cli/rows/``; ``ROWS`` is all of them,
in order.  What a row holds is defined in ``kayobe/cli/row.py``; the
names are also importable from here.
"""

# Row modules may import the row types from here while this module loads:
# they are bound before the rows are.
from kayobe.cli.row import Action
from kayobe.cli.row import Option
from kayobe.cli.row import Playbook
from kayobe.cli.row import Row
from kayobe.cli.rows import AREAS

__all__ = ("Action", "Option", "Playbook", "ROWS", "Row")

ROWS = tuple(row for area in AREAS for row in area.ROWS)
