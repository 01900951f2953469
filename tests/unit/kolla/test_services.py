"""Service configuration kayobe generates for kolla-ansible."""

from kayobe import errors
from kayobe.kolla import merge
from kayobe.kolla import services
from tests.unit import base

SWITCH = {
    "switch_type": "dellos10", "ansible_host": "10.66.3.1",
    "ansible_user": "admin", "ansible_ssh_pass": "sw-secret",
    "switch_interface_config": {
        "eth1": {"description": "ctl1"},
        "eth2": {"description": "ctl1", "ngs_trunk_port": False},
        "eth3": {"description": "other"},
        "eth4": {"description": "ctl2"},
    },
}


def parsed(text):
    return {section: {k: v[0] for k, v in options.items()}
            for section, options in merge.parse_ini(text).items()}


class TestNeutron(base.TestCase):

    def test_ml2_conf(self):
        variables = {
            "kolla_neutron_ml2_mechanism_drivers": ["openvswitch", "genericswitch"],
            "kolla_neutron_ml2_extension_drivers": ["port_security"],
            "kolla_neutron_ml2_network_vlan_ranges": [
                {"physical_network": "physnet1", "range": "100:200"},
                {"physical_network": "physnet2"}],
            "kolla_neutron_ml2_generic_switches": [
                {"name": "given", "device_type": "netmiko_ovs_linux",
                 "ip": "10.66.3.9", "username": "u", "key_file": "/k",
                 "ngs_port_default_vlan": 3, "other": "ignored"}],
            "kolla_neutron_ml2_generic_switch_hosts": ["sw1"],
            "kolla_neutron_ml2_generic_switch_trunk_port_hosts": ["ctl1", "ctl2"],
        }
        host = dict(SWITCH, kolla_neutron_ml2_generic_switch_extra={
            "ngs_manage_vlans": False})
        self.assertEqual(parsed(services.ml2_conf(variables, {"sw1": host}.get)), {
            "ml2": {"mechanism_drivers": "openvswitch,genericswitch",
                    "extension_drivers": "port_security"},
            "ml2_type_vlan": {"network_vlan_ranges": "physnet1:100:200,physnet2"},
            "genericswitch:given": {
                "device_type": "netmiko_ovs_linux", "ip": "10.66.3.9",
                "username": "u", "key_file": "/k", "ngs_port_default_vlan": "3"},
            "genericswitch:sw1": {
                "device_type": "netmiko_dell_os10", "ip": "10.66.3.1",
                "username": "admin", "password": "sw-secret",
                "ngs_trunk_ports": "eth1,eth4", "ngs_manage_vlans": "False"},
        })

    def test_nothing_to_say_is_no_file(self):
        self.assertIsNone(services.ml2_conf({}, {}.get))
        self.assertEqual(services.generated_config(
            {"kolla_enable_neutron": True}, {}.get), {})

    def test_bad_switch_hosts(self):
        for case, host, pattern in (
                ("missing", {"switch_type": "junos"},
                 r"host 'sw1' .* has no ansible_host, ansible_user, ansible_ssh_pass"),
                ("type", dict(SWITCH, switch_type="nope"),
                 r"host 'sw1': switch_type 'nope' has no generic switch device type"),
                ("config", dict(SWITCH, switch_interface_config=[]),
                 r"host 'sw1' 'switch_interface_config' must be a mapping")):
            with self.subTest(case=case):
                with self.assertRaisesRegex(errors.ConfigError, pattern):
                    services.ml2_conf(
                        {"kolla_neutron_ml2_generic_switch_hosts": ["sw1"]},
                        {"sw1": host}.get)

    def test_bad_lists(self):
        for case, variables, pattern in (
                ("not a list", {"kolla_neutron_ml2_mechanism_drivers": "ovs"},
                 "'kolla_neutron_ml2_mechanism_drivers' must be a list"),
                ("range", {"kolla_neutron_ml2_network_vlan_ranges": [{"range": "1:2"}]},
                 "each item needs a physical_network"),
                ("switch", {"kolla_neutron_ml2_generic_switches": [{"name": "s"}]},
                 "switch 's' has no device_type")):
            with self.subTest(case=case):
                with self.assertRaisesRegex(errors.ConfigError, pattern):
                    services.ml2_conf(variables, {}.get)

    def test_type_driver_globals(self):
        variables = {"kolla_enable_neutron": True,
                     "kolla_neutron_ml2_type_drivers": ["flat", "vlan", "vxlan"],
                     "kolla_neutron_ml2_tenant_network_types": ["vlan", "vlan"]}
        self.assertEqual(services.service_globals(variables), {
            "neutron_type_drivers": "flat,vlan,vxlan",
            "neutron_tenant_network_types": "vlan"})
        self.assertEqual(services.service_globals(
            dict(variables, kolla_enable_neutron=False)), {})


class TestIronic(base.TestCase):

    def test_ironic_conf(self):
        variables = {
            "kolla_enable_ironic": True,
            "kolla_ironic_enabled_hardware_types": ["ipmi", "redfish"],
            "kolla_ironic_enabled_boot_interfaces": ["pxe", "ipxe"],
            "kolla_ironic_default_boot_interface": "ipxe",
            "kolla_ironic_default_deploy_interface": "direct",
            "kolla_ironic_enabled_raid_interfaces": None,
            "kolla_ironic_cleaning_network": "clean-net",
            "kolla_ironic_provisioning_network": "provision-net",
            "kolla_ironic_pxe_append_params": ["nofb", "console=ttyS0"],
            "inspector_hooks": ["$default_hooks", "parse-lldp"],
            "inspector_add_ports": "pxe",
            "inspector_keep_ports": "added",
            "inspector_extra_kernel_options": ["ipa-collect-lldp=1"],
            "inspector_enable_discovery": True,
            "inspector_discovery_enroll_node_driver": "ipmi",
        }
        files = services.generated_config(variables, {}.get)
        self.assertEqual(parsed(files["ironic.conf"]), {
            "DEFAULT": {"enabled_hardware_types": "ipmi,redfish",
                        "enabled_boot_interfaces": "pxe,ipxe",
                        "default_boot_interface": "ipxe",
                        "default_deploy_interface": "direct"},
            "neutron": {"cleaning_network": "clean-net",
                        "provisioning_network": "provision-net"},
            "pxe": {"kernel_append_params": "nofb console=ttyS0"},
            "inspector": {"hooks": "$default_hooks,parse-lldp", "add_ports": "pxe",
                          "keep_ports": "added",
                          "extra_kernel_params": "ipa-collect-lldp=1"},
            "auto_discovery": {"enabled": "True", "driver": "ipmi"},
        })

    def test_disabled_services_have_no_files(self):
        self.assertEqual(services.generated_config(
            {"kolla_enable_ironic": False, "kolla_enable_neutron": False,
             "kolla_neutron_ml2_mechanism_drivers": ["ovs"]}, {}.get), {})

    def test_no_discovery_section_without_discovery(self):
        text = services.ironic_conf({"inspector_enable_discovery": "false"})
        self.assertNotIn("auto_discovery", text)


class TestNova(base.TestCase):

    def test_compute_ironic_host(self):
        for case, value, expected in (("unset", None, None), ("empty", "", None),
                                      ("set", "ctl1", "ctl1")):
            with self.subTest(case=case):
                self.assertEqual(services.nova_compute_ironic_host(
                    {"kolla_nova_compute_ironic_host": value}, {"ctl1"}), expected)
        with self.assertRaisesRegex(errors.ConfigError,
                                    "'kolla_nova_compute_ironic_host': 'x' is not"):
            services.nova_compute_ironic_host(
                {"kolla_nova_compute_ironic_host": "x"}, {"ctl1"})


class TestAroundTheServices(base.TestCase):

    def test_pass_through_host_vars_renamed_and_winning(self):
        from kayobe.kolla import inventory
        result = inventory.host_vars(
            {"kolla_api_interface": "eth9", "container_engine": "podman",
             "ansible_host": "10.66.0.5", "unlisted": 1},
            ["kolla_api_interface", "container_engine", "ansible_host", "missing"],
            rename={"kolla_api_interface": "api_interface",
                    "container_engine": "kolla_container_engine"})
        self.assertEqual(result, {"api_interface": "eth9",
                                  "kolla_container_engine": "podman",
                                  "ansible_host": "10.66.0.5"})

    def test_tree_diff_hides_secret_values(self):
        from kayobe.kolla import writer
        old = b"[genericswitch:sw1]\nip = 10.66.3.1\npassword = old-secret\n"
        new = b"[genericswitch:sw1]\nip = 10.66.3.2\npassword = new-secret\n"
        out = "".join(writer._unified("config/neutron/ml2_conf.ini", old, new))
        self.assertIn("+ip = 10.66.3.2", out)
        self.assertIn("password = ********", out)
        self.assertNotIn("secret\n", out.replace("********", ""))
        self.assertNotIn("new-secret", out)
        self.assertNotIn("old-secret", out)


class TestGenerationInputs(base.TestCase):
    """The parts of the one-pass generation that read these variables."""

    def inputs(self, control, layers=("base", "env")):
        from kayobe.kolla import generate
        return generate.Inputs(control=control, groups={"all": []},
                               host_vars={}.get,
                               layers=tuple(str(self.tmp_path / p) for p in layers),
                               venv="/venv", render=lambda text, source: text)

    def test_environment_merging(self):
        from kayobe.kolla import generate
        self.write("base/kolla/config/keystone.conf", "[a]\nx = base\n")
        self.write("env/kolla/config/keystone.conf", "[a]\ny = env\n")
        self.write("base/kolla/config/nova.conf", "[a]\nx = base\n")
        for merging, expected in (
                (True, {"config/keystone.conf": b"[a]\nx = base\n\n[a]\ny = env\n",
                        "config/nova.conf": b"[a]\nx = base\n"}),
                (False, {"config/keystone.conf": b"[a]\ny = env\n"})):
            with self.subTest(merging=merging):
                tree = generate.custom_config(self.inputs({
                    "kolla_openstack_custom_config_environment_merging_enabled":
                        merging,
                    "kolla_openstack_custom_config_include_globs": [
                        {"glob": "*.conf", "enabled": True}],
                    "kolla_openstack_custom_config_rules": [
                        {"glob": "**", "strategy": "concat", "priority": 1}],
                    "kolla_enable_neutron": False}))
                tree = {k: v for k, v in tree.items() if "bifrost" not in k}
                self.assertEqual(tree, expected)

    def test_pass_through_variables_are_checked(self):
        from kayobe.kolla import generate
        for control, pattern in (
                ({"kolla_overcloud_inventory_pass_through_host_vars": "a"},
                 "'kolla_overcloud_inventory_pass_through_host_vars' must be a list"),
                ({"kolla_overcloud_inventory_pass_through_host_vars_map": []},
                 "_host_vars_map' must be a mapping")):
            with self.subTest(pattern=pattern):
                with self.assertRaisesRegex(errors.ConfigError, pattern):
                    generate.pass_through_vars(control, "overcloud")
