"""diskimage-builder images: the kayobe_dib_image module against a stand-in
disk-image-create (default tier, seconds), and real builds with DIB from
PyPI (slow tier, minutes): 'overcloud host image build' of a minimal Debian
image and 'seed deployment image build' of an IPA kernel and ramdisk.

The real builds run on this machine as the seed (a local connection): they
need loop devices and mounts, which the lab's nspawn hosts do not give.
This kernel has no device-mapper, so kpartx cannot map a disk's partitions;
tests/functional/dib_sandbox puts a kpartx that maps them with the
kernel's own loop partition scan (partx) first on the build's PATH,
through overcloud_dib_env_vars_extra as an operator would set any DIB
variable.  Caches live outside the clone, in /var/cache/kayobe-dib.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.conftest import write

BIN = pathlib.Path(sys.executable).parent
CACHE = pathlib.Path(os.environ.get("KAYOBE_DIB_CACHE", "/var/cache/kayobe-dib"))
SANDBOX = REPO / "tests" / "functional" / "dib_sandbox"
RECAP = re.compile(r"^(\S+)\s*: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+"
                   r"failed=(\d+)", re.M)

# A stand-in for DIB's disk-image-create: writes the files a build leaves
# (FAKE_DIB_FAIL: a partial file, then a failure), and counts its runs.
FAKE_DIB = """\
#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in -o) out="$2"; shift 2 ;; -t) type="$2"; shift 2 ;; *) shift ;; esac
done
echo run >> "$(dirname "$0")/../runs"
echo "building $out.$type with ELEMENTS_PATH=$ELEMENTS_PATH"
if [ -n "$FAKE_DIB_FAIL" ]; then echo partial > "$out.$type"; echo boom; exit 3; fi
echo "image $FAKE_DIB_TAG" > "$out.$type"
"""

MODULE_PLAY = """\
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Build
      kayobe_dib_image:
        image: {image}
        variable: overcloud_dib_host_images[0]
        venv: {venv}
        cache: {cache}
        elements_paths: [/e1, /e2]
        force: {force}
      environment: {env}
"""


def play(tmp_path, image, force=False, env=None):
    playbook = write(tmp_path / "play.yml", MODULE_PLAY.format(
        image=json.dumps(image), venv=tmp_path / "venv",
        cache=tmp_path / "cache", force=json.dumps(force),
        env=json.dumps(env or {})))
    environ = dict(os.environ,
                   ANSIBLE_LIBRARY=str(REPO / "ansible" / "library"),
                   ANSIBLE_MODULE_UTILS=str(REPO / "ansible" / "module_utils"))
    return subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local",
         "-e", f"ansible_python_interpreter={sys.executable}", str(playbook)],
        capture_output=True, text=True, env=environ, timeout=120)


def changed(proc):
    return {m.group(1): int(m.group(3)) for m in RECAP.finditer(proc.stdout)}


@pytest.fixture
def fake_venv(tmp_path):
    dib = write(tmp_path / "venv" / "bin" / "disk-image-create", FAKE_DIB)
    dib.chmod(0o755)
    return tmp_path / "venv"


IMAGE = {"name": "deployment_image", "elements": ["debian-minimal", "vm"]}


def test_module_builds_once_then_keeps_then_rebuilds(tmp_path, fake_venv):
    image_file = tmp_path / "cache" / "deployment_image" / "deployment_image.qcow2"
    first = play(tmp_path, IMAGE, env={"FAKE_DIB_TAG": "one"})
    assert first.returncode == 0, first.stdout
    assert changed(first) == {"localhost": 1}
    assert image_file.read_text() == "image one\n"
    log = (tmp_path / "cache" / "deployment_image.log").read_text()
    assert "ELEMENTS_PATH=/e1:/e2" in log
    assert not (tmp_path / "cache" / ".deployment_image.building").exists()

    second = play(tmp_path, IMAGE, env={"FAKE_DIB_TAG": "two"})
    assert changed(second) == {"localhost": 0}, second.stdout
    assert image_file.read_text() == "image one\n"

    forced = play(tmp_path, IMAGE, force=True, env={"FAKE_DIB_TAG": "three"})
    assert changed(forced) == {"localhost": 1}, forced.stdout
    assert image_file.read_text() == "image three\n"
    assert (fake_venv / "runs").read_text().count("run") == 2


def test_failed_build_keeps_the_previous_image(tmp_path, fake_venv):
    image_file = tmp_path / "cache" / "deployment_image" / "deployment_image.qcow2"
    assert play(tmp_path, IMAGE, env={"FAKE_DIB_TAG": "good"}).returncode == 0
    failed = play(tmp_path, IMAGE, force=True, env={"FAKE_DIB_FAIL": "1"})
    assert failed.returncode != 0
    assert "disk-image-create of deployment_image failed (exit 3" in failed.stdout
    assert "boom" in failed.stdout
    assert image_file.read_text() == "image good\n"
    assert not (tmp_path / "cache" / ".deployment_image.building").exists()


def test_bad_image_is_named_and_nothing_runs(tmp_path, fake_venv):
    proc = play(tmp_path, {"name": "x", "elements": "vm"})
    assert proc.returncode != 0
    assert "overcloud_dib_host_images[0].elements must be a list" in proc.stdout
    assert not (fake_venv / "runs").exists()


# ---------------------------------------------------------------------------
# Real builds (slow tier).

def debian_mirror():
    """The Debian mirror this machine's apt uses (and so reaches)."""
    for path in sorted(pathlib.Path("/etc/apt").glob("sources.list*")) + sorted(
            pathlib.Path("/etc/apt/sources.list.d").glob("*")):
        if path.is_file():
            for line in path.read_text().splitlines():
                match = re.match(r"\s*(?:URIs:|deb)\s+(\S+/debian)/?\s*$", line) or \
                    re.match(r"\s*deb\s+(\S+/debian)/?\s", line)
                if match:
                    return match.group(1)
    return "http://deb.debian.org/debian"


# Each kind of build has its own DIB cache: DIB shares its apt archive
# between the builds using a cache, and apt's lock fails a concurrent one.
DIB_ENV = """\
  DIB_DISTRIBUTION_MIRROR: {mirror}
  DIB_DEBIAN_SECURITY_MIRROR: {mirror}-security
  DIB_IMAGE_CACHE: {cache}/dib-cache/{kind}
  PATH: {sandbox}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
"""

HOST_IMAGE_CONFIG = """\
---
os_distribution: debian
image_cache_path: {cache}/images
bifrost_httpboot_path: {cache}/httpboot
overcloud_dib_venv: {cache}/venvs/overcloud-host-image-dib
overcloud_dib_elements_default: [debian-minimal, vm, block-device-mbr]
overcloud_dib_env_vars_extra:
"""


def real_build_requirements():
    if os.geteuid() != 0:
        return "needs root (loop devices, mounts, chroot)"
    try:
        subprocess.run(["losetup", "-f"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return "no free loop device"
    return None


@pytest.fixture
def dib_config(tmp_path):
    reason = real_build_requirements()
    if reason:
        pytest.skip(reason)
    config = tmp_path / "config"
    write(config / "inventory" / "hosts",
          "[seed]\nlocalhost ansible_connection=local "
          "ansible_python_interpreter=/usr/bin/python3\n[controllers]\n")
    env = DIB_ENV.format(mirror=debian_mirror(), cache=CACHE, sandbox=SANDBOX,
                         kind="host")
    write(config / "overcloud-dib.yml",
          HOST_IMAGE_CONFIG.format(cache=CACHE) + env)
    return config


def timed(run_kayobe, *args):
    start = time.monotonic()
    proc = run_kayobe(*args, timeout=3600)
    return proc, time.monotonic() - start


@pytest.mark.slow
def test_overcloud_host_image_build_real(run_kayobe, dib_config):
    image = CACHE / "images" / "deployment_image" / "deployment_image.qcow2"
    served = CACHE / "httpboot" / "deployment_image.qcow2"
    # Forced, so the first run builds even when an earlier session's image
    # is in the cache.
    first, first_time = timed(run_kayobe, "overcloud", "host", "image", "build",
                              "--config-path", str(dib_config), "--force-rebuild")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    info = json.loads(subprocess.run(
        ["qemu-img", "info", "--output=json", str(image)],
        check=True, capture_output=True, text=True).stdout)
    assert info["format"] == "qcow2"
    assert info["virtual-size"] > 512 * 1024 ** 2
    assert served.read_bytes()[:4] == b"QFI\xfb"

    second, second_time = timed(run_kayobe, "overcloud", "host", "image",
                                "build", "--config-path", str(dib_config))
    assert second.returncode == 0, second.stdout[-3000:]
    assert changed(second) == {"localhost": 0}, second.stdout[-3000:]
    print(f"\nbench: overcloud host image build: first {first_time:.0f} s, "
          f"cached {second_time:.0f} s")


# The IPA build clones ironic-python-agent, glean (simple-init) and the
# requirements repository from opendev, which this machine does not reach:
# the sources come from their PyPI sdists as local git repositories, through
# DIB_REPOLOCATION_*, as an operator builds offline.
IPA_SOURCES = (("ironic-python-agent", "13.0.0"), ("glean", "1.25.1"))

# The ironic-python-agent-builder elements, in the IPA build venv.
IPAB = CACHE / "venvs/ipa-build-dib/share/ironic-python-agent-builder/dib"

IPA_CONFIG = """\
---
os_distribution: debian
ipa_build_images: true
image_cache_path: {cache}/images
bifrost_httpboot_path: {cache}/httpboot
ipa_build_seed_install_dirs: ["{cache}/bifrost", "{cache}/httpboot"]
ipa_build_venv: {cache}/venvs/ipa-build-dib
ipa_build_source_url: {src}/ironic-python-agent
ipa_build_source_version: master
ipa_build_dib_elements_extra: [sandbox-ca]
ipa_build_dib_git_elements_extra: []
ipa_build_dib_env_extra:
  DIB_DEBIAN_COMPONENTS: main
  DIB_REPOLOCATION_requirements: {src}/requirements
  DIB_REPOLOCATION_glean: {src}/glean
  DIB_REPOREF_glean: master
  ELEMENTS_PATH: {ipab}:{sandbox}/elements
  PIP_CERT: /etc/ssl/certs/ca-certificates.crt
  REQUESTS_CA_BUNDLE: /etc/ssl/certs/ca-certificates.crt
"""


def git_repo(path, message):
    git = ["git", "-C", str(path), "-c", "user.name=kayobe",
           "-c", "user.email=kayobe@localhost"]
    if not (path / ".git").exists():
        subprocess.run(git[:3] + ["init", "-q", "-b", "master"], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-q", "-m", message], check=True)


def ipa_sources():
    src = CACHE / "src"
    src.mkdir(parents=True, exist_ok=True)
    for name, version in IPA_SOURCES:
        if not (src / name / ".git").exists():
            subprocess.run([str(BIN / "pip"), "download", "-q", "--no-deps",
                            "--no-binary", ":all:", f"{name}=={version}",
                            "-d", str(src)], check=True)
            sdist = src / f"{name.replace('-', '_')}-{version}.tar.gz"
            subprocess.run(["tar", "xzf", str(sdist), "-C", str(src),
                            "--no-same-owner"], check=True)
            (src / f"{name.replace('-', '_')}-{version}").rename(src / name)
            git_repo(src / name, f"{name} {version} sdist")
    (src / "requirements").mkdir(exist_ok=True)
    (src / "requirements" / "upper-constraints.txt").touch()
    git_repo(src / "requirements", "no upper constraints")
    return src


@pytest.mark.slow
def test_seed_deployment_image_build_real(run_kayobe, dib_config):
    write(dib_config / "ipa-build.yml",
          IPA_CONFIG.format(cache=CACHE, src=ipa_sources(), sandbox=SANDBOX, ipab=IPAB)
          + DIB_ENV.format(mirror=debian_mirror(), cache=CACHE,
                           sandbox=SANDBOX, kind="ipa"))
    first, first_time = timed(run_kayobe, "seed", "deployment", "image",
                              "build", "--config-path", str(dib_config),
                              "--force-rebuild")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    for name in ("ipa.kernel", "ipa.initramfs"):
        assert (CACHE / "images" / "ipa" / name).stat().st_size > 1024 ** 2
        assert (CACHE / "httpboot" / name).is_file()
    initramfs = subprocess.run(
        f"zcat {CACHE}/images/ipa/ipa.initramfs | cpio -t 2>/dev/null",
        shell=True, capture_output=True, text=True).stdout
    assert "opt/ironic-python-agent/bin/ironic-python-agent" in initramfs
    second, second_time = timed(run_kayobe, "seed", "deployment", "image",
                                "build", "--config-path", str(dib_config))
    assert changed(second) == {"localhost": 0}, second.stdout[-3000:]
    print(f"\nbench: seed deployment image build: first {first_time:.0f} s, "
          f"cached {second_time:.0f} s")
