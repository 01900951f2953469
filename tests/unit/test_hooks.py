import pytest

from kayobe import config as kconfig
from kayobe import errors
from kayobe import hooks
from tests.conftest import write


def make_hooks(tmp_path):
    base = tmp_path / "cfg"
    d = base / "hooks" / "overcloud-host-configure"
    write(d / "pre.d" / "20-b.yml", "---\n")
    write(d / "pre.d" / "10-a.yml", "---\n")
    write(d / "pre.d" / "README", "not a hook\n")
    write(base / "shared" / "30-c.yml", "---\n")
    (d / "pre.d" / "30-c.yml").symlink_to(base / "shared" / "30-c.yml")
    write(d / "post.d" / "10-x.yml", "---\n")
    env = base / "environments" / "prod"
    write(env / "hooks" / "overcloud-host-configure" / "pre.d" / "15-env.yml",
          "---\n")
    return base


def test_hook_dir_name():
    assert hooks.hook_dir_name("overcloud host configure") == \
        "overcloud-host-configure"


def test_discover_orders_by_name_across_layers(tmp_path):
    config = kconfig.resolve(make_hooks(tmp_path), "prod")
    found = hooks.discover(config, "overcloud host configure", "pre")
    assert [p.name for p in found] == ["10-a.yml", "15-env.yml", "20-b.yml",
                                       "30-c.yml"]
    post = hooks.discover(config, "overcloud host configure", "post")
    assert [p.name for p in post] == ["10-x.yml"]


@pytest.mark.parametrize("skip, names", [
    ("all", []),
    ("20-*", ["10-a.yml", "30-c.yml"]),
    ("*.yml", []),
    ("nothing", ["10-a.yml", "20-b.yml", "30-c.yml"]),
])
def test_discover_skip(tmp_path, skip, names):
    config = kconfig.resolve(make_hooks(tmp_path))
    found = hooks.discover(config, "overcloud host configure", "pre", skip)
    assert [p.name for p in found] == names


def test_broken_symlink_is_an_error(tmp_path):
    base = make_hooks(tmp_path)
    d = base / "hooks" / "overcloud-host-configure" / "pre.d"
    (d / "40-gone.yml").symlink_to(tmp_path / "missing.yml")
    with pytest.raises(errors.ConfigError, match="40-gone.yml is a broken"):
        hooks.discover(kconfig.resolve(base), "overcloud host configure", "pre")


def test_no_hooks_for_other_command(tmp_path):
    config = kconfig.resolve(make_hooks(tmp_path))
    assert hooks.discover(config, "seed host configure", "pre") == []
