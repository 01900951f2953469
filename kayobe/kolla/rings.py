"""Swift rings: the wanted devices from kayobe variables (pure), and a run
of Swift's own ring builder (``swift_ring_tool.py``) on the control host.

The rings live in the kayobe configuration, ``kolla/config/swift`` of the
environment (else of the base), from where configuration generation copies
them into ``$KOLLA_CONFIG_PATH/config/swift`` for kolla-ansible.
"""

import json
import os
import pathlib
import shutil
import tempfile

from kayobe import errors
from kayobe import fileutil
from kayobe import runner
from kayobe.network import model
from kayobe.network.errors import NetworkError

SERVICES = ("account", "container", "object")
TOOL = pathlib.Path(__file__).with_name("swift_ring_tool.py")


def _int(host, name, value, minimum=0):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or number < minimum:
        raise errors.ConfigError(
            f"host {host}: variable '{name}' must be an integer >= {minimum}, "
            f"not {value!r}")
    return number


def _ip(host, variables, net_var, required=True):
    net = variables.get(net_var)
    try:
        ip = model.net_ip(variables, net) if net else None
    except NetworkError as exc:
        raise errors.ConfigError(str(exc)) from None
    if ip is None and required:
        raise errors.ConfigError(
            f"host {host}: no IP on the Swift storage network "
            f"({net_var}: {net or 'unset'})")
    return ip


def _device_name(host, device):
    if not isinstance(device, dict) or not device.get("device"):
        raise errors.ConfigError(
            f"host {host}: each item of 'swift_block_devices' needs a "
            f"'device', not {device!r}")
    return device.get("fs_label") or pathlib.PurePath(device["device"]).name


def host_devices(host, variables):
    """{service: [ring device]} of one host."""
    devices = variables.get("swift_block_devices") or []
    if not isinstance(devices, list):
        raise errors.ConfigError(
            f"host {host}: variable 'swift_block_devices' must be a list")
    ports = variables.get("swift_service_ports") or {}
    region = _int(host, "swift_region", variables.get("swift_region"), 1)
    zone = _int(host, "swift_zone", variables.get("swift_zone"))
    ip = _ip(host, variables, "swift_storage_net_name")
    replication_ip = _ip(host, variables, "swift_storage_replication_net_name",
                         required=False) or ip
    default_services = variables.get("swift_block_device_default_services")
    default_weight = variables.get("swift_block_device_default_weight")
    result = {service: [] for service in SERVICES}
    for device in devices:
        name = _device_name(host, device)
        services = device.get("services", default_services) or []
        unknown = sorted(set(services) - set(SERVICES))
        if unknown:
            raise errors.ConfigError(
                f"host {host}: device {device['device']}: unknown Swift "
                f"service '{unknown[0]}' (account, container or object)")
        weight = device.get("weight", default_weight)
        try:
            weight = float(weight)
        except (TypeError, ValueError):
            weight = -1
        if weight < 0:
            raise errors.ConfigError(
                f"host {host}: device {device['device']}: weight must be a "
                f"number >= 0, not {device.get('weight', default_weight)!r}")
        for service in services:
            port = _int(host, f"swift_service_ports.{service}",
                        ports.get(service), 1)
            result[service].append({
                "region": region, "zone": zone, "ip": ip, "port": port,
                "replication_ip": replication_ip, "replication_port": port,
                "device": name, "weight": weight, "meta": host})
    return result


def ring_spec(control, hosts, host_vars):
    """The tool's input: ring parameters and every service's devices.

    ``control``: the control host's variables; ``hosts``: the swift_hosts;
    ``host_vars``: host name -> variables.
    """
    if not hosts:
        raise errors.ConfigError(
            f"no host matches swift_hosts '{control.get('swift_hosts')}'")
    replicas = control.get("swift_replication_count")
    if replicas in (None, ""):
        replicas = min(len(hosts), 3)
    spec = {
        "part_power": _int("localhost", "swift_part_power",
                           control.get("swift_part_power"), 1),
        "replicas": _int("localhost", "swift_replication_count", replicas, 1),
        "min_part_hours": _int("localhost", "swift_min_part_hours",
                               control.get("swift_min_part_hours")),
        "services": {service: [] for service in SERVICES},
    }
    for host in hosts:
        for service, devices in host_devices(host, host_vars(host)).items():
            spec["services"][service] += devices
    empty = [s for s, devices in spec["services"].items() if not devices]
    if empty:
        raise errors.ConfigError(
            f"no block device of swift_hosts is used by the Swift "
            f"{empty[0]} service (swift_block_devices)")
    return spec


def ring_files():
    return [f"{service}.{suffix}" for service in SERVICES
            for suffix in ("builder", "ring.gz")]


def build(spec, rings_dir, venv, write=True):
    """Run the ring builder on a copy of ``rings_dir``; unless ``write`` is
    false, put the changed files back atomically.  Returns its summary."""
    python = pathlib.Path(venv) / "bin" / "python"
    if not python.exists():
        raise errors.ConfigError(
            f"{python} not found: set swift_ring_build_venv to a virtualenv "
            "with swift installed (kayobe control host bootstrap installs "
            "it when kolla_enable_swift is true)")
    rings_dir = pathlib.Path(rings_dir)
    with tempfile.TemporaryDirectory(prefix="kayobe-swift-") as work:
        work = pathlib.Path(work)
        for name in ring_files():
            if (rings_dir / name).is_file():
                shutil.copy2(rings_dir / name, work / name)
        (work / "spec.json").write_text(json.dumps(spec))
        output = work / "summary.json"
        argv = [str(python), "-I", str(TOOL), str(work / "spec.json"), str(work)]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        code = runner.run_process(argv, env)
        if (work / "error.txt").is_file():
            raise errors.ConfigError(
                f"Swift rings: {(work / 'error.txt').read_text().strip()}")
        if code:
            raise errors.RunError(
                f"the Swift ring builder exited with code {code}", code)
        try:
            summary = json.loads(output.read_text())
        except ValueError:
            raise errors.RunError("the Swift ring builder gave no summary") from None
        if write:
            for name in ring_files():
                new = (work / name).read_bytes()
                old = rings_dir / name
                if not old.is_file() or old.read_bytes() != new:
                    fileutil.write_atomic(old, new, 0o644)
    return summary
