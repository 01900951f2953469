"""VM rows: the seed VM and the infrastructure VMs on their hypervisors."""

from kayobe.cli.row import Row
from kayobe.steps import Playbook

# The VM plays run on the VM hosts and delegate to their hypervisors
# (delegation reaches hosts outside the limit); the seed hypervisor has its
# own play in seed vm provision.
SEED = "seed-hypervisor:seed"
INFRA = "infra-vms"

ROWS = (
    Row(
        words="seed vm provision",
        help="Provision the seed VM on the seed hypervisor.\n\n"
             "Allocates the seed's IP addresses, builds its config drive "
             "(hostname, the seed's networks with static addresses, routes, "
             "MTUs and VLANs, and the SSH key of seed_bootstrap_user), "
             "creates its volumes (seed_vm_volumes) and defines and starts "
             "its domain, then waits until it answers SSH and regenerates "
             "the kolla seed inventory (when a vault password is given).  "
             "A second run changes nothing; a changed seed_vm_memory_mb or "
             "seed_vm_vcpus restarts the VM only with "
             "seed_vm_allow_restart, and is refused otherwise.",
        groups=("config", "ansible", "vault", "kolla"),
        steps=(Playbook("seed-vm-provision", SEED),),
        procedure="vm_procedures:seed_vm_provision",
    ),
    Row(
        words="seed vm deprovision",
        help="Deprovision the seed VM: destroy its domain and delete its "
             "volumes, and nothing else on the seed hypervisor.  There is no "
             "confirmation prompt.",
        steps=(Playbook("seed-vm-deprovision", SEED),),
    ),
    Row(
        words="infra vm provision",
        help="Provision the infrastructure VMs, each on its "
             "infra_vm_hypervisor, all hypervisors at once.\n\n"
             "As seed vm provision, with the infra_vm_* variables of each "
             "host of infra-vms.  A hypervisor that cannot be reached fails "
             "only its own VMs.",
        steps=(Playbook("infra-vm-provision", INFRA),),
    ),
    Row(
        words="infra vm deprovision",
        help="Deprovision the infrastructure VMs: destroy their domains and "
             "delete their volumes.  There is no confirmation prompt.",
        steps=(Playbook("infra-vm-deprovision", INFRA),),
    ),
    Row(
        words="infra vm service deploy",
        help="Deploy services on the infrastructure VMs: kayobe has none of "
             "its own; the command runs its hooks.",
        steps=(Playbook("infra-vm-service-deploy", "infra-vms"),),
    ),
    Row(
        words="infra vm service destroy",
        help="Destroy services on the infrastructure VMs: kayobe has none "
             "of its own; the command runs its hooks.",
        steps=(Playbook("infra-vm-service-destroy", "infra-vms"),),
    ),
)
