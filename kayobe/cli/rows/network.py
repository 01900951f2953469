"""Network rows: checks over the hosts' configured networks, and the
configuration of the physical network's switches."""

from kayobe.cli.row import Option
from kayobe.cli.row import Row
from kayobe.steps import Playbook

PHYSICAL_NETWORK_OPTIONS = (
    Option(("--group",), kwargs=dict(
        required=True, help="the inventory group of switches to configure")),
    Option(("--display",), "physical_network_display", dict(
        action="store_true",
        help="print the candidate configuration and change nothing")),
    Option(("--interface-limit",), "physical_network_interface_limit", dict(
        metavar="NAMES",
        help="only configure these interfaces (comma-separated names)")),
    Option(("--interface-description-limit",),
           "physical_network_interface_description_limit", dict(
               metavar="DESCRIPTIONS",
               help="only configure the interfaces with these descriptions "
                    "(comma-separated)"), unsafe=True),
    Option(("--enable-discovery",), "physical_network_enable_discovery", dict(
        action="store_true",
        help="add switch_interface_config_enable_discovery: configure the "
             "network for hardware discovery")),
    Option(("--disable-discovery",), "physical_network_disable_discovery",
           dict(action="store_true",
                help="add switch_interface_config_disable_discovery: "
                     "deconfigure the network for hardware discovery")),
)

ROWS = (
    Row(
        words="network connectivity check",
        help="Check network connectivity of the hosts.\n\n"
             "Each host pings its peers and the gateway on every network it "
             "has an address on, and checks the network's MTU with "
             "non-fragmenting pings. Prints a summary per host and network; "
             "a failure names the host and the network.",
        steps=(Playbook("network-connectivity",
                        "seed-hypervisor:seed:overcloud:infra-vms"),),
    ),
    Row(
        words="physical network configure",
        help="Configure the switches of the physical network.\n\n"
             "Applies each switch's global configuration (switch_config) and "
             "interface configuration (switch_interface_config) for its "
             "switch_type, as one ansible-playbook run over the switches of "
             "--group; a switch that cannot be reached or refuses a line is "
             "named in the report and the others are still configured. "
             "--display prints the candidate configuration and changes "
             "nothing.",
        options=PHYSICAL_NETWORK_OPTIONS,
        procedure="physnet_procedures:configure",
    ),
)
