"""diskimage-builder builds as data: images, argv, environment, outputs."""

import os

from kayobe.images import dib
from tests.unit import base

VENV = "/opt/kayobe/venvs/dib"
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/root"}

HOST_IMAGE = {
    "name": "deployment_image",
    "elements": ["debian", "cloud-init", "", "vm"],
    "env": {"DIB_RELEASE": "bookworm", "DIB_CONTAINERFILE_RUNTIME_ROOT": 0,
            "DIB_DEBUG": True},
    "packages": ["vim", "tmux"],
}
IPA_IMAGE = {
    "name": "ipa",
    "elements": ["debian", "dynamic-login", "enable-serial-console",
                 "ironic-python-agent-ramdisk"],
    "env": {"DIB_REPOLOCATION_ironic_python_agent": "/srv/src/ipa",
            "DIB_REPOREF_ironic_python_agent": "master"},
    "type": "raw",
}

BAD_IMAGES = (
    ("not a dict", ["deployment_image"],
     "overcloud_dib_host_images[0] must be a dict"),
    ("no name", [{"elements": ["vm"]}],
     "overcloud_dib_host_images[0].name must be a file name"),
    ("path as name", [{"name": "../x", "elements": ["vm"]}],
     "overcloud_dib_host_images[0].name must be a file name"),
    ("hidden name", [{"name": ".x", "elements": ["vm"]}],
     "overcloud_dib_host_images[0].name must be a file name"),
    ("elements a string", [{"name": "x", "elements": "vm"}],
     "overcloud_dib_host_images[0].elements must be a list"),
    ("no elements", [{"name": "x", "elements": ["", None]}],
     "overcloud_dib_host_images[0].elements is empty"),
    ("spaced element", [{"name": "x", "elements": ["vm cloud-init"]}],
     "overcloud_dib_host_images[0].elements holds a blank or spaced name"),
    ("env a list", [{"name": "x", "elements": ["vm"], "env": ["A=1"]}],
     "overcloud_dib_host_images[0].env must be a dict"),
    ("bad type", [{"name": "x", "elements": ["vm"], "type": "iso"}],
     "overcloud_dib_host_images[0].type must be one of"),
    ("unknown key", [{"name": "x", "elements": ["vm"], "format": "raw"}],
     "overcloud_dib_host_images[0] has unknown keys: format"),
    ("same name twice", [{"name": "x", "elements": ["vm"]},
                         {"name": "x", "elements": ["vm"]}],
     "overcloud_dib_host_images names image 'x' twice"),
    ("not a list", {"name": "x"}, "overcloud_dib_host_images must be a list"),
)


class ParseTest(base.TestCase):

    def test_host_image(self):
        image = dib.parse_image(HOST_IMAGE, "overcloud_dib_host_images[0]")
        self.assertEqual(("debian", "cloud-init", "vm"), image.elements)
        # Shell variables: booleans as 0/1, numbers as text, sorted.
        self.assertEqual((("DIB_CONTAINERFILE_RUNTIME_ROOT", "0"),
                          ("DIB_DEBUG", "1"), ("DIB_RELEASE", "bookworm")),
                         image.env)
        self.assertEqual("qcow2", image.type)
        self.assertEqual(["deployment_image.qcow2"], image.outputs())
        self.assertFalse(image.ramdisk)

    def test_ipa_image_leaves_kernel_and_ramdisk(self):
        image = dib.parse_image(IPA_IMAGE, "ipa_build_image")
        self.assertTrue(image.ramdisk)
        self.assertEqual(["ipa.kernel", "ipa.initramfs"], image.outputs())

    def test_bad_images_name_the_variable(self):
        for case, specs, message in BAD_IMAGES:
            with self.subTest(case=case):
                with self.assertRaises(dib.ImageSpecError) as raised:
                    dib.parse_images(specs, "overcloud_dib_host_images")
                self.assertIn(message, str(raised.exception))


class ArgvTest(base.TestCase):

    def test_host_image_argv(self):
        image = dib.parse_image(dict(HOST_IMAGE, size=4), "i")
        self.assertEqual(
            [f"{VENV}/bin/disk-image-create", "-x",
             "-o", "/cache/.deployment_image.building/deployment_image",
             "-t", "qcow2", "--image-size", "4", "-p", "vim,tmux",
             "debian", "cloud-init", "vm"],
            dib.build_argv(image, VENV,
                           "/cache/.deployment_image.building/deployment_image"))

    def test_ipa_argv(self):
        image = dib.parse_image(IPA_IMAGE, "i")
        self.assertEqual(
            [f"{VENV}/bin/disk-image-create", "-x", "-o", "/c/.ipa.building/ipa",
             "-t", "raw", "debian", "dynamic-login", "enable-serial-console",
             "ironic-python-agent-ramdisk"],
            dib.build_argv(image, VENV, "/c/.ipa.building/ipa"))


class EnvironmentTest(base.TestCase):

    def test_default_path_and_elements(self):
        image = dib.parse_image(IPA_IMAGE, "i")
        paths = ["/src/ipab/dib", f"{VENV}/share/ironic-python-agent-builder/dib"]
        env = dib.build_environment(image, VENV, paths, BASE_ENV)
        self.assertEqual({
            "PATH": f"{VENV}/bin:/usr/bin:/bin",
            "HOME": "/root",
            "ELEMENTS_PATH": os.pathsep.join(paths),
            "DIB_REPOLOCATION_ironic_python_agent": "/srv/src/ipa",
            "DIB_REPOREF_ironic_python_agent": "master",
        }, env)

    def test_operator_path_and_elements_path_win(self):
        spec = dict(HOST_IMAGE, env={"PATH": "/shims:/usr/bin",
                                     "ELEMENTS_PATH": "/mine"})
        env = dib.build_environment(dib.parse_image(spec, "i"), VENV,
                                    ["/git/elements"], BASE_ENV)
        self.assertEqual(f"/shims:/usr/bin:{VENV}/bin", env["PATH"])
        self.assertEqual("/mine", env["ELEMENTS_PATH"])

    def test_no_elements_path_leaves_it_unset(self):
        env = dib.build_environment(dib.parse_image(HOST_IMAGE, "i"), VENV,
                                    [], BASE_ENV)
        self.assertNotIn("ELEMENTS_PATH", env)
        self.assertEqual("bookworm", env["DIB_RELEASE"])


class NeedsBuildTest(base.TestCase):

    def test_kept_when_every_output_is_there(self):
        image = dib.parse_image(IPA_IMAGE, "i")
        cache = str(self.tmp_path)
        self.assertEqual(str(self.tmp_path / "ipa"), dib.image_dir(cache, image))
        self.assertEqual(str(self.tmp_path / ".ipa.building"),
                         dib.staging_dir(cache, image))
        cases = (
            ("nothing", [], False, True),
            ("kernel only", ["ipa/ipa.kernel"], False, True),
            ("both", ["ipa/ipa.kernel", "ipa/ipa.initramfs"], False, False),
            ("both, forced", [], True, True),
        )
        for case, files, force, expected in cases:
            with self.subTest(case=case):
                for name in files:
                    self.write(name, "x")
                self.assertEqual(expected, dib.needs_build(cache, image, force))
