"""kayobe overcloud|seed container image build against the real kolla-build.

Default suite (no container engine needed): the command writes
kolla-build.conf and template-override.j2 on a local "seed" and runs the
real kolla-build with template_only set through kolla_build_extra_config,
so every image of the overcloud set is rendered; the rendered images are
exactly what ``kolla-build --list-images`` selects with the set's regexes,
and the customisations are in the rendered Dockerfiles.  A misspelt option
is a one-line error naming the variable, and nothing is written.

Slow tier (KAYOBE_TEST_SLOW=1): a real build of kolla's base image in a
nested lab host with Docker, pushed to the seed's registry
(test_container_images_lab.py).

The kolla virtualenv: $KAYOBE_TEST_KOLLA_BUILD_VENV when set, else one made
for the session (about 10 s from pip's cache).
"""

import os
import pathlib
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.conftest import kayobe_env
from tests.conftest import write

BLOCK = "RUN echo kayobe-block-override"
PACKAGE = "vim-tiny"


@pytest.fixture(scope="session")
def kolla_build_venv(tmp_path_factory):
    given = os.environ.get("KAYOBE_TEST_KOLLA_BUILD_VENV")
    venv = pathlib.Path(given) if given else (
        tmp_path_factory.mktemp("kolla-build") / "venv")
    if not (venv / "bin" / "kolla-build").exists():
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q",
                        "--disable-pip-version-check",
                        "-c", str(REPO / "constraints.txt"), "kolla", "docker"],
                       check=True)
    return venv


def make_config(tmp_path, venv, **extra):
    config = tmp_path / "config"
    write(config / "inventory" / "hosts",
          "[seed]\nseed1\n[all:vars]\nansible_connection=local\n"
          f"ansible_python_interpreter={sys.executable}\n")
    lines = [
        f"kolla_venv: {venv}",
        f"kolla_build_config_path: {tmp_path / 'build-config'}",
        f"kolla_build_log_path: {tmp_path / 'kolla-build.log'}",
        "kolla_base_distro: debian",
        "kolla_tag: kayobe-test",
        "kolla_docker_namespace: kayobe",
        "kolla_docker_registry: registry.example:4000",
        "kolla_build_blocks:",
        f"  keystone_base_header: {BLOCK!r}",
        "kolla_build_customizations:",
        f"  keystone_base_packages_append: [{PACKAGE}]",
        "kolla_build_extra_config:",
        "  DEFAULT:",
        "    template_only: true",
        f"    work_dir: {tmp_path / 'work'}",
    ]
    lines += [f"{name}: {value}" for name, value in extra.items()]
    write(config / "kolla-build.yml", "\n".join(lines) + "\n")
    # The operator's own kolla-build.conf is merged last.
    write(config / "kolla" / "kolla-build.conf", "[DEFAULT]\nthreads = 2\n")
    return config


def run_kayobe(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", *args],
        env=kayobe_env(tmp_path), capture_output=True, text=True,
        timeout=600, cwd=tmp_path)


def rendered_images(work):
    """Images kolla-build rendered: the directories holding a Dockerfile."""
    return {path.parent.name for path in (work / "docker").rglob("Dockerfile")}


def list_images(venv, config_dir, regexes, work_dir):
    # The written file sets template_only (which would render instead) and
    # a work_dir, into which --list-images renders every template.
    out = subprocess.run(
        [str(venv / "bin" / "kolla-build"), "--config-dir", str(config_dir),
         "--notemplate-only", "--work-dir", str(work_dir), "--list-images",
         *regexes],
        capture_output=True, text=True, check=True, timeout=300).stdout
    return {m.group(1) for m in re.finditer(r"^\d+ : (\S+)$", out, re.M)}


def test_overcloud_set_renders_what_list_images_selects(tmp_path, kolla_build_venv):
    config = make_config(tmp_path, kolla_build_venv)
    result = run_kayobe(tmp_path, "overcloud", "container", "image", "build",
                        "--config-path", str(config))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    build_config = tmp_path / "build-config"
    conf = (build_config / "kolla-build.conf").read_text()
    for line in ("base = debian", "tag = kayobe-test", "namespace = kayobe",
                 "registry = registry.example:4000", "threads = 2",
                 f"template_override = {build_config}/template-override.j2"):
        assert line in conf.splitlines()

    # The regexes of the default overcloud set (the enabled services').
    dumped = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", "configuration", "dump",
         "--config-path", str(config), "--host", "seed1",
         "--var-name", "overcloud_container_image_sets"],
        env=kayobe_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert dumped.returncode == 0, dumped.stderr
    regexes = re.findall(r"\^[\w$-]+", dumped.stdout)
    assert "^keystone" in regexes and "^cinder" not in regexes

    rendered = rendered_images(tmp_path / "work")
    selected = list_images(kolla_build_venv, build_config, regexes,
                           tmp_path / "list-work")
    assert rendered == selected
    assert {"base", "openstack-base", "keystone", "nova-api"} <= selected

    keystone = (tmp_path / "work" / "docker" / "keystone" / "keystone-base"
                / "Dockerfile").read_text()
    assert BLOCK in keystone
    install = next(line for line in keystone.splitlines()
                   if "apt-get -y install" in line)
    assert PACKAGE in install.split() and "libldap-common" in install.split()
    assert ("FROM registry.example:4000/kayobe/openstack-base:kayobe-test"
            in keystone.splitlines())


def test_unknown_option_is_one_line_error(tmp_path, kolla_build_venv):
    config = make_config(tmp_path, kolla_build_venv)
    write(config / "kolla" / "kolla-build.conf", "[DEFAULT]\nthreds = 2\n")
    result = run_kayobe(tmp_path, "seed", "container", "image", "build",
                        "--config-path", str(config), "^base$")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines()
              if line.startswith("kayobe: error:")]
    assert len(errors) == 1, result.stderr
    assert (f"{config}/kolla/kolla-build.conf: unknown kolla-build option: "
            "[DEFAULT] threds") in errors[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build-config" / "kolla-build.conf").exists()
    assert not (tmp_path / "work").exists()
