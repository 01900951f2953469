"""Which names hold secrets, and masking their values for display.

One list for every place that shows configuration to a person: the kolla
tree's diffs and ``configuration dump``.  A name holds a secret when it
contains one of ``SECRET_WORDS`` (``kolla_ssh_key.private_key``,
``ipmi_password``, ``vault_token``, ``switch_auth_pass``).
"""

import re

MASK = "********"
SECRET_WORDS = r"password|passwd|secret|token|private_key|_pass"
SECRET_NAME = re.compile(rf"(?:{SECRET_WORDS})", re.IGNORECASE)
# Names that only point at or describe a secret: a key's path, an htpasswd
# file, which auth parameters are required, host vars passed through.
NOT_SECRET = re.compile(r"(?:_path|_file|_dir|_params)$|pass_through",
                        re.IGNORECASE)


def is_secret(name):
    name = str(name)
    return bool(SECRET_NAME.search(name)) and not NOT_SECRET.search(name)


def mask(data, secret=False):
    """``data`` with every non-empty string under a secret name masked.

    Everything beneath a secret name is masked (a password map's public
    keys too); empty values stay visible, so "not set" still shows.
    """
    if isinstance(data, dict):
        return {k: mask(v, secret or is_secret(k)) for k, v in data.items()}
    if isinstance(data, list):
        return [mask(v, secret) for v in data]
    if secret and isinstance(data, str) and data:
        return MASK
    return data
