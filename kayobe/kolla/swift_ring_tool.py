"""Build or update Swift rings with Swift's own RingBuilder.

Run by kayobe with the Python of a virtualenv that has ``swift`` installed
(``swift_ring_build_venv``); it imports nothing from kayobe.

    python swift_ring_tool.py SPEC.json DIR

SPEC holds ``part_power``, ``replicas``, ``min_part_hours`` and, per service
(account, container, object), the wanted devices.  In DIR, each service's
``<service>.builder`` is loaded when present and brought to the wanted
devices (removed, added, reweighted); only a changed or new builder is
rebalanced and written with its ``<service>.ring.gz``.  Existing rings are
updated, never rebuilt: rebuilding would move every partition.  A JSON
summary per service is written to ``DIR/summary.json``; a configuration
error, to ``DIR/error.txt`` (exit code 2).
"""

import json
import os
import sys

# What identifies a device in a ring, beyond its id.
KEY = ("region", "zone", "ip", "port", "replication_ip", "replication_port",
       "device")


def device_key(dev):
    return tuple(dev[k] for k in KEY)


def plan(existing, wanted):
    """Changes that turn ``existing`` devices into ``wanted`` ones.

    ``existing``: the builder's devices (dicts with ``id``; removed slots
    are None).  Returns (ids to remove, devices to add, {id: new weight}).
    """
    have = {device_key(d): d for d in existing if d is not None}
    want = {}
    for dev in wanted:
        key = device_key(dev)
        if key in want:
            raise ValueError(f"device {dev['device']} of {dev['ip']}:"
                             f"{dev['port']} is listed twice")
        want[key] = dev
    remove = sorted(d["id"] for k, d in have.items() if k not in want)
    add = [d for k, d in want.items() if k not in have]
    weights = {have[k]["id"]: float(d["weight"]) for k, d in want.items()
               if k in have and float(have[k]["weight"]) != float(d["weight"])}
    return remove, add, weights


def build_service(directory, service, spec, devices):
    from swift.common.ring import RingBuilder

    path = os.path.join(directory, f"{service}.builder")
    created = not os.path.exists(path)
    if created:
        builder = RingBuilder(spec["part_power"], spec["replicas"],
                              spec["min_part_hours"])
    else:
        builder = RingBuilder.load(path)
        if builder.part_power != spec["part_power"]:
            raise ValueError(
                f"{service}.builder has part power {builder.part_power}, "
                f"not {spec['part_power']}: a ring's part power cannot be "
                "changed by regeneration")
    changed = created
    if builder.replicas != spec["replicas"]:
        builder.set_replicas(spec["replicas"])
        changed = True
    if builder.min_part_hours != spec["min_part_hours"]:
        builder.change_min_part_hours(spec["min_part_hours"])
        changed = True
    remove, add, weights = plan(builder.devs, devices)
    for dev_id in remove:
        builder.remove_dev(dev_id)
    for dev in add:
        builder.add_dev(dict(dev, weight=float(dev["weight"])))
    for dev_id, weight in weights.items():
        builder.set_dev_weight(dev_id, weight)
    changed = changed or bool(remove or add or weights)
    result = {"status": "unchanged", "added": len(add), "removed": len(remove),
              "reweighted": len(weights)}
    if changed:
        # A pinned seed: the same configuration gives the same first ring.
        builder.rebalance(seed=1)
        builder.validate()
        builder.get_ring().save(os.path.join(directory, f"{service}.ring.gz"))
        builder.save(path)
        result["status"] = "created" if created else "updated"
    result["devices"] = len([d for d in builder.devs if d is not None])
    return result


def main(argv):
    spec_path, directory = argv
    with open(spec_path) as f:
        spec = json.load(f)
    summary = {}
    for service, devices in sorted(spec["services"].items()):
        summary[service] = build_service(directory, service, spec, devices)
    with open(os.path.join(directory, "summary.json"), "w") as f:
        json.dump(summary, f, sort_keys=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (ValueError, OSError) as exc:
        # kayobe reports the reason as its one-line error.
        with open(os.path.join(sys.argv[2], "error.txt"), "w") as f:
            f.write(str(exc))
        sys.exit(2)
