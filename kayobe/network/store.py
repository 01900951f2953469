"""The IP allocation file, ``network-allocation.yml``, read and written safely.

Writers hold an exclusive ``flock`` on the sidecar ``<path>.lock`` (the data
file itself is replaced, so it cannot carry the lock), and replace the file
atomically: a temporary file in the same directory is written, flushed and
fsynced, then renamed over the original. Readers therefore see either the
old or the new file, never a partial one, and need no lock.
"""

import contextlib
import fcntl
import os

import yaml

from kayobe import fileutil
from kayobe.network import allocation as alloc
from kayobe.network.errors import NetworkError

# libyaml is ~10x faster on large allocation files; fall back if missing.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HEADER = "---\n# IP addresses allocated by Kayobe: {<net>_ips: {host: ip}}.\n"


def _first_line(error):
    return " ".join(str(error).split())


def load_allocation(path):
    """Return the allocation in ``path``; {} when missing or empty."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=LOADER)  # nosec: safe loader
    except FileNotFoundError:
        return {}
    except yaml.YAMLError as error:
        raise NetworkError(
            f"malformed IP allocation file {path}: {_first_line(error)}"
        ) from None
    if data is None:
        return {}
    try:
        alloc.check_allocation(data)
    except NetworkError as error:
        raise NetworkError(f"IP allocation file {path}: {error}") from None
    return data


def _plain(data):
    """Return ``data`` with str subclasses (e.g. Ansible's tagged strings)
    turned into plain ``str``, which ``yaml.safe_dump`` can represent."""
    if isinstance(data, dict):
        return {_plain(key): _plain(value) for key, value in data.items()}
    if isinstance(data, str):
        return str.__str__(data)
    return data


def dump_allocation(data):
    """Return the YAML text for an allocation; keys sorted for stable diffs."""
    body = yaml.dump(_plain(data), Dumper=DUMPER, default_flow_style=False,
                     sort_keys=True)
    return HEADER + ("" if data == {} else body)


@contextlib.contextmanager
def allocation_lock(path):
    """Hold an exclusive lock on ``<path>.lock`` for the block's duration."""
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_atomic(path, text):
    """Replace ``path`` with ``text`` atomically; the caller holds the lock."""
    fileutil.write_atomic(path, text)


def save_allocation(path, data):
    """Write the allocation ``data`` to ``path`` under the lock."""
    alloc.check_allocation(data)
    with allocation_lock(path):
        write_atomic(path, dump_allocation(data))


def allocate_and_save(path, networks, host_networks, dry_run=False,
                      configured=None):
    """Allocate IPs under the lock; write ``path`` only if they changed.

    The file is re-read once the lock is held, so concurrent callers each
    see the others' allocations. Returns ``(allocation, changed)``. With
    ``dry_run`` the file is left untouched but the result is the same.
    """
    with allocation_lock(path):
        current = load_allocation(path)
        updated = alloc.allocate(networks, host_networks, current, configured)
        changed = updated != current
        if changed and not dry_run:
            write_atomic(path, dump_allocation(updated))
    return updated, changed
