"""Rows of the command table, by area (see kayobe/cli/table.py)."""

from kayobe.cli.rows import baremetal
from kayobe.cli.rows import baremetal_compute
from kayobe.cli.rows import core
from kayobe.cli.rows import deployment_images
from kayobe.cli.rows import host
from kayobe.cli.rows import images
from kayobe.cli.rows import kolla
from kayobe.cli.rows import network
from kayobe.cli.rows import vm

AREAS = (core, host, kolla, network, baremetal, baremetal_compute, images,
         deployment_images,
         vm,)
