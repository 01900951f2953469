import pytest

from kayobe import errors
from kayobe import vault


def test_no_source():
    assert vault.select_source(environ={}) == vault.VaultSource()
    assert vault.ansible_args(vault.VaultSource()) == []


def test_file_source(tmp_path):
    f = tmp_path / "pw"
    f.write_text("secret\n")
    source = vault.select_source(str(f), environ={})
    assert source == vault.VaultSource("file", str(f))
    assert vault.ansible_args(source) == ["--vault-password-file", str(f)]
    assert vault.read_password(source) == "secret"


def test_env_source_uses_helper():
    source = vault.select_source(environ={vault.ENV_VAR: "pw"})
    assert source.kind == "env"
    args = vault.ansible_args(source)
    assert args[0] == "--vault-password-file"
    assert args[1].endswith(vault.HELPER)
    assert vault.read_password(source, {vault.ENV_VAR: "pw"}) == "pw"


@pytest.mark.parametrize("file, ask, env, named", [
    (True, True, False, "--vault-password-file, --ask-vault-pass"),
    (True, False, True, "--vault-password-file, $KAYOBE_VAULT_PASSWORD"),
    (False, True, True, "--ask-vault-pass, $KAYOBE_VAULT_PASSWORD"),
])
def test_several_sources_rejected(tmp_path, file, ask, env, named):
    f = tmp_path / "pw"
    f.write_text("x")
    with pytest.raises(errors.VaultError) as exc:
        vault.select_source(str(f) if file else None, ask,
                            {vault.ENV_VAR: "pw"} if env else {})
    assert named in str(exc.value)
    assert "exactly one" in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(errors.VaultError, match="does not exist"):
        vault.select_source(str(tmp_path / "nope"), environ={})


def test_prompt_into_environ():
    environ = {}
    vault.prompt_into_environ(vault.VaultSource("prompt"), environ,
                              getpass=lambda prompt: "typed")
    assert environ == {vault.ENV_VAR: "typed"}
    with pytest.raises(errors.VaultError, match="empty"):
        vault.prompt_into_environ(vault.VaultSource("prompt"), {},
                                  getpass=lambda prompt: "")


def test_helper_prints_password(monkeypatch, capsys):
    monkeypatch.setenv(vault.ENV_VAR, "s3cret")
    assert vault.print_password_from_env() == 0
    assert capsys.readouterr().out == "s3cret\n"
    monkeypatch.delenv(vault.ENV_VAR)
    assert vault.print_password_from_env() == 1
