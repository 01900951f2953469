"""The real CLI through real ansible-playbook on local-connection hosts."""

import json
import subprocess

import pytest

from kayobe import runner
from tests.conftest import write


def report(tmp_path):
    return json.loads((tmp_path / "state" / "last-run.json").read_text())


def test_version_and_help(run_kayobe):
    result = run_kayobe("--version")
    assert result.returncode == 0 and "0.1.0" in result.stdout + result.stderr
    result = run_kayobe("help", "overcloud", "host", "command", "run")
    assert "--command" in result.stdout and "--limit" in result.stdout


def test_complete_prints_bash_completion(run_kayobe):
    result = run_kayobe("complete")
    assert result.returncode == 0
    assert "overcloud" in result.stdout and "_kayobe" in result.stdout


def test_host_command_run_limit_and_output(run_kayobe, local_config, tmp_path):
    result = run_kayobe("overcloud", "host", "command", "run",
                        "--config-path", str(local_config),
                        "--command", "echo out-{{ literal }}-$((6*7))",
                        "--show-output", "--limit", "ctl1,cmp1,seed1")
    assert result.returncode == 0, result.stderr
    assert "out-{{ literal }}-42" in result.stdout
    hosts = report(tmp_path)["hosts"]
    # seed1 is not an overcloud host: the user limit only narrows.
    assert sorted(hosts) == ["cmp1", "ctl1"]
    assert report(tmp_path)["command"] == "overcloud host command run"


def test_failing_host_is_named(run_kayobe, local_config, tmp_path):
    write(local_config / "inventory" / "host_vars" / "ctl2", "bad: true\n")
    playbook = write(tmp_path / "fail.yml", """\
---
- name: Fail on one host
  hosts: overcloud
  gather_facts: false
  tasks:
    - name: Fail where asked
      ansible.builtin.fail:
        msg: "ctl2 is broken"
      when: bad | default(false)
    - name: Carry on
      ansible.builtin.debug:
        msg: still here
""")
    result = run_kayobe("playbook", "run", str(playbook),
                        "--config-path", str(local_config))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "failed: ctl2" in result.stderr
    data = report(tmp_path)
    assert data["failed_hosts"] == ["ctl2"]
    assert data["hosts"]["ctl2"]["failed_task"] == "Fail where asked"
    assert data["hosts"]["ctl2"]["message"] == "ctl2 is broken"
    assert data["hosts"]["ctl1"]["status"] == "ok"
    assert data["hosts"]["cmp1"]["ok"] == 1
    assert data["hosts"]["cmp1"]["skipped"] == 1


def test_playbooks_and_hooks_run_in_one_process(run_kayobe, local_config,
                                                tmp_path):
    first = write(tmp_path / "first.yml", """\
---
- name: First
  hosts: controllers
  gather_facts: false
  tasks:
    - name: Remember something
      ansible.builtin.set_fact:
        from_first: "{{ marker }}"
""")
    second = write(tmp_path / "second.yml", """\
---
- name: Second
  hosts: controllers
  gather_facts: false
  tasks:
    - name: See what the first playbook and the pre hook set
      ansible.builtin.assert:
        that:
          - from_first == 'typed'
          - from_pre_hook
""")
    hooks = local_config / "hooks" / "playbook-run"
    write(hooks / "pre.d" / "10-pre.yml", """\
---
- name: Pre hook
  hosts: controllers
  gather_facts: false
  tasks:
    - name: Set a fact
      ansible.builtin.set_fact:
        from_pre_hook: true
""")
    write(hooks / "post.d" / "10-post.yml", """\
---
- name: Post hook
  hosts: controllers
  gather_facts: false
  tasks:
    - name: Fail unless the playbooks ran first
      ansible.builtin.assert:
        that: from_first is defined
""")
    args = ["playbook", "run", str(first), str(second),
            "--config-path", str(local_config), "-e", "marker=typed"]
    result = run_kayobe(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.index("Pre hook") < result.stdout.index("First")
    assert result.stdout.index("Second") < result.stdout.index("Post hook")
    result = run_kayobe(*args, "--skip-hooks", "10-pre.yml")
    assert result.returncode != 0
    assert "Pre hook" not in result.stdout


def test_check_mode_and_list_tasks(run_kayobe, local_config):
    result = run_kayobe("overcloud", "host", "command", "run",
                        "--config-path", str(local_config),
                        "--command", "true", "--list-tasks")
    assert result.returncode == 0, result.stderr
    assert "Run the command" in result.stdout


def make_vault_config(local_config, tmp_path):
    pw = write(tmp_path / "vault-pw", "vaultpass\n")
    def vaulted(name, value):
        return subprocess.run(
            [runner.ansible_executable("ansible-vault"), "encrypt_string",
             "--vault-password-file", str(pw), value, "--name", name],
            capture_output=True, text=True, check=True).stdout
    write(local_config / "secrets.yml", vaulted("db_password", "s3cret-value")
          + vaulted("db_host", "db.internal"))
    write(local_config / "globals.yml",
          "greeting: 'hello {{ inventory_hostname }}'\nsize: small\n")
    write(local_config / "inventory" / "group_vars" / "controllers" / "main",
          "role_name: controller\n")
    write(local_config / "inventory" / "host_vars" / "ctl2",
          "role_name: special\n")
    env = local_config / "environments" / "prod"
    write(env / "globals.yml", "size: large\n")
    return pw


def test_configuration_dump(run_kayobe, local_config, tmp_path):
    pw = make_vault_config(local_config, tmp_path)
    # The control host's key pair goes into kolla's passwords as upstream's;
    # its private half is never printed.
    key = write(tmp_path / "id_test", "PRIVATE-KEY-MATERIAL\n")
    write(tmp_path / "id_test.pub", "ssh-ed25519 AAAA test\n")
    with open(local_config / "globals.yml", "a") as globals_file:
        globals_file.write(f"ssh_private_key_path: {key}\n"
                           f"ssh_public_key_path: {key}.pub\n")
    result = run_kayobe("configuration", "dump", "--config-path",
                        str(local_config), "--environment", "prod",
                        "--vault-password-file", str(pw),
                        "--output-format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(data) == ["cmp1", "ctl1", "ctl2", "seed1"]
    assert data["ctl1"]["greeting"] == "hello ctl1"
    assert data["ctl1"]["role_name"] == "controller"
    assert data["ctl2"]["role_name"] == "special"
    assert "role_name" not in data["cmp1"]
    assert data["cmp1"]["size"] == "large"
    # vaulted values are decrypted; a secret's is never printed
    assert data["cmp1"]["db_host"] == "db.internal"
    assert data["cmp1"]["db_password"] == "********"
    assert "s3cret-value" not in result.stdout + result.stderr
    assert "PRIVATE-KEY-MATERIAL" not in result.stdout + result.stderr
    assert data["cmp1"]["kolla_ansible_custom_passwords"]["kolla_ssh_key"] \
        == {"private_key": "********", "public_key": "********"}
    assert data["seed1"]["kayobe_environment"] == "prod"
    result = run_kayobe("configuration", "dump", "--config-path",
                        str(local_config), "--host", "ctl2",
                        "--var-name", "role_name",
                        env={"KAYOBE_VAULT_PASSWORD": "vaultpass"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[0] == "special"


def test_vault_content_needs_a_password(run_kayobe, local_config, tmp_path):
    pw = make_vault_config(local_config, tmp_path)
    result = run_kayobe("configuration", "dump", "--config-path",
                        str(local_config))
    assert result.returncode != 0
    assert "secrets.yml holds vault-encrypted data" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run_kayobe("configuration", "dump", "--config-path",
                        str(local_config), "--vault-password-file", str(pw),
                        env={"KAYOBE_VAULT_PASSWORD": "x"})
    assert result.returncode != 0
    assert "use exactly one" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--config-path", "/nonexistent"], "config path /nonexistent does not exist"),
    (["--environment", "nope"], "environment 'nope' does not exist"),
    (["--environment", "kayobe"], "environment name 'kayobe' is reserved"),
])
def test_bad_input_is_one_line(run_kayobe, local_config, args, message):
    if "--config-path" not in args:
        args = args + ["--config-path", str(local_config)]
    result = run_kayobe("overcloud", "host", "command", "run",
                        "--command", "true", *args)
    assert result.returncode != 0
    assert result.stderr.strip() == f"kayobe: error: {message}" or \
        message in result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_bad_yaml_names_file_and_line(run_kayobe, local_config):
    write(local_config / "globals.yml", "a: 1\nb: [oops\n")
    result = run_kayobe("overcloud", "host", "command", "run",
                        "--config-path", str(local_config), "--command", "true")
    assert result.returncode != 0
    assert "globals.yml:3: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert "PLAY" not in result.stdout


def test_inventory_wrapper(run_kayobe, local_config):
    result = run_kayobe("inventory", "--config-path", str(local_config),
                        "--graph", "overcloud")
    assert result.returncode == 0, result.stderr
    assert "@controllers" in result.stdout and "ctl2" in result.stdout
    result = run_kayobe("inventory", "--config-path", str(local_config),
                        "--list")
    data = json.loads(result.stdout)
    assert data["seed"]["hosts"] == ["seed1"]
    result = run_kayobe("inventory", "--config-path", str(local_config),
                        "--host", "ctl1", "--yaml")
    assert "ansible_connection: local" in result.stdout


def test_environment_create(run_kayobe, local_config, tmp_path):
    source = write(tmp_path / "src" / "globals.yml", "a: 1\n").parent
    result = run_kayobe("environment", "create", "--config-path",
                        str(local_config), "--environment", "staging",
                        "--source-config-path", str(source))
    assert result.returncode == 0, result.stderr
    assert (local_config / "environments" / "staging" / "globals.yml").exists()
    result = run_kayobe("environment", "create", "--config-path",
                        str(local_config), "--environment", "staging")
    assert result.returncode != 0 and "already exists" in result.stderr
