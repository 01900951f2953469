"""diskimage-builder builds as data: the image list, the command line, the
environment and the files a build leaves, from kayobe's variables.

Pure, and standard library only: the ``kayobe_dib_image`` module runs it on
the build host as ``module_utils/kayobe_images_dib.py`` (a link to this
file), where kayobe is not installed.

An image is a dict in the shape upstream's ``overcloud_dib_host_images``
uses: ``name`` and ``elements`` required; ``env`` (DIB environment),
``packages`` (``-p``), ``type`` (DIB output format, default qcow2) and
``size`` (``--image-size``, GB) optional.  Images whose elements make a
ramdisk (IPA) leave ``<name>.kernel`` and ``<name>.initramfs`` as well.
"""

import dataclasses
import os

# DIB output formats (disk-image-create -t).
TYPES = ("qcow2", "raw", "vhd", "docker", "aci", "tar", "tgz", "squashfs",
         "vdi")
# Elements whose build leaves a kernel and an initramfs beside the image.
RAMDISK_ELEMENTS = ("ironic-python-agent-ramdisk", "ironic-ramdisk-base")
KEYS = {"name", "elements", "env", "packages", "type", "size"}


class ImageSpecError(ValueError):
    """An image definition is malformed; the message names the variable."""


@dataclasses.dataclass(frozen=True)
class DibImage:
    name: str
    elements: tuple
    env: tuple = ()          # sorted (name, value) pairs, values as text
    packages: tuple = ()
    type: str = "qcow2"
    size: str | None = None

    @property
    def ramdisk(self):
        return any(e in RAMDISK_ELEMENTS for e in self.elements)

    def outputs(self):
        """Names of the files a build leaves, in the image's directory."""
        names = [f"{self.name}.{self.type}"]
        if self.ramdisk:
            names = [f"{self.name}.kernel", f"{self.name}.initramfs"]
        return names


def _text(value):
    # DIB reads its settings as shell variables: booleans as 0/1 (the
    # convention of DIB_* flags), everything else as written.
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _names(value, where):
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ImageSpecError(f"{where} must be a list of names, not {value!r}")
    names = tuple(str(v) for v in value if v not in (None, ""))
    if any(not n.strip() or " " in n for n in names):
        raise ImageSpecError(f"{where} holds a blank or spaced name: {value!r}")
    return names


def parse_image(spec, where):
    """One image from its dict; ``where`` names it in errors
    (``overcloud_dib_host_images[0]``)."""
    if not isinstance(spec, dict):
        raise ImageSpecError(f"{where} must be a dict, not {spec!r}")
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise ImageSpecError(f"{where} has unknown keys: {', '.join(unknown)}")
    name = spec.get("name")
    if not isinstance(name, str) or not name or "/" in name or name[0] == ".":
        raise ImageSpecError(f"{where}.name must be a file name, not {name!r}")
    elements = _names(spec.get("elements"), f"{where}.elements")
    if not elements:
        raise ImageSpecError(f"{where}.elements is empty")
    env = spec.get("env") or {}
    if not isinstance(env, dict):
        raise ImageSpecError(f"{where}.env must be a dict, not {env!r}")
    image_type = spec.get("type") or "qcow2"
    if image_type not in TYPES:
        raise ImageSpecError(f"{where}.type must be one of {', '.join(TYPES)}, "
                             f"not {image_type!r}")
    size = spec.get("size")
    return DibImage(
        name=name, elements=elements,
        env=tuple(sorted((str(k), _text(v)) for k, v in env.items())),
        packages=_names(spec.get("packages") or [], f"{where}.packages"),
        type=image_type, size=None if size in (None, "") else str(size))


def parse_images(specs, variable):
    """The images of list variable ``variable``; names must be unique."""
    if not isinstance(specs, (list, tuple)):
        raise ImageSpecError(f"{variable} must be a list of images")
    images = [parse_image(s, f"{variable}[{i}]") for i, s in enumerate(specs)]
    seen = set()
    for image in images:
        if image.name in seen:
            raise ImageSpecError(f"{variable} names image {image.name!r} twice")
        seen.add(image.name)
    return images


def build_argv(image, venv, output):
    """disk-image-create's argv, writing ``output``.<type> (and the ramdisk
    files) from the venv's DIB; ``-x`` traces into the build log."""
    argv = [os.path.join(venv, "bin", "disk-image-create"), "-x",
            "-o", output, "-t", image.type]
    if image.size:
        argv += ["--image-size", image.size]
    if image.packages:
        argv += ["-p", ",".join(image.packages)]
    return argv + list(image.elements)


def build_environment(image, venv, elements_paths, base):
    """The build's environment: ``base`` (the build host's), ELEMENTS_PATH
    from the git elements and the venv's element directories, then the
    image's own ``env``, so that an operator's ELEMENTS_PATH wins.  The
    venv's bin is on PATH (DIB runs its own helpers from there): first, or
    right after an operator's own PATH (whose tools must come first)."""
    own = dict(image.env)
    venv_bin = os.path.join(venv, "bin")
    if "PATH" in own:
        path = [own.pop("PATH"), venv_bin]
    else:
        path = [venv_bin] + [p for p in [base.get("PATH")] if p]
    env = dict(base)
    if elements_paths:
        env["ELEMENTS_PATH"] = os.pathsep.join(elements_paths)
    env.update(own)
    env["PATH"] = os.pathsep.join(path)
    return env


def image_dir(cache, image):
    """Where the image's files are kept: ``<cache>/<name>/``, upstream's."""
    return os.path.join(cache, image.name)


def staging_dir(cache, image):
    """Where a build writes before its files are moved into image_dir, so a
    failed or killed build never leaves a partial image in place."""
    return os.path.join(cache, f".{image.name}.building")


def missing_outputs(cache, image):
    """Output files not (yet) in the image's directory."""
    directory = image_dir(cache, image)
    return [n for n in image.outputs()
            if not os.path.isfile(os.path.join(directory, n))]


def needs_build(cache, image, force):
    return force or bool(missing_outputs(cache, image))
