"""Tests of the pure IP allocation in kayobe.network.allocation."""

import random
import time

from kayobe.network import allocation
from kayobe.network.errors import NetworkError
from tests.unit import base

NET = {"cidr": "10.66.0.0/24", "allocation_pool_start": "10.66.0.10",
       "allocation_pool_end": "10.66.0.20"}


def spec(**extra):
    return dict(NET, **extra)


CASES = [
    # (name, networks, host_networks, existing, expected)
    ("first free address of the pool, hosts sorted",
     {"a": spec()}, {"h2": ["a"], "h1": ["a"]}, {},
     {"a_ips": {"h1": "10.66.0.10", "h2": "10.66.0.11"}}),
    ("existing allocations are kept and skipped",
     {"a": spec()}, {"h1": ["a"], "h2": ["a"], "h3": ["a"]},
     {"a_ips": {"h2": "10.66.0.10", "old": "10.66.0.12"}},
     {"a_ips": {"h2": "10.66.0.10", "old": "10.66.0.12",
                "h1": "10.66.0.11", "h3": "10.66.0.13"}}),
    ("static IP outside the pool is kept",
     {"a": spec()}, {"h1": ["a"]}, {"a_ips": {"h1": "10.66.0.200"}},
     {"a_ips": {"h1": "10.66.0.200"}}),
    ("gateway and VIP are skipped",
     {"a": spec(gateway="10.66.0.10", vip_address="10.66.0.11")},
     {"h1": ["a"]}, {}, {"a_ips": {"h1": "10.66.0.12"}}),
    ("reserved addresses are skipped",
     {"a": spec(reserved=["10.66.0.10", "10.66.0.12"])},
     {"h1": ["a"], "h2": ["a"]}, {},
     {"a_ips": {"h1": "10.66.0.11", "h2": "10.66.0.13"}}),
    ("a host may keep the gateway's address",
     {"a": spec(gateway="10.66.0.1")}, {"seed": ["a"]},
     {"a_ips": {"seed": "10.66.0.1"}}, {"a_ips": {"seed": "10.66.0.1"}}),
    ("inspection and neutron gateways are skipped",
     {"a": spec(inspection_gateway="10.66.0.10",
                neutron_gateway="10.66.0.11")},
     {"h1": ["a"]}, {}, {"a_ips": {"h1": "10.66.0.12"}}),
    ("without a pool the whole CIDR is used, minus network address",
     {"a": {"cidr": "10.66.0.0/24", "gateway": "10.66.0.1"}},
     {"h1": ["a"]}, {}, {"a_ips": {"h1": "10.66.0.2"}}),
    ("without a pool the other pools are avoided",
     {"a": {"cidr": "10.66.0.0/29",
            "inspection_allocation_pool_start": "10.66.0.1",
            "inspection_allocation_pool_end": "10.66.0.2",
            "neutron_allocation_pool_start": "10.66.0.4",
            "neutron_allocation_pool_end": "10.66.0.5"}},
     {"h1": ["a"], "h2": ["a"]}, {},
     {"a_ips": {"h1": "10.66.0.3", "h2": "10.66.0.6"}}),
    ("/31 uses both addresses",
     {"a": {"cidr": "10.66.0.0/31"}}, {"h1": ["a"], "h2": ["a"]}, {},
     {"a_ips": {"h1": "10.66.0.0", "h2": "10.66.0.1"}}),
    ("no_ip networks get no address",
     {"a": spec(no_ip=True)}, {"h1": ["a"]}, {}, {}),
    ("no_ip as a string",
     {"a": spec(no_ip="yes")}, {"h1": ["a"]}, {}, {}),
    ("networks without CIDR get no address",
     {"a": {"gateway": "10.66.0.1"}}, {"h1": ["a"]}, {}, {}),
    ("networks without spec get no address",
     {}, {"h1": ["a"]}, {}, {}),
    ("hosts only get addresses on their networks",
     {"a": spec(), "b": {"cidr": "10.66.1.0/24"}},
     {"h1": ["a", "b"], "h2": ["b"], "h3": None}, {},
     {"a_ips": {"h1": "10.66.0.10"},
      "b_ips": {"h1": "10.66.1.1", "h2": "10.66.1.2"}}),
    ("unrelated entries are kept as they are",
     {"a": spec()}, {}, {"zz_ips": {"x": "not checked"}},
     {"zz_ips": {"x": "not checked"}}),
    ("IPv6",
     {"a": {"cidr": "fd00:66::/64", "gateway": "fd00:66::1"}},
     {"h1": ["a"]}, {}, {"a_ips": {"h1": "fd00:66::2"}}),
]


ERRORS = [
    ("pool exhausted",
     {"a": spec(allocation_pool_end="10.66.0.11")},
     {"h1": ["a"], "h2": ["a"], "h3": ["a"]}, {},
     "network 'a': allocation pool exhausted; no IP left for host 'h3' "
     "(3 needed)"),
    ("CIDR exhausted",
     {"a": {"cidr": "10.66.0.0/30", "gateway": "10.66.0.1"}},
     {"h1": ["a"], "h2": ["a"]}, {},
     "network 'a': allocation pool exhausted; no IP left for host 'h2' "
     "(2 needed)"),
    ("invalid CIDR",
     {"a": {"cidr": "10.66.0.0/40"}}, {"h1": ["a"]}, {},
     "network 'a': invalid CIDR '10.66.0.0/40'"),
    ("pool outside CIDR",
     {"a": spec(allocation_pool_start="10.67.0.1")}, {"h1": ["a"]}, {},
     "network 'a': allocation_pool start: 10.67.0.1 is outside CIDR "
     "10.66.0.0/24"),
    ("gateway outside CIDR",
     {"a": spec(gateway="10.67.0.1")}, {"h1": ["a"]}, {},
     "network 'a': gateway: 10.67.0.1 is outside CIDR 10.66.0.0/24"),
    ("reserved address outside CIDR",
     {"a": spec(reserved=["10.1.1.1"])}, {"h1": ["a"]}, {},
     "network 'a': reserved: 10.1.1.1 is outside CIDR 10.66.0.0/24"),
    ("VIP is not an address",
     {"a": spec(vip_address="vip")}, {"h1": ["a"]}, {},
     "network 'a': vip_address: invalid IP address 'vip'"),
    ("allocation pool overlaps inspection pool",
     {"a": spec(inspection_allocation_pool_start="10.66.0.20",
                inspection_allocation_pool_end="10.66.0.30")},
     {"h1": ["a"]}, {},
     "network 'a': allocation_pool overlaps inspection_allocation_pool"),
    ("inspection pool overlaps neutron pool",
     {"a": {"cidr": "10.66.0.0/24",
            "inspection_allocation_pool_start": "10.66.0.100",
            "inspection_allocation_pool_end": "10.66.0.150",
            "neutron_allocation_pool_start": "10.66.0.150",
            "neutron_allocation_pool_end": "10.66.0.200"}},
     {"h1": ["a"]}, {},
     "network 'a': inspection_allocation_pool overlaps "
     "neutron_allocation_pool"),
    ("duplicate static IP",
     {"a": spec()}, {"h1": ["a"]},
     {"a_ips": {"h2": "10.66.0.50", "h1": "10.66.0.50"}},
     "network 'a': hosts 'h1' and 'h2' share IP 10.66.0.50"),
    ("static IP outside CIDR",
     {"a": spec()}, {"h1": ["a"]}, {"a_ips": {"h1": "10.66.1.5"}},
     "network 'a': IP of host 'h1': 10.66.1.5 is outside CIDR 10.66.0.0/24"),
    ("static IP malformed",
     {"a": spec()}, {}, {"a_ips": {"h1": "10.66.0"}},
     "network 'a': IP of host 'h1': invalid IP address '10.66.0'"),
    ("allocation not a mapping",
     {"a": spec()}, {}, ["a_ips"],
     "IP allocation must be a mapping of <net>_ips"),
    ("entries not a mapping",
     {"a": spec()}, {}, {"a_ips": ["10.66.0.1"]},
     "IP allocation a_ips must map hosts to IP addresses"),
]


def big_inputs(hosts=1000, nets=5):
    networks = {f"n{i}": {"cidr": f"10.{66 + i}.0.0/16",
                          "gateway": f"10.{66 + i}.0.1",
                          "allocation_pool_start": f"10.{66 + i}.0.10",
                          "allocation_pool_end": f"10.{66 + i}.255.200"}
                for i in range(nets)}
    host_networks = {f"host{h:04d}": list(networks) for h in range(hosts)}
    return networks, host_networks


class TestAllocate(base.TestCase):

    def test_allocate(self):
        for name, networks, host_networks, existing, expected in CASES:
            with self.subTest(name):
                before = repr(existing)
                self.assertEqual(
                    allocation.allocate(networks, host_networks, existing),
                    expected)
                self.assertEqual(repr(existing), before)  # input untouched

    def test_allocate_errors(self):
        for name, networks, host_networks, existing, message in ERRORS:
            with self.subTest(name):
                with self.assertRaises(NetworkError) as info:
                    allocation.allocate(networks, host_networks, existing)
                self.assertEqual(str(info.exception), message)

    def test_deterministic_whatever_the_input_order(self):
        networks, host_networks = big_inputs(hosts=50, nets=2)
        items = list(host_networks.items())
        random.Random(4).shuffle(items)
        shuffled = {host: list(reversed(nets)) for host, nets in items}
        self.assertEqual(allocation.allocate(networks, host_networks),
                         allocation.allocate(networks, shuffled))

    def test_allocate_is_idempotent(self):
        networks, host_networks = big_inputs(hosts=20, nets=2)
        first = allocation.allocate(networks, host_networks)
        self.assertEqual(allocation.allocate(networks, host_networks, first),
                         first)

    def test_thousand_hosts_five_networks_is_fast(self):
        networks, host_networks = big_inputs()
        start = time.perf_counter()
        result = allocation.allocate(networks, host_networks)
        elapsed = time.perf_counter() - start
        self.assertTrue(all(len(set(ips.values())) == 1000
                            for ips in result.values()))
        self.assertLess(elapsed, 1.0)


class TestInputs(base.TestCase):

    def test_network_spec_from_variables(self):
        variables = {"a_cidr": "10.66.0.0/24", "a_gateway": "10.66.0.1",
                     "a_allocation_pool_start": "10.66.0.10",
                     "a_interface": "eth0", "a_no_ip": "false"}
        self.assertEqual(allocation.network_spec(variables, "a"), {
            "cidr": "10.66.0.0/24", "gateway": "10.66.0.1",
            "allocation_pool_start": "10.66.0.10", "no_ip": False})

    def test_inputs_from_hostvars(self):
        hostvars = {
            "h1": {"network_interfaces": ["a", "b"], "a_cidr": "10.66.0.0/24",
                   "b_cidr": "10.66.1.0/24", "b_bootproto": "DHCP"},
            "h2": {"network_interfaces": ["b"], "b_cidr": "10.66.1.0/24"},
            "h3": {"a_cidr": "10.99.0.0/24"},
        }
        networks, attached = allocation.inputs_from_hostvars(
            hostvars, ["h1", "h2", "h3"], {"h3": ["a"]})
        self.assertEqual(attached, {"h1": ["a"], "h2": ["b"], "h3": ["a"]})
        self.assertEqual(networks, {
            "a": {"cidr": "10.66.0.0/24", "no_ip": False},
            "b": {"cidr": "10.66.1.0/24", "no_ip": False}})


class TestConfiguredIPs(base.TestCase):
    """An address the configuration already gives a host (its own entry in
    ``<net>_ips``, e.g. from a file other than network-allocation.yml) is
    kept and recorded, never replaced by a fresh one."""

    NETWORKS = {"a": {"cidr": "10.66.0.0/24"}}

    def test_configured_ips_are_each_hosts_own_entries(self):
        hostvars = {
            "h1": {"a_ips": {"h1": "10.66.0.5", "h2": "10.66.0.6"}},
            "h2": {"a_ips": {"h1": "10.66.0.5"}},   # no entry of its own
            "h3": {"a_ips": "not a mapping"},
        }
        self.assertEqual(
            allocation.configured_ips(hostvars,
                                      {"h1": ["a"], "h2": ["a"], "h3": ["a"]}),
            {"a_ips": {"h1": "10.66.0.5"}})

    def test_configured_address_kept_and_not_given_to_others(self):
        result = allocation.allocate(
            self.NETWORKS, {"h1": ["a"], "h2": ["a"]}, {},
            {"a_ips": {"h1": "10.66.0.1"}})
        self.assertEqual(result, {"a_ips": {"h1": "10.66.0.1",
                                            "h2": "10.66.0.2"}})

    def test_existing_allocation_wins(self):
        result = allocation.allocate(
            self.NETWORKS, {"h1": ["a"]}, {"a_ips": {"h1": "10.66.0.9"}},
            {"a_ips": {"h1": "10.66.0.5"}})
        self.assertEqual(result, {"a_ips": {"h1": "10.66.0.9"}})
