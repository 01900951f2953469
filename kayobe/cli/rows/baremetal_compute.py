"""Bare metal compute rows: the baremetal-compute group's nodes in the
overcloud's Ironic (reached with the openstack_* settings)."""

from kayobe.cli.row import Option
from kayobe.cli.row import Playbook
from kayobe.cli.row import Row

GROUP = "baremetal-compute"


def _limit(var):
    return Option(("--baremetal-compute-limit",), var, dict(
        metavar="SUBSET",
        help="only these baremetal compute hosts (an Ansible host pattern)"))


def _step(name):
    return (Playbook(name, GROUP),)


ROWS = (
    Row(
        words="baremetal compute register",
        help="Register the baremetal compute nodes in Ironic.\n\n"
             "Each host of the baremetal-compute group becomes an Ironic "
             "node of its name, from its ironic_driver, ironic_driver_info, "
             "ironic_properties, ironic_resource_class (and ironic_ports), "
             "and is made manageable. Existing nodes are updated, not "
             "duplicated.",
        steps=_step("baremetal-compute-register"),
    ),
    Row(
        words="baremetal compute manage",
        help="Put the baremetal compute nodes into the manageable provision "
             "state, from whatever state they are in.",
        steps=_step("baremetal-compute-manage"),
    ),
    Row(
        words="baremetal compute provide",
        help="Put the baremetal compute nodes into the available provision "
             "state, from whatever state they are in.",
        steps=_step("baremetal-compute-provide"),
    ),
    Row(
        words="baremetal compute inspect",
        help="Inspect the hardware of the baremetal compute nodes.\n\n"
             "Each node is inspected once (within "
             "inspector_inspection_timeout) and left manageable.",
        steps=_step("baremetal-compute-inspect"),
    ),
    Row(
        words="baremetal compute introspection data save",
        help="Save the baremetal compute nodes' hardware introspection data "
             "from Ironic to the control host, one file per node.",
        options=(
            Option(("--output-dir",), "output_dir", dict(
                metavar="DIR",
                help="directory to save into (default "
                     "$PWD/baremetal-compute-introspection-data)")),
            Option(("--output-format",), "output_format", dict(
                type=str.lower, choices=("json", "yaml"),
                help="json (default) or yaml")),
        ),
        steps=_step("baremetal-compute-introspection-data-save"),
    ),
    Row(
        words="baremetal compute rename",
        help="Rename the baremetal compute nodes after their inventory "
             "hosts, matched on the BMC address (ipmi_address or "
             "redfish_address).",
        steps=_step("baremetal-compute-rename"),
    ),
    Row(
        words="baremetal compute serial console enable",
        help="Enable the serial consoles of the baremetal compute nodes.\n\n"
             "Each node gets a TCP port from ironic_serial_console_tcp_pool_"
             "start..end, recorded in console-allocation.yml and never "
             "moved, as driver_info ipmi_terminal_port.",
        options=(_limit("console_compute_node_limit"),),
        steps=_step("baremetal-compute-serial-console-enable"),
    ),
    Row(
        words="baremetal compute serial console disable",
        help="Disable the serial consoles of the baremetal compute nodes; "
             "their ports stay allocated.",
        options=(_limit("console_compute_node_limit"),),
        steps=_step("baremetal-compute-serial-console-disable"),
    ),
    Row(
        words="baremetal compute update deployment image",
        help="Set the IPA deployment kernel and ramdisk "
             "(ipa_images_kernel_name, ipa_images_ramdisk_name: Glance "
             "names, image UUIDs or URLs) in the baremetal compute nodes' "
             "driver_info.",
        options=(_limit("ipa_images_compute_node_limit"),),
        steps=_step("baremetal-compute-update-deployment-image"),
    ),
)
