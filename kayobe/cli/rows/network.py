"""Network rows: checks over the hosts' configured networks."""

from kayobe.cli.row import Row
from kayobe.steps import Playbook

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
)
