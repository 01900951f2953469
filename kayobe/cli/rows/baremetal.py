"""Overcloud provisioning rows: the overcloud hosts as nodes of bifrost's
Ironic on the seed (register, discover, inspect, BIOS/RAID, provision)."""

from kayobe.cli.row import Option
from kayobe.cli.row import Playbook
from kayobe.cli.row import Row

OUTPUT_DIR = Option(("--output-dir",), "overcloud_introspection_data_dir", dict(
    metavar="DIR", help="directory to save into, one file per host (default "
                        "./overcloud-introspection-data)"))
OUTPUT_FORMAT = Option(("--output-format",), "overcloud_introspection_data_format",
                       dict(choices=("json", "yaml"),
                            help="format of the files (default json)"))

NODE_HELP = ("Each host is one Ironic node, named after it; the calls run on "
             "bifrost_api_host (the seed by default). A node that fails "
             "(maintenance, a failed transition, a timeout) fails only its "
             "host, and the run report names its provision state and last "
             "error; --retry-failed reruns only those hosts.")


def _row(words, help_text, playbook, options=()):
    return Row(words=words, help=f"{help_text}\n\n{NODE_HELP}", options=options,
               steps=(Playbook(playbook, "overcloud"),))


ROWS = (
    _row("overcloud hardware register",
         "Register the overcloud hosts in bifrost's Ironic.\n\n"
         "Creates or updates each host's node from its BMC variables "
         "(ipmi_* or redfish_*, or ironic_driver/ironic_driver_info), adds "
         "its ports and makes it manageable.",
         "overcloud-hardware-register"),
    _row("overcloud hardware inspect",
         "Inspect the overcloud hosts' hardware with bifrost's Ironic.\n\n"
         "Nodes are made manageable, inspected within "
         "kolla_bifrost_inspection_timeout seconds and left manageable; a "
         "node inspected before is not inspected again.",
         "overcloud-hardware-inspect"),
    _row("overcloud introspection data save",
         "Save the overcloud hosts' introspection data from bifrost's "
         "Ironic, one file per host.",
         "overcloud-introspection-data-save", (OUTPUT_DIR, OUTPUT_FORMAT)),
    _row("overcloud bios raid configure",
         "Configure the overcloud hosts' BIOS and RAID.\n\n"
         "Applies each host's bios_config and raid_config through Ironic's "
         "manual cleaning (bios and raid clean steps); the nodes must not "
         "be active. Steps already applied are not applied again.",
         "overcloud-bios-raid"),
    _row("overcloud provision",
         "Provision the overcloud hosts with bifrost.\n\n"
         "Deploys each host's node from whatever state it is in, then waits "
         "until the host answers SSH on its provisioning network address.",
         "overcloud-provision"),
    _row("overcloud deprovision",
         "Deprovision the overcloud hosts: undeploy their nodes back to "
         "available. There is no confirmation prompt.",
         "overcloud-deprovision"),
    Row(
        words="overcloud inventory discover",
        help="Discover the overcloud inventory from bifrost's Ironic.\n\n"
             "Writes inventory/overcloud of the kayobe configuration (the "
             "environment's, when one is used) from the Ironic nodes, grouped "
             "by overcloud_group_hosts_map (others in "
             "overcloud_group_default), allocates the hosts' IP addresses and "
             "regenerates the kolla inventory (when a vault password is "
             "given).",
        groups=("config", "ansible", "vault", "kolla"),
        procedure="baremetal_procedures:inventory_discover",
    ),
)
