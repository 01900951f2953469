"""Container image rows: kolla-build on the container image builders.

``seed container image build`` and ``overcloud container image build`` run
one playbook each: check the builders, install kolla, write
kolla-build.conf (checked against kolla's own options, see
kayobe/kolla/build.py) and run kolla-build once per image set.
"""

from kayobe.cli.row import Option
from kayobe.cli.row import Row
from kayobe.steps import Playbook

BUILDERS = "container-image-builders"

OPTIONS = (
    Option(("--nocache",), "kolla_build_nocache", dict(
        action="store_true", help="build without the layer cache")),
    Option(("--push",), "kolla_build_push", dict(
        action="store_true",
        help="push the images to kolla_docker_registry once built")),
    Option(("regex",), "kolla_build_regexes", dict(
        nargs="*", metavar="REGEX",
        help="regular expression matching names of images to build "
             "(default: the image sets)")),
)


def _build_row(words, label, sets):
    return Row(
        words=f"{words} container image build",
        help=f"Build {label} kolla container images.\n\n"
             "On the container-image-builders hosts: checks the container "
             "engine, installs kolla in kolla_venv, writes kolla-build.conf "
             "and template-override.j2 from the kolla_* variables (every "
             "option checked against kolla's own) and runs kolla-build once "
             f"per image set of {sets}, or once with the REGEXes given.",
        options=OPTIONS,
        steps=(Playbook(f"{words}-container-image-build", BUILDERS, facts=True,
                        sentinel=True),),
    )


ROWS = (
    _build_row("seed", "the seed's", "seed_container_image_sets"),
    _build_row("overcloud", "the overcloud's", "overcloud_container_image_sets"),
)
