"""Disk image rows: IPA deployment images and overcloud host images built
with diskimage-builder (see kayobe/images/dib.py)."""

from kayobe.cli.row import Option
from kayobe.cli.row import Row
from kayobe.steps import Playbook

KEPT = ("An image whose files are already there is kept, so a second run "
        "changes nothing; --force-rebuild rebuilds it. A failed build "
        "leaves the previous image (or none) in place; its log is "
        "image_cache_path/<name>.log on the build host.")


def _force(var):
    return Option(("--force-rebuild",), var, dict(
        action="store_true", default=None,
        help="rebuild the images even when they are there"))


ROWS = (
    Row(
        words="overcloud host image build",
        help="Build the overcloud host disk images with diskimage-builder.\n\n"
             "Builds overcloud_dib_host_images on the seed (when "
             "overcloud_dib_build_host_images is true) into "
             "image_cache_path/<name>/<name>.qcow2 and copies them where "
             "bifrost serves the image it deploys "
             "(kolla_bifrost_deploy_image_filename). " + KEPT,
        options=(_force("overcloud_host_image_force_rebuild"),),
        steps=(Playbook("overcloud-host-image-build", "seed", facts=True),),
    ),
    Row(
        words="seed deployment image build",
        help="Build the seed's IPA deployment images with diskimage-builder."
             "\n\nWhen ipa_build_images is true, builds the Ironic Python "
             "Agent kernel and ramdisk (ipa_build_* variables) on the seed "
             "and installs them for bifrost's Ironic. " + KEPT,
        options=(_force("ipa_image_force_rebuild"),),
        steps=(Playbook("seed-deployment-image-build", "seed", facts=True),),
    ),
    Row(
        words="overcloud deployment image build",
        help="Build the overcloud's IPA deployment images with "
             "diskimage-builder.\n\nWhen the overcloud runs Ironic and "
             "ipa_build_images is true, builds the Ironic Python Agent "
             "kernel and ramdisk (ipa_build_* variables) on the first "
             "controller into image_cache_path/ipa/. " + KEPT,
        options=(_force("ipa_image_force_rebuild"),),
        steps=(Playbook("overcloud-deployment-image-build", "controllers",
                        facts=True),),
    ),
)
