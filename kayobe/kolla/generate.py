"""Generate the whole kolla-ansible configuration in one pass.

Variables of every host are resolved once, in-process; the tree (globals,
inventories, custom service config) is built by pure functions and written
only where it changed.  Passwords are handled separately: they are never
held in the tree, never printed, and only ever written vault-encrypted.
"""

import dataclasses
import pathlib

from kayobe import errors
from kayobe import fileutil
from kayobe import vault
from kayobe.kolla import ansible as kansible
from kayobe.kolla import customconfig
from kayobe.kolla import customrules
from kayobe.kolla import globals as kglobals
from kayobe.kolla import inventory as kinventory
from kayobe.kolla import merge
from kayobe.kolla import passwords as kpasswords
from kayobe.kolla import services as kservices
from kayobe.kolla import vaultpwd
from kayobe.kolla import writer
from kayobe.variables import as_bool

MULTINODE = ("ansible", "inventory", "multinode")
PASSWORDS = "passwords.yml"
CUSTOM_TOP_LEVEL = "custom-top-level"
CUSTOM_COMPONENTS = "zz-custom-components"


@dataclasses.dataclass
class Inputs:
    """What generation reads: resolved variables and the config layers."""

    control: object            # the control host's variables (a mapping)
    groups: dict               # kayobe group -> hosts
    host_vars: object          # callable: host name -> variables mapping
    layers: tuple              # kayobe config layer directories
    venv: str
    render: object             # callable(text, source) -> text


def load_inputs(config, options, venv=None):
    from kayobe import variables
    inventory = variables.Inventory(config, options)
    control = inventory.host_vars("localhost")
    cache = {}

    def host_vars(name):
        if name not in cache:
            cache[name] = inventory.host_vars(name)
        return cache[name]

    return Inputs(control, inventory.groups(), host_vars, config.layers,
                  venv or control["kolla_ansible_venv"], control.render)


def multinode_template(venv):
    return kansible.venv_file(venv, *MULTINODE).read_text()


def layer_files(layers, rel):
    return [pathlib.Path(layer) / "kolla" / rel for layer in layers]


def globals_overrides(inputs):
    """Each layer's kolla/globals.yml, rendered once and parsed."""
    docs = []
    for path in layer_files(inputs.layers, "globals.yml"):
        if path.is_file():
            docs.append(merge.load_yaml(
                inputs.render(path.read_text(), str(path)), str(path)))
    return docs


def custom_text(control, name):
    """An operator's INI inventory text (variable ``name``), or ''."""
    value = control.get(name) or ""
    if not isinstance(value, str):
        raise errors.ConfigError(f"variable '{name}' must be INI inventory text")
    return value


def pass_through_vars(control, kind):
    """(names, {kayobe name: kolla name}) of the ``kind`` inventory's
    pass-through host variables."""
    name = f"kolla_{kind}_inventory_pass_through_host_vars"
    names = control.get(name)
    names = [] if names in (None, "") else names
    rename = control.get(f"{name}_map")
    rename = {} if rename in (None, "") else rename
    if not isinstance(names, list) or isinstance(names, str):
        raise errors.ConfigError(f"variable '{name}' must be a list")
    if not isinstance(rename, dict):
        raise errors.ConfigError(f"variable '{name}_map' must be a mapping")
    return names, rename


def custom_config_layers(inputs):
    """kolla/config of each layer; with environment merging disabled, the
    active environment's alone (upstream's behaviour before merging)."""
    layers = list(inputs.layers)
    merging = inputs.control.get(
        "kolla_openstack_custom_config_environment_merging_enabled", True)
    if not as_bool(merging,
                   "kolla_openstack_custom_config_environment_merging_enabled"):
        layers = layers[-1:]
    return layer_files(layers, "config")


def custom_config(inputs):
    """{config/<rel>: bytes}: kayobe's generated service files below the
    operator's, through the include globs and rules."""
    control = inputs.control
    generated = bifrost_config(control)
    generated.update(kservices.generated_config(control, inputs.host_vars))
    globs = rules = None
    if "kolla_openstack_custom_config_include_globs" in control:
        globs = customrules.include_globs(
            control.get("kolla_openstack_custom_config_include_globs"))
    if "kolla_openstack_custom_config_rules" in control:
        rules = customrules.rules(control.get("kolla_openstack_custom_config_rules"))
    # bifrost's files are kayobe's own (seed), outside the service globs.
    return customconfig.build(custom_config_layers(inputs), inputs.render,
                              generated, globs=globs, rules=rules,
                              always=("bifrost/**",))


def empty_top_level_groups(control, top):
    """``top`` with every group of kolla_overcloud_inventory_kolla_top_level_
    groups that it lacks, empty, so that kolla-ansible's plays naming them
    find them."""
    name = "kolla_overcloud_inventory_kolla_top_level_groups"
    groups = control.get(name) or []
    if not isinstance(groups, list):
        raise errors.ConfigError(f"variable '{name}' must be a list")
    return dict(top, **{g: [] for g in groups if g not in top})


def overcloud_inventory(inputs):
    """{file under inventory/overcloud: text}.

    The generated ``hosts.yml`` holds the top-level groups (hosts from the
    group map), the service groups (kolla-ansible's multinode template) and
    every host's variables.  Upstream Kayobe's custom forms are honoured:
    ``kolla_overcloud_inventory_custom`` replaces the whole inventory;
    ``..._custom_top_level`` and ``..._custom_components`` replace those
    parts and are written beside hosts.yml as the operator wrote them;
    ``..._custom_services`` sections replace or add service groups.

    Ansible reads an inventory directory in name order, and an INI
    ``[group:children]`` section needs its children defined before it: the
    custom top level sorts before hosts.yml, the custom components after.
    """
    control = inputs.control
    full = custom_text(control, "kolla_overcloud_inventory_custom")
    if full:
        return {"hosts": full}
    files = {}
    top = kinventory.top_level_groups(
        control.get("kolla_overcloud_inventory_top_level_group_map") or {},
        inputs.groups)
    custom_top = custom_text(control, "kolla_overcloud_inventory_custom_top_level")
    if custom_top:
        files[CUSTOM_TOP_LEVEL] = custom_top
        top = {}
        placed = kinventory.parse_host_groups(
            custom_top, "kolla_overcloud_inventory_custom_top_level")
    else:
        top = empty_top_level_groups(control, top)
        placed = top
    template = multinode_template(inputs.venv)
    source = "kolla multinode inventory"
    components, services = kinventory.split_service_groups(
        kinventory.parse_group_template(template, source),
        set(placed) | set(kinventory.parse_host_groups(template, source)))
    custom_components = custom_text(
        control, "kolla_overcloud_inventory_custom_components")
    if custom_components:
        files[CUSTOM_COMPONENTS] = custom_components
        components = {}
    services = dict(components, **services)
    custom_services = custom_text(control, "kolla_overcloud_inventory_custom_services")
    if custom_services:
        services.update(kinventory.parse_group_template(
            custom_services, "kolla_overcloud_inventory_custom_services"))
    pass_through, rename = pass_through_vars(control, "overcloud")
    known = set(inputs.groups.get("all", ()))
    ironic_host = kservices.nova_compute_ironic_host(control, known)
    if ironic_host:
        # One host runs nova-compute for Ironic instead of the nova group.
        services.pop("nova-compute-ironic", None)
        top = dict(top, **{"nova-compute-ironic": [ironic_host]})
    hosts = dict.fromkeys(h for members in placed.values() for h in members)
    hosts_vars = {h: kinventory.host_vars(inputs.host_vars(h), pass_through,
                                          rename=rename)
                  if h in known else {} for h in hosts}
    if as_bool(control.get("kolla_ansible_become", False), "kolla_ansible_become"):
        for variables in hosts_vars.values():
            variables["ansible_become"] = True
    files["hosts.yml"] = kinventory.render_inventory(
        kinventory.build_inventory(top, services, hosts_vars))
    return files


def seed_inventory(inputs):
    """{file under inventory/seed: text}; ``kolla_seed_inventory_custom``
    replaces the generated one."""
    full = custom_text(inputs.control, "kolla_seed_inventory_custom")
    if full:
        return {"hosts": full}
    seeds = inputs.groups.get("seed", [])
    pass_through, rename = pass_through_vars(inputs.control, "seed")
    hosts_vars = {h: kinventory.host_vars(inputs.host_vars(h), pass_through,
                                          seed=True, rename=rename)
                  for h in seeds}
    return {"hosts.yml": kinventory.render_inventory(kinventory.build_inventory(
        {"bifrost": seeds}, {"baremetal": ["bifrost"]}, hosts_vars))}


def bifrost_config(control):
    """kayobe's part of bifrost.yml, dib.yml and servers.yml."""
    bifrost = {}
    for key in ("dhcp_pool_start", "dhcp_pool_end"):
        value = control.get(f"kolla_bifrost_{key}")
        if value:
            bifrost[key] = value
    bifrost.update(control.get("kolla_bifrost_extra_globals") or {})
    dib = {"dib_os_element": control.get("kolla_bifrost_dib_os_element"),
           "dib_os_release": control.get("kolla_bifrost_dib_os_release")}
    dib = {k: v for k, v in dib.items() if v}
    dib.update(control.get("kolla_bifrost_dib_extra") or {})
    servers = control.get("kolla_bifrost_servers") or {}
    if not isinstance(servers, dict):
        raise errors.ConfigError("variable 'kolla_bifrost_servers' must be a mapping")
    return {f"bifrost/{name}.yml": merge.dump_yaml(data) for name, data in
            (("bifrost", bifrost), ("dib", dib), ("servers", servers))}


def build_tree(inputs):
    """{relative path: bytes} of everything but the passwords."""
    from kayobe import validate
    data = kglobals.build_globals(inputs.control, globals_overrides(inputs))
    tree = {"globals.yml": kglobals.render_globals(data).encode()}
    for name, files in (("overcloud", overcloud_inventory(inputs)),
                        ("seed", seed_inventory(inputs))):
        tree.update({f"inventory/{name}/{rel}": text.encode()
                     for rel, text in files.items()})
    tree.update(custom_config(inputs))
    validate.check_vip(inputs.control)
    return tree


def config_base(config):
    """The environment's directory when one is used, else the base: where
    kayobe keeps what it generates into the configuration."""
    return pathlib.Path(config.environment_path or config.path)


def passwords_store(config):
    """The encrypted passwords kept in the kayobe configuration (the
    environment's when one is used), the source of truth."""
    return config_base(config) / "kolla" / PASSWORDS


def read_passwords(path, password):
    data = writer.current(path)
    return None if data is None else kpasswords.decrypt(data, password, path)


def complete(template_text, existing):
    """True when ``existing`` has exactly the template's keys (kolla-genpwd
    leaves some, such as registry passwords, empty on purpose)."""
    if not existing:
        return False
    have = merge.load_yaml(existing, "passwords")
    want = merge.load_yaml(template_text, "passwords template")
    return set(have) == set(want)


def custom_passwords(control):
    """kolla_ansible_custom_passwords without its unset entries: an unset
    one (upstream's docker_registry_password when there is no registry
    password) keeps the generated or stored value."""
    custom = control.get("kolla_ansible_custom_passwords") or {}
    if not isinstance(custom, dict):
        return custom  # kpasswords names the variable in its error
    return {k: v for k, v in custom.items() if v is not None and v != ""}


def sync_passwords(config, options, inputs, kolla_config_path, run=None,
                   write_store=True, vault_run=None):
    """Generate or update the passwords; write them encrypted (0600) to the
    kolla configuration path and, with ``write_store``, the kayobe
    configuration's store; with kolla_ansible_vault_addr, read from and
    written to Vault too."""
    password = vault.read_password(options.vault)
    if not password:
        raise errors.VaultError(kpasswords.NO_VAULT)
    store = passwords_store(config)
    existing = read_passwords(store, password)
    custom = custom_passwords(inputs.control)
    template = kpasswords.template_path(inputs.venv).read_text()
    vault_conf = vaultpwd.settings(inputs.control)
    if vault_conf:
        # What Vault holds wins over the local store (upstream's order).
        from_vault = vaultpwd.read(inputs.venv, vault_conf, merge.load_yaml(
            template, "passwords template"), vault_run)
        existing = vaultpwd.overlay(existing, from_vault)
    if complete(template, existing):
        text = existing
        if custom:
            doc = merge.load_yaml(existing, store)
            doc.update(custom)
            text = merge.dump_yaml(doc)
    else:
        text = kpasswords.generate(inputs.venv, existing, custom, run)
    changed = []
    # Check mode (no write_store) leaves Vault as it is too.
    if vault_conf and write_store and vaultpwd.differs(from_vault, text):
        vaultpwd.write(inputs.venv, vault_conf, text, vault_run)
        changed.append(vault_conf["addr"])
    targets = [pathlib.Path(kolla_config_path) / PASSWORDS]
    if write_store:
        targets.insert(0, store)
    for path in targets:
        if not kpasswords.same_content(read_passwords(path, password), text):
            fileutil.write_atomic(path, kpasswords.encrypt(text, password), 0o600)
            changed.append(str(path))
        elif path.stat().st_mode & 0o777 != 0o600:
            path.chmod(0o600)
    return changed
