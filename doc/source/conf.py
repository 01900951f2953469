"""Sphinx configuration: ``tox -e docs`` builds with warnings as errors."""

import pathlib
import sys

# Document the tree being built, not whichever kayobe is installed.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

project = "kayobe"
master_doc = "index"
exclude_patterns = []

# kayobe.sphinxext loads cliff.sphinxext and points its autoprogram-cliff
# directive at the command table (kayobe has no per-command entry points);
# it also renders the configuration reference from the shipped defaults.
extensions = ["kayobe.sphinxext"]

# Commands are titled by their words ("overcloud host configure") and their
# usage starts with "kayobe".
autoprogram_cliff_application = "kayobe"

# Every cross-reference must resolve (with -W, a broken one fails the build).
nitpicky = True

# Option names and commented defaults are quoted as written ("--wipe-disks").
smartquotes = False

html_theme = "alabaster"
