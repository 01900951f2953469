"""Wait until hosts answer SSH: many at once, from the control host.

``overcloud provision`` waits for every provisioned host's SSH banner on its
provisioning address.  One thread per host from a single task costs far less
than one Ansible module run per host (a Python process each), which at 100
hosts took longer than the wait itself.
"""

import concurrent.futures
import socket
import time

BANNER = b"OpenSSH"


def banner_seen(address, port, timeout, connect=socket.create_connection):
    """Whether ``address:port`` sends an OpenSSH banner within ``timeout`` s."""
    try:
        with connect((address, port), timeout=timeout) as sock:
            return BANNER in sock.recv(256)
    except OSError:
        return False


def wait_one(address, port=22, timeout=600, interval=1.0, probe=banner_seen,
             clock=time.monotonic, sleep=time.sleep):
    """None once ``address`` answers SSH, else why not (after ``timeout`` s)."""
    deadline = clock() + float(timeout)
    while True:
        if probe(address, port, min(5.0, max(0.1, deadline - clock()))):
            return None
        if clock() >= deadline:
            return (f"no SSH banner from {address} port {port} within "
                    f"{timeout} s")
        sleep(interval)


def wait_many(addresses, port=22, timeout=600, workers=50, **kwargs):
    """{name: None or error} for {name: address}, ``workers`` at a time."""
    if not addresses:
        return {}
    names = list(addresses)
    with concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, min(workers, len(names)))) as pool:
        results = pool.map(lambda n: wait_one(addresses[n], port, timeout, **kwargs),
                           names)
        return dict(zip(names, results, strict=True))
