"""The Jinja filters, rendered through a real jinja2 Environment."""

import importlib.util
import pathlib

import jinja2

from kayobe.network import filters
from kayobe.network import model
from kayobe.network.errors import NetworkError
from tests.unit import base

CTL0 = {
    "inventory_hostname": "ctl0",
    "network_interfaces": ["int", "ext", "bo"],
    "external_net_names": ["ext"],
    "int_interface": "eth0.10",
    "int_vlan": 10,
    "int_cidr": "10.66.1.0/24",
    "int_gateway": "10.66.1.1",
    "int_mtu": 1500,
    "int_ips": {"ctl0": "10.66.1.10", "ctl1": "10.66.1.11"},
    "ext_interface": "breth1",
    "ext_bridge_ports": ["eth1"],
    "bo_interface": "bond0",
    "bo_bond_slaves": ["eth2", "eth3"],
    "bo_bond_mode": "802.3ad",
}
# Another host, with its own interface names, seen through hostvars.
CTL1 = dict(CTL0, inventory_hostname="ctl1", int_interface="ens5.10")
HOSTVARS = {"ctl0": CTL0, "ctl1": CTL1}


def render(source, **extra):
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(filters.get_filters())
    return env.from_string(source).render(dict(CTL0, hostvars=HOSTVARS,
                                               **extra))


TEMPLATES = [
    ("{{ 'int' | net_cidr }}", "10.66.1.0/24"),
    ("{{ 'int' | net_ip }}", "10.66.1.10"),
    ("{{ 'int' | net_ip('ctl1') }}", "10.66.1.11"),
    ("{{ 'int' | net_interface('ctl1') }}", "ens5.10"),
    ("{{ 'int' | net_interface('ctl0') }}", "eth0.10"),
    ("{{ 'int' | net_attr('gateway') }}", "10.66.1.1"),
    ("{{ 'int' | net_attr('gateway', 'ctl1') }}", "10.66.1.1"),
    ("{{ 'int' | net_ip }}/{{ 'int' | net_prefix }}", "10.66.1.10/24"),
    ("{{ 'int' | net_mask }}", "255.255.255.0"),
    ("{{ 'int' | net_vlan + 1 }}", "11"),
    ("{{ 'int' | net_parent }}", "eth0"),
    ("{{ 'nope' | net_cidr }}", "None"),
    ("{{ network_interfaces | net_select_bridges | join(',') }}", "ext"),
    ("{{ network_interfaces | net_select_bonds | join(',') }}", "bo"),
    ("{{ network_interfaces | net_select_vlan_interfaces | join(',') }}",
     "int"),
    ("{{ network_interfaces | net_reject_vlans | join(',') }}", "ext,bo"),
    ("{% for n in network_interfaces if n | net_is_ether %}{{ n }}"
     "{% endfor %}", "int"),
    ("{{ network_interfaces | map('net_interface') | join(' ') }}",
     "eth0.10 breth1 bond0"),
    ("{{ 'bo' | net_physical_interface | join(' ') }}", "eth2 eth3"),
    ("{{ network_interfaces | net_ovs_veths | map(attribute='device') "
     "| join }}", "p-breth1-phy"),
    ("{{ network_interfaces | net_render_files | length }}", "13"),
]


class TestFilters(base.TestCase):

    def test_filter_in_template(self):
        for source, expected in TEMPLATES:
            with self.subTest(source):
                self.assertEqual(render(source), expected)

    def test_render_files_filter_matches_renderer(self):
        env = jinja2.Environment()
        env.filters.update(filters.get_filters())
        text = env.from_string(
            "{% for name, text in (nets | net_render_files).items() %}"
            "== {{ name }}\n{{ text }}{% endfor %}").render(dict(CTL0, nets=[
                "bo"]))
        self.assertIn("== 50-kayobe-bond0.netdev\n", text)
        self.assertIn("Mode=802.3ad", text)

    def test_model_filter_delegates_to_model(self):
        """Each filter returns what the model function of that name returns."""
        env = jinja2.Environment()
        env.filters.update(filters.get_filters())
        for name in filters.MODEL_FILTERS:
            with self.subTest(name):
                func = getattr(model, name)
                value = (CTL0["network_interfaces"] if "select" in name
                         or "reject" in name else "bo")
                template = "{{ value | " + name + " }}"
                result = env.from_string(template).render(
                    dict(CTL0, value=value))
                self.assertEqual(result, str(func(CTL0, value)))

    def test_every_model_function_is_a_filter(self):
        """MODEL_FILTERS is derived from the model: nothing to keep in step."""
        functions = {name for name in dir(model) if name.startswith("net_")
                     and callable(getattr(model, name))}
        self.assertLessEqual(functions, set(filters.get_filters()))
        self.assertEqual(set(filters.MODEL_FILTERS),
                         functions - set(filters.CONTEXT_FILTERS))
        self.assertIn("net_bond_options", filters.MODEL_FILTERS)
        self.assertNotIn("net_attr", filters.MODEL_FILTERS)

    def test_filter_errors_propagate_as_network_error(self):
        with self.assertRaises(NetworkError) as info:
            render("{{ 'int' | net_gateway }}", int_gateway="10.66.2.1")
        self.assertEqual(str(info.exception), (
            "network 'int' on host 'ctl0': gateway: 10.66.2.1 is outside CIDR "
            "10.66.1.0/24"))

    def test_get_filters_names(self):
        names = set(filters.get_filters())
        self.assertLessEqual(
            {"net_attr", "net_ip", "net_ovs_veths", "net_render_files",
             "net_cidr", "net_bond_slaves", "net_select_ethers"}, names)
        self.assertTrue(all(name.startswith("net_") for name in names))

    def test_shim_exposes_the_filters(self):
        path = (pathlib.Path(__file__).parents[3] / "ansible" /
                "filter_plugins" / "networks.py")
        spec = importlib.util.spec_from_file_location("networks_shim", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.assertEqual(set(module.FilterModule().filters()),
                         set(filters.get_filters()))
