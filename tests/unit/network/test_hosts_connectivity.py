"""/etc/hosts lines, connectivity checks and the run's allocation fact."""

from kayobe.network import connectivity
from kayobe.network import hosts
from kayobe.network import model
from kayobe.network.errors import NetworkError
from tests.unit import base


def host_vars(name="h1", **extra):
    variables = {
        "inventory_hostname": name,
        "int_interface": "eth1",
        "int_cidr": "10.71.0.0/24",
        "int_gateway": "10.71.0.1",
        "int_ips": {"h1": "10.71.0.10"},
        "ext_interface": "br-ex",
        "ext_cidr": "10.72.0.0/24",
        "ext_mtu": 9000,
        "ext_ips": {},
        "kayobe_network_allocation": {
            "int_ips": {"h1": "10.71.0.99", "h2": "10.71.0.11"},
            "ext_ips": {"h1": "10.72.0.10", "h2": "10.72.0.11"},
        },
    }
    variables.update(extra)
    return variables


# (host, network, the IP address net_ip finds)
RUN_ALLOCATION = [
    ("h1", "int", "10.71.0.10"),   # <net>_ips wins over the run's fact
    ("h2", "int", "10.71.0.11"),   # allocated during the run
    ("h1", "ext", "10.72.0.10"),
    ("h3", "int", None),
]

# (<net>_ips, host names, hosts wanted, /etc/hosts lines)
ETC_HOSTS = [
    ({"a": "10.0.0.1", "b": "10.0.0.2"}, {}, ["b", "a", "c"],
     ["10.0.0.2 b", "10.0.0.1 a"]),
    ({"a": "10.0.0.1"}, {"a": "a.example.org"}, ["a"],
     ["10.0.0.1 a.example.org a"]),
    ({"a": "10.0.0.1"}, {}, ["a", "a"], ["10.0.0.1 a"]),
    ({}, {}, ["a"], []),
]


class TestModelWithAllocation(base.TestCase):

    def test_net_ip_falls_back_to_the_run_allocation(self):
        for host, net, expected in RUN_ALLOCATION:
            with self.subTest(host=host, net=net):
                self.assertEqual(model.net_ip(host_vars(), net, host), expected)

    def test_net_ip_without_fact(self):
        variables = host_vars()
        del variables["kayobe_network_allocation"]
        self.assertIsNone(model.net_ip(variables, "int", "h2"))

    def test_net_ip_rejects_a_malformed_fact(self):
        variables = host_vars(kayobe_network_allocation={"int_ips": ["x"]})
        with self.assertRaisesRegex(NetworkError, "int_ips must map hosts"):
            model.net_ip(variables, "int", "h2")

    def test_net_hosts_ips_merges_file_and_fact(self):
        self.assertEqual(model.net_hosts_ips(host_vars(), "int"), {
            "h1": "10.71.0.10", "h2": "10.71.0.11"})
        self.assertEqual(model.net_hosts_ips(host_vars(int_no_ip=True), "int"),
                         {})

    def test_select_configured_and_addressed_interfaces(self):
        variables = host_vars()
        self.assertEqual(
            model.net_select_configured(variables, ["int", "x", None]), ["int"])
        self.assertEqual(
            model.net_addressed_interfaces(variables, ["int", "ext"]),
            ["eth1", "br-ex"])
        dhcp = host_vars(int_bootproto="dhcp")
        self.assertEqual(model.net_addressed_interfaces(dhcp, ["int"]), [])


class TestEtcHosts(base.TestCase):

    def test_etc_hosts_lines(self):
        for ips, names, wanted, expected in ETC_HOSTS:
            with self.subTest(ips=ips, names=names, wanted=wanted):
                self.assertEqual(hosts.etc_hosts_lines(ips, names, wanted),
                                 expected)

    def test_net_etc_hosts_uses_the_allocation(self):
        self.assertEqual(
            hosts.net_etc_hosts(host_vars(), "int", ["h1", "h2", "h3"],
                                {"h2": "two"}),
            ["10.71.0.10 h1", "10.71.0.11 two"])
        self.assertEqual(hosts.net_etc_hosts(host_vars(), None, ["h1"]), [])


class TestConnectivity(base.TestCase):

    def test_connectivity_checks(self):
        checks = connectivity.connectivity_checks(
            host_vars(), ["int", "ext"], ["h1", "h2", "h3"])
        self.assertEqual(checks, [
            {"network": "int", "interface": "eth1", "peer": "h2",
             "target": "10.71.0.11", "mtu": None},
            {"network": "int", "interface": "eth1", "peer": "gateway",
             "target": "10.71.0.1", "mtu": None},
            {"network": "ext", "interface": "br-ex", "peer": "h2",
             "target": "10.72.0.11", "mtu": 9000},
        ])

    def test_connectivity_checks_skip_networks_without_own_ip(self):
        variables = host_vars("h3", int_mtu=1500)
        self.assertEqual(
            connectivity.connectivity_checks(variables, ["int"], ["h1"]), [])
        dhcp = host_vars(int_bootproto="dhcp")
        self.assertEqual(
            connectivity.connectivity_checks(dhcp, ["int"], ["h2"]), [])

    def test_connectivity_gateway_mtu_is_optional(self):
        variables = host_vars(int_mtu=9000)
        on = connectivity.connectivity_checks(variables, ["int"], [])
        off = connectivity.connectivity_checks(variables, ["int"], [], False)
        self.assertEqual(on[0]["mtu"], 9000)
        self.assertIsNone(off[0]["mtu"])

    def test_payload_size(self):
        self.assertEqual(connectivity.payload_size("10.0.0.1", 9000), 8972)
        self.assertEqual(connectivity.payload_size("fd00::1", 1500), 1452)

    def test_summarise(self):
        ok, summary = connectivity.summarise("h1", [
            {"network": "int", "peer": "h2", "target": "10.0.0.2",
             "mtu": None, "reachable": True},
            {"network": "ext", "peer": "h2", "target": "10.1.0.2",
             "mtu": 9000, "reachable": True, "mtu_ok": True},
        ])
        self.assertTrue(ok)
        self.assertEqual(summary, {
            "int": "host 'h1' network 'int': ok, 1 target(s) reachable",
            "ext": "host 'h1' network 'ext': ok, 1 target(s) reachable, "
                   "MTU 9000 ok"})
        ok, summary = connectivity.summarise("h1", [
            {"network": "int", "peer": "h2", "target": "10.0.0.2",
             "mtu": None, "reachable": False},
            {"network": "int", "peer": "gateway", "target": "10.0.0.1",
             "mtu": 9000, "reachable": True, "mtu_ok": False},
        ])
        self.assertFalse(ok)
        self.assertEqual(summary["int"], (
            "host 'h1' network 'int': FAILED: no reply from h2 (10.0.0.2); "
            "MTU 9000 fails to gateway (10.0.0.1)"))
