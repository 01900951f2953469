"""LUKS devices: /etc/crypttab lines."""

from kayobe.hostconfig.errors import HostConfigError


def crypttab_line(device):
    """The crypttab line of one entry of ``luks_devices``.

    The key field is the entry's keyfile, or ``none`` (ask at boot) when it
    is opened with a passphrase: a passphrase is never written to disk.
    """
    name, source = device.get("name"), device.get("device")
    if not name or not source:
        raise HostConfigError(f"LUKS device needs name and device: {device!r}")
    options = device.get("crypttab_options") or ["luks"]
    if isinstance(options, str):
        options = [options]
    key = device.get("keyfile") or "none"
    return f"{name} {source} {key} {','.join(options)}"
