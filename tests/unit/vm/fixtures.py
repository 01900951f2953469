"""Variables of a seed VM host, as Ansible would resolve them."""

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample kayobe@control"


def seed_vars(**overrides):
    """A seed on admin (eth0, static, default route) and a VLAN on eth0."""
    variables = {
        "inventory_hostname": "seed",
        "seed_vm_name": "seed",
        "seed_vm_vcpus": 2,
        "seed_vm_memory_mb": "4096",
        "seed_vm_engine": "qemu",
        "seed_vm_machine": None,
        "seed_vm_boot_firmware": "bios",
        "seed_vm_pool": "default",
        "seed_vm_volumes": [
            {"name": "seed-root", "pool": "default", "capacity": "50G",
             "format": "qcow2", "image": "http://images/seed.qcow2",
             "checksum": ""},
            {"name": "seed-data", "pool": "default", "capacity": "100G",
             "format": "qcow2"},
        ],
        "seed_vm_interfaces": [
            {"network": "admin-net", "net_name": "admin"},
            {"network": "prov-net", "net_name": "prov"},
        ],
        "network_interfaces": ["admin", "prov"],
        "admin_interface": "eth0",
        "admin_cidr": "10.66.10.0/24",
        "admin_gateway": "10.66.10.1",
        "admin_ips": {"seed": "10.66.10.5"},
        "admin_mtu": 1500,
        "prov_interface": "eth1",
        "prov_cidr": "10.66.20.0/24",
        "prov_ips": {"seed": "10.66.20.5"},
        "prov_routes": [{"cidr": "10.77.0.0/16", "gateway": "10.66.20.254"}],
    }
    variables.update(overrides)
    return variables
