import pytest

from kayobe import config as kconfig
from kayobe import errors
from tests.conftest import write


def env(base, name, deps=None, files=("globals.yml",)):
    path = base / "environments" / name
    path.mkdir(parents=True, exist_ok=True)
    for f in files:
        write(path / f, f"from_{name}: true\n")
    if deps is not None:
        write(path / ".kayobe-environment",
              "dependencies: [" + ", ".join(deps) + "]\n")
    return path


@pytest.fixture
def base(tmp_path):
    base = tmp_path / "config"
    write(base / "globals.yml", "a: 1\n")
    write(base / "b.yml", "b: 1\n")
    write(base / "notes.txt", "ignored\n")
    (base / "inventory").mkdir()
    return base


def test_no_environment(base):
    config = kconfig.resolve(base)
    assert config.layers == (base,)
    assert [p.name for p in config.vars_files()] == ["b.yml", "globals.yml"]
    assert config.inventories() == [base / "inventory"]
    assert config.extra_vars() == {
        "kayobe_config_path": str(base), "kayobe_env_config_path": str(base),
        "kayobe_environment": ""}


def test_environment_layers_follow_dependencies(base):
    env(base, "common")
    env(base, "site", deps=["common"])
    prod = env(base, "prod", deps=["site", "common"],
               files=("globals.yml", "zz.yml"))
    config = kconfig.resolve(base, "prod")
    assert config.environment_chain == ("common", "site", "prod")
    files = [p.relative_to(base).as_posix() for p in config.vars_files()]
    assert files == ["b.yml", "globals.yml",
                     "environments/common/globals.yml",
                     "environments/site/globals.yml",
                     "environments/prod/globals.yml",
                     "environments/prod/zz.yml"]
    assert config.extra_vars()["kayobe_env_config_path"] == str(prod)


def test_environment_inventories_and_ansible_cfg(base):
    prod = env(base, "prod")
    (prod / "inventory").mkdir()
    write(base / "ansible.cfg", "[defaults]\n")
    config = kconfig.resolve(base, "prod")
    assert config.inventories() == [base / "inventory", prod / "inventory"]
    assert config.ansible_cfg() == base / "ansible.cfg"
    write(prod / "ansible.cfg", "[defaults]\n")
    assert config.ansible_cfg() == prod / "ansible.cfg"


def test_search_paths_highest_first(base):
    prod = env(base, "prod")
    (base / "ansible" / "roles").mkdir(parents=True)
    (prod / "ansible" / "roles").mkdir(parents=True)
    config = kconfig.resolve(base, "prod")
    assert config.search_paths("roles") == [prod / "ansible" / "roles",
                                            base / "ansible" / "roles"]
    assert config.search_paths("library") == []


@pytest.mark.parametrize("setup, name, message", [
    ({}, "missing", "environment 'missing' does not exist"),
    ({"a": ["nope"]}, "a",
     "environment 'nope' (a dependency of 'a') does not exist"),
    ({"a": ["b"], "b": ["a"]}, "a", "environment dependency cycle: a -> b -> a"),
    ({"a": ["a"]}, "a", "environment dependency cycle: a -> a"),
    ({"a": ["b"], "b": ["c"], "c": ["b"]}, "a",
     "environment dependency cycle: b -> c -> b"),
    ({}, "kayobe", "environment name 'kayobe' is reserved"),
])
def test_environment_errors(base, setup, name, message):
    for env_name, deps in setup.items():
        env(base, env_name, deps=deps)
    with pytest.raises(errors.ConfigError) as exc:
        kconfig.resolve(base, name)
    assert message in str(exc.value)


def test_bad_dependencies_value(base):
    path = env(base, "a")
    write(path / ".kayobe-environment", "dependencies: common\n")
    with pytest.raises(errors.ConfigError, match="must be a list"):
        kconfig.resolve(base, "a")


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "does not exist"),
    (lambda p: p.write_text("x"), "is not a directory"),
])
def test_config_path_errors(tmp_path, make, message):
    path = tmp_path / "cfg"
    make(path)
    with pytest.raises(errors.ConfigError, match=message):
        kconfig.resolve(path)


def test_default_config_path(monkeypatch, base):
    monkeypatch.setenv("KAYOBE_CONFIG_PATH", str(base))
    assert kconfig.resolve().path == base


def test_validate_reports_file_and_line(base):
    write(base / "inventory" / "group_vars" / "compute" / "main",
          "ok: 1\nbad: [1,\n")
    with pytest.raises(errors.ConfigError) as exc:
        kconfig.validate(kconfig.resolve(base))
    assert "inventory/group_vars/compute/main:3: invalid YAML" in str(exc.value)


def test_validate_finds_vault_data(base):
    write(base / "secrets.yml",
          "pw: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n")
    write(base / "inventory" / "host_vars" / "h1",
          "$ANSIBLE_VAULT;1.1;AES256\n6162\n")
    found = kconfig.validate(kconfig.resolve(base))
    assert [p.name for p in found] == ["secrets.yml", "h1"]
