"""Slow tier: a real kolla image build on a lab host, pushed to the seed's
registry.

One nested lab host (prefix ``ia``; Docker runs inside it) is the seed, the
container image builder and the docker-registry host:

1. kayobe's container-engine role installs Docker there, trusting the
   registry (docker_registry_insecure);
2. ``seed-service-deploy.yml`` (kayobe seed service deploy's own step)
   deploys the registry from Debian's docker-registry package, with basic
   authentication;
3. a Debian trixie rootfs (debootstrap --variant=minbase with extrepo
   reading its offline data, cached in
   $KAYOBE_TEST_IMAGE_CACHE, default /var/cache/kayobe-images) becomes the
   ``debian:trixie`` base image by ``docker import``: no image hub is
   reachable;
4. ``kayobe seed container image build '^base$' --push`` installs kolla on
   the host, writes kolla-build.conf and builds kolla's base image, with
   block overrides for what this network cannot reach (keyservers, vendor
   key URLs, the Debian OpenStack backports mirror), logs in and pushes;
5. the registry's ``/v2/_catalog`` lists ``kayobe/base``, and a second
   build (from the engine's cache) is timed as well.

Needs root, the lab and about 10 to 20 minutes.
"""

import base64
import crypt
import json
import os
import pathlib
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import kayobe_env
from tests.conftest import write
from tests.functional import lab as labmod

pytestmark = pytest.mark.slow

PREFIX = "ia"
CACHE = pathlib.Path(os.environ.get("KAYOBE_TEST_IMAGE_CACHE",
                                    "/var/cache/kayobe-images"))
MIRROR = "http://deb.debian.org/debian"
USER, PASSWORD = "kayobe", "lab-registry-secret"

ENGINE_PLAYBOOK = """\
- name: The seed's container engine (kayobe's container-engine role)
  hosts: seed
  gather_facts: true
  roles:
    - role: container-engine
"""

# What this network cannot reach, replaced by blocks of template-override.j2:
# keyservers and vendor key URLs (only later images need those keys), and
# the Debian OpenStack backports repository kolla enables with extrepo
# (osbpo.debian.net).  extrepo itself reads the offline data of the base
# image, which stops at flamingo (2025.2): kolla enables the repository of
# openstack_release_codename, so that is set to flamingo.
BLOCKS = {
    "base_ubuntu_package_key_installation": "",
    "base_ubuntu_package_apt_preferences": (
        "RUN rm -f /etc/apt/sources.list.d/extrepo_*.sources\n"
        "COPY apt_preferences.debian /etc/apt/preferences\n"
        "COPY apt_preferences /etc/apt/preferences.d/kolla-custom"),
}


def trixie_tarball():
    tarball = CACHE / "trixie-minbase.tar"
    if not tarball.exists():
        work = CACHE / "trixie.tmp"
        subprocess.run(["rm", "-rf", str(work)], check=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["debootstrap", "--variant=minbase", "--include=extrepo",
                        "trixie", str(work), MIRROR], check=True, timeout=1800,
                       stdout=subprocess.DEVNULL)
        # extrepo's online index is unreachable: use the data it ships.
        extrepo = work / "etc" / "extrepo" / "config.yaml"
        extrepo.write_text(extrepo.read_text().replace(
            "url: https://extrepo-team.pages.debian.net/extrepo-data",
            "url: file:///usr/share/extrepo/offline-data"))
        subprocess.run(["rm", "-rf", str(work / "var" / "lib" / "apt" / "lists"),
                        str(work / "var" / "cache" / "apt" / "archives")],
                       check=True)
        subprocess.run(["tar", "-C", str(work), "--numeric-owner", "-cf",
                        f"{tarball}.tmp", "."], check=True)
        os.replace(f"{tarball}.tmp", tarball)
    return tarball


@pytest.fixture(scope="module")
def seed():
    reason = labmod.missing_requirements("full")
    if reason:
        pytest.skip(reason)
    lab = labmod.Lab("full", name_prefix=PREFIX, nested=True)
    lab.up(1, groups={"seed": 1})
    try:
        yield lab
    finally:
        lab.down()


def run_kayobe(tmp_path, *args, timeout=3600):
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", *args],
        env=kayobe_env(tmp_path), capture_output=True, text=True,
        timeout=timeout, cwd=tmp_path)
    result.seconds = time.monotonic() - start
    return result


def ssh_stdin(lab, ip, command, stream):
    """Run ``command`` on the host with ``stream`` as its input."""
    subprocess.run(
        ["ssh", "-F", "/dev/null", "-i", lab.status()["key"],
         "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
         "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
         f"root@{ip}", *command],
        stdin=stream, check=True, timeout=900, stdout=subprocess.DEVNULL)


def catalog(address):
    request = urllib.request.Request(f"http://{address}/v2/_catalog")
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["repositories"]


def test_base_image_built_and_pushed_to_the_seed_registry(tmp_path, seed):
    host = seed.hosts[0]
    ip = seed.ip(host)
    registry = f"{ip}:4000"
    config = tmp_path / "config"
    (config / "inventory").mkdir(parents=True)
    seed.write_inventory(str(config / "inventory" / "hosts"), groups={"seed": 1})
    htpasswd = write(tmp_path / "htpasswd", f"{USER}:" + crypt.crypt(
        PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH)) + "\n")
    variables = {
        "container_engine": "docker",
        "docker_registry": registry,
        "docker_registry_insecure": True,
        "docker_registry_enabled": True,
        "docker_registry_enable_basic_auth": True,
        "docker_registry_basic_auth_htpasswd_path": str(htpasswd),
        "kolla_docker_registry": registry,
        "kolla_docker_registry_username": USER,
        "kolla_docker_registry_password": PASSWORD,
        "kolla_base_distro": "debian",
        "kolla_base_distro_version": "trixie",
        "kolla_tag": "kayobe-lab",
        "kolla_docker_namespace": "kayobe",
        "kolla_build_blocks": BLOCKS,
        "kolla_build_extra_config": {
            # The base image is the imported one: never pull it.
            "DEFAULT": {"openstack_release_codename": "flamingo",
                        "pull": False}},
    }
    write(config / "lab.yml", json.dumps(variables, indent=1) + "\n")
    engine = write(tmp_path / "engine.yml", ENGINE_PLAYBOOK)
    timings = {}

    # The lab host reaches PyPI only through this machine's CA.
    with open("/etc/ssl/certs/ca-certificates.crt", "rb") as stream:
        ssh_stdin(seed, ip, ["cat", ">", "/usr/local/share/ca-bundle.crt"],
                  stream)
    seed.ssh(host, "printf '[global]\\ncert = /usr/local/share/ca-bundle.crt\\n'"
             " > /etc/pip.conf")

    for name, args in (
            ("container engine", ("playbook", "run", str(engine))),
            ("registry", ("playbook", "run", str(
                labmod.REPO_ROOT + "/ansible/seed-service-deploy.yml")))):
        result = run_kayobe(tmp_path, *args, "--config-path", str(config))
        timings[name] = result.seconds
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert catalog(registry) == []

    with open(trixie_tarball(), "rb") as stream:
        ssh_stdin(seed, ip, ["docker", "import", "-", "debian:trixie"], stream)

    for run in ("first", "cached"):
        result = run_kayobe(tmp_path, "seed", "container", "image", "build",
                            "--config-path", str(config), "--push", "^base$")
        timings[f"build {run}"] = result.seconds
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr
        assert PASSWORD not in result.stdout + result.stderr
        assert catalog(registry) == ["kayobe/base"]
    print("timings (s): " + ", ".join(
        f"{name} {seconds:.0f}" for name, seconds in timings.items()))
