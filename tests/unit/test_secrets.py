"""kayobe.secrets: which names hold secrets, and masking for display."""

from kayobe import secrets
from tests.unit import base

MASK = secrets.MASK

# (data, masked)
CASES = [
    ({"ipmi_password": "s3cret"}, {"ipmi_password": MASK}),
    ({"ipmi_password": ""}, {"ipmi_password": ""}),           # "not set" shows
    ({"ipmi_password": None}, {"ipmi_password": None}),
    ({"ipmi_username": "admin"}, {"ipmi_username": "admin"}),
    ({"switch_auth_pass": "x"}, {"switch_auth_pass": MASK}),
    ({"kolla_ansible_vault_token": "t"}, {"kolla_ansible_vault_token": MASK}),
    # beneath a secret name, every string: the whole key pair
    ({"kolla_ansible_custom_passwords": {
        "kolla_ssh_key": {"private_key": "-----BEGIN", "public_key": "ssh-rsa"},
        "docker_registry_password": None}},
     {"kolla_ansible_custom_passwords": {
         "kolla_ssh_key": {"private_key": MASK, "public_key": MASK},
         "docker_registry_password": None}}),
    # a secret key nested under an ordinary name
    ({"users": [{"username": "ops", "password": "hash"}]},
     {"users": [{"username": "ops", "password": MASK}]}),
    ({"passwords": ["a", "b", 3]}, {"passwords": [MASK, MASK, 3]}),
    ({"seed_vm_name": "seed", "n": 1}, {"seed_vm_name": "seed", "n": 1}),
]


class TestMask(base.TestCase):
    def test_table(self):
        for data, masked in CASES:
            with self.subTest(case=data):
                self.assertEqual(masked, secrets.mask(data))

    def test_input_is_not_changed(self):
        data = {"db": {"password": "p"}}
        secrets.mask(data)
        self.assertEqual({"db": {"password": "p"}}, data)

    def test_names(self):
        for name, secret in [("ipmi_password", True), ("PASSWD", True),
                             ("secret_id", True), ("private_key", True),
                             ("ssh_public_key_path", False),
                             ("ssh_private_key_path", False),
                             ("docker_registry_basic_auth_htpasswd_path",
                              False),
                             ("openstack_auth_password_required_params",
                              False),
                             ("kolla_seed_inventory_pass_through_host_vars",
                              False),
                             ("switch_auth_pass", True),
                             ("passive", False), ("network", False)]:
            with self.subTest(name=name):
                self.assertEqual(secret, secrets.is_secret(name))
