"""The 'baremetal compute' commands against a real standalone Ironic.

The overcloud's Ironic is tools/lab/ironic's (fake-hardware, noauth), reached
with openstack_auth_type none and openstack_auth {endpoint}. Ten nodes go
through register -> manage -> inspect -> introspection data save -> provide,
then rename, serial console enable/disable and update deployment image; each
command's second run changes nothing, and a node in maintenance fails alone.

Fake inspection stores no hardware inventory (IPA would send it), so the
test writes what IPA would have reported into Ironic's database; Ironic's
real API then serves it to 'introspection data save'.
"""

import datetime
import hashlib
import http.server
import json
import os
import sqlite3
import sys
import threading
import urllib.parse
import uuid

import pytest
import yaml

from kayobe.baremetal import postconfig
from tests.conftest import REPO
from tests.conftest import write

HOSTS = [f"bm{i}" for i in range(10)]
# tools/lab/ironic keeps each instance's config and sqlite here.
STATE_DIR = os.path.join(os.environ.get("LAB_STATE_DIR", "/run/kayobe-lab"), "ironic")


def bmc(i):
    return f"10.66.200.{10 + i}"


def make_config(tmp_path, endpoint):
    config = tmp_path / "config"
    lines = ["[baremetal-compute]"]
    for i, host in enumerate(HOSTS):
        lines.append(f"{host} ipmi_address={bmc(i)}")
    lines += ["[all:vars]", f"ansible_python_interpreter={sys.executable}",
              "ansible_connection=local"]
    write(config / "inventory" / "hosts", "\n".join(lines) + "\n")
    write(config / "inventory" / "group_vars" / "baremetal-compute" / "ironic",
          yaml.safe_dump({
              "ironic_driver": "fake-hardware",
              "ironic_driver_info": {
                  "ipmi_address": "{{ ipmi_address }}",
                  "ipmi_username": "admin",
                  "ipmi_password": "bmc-secret-h7"},
              "ironic_properties": {"cpu_arch": "x86_64"},
              "ironic_resource_class": "baremetal"}))
    write(config / "openstack.yml", yaml.safe_dump({
        "openstack_auth_type": "none",
        "openstack_auth": {"endpoint": endpoint},
        "baremetal_compute_poll_interval": 0.2,
        "baremetal_compute_timeout": 120,
        "inspector_inspection_timeout": 120,
        "ironic_serial_console_tcp_pool_start": 31000,
        "ironic_serial_console_tcp_pool_end": 31009,
        "ipa_images_kernel_name": "http://10.66.0.1/ipa.kernel",
        "ipa_images_ramdisk_name": "http://10.66.0.1/ipa.initramfs",
    }))
    return config


@pytest.fixture
def bm(tmp_path, run_kayobe, ironic_overcloud):
    ironic_overcloud.delete_all_nodes()
    config = make_config(tmp_path, ironic_overcloud.endpoint)

    def run(*words, ok=True):
        result = run_kayobe("baremetal", "compute", *words,
                            "--config-path", str(config), timeout=600)
        if ok:
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr
        report = json.loads((tmp_path / "state" / "last-run.json").read_text())
        return result, report

    run.config = config
    run.tmp = tmp_path
    run.conn = ironic_overcloud.connection()
    run.ironic = ironic_overcloud
    yield run
    ironic_overcloud.delete_all_nodes()


def nodes(conn):
    return {n.name: n for n in conn.baremetal.nodes(details=True)}


def changed(report):
    return {h: e["changed"] for h, e in report["hosts"].items() if e["changed"]}


def store_inventory(ironic, uuid, data):
    """Write what IPA would report for a node into Ironic's database."""
    db = sqlite3.connect(f"{STATE_DIR}/{ironic.name}/ironic.sqlite", timeout=30)
    with db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(node_inventory)")}
        node_id = db.execute("SELECT id FROM nodes WHERE uuid = ?",
                             (uuid,)).fetchone()[0]
        values = {"inventory_data": json.dumps(data["inventory"]),
                  "plugin_data": json.dumps(data["plugin_data"]),
                  "node_id": node_id}
        if "created_at" in columns:
            values["created_at"] = datetime.datetime.utcnow().isoformat(" ")
        if "version" in columns:
            values["version"] = "1.0"
        db.execute("DELETE FROM node_inventory WHERE node_id = ?", (node_id,))
        db.execute(f"INSERT INTO node_inventory ({', '.join(values)}) VALUES "
                   f"({', '.join('?' * len(values))})", tuple(values.values()))
    db.close()


def test_lifecycle(bm):
    conn = bm.conn
    result, report = bm("register")
    found = nodes(conn)
    assert sorted(found) == HOSTS
    assert {n.provision_state for n in found.values()} == {"manageable"}
    assert found["bm3"].driver_info["ipmi_address"] == bmc(3)
    assert found["bm3"].resource_class == "baremetal"
    assert "bmc-secret-h7" not in result.stdout + result.stderr
    assert len(changed(report)) == 10
    _, report = bm("register")
    assert changed(report) == {}

    _, report = bm("inspect")
    assert len(changed(report)) == 10
    assert {n.provision_state for n in nodes(conn).values()} == {"manageable"}
    _, report = bm("inspect")
    assert changed(report) == {}

    for i, host in enumerate(HOSTS):
        store_inventory(bm.ironic, found[host].id, {
            "inventory": {"bmc_address": bmc(i), "memory": {"physical_mb": 4096},
                          "interfaces": [{"name": "eth0",
                                          "mac_address": f"52:54:00:00:00:{i:02x}"}]},
            "plugin_data": {"root_disk": {"serial": f"disk-{host}"}}})
    out = bm.tmp / "introspection"
    bm("introspection", "data", "save", "--output-dir", str(out))
    data = json.loads((out / "bm4.json").read_text())
    assert data["inventory"]["bmc_address"] == bmc(4)
    assert data["plugin_data"]["root_disk"]["serial"] == "disk-bm4"
    assert sorted(p.name for p in out.iterdir()) == [f"{h}.json" for h in HOSTS]
    _, report = bm("introspection", "data", "save", "--output-dir", str(out))
    assert changed(report) == {}
    bm("introspection", "data", "save", "--output-dir", str(out),
       "--output-format", "YAML")
    assert yaml.safe_load((out / "bm1.yaml").read_text())["plugin_data"] == {
        "root_disk": {"serial": "disk-bm1"}}

    _, report = bm("provide")
    assert {n.provision_state for n in nodes(conn).values()} == {"available"}
    _, report = bm("provide")
    assert changed(report) == {}
    _, report = bm("manage")
    assert {n.provision_state for n in nodes(conn).values()} == {"manageable"}


def test_maintenance_node_fails_alone(bm):
    conn = bm.conn
    bm("register")
    conn.baremetal.set_node_maintenance(nodes(conn)["bm6"], reason="fan h7")
    result, report = bm("provide", ok=False)
    assert result.returncode != 0
    assert report["failed_hosts"] == ["bm6"]
    assert "bm6" in report["hosts"]["bm6"]["message"]
    assert "maintenance" in report["hosts"]["bm6"]["message"]
    assert "kayobe: error:" in result.stderr and "bm6" in result.stderr
    states = {name: n.provision_state for name, n in nodes(conn).items()}
    assert states.pop("bm6") == "manageable"
    assert set(states.values()) == {"available"}
    conn.baremetal.unset_node_maintenance(nodes(conn)["bm6"])
    _, report = bm("provide", "--retry-failed")
    assert list(report["hosts"]) == ["bm6"]
    assert nodes(conn)["bm6"].provision_state == "available"


def test_rename_by_bmc_address(bm):
    conn = bm.conn
    bm("register")
    for i, host in enumerate(HOSTS[:4]):
        conn.baremetal.update_node(nodes(conn)[host], name=f"discovered-{i}")
    _, report = bm("rename")
    assert sorted(nodes(conn)) == HOSTS
    assert nodes(conn)["bm2"].driver_info["ipmi_address"] == bmc(2)
    assert sorted(changed(report)) == HOSTS[:4]
    _, report = bm("rename")
    assert changed(report) == {}


def test_serial_console_and_deployment_image(bm):
    conn = bm.conn
    bm("register")
    _, report = bm("serial", "console", "enable",
                   "--baremetal-compute-limit", "bm0:bm1:bm2")
    allocation = yaml.safe_load((bm.config / "console-allocation.yml").read_text())
    ports = allocation["serial_console_allocations"]
    assert ports == {"bm0": 31000, "bm1": 31001, "bm2": 31002}
    found = nodes(conn)
    assert found["bm1"].is_console_enabled
    assert int(found["bm1"].driver_info["ipmi_terminal_port"]) == 31001
    assert not found["bm5"].is_console_enabled
    _, report = bm("serial", "console", "enable")
    ports = yaml.safe_load((bm.config / "console-allocation.yml").read_text())[
        "serial_console_allocations"]
    assert ports["bm1"] == 31001 and len(set(ports.values())) == 10
    # bm0 also reports the (run once) allocation of the new ports.
    assert sorted(changed(report)) == ["bm0"] + HOSTS[3:]
    _, report = bm("serial", "console", "enable")
    assert changed(report) == {}
    _, report = bm("serial", "console", "disable")
    assert not any(n.is_console_enabled for n in nodes(conn).values())
    assert yaml.safe_load((bm.config / "console-allocation.yml").read_text())[
        "serial_console_allocations"] == ports

    _, report = bm("update", "deployment", "image")
    node = nodes(conn)["bm7"]
    assert node.driver_info["deploy_kernel"] == "http://10.66.0.1/ipa.kernel"
    assert node.driver_info["deploy_ramdisk"] == "http://10.66.0.1/ipa.initramfs"
    _, report = bm("update", "deployment", "image")
    assert changed(report) == {}


class Neutron(http.server.BaseHTTPRequestHandler):
    """Just enough of Neutron's API for networks and subnets; records every
    request (method, path, body) in ``server.requests``."""

    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, body=None):
        self.server.requests.append((self.command, self.path, body))

    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = [p for p in url.path.split("/") if p]
        if parts in ([], ["v2.0"]):
            base = f"http://{self.headers['Host']}/v2.0/"
            return self.reply(200, {"versions": [{
                "id": "v2.0", "status": "CURRENT",
                "links": [{"href": base, "rel": "self"}]}]})
        kind = parts[1] if len(parts) > 1 else ""
        store = self.server.store.get(kind)
        if store is None:
            return self.reply(404, {"NeutronError": {"message": "no such"}})
        if len(parts) == 3:
            item = store.get(parts[2])
            if item is None:
                return self.reply(404, {"NeutronError": {"message": "not found"}})
            return self.reply(200, {kind[:-1]: item})
        items = [i for i in store.values()
                 if all(str(i.get(k)) == v for k, v in query.items()
                        if k in ("name", "network_id", "id"))]
        return self.reply(200, {kind: items})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.record(body)
        kind = urllib.parse.urlsplit(self.path).path.strip("/").split("/")[-1]
        item = dict(body[kind[:-1]], id=str(uuid.uuid4()))
        self.server.store[kind][item["id"]] = item
        self.reply(201, {kind[:-1]: item})


KERNEL = b"fake IPA kernel for kayobe's tests\n" * 64
RAMDISK = b"fake IPA ramdisk for kayobe's tests\n" * 128


class Glance(Neutron):
    """Just enough of Glance's v2 API to find, create and upload images,
    plus /files/ serving the IPA images and their sha256 files."""

    FILES = {"ipa.kernel": KERNEL, "ipa.initramfs": RAMDISK}

    def send_bytes(self, data):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] == ["files"]:
            name = parts[1]
            if name.endswith(".sha256"):
                digest = hashlib.sha256(self.FILES[name[:-7]]).hexdigest()
                return self.send_bytes(f"{digest}  {name[:-7]}\n".encode())
            return self.send_bytes(self.FILES[name])
        self.record()
        if parts in ([], ["v2"]):
            base = f"http://{self.headers['Host']}/v2/"
            return self.reply(200, {"versions": [{
                "id": "v2.16", "status": "CURRENT",
                "links": [{"href": base, "rel": "self"}]}]})
        images = self.server.store["images"]
        if len(parts) == 3:
            image = images.get(parts[2])
            if image is None:
                return self.reply(404, {"message": "not found"})
            return self.reply(200, image)
        query = dict(urllib.parse.parse_qsl(url.query))
        found = [i for i in images.values()
                 if "name" not in query or i["name"] == query["name"]]
        return self.reply(200, {"images": found})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.record(body)
        image = dict(body, id=str(uuid.uuid4()), status="queued")
        self.server.store["images"][image["id"]] = image
        self.reply(201, image)

    def do_PUT(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        self.record(hashlib.sha256(data).hexdigest())
        image = self.server.store["images"][self.path.split("/")[3]]
        image.update(status="active", size=len(data))
        self.send_response(204)
        self.end_headers()


def recording_server(handler, store):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []
    server.store = store
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def neutron():
    server = recording_server(Neutron, {"networks": {}, "subnets": {}})
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def glance():
    server = recording_server(Glance, {"images": {}})
    yield server
    server.shutdown()
    server.server_close()


def test_post_configure(bm, run_kayobe, neutron, glance):
    """Inspection rules in the real Ironic; the IPA images and provisioning
    network at Glance's and Neutron's API boundaries (recording servers)."""
    ironic = bm.ironic.endpoint
    write(bm.config / "post.yml", yaml.safe_dump({
        "kolla_enable_ironic": True,
        "baremetal_compute_cloud": {
            "auth_type": "none", "auth": {"endpoint": ironic},
            "network_endpoint_override": f"{neutron.url}/v2.0/",
            "image_endpoint_override": f"{glance.url}/v2/"},
        "ipa_images_cache_path": str(bm.tmp / "ipa-cache"),
        "ipa_images_kernel_name": "ipa.kernel",
        "ipa_images_ramdisk_name": "ipa.initramfs",
        "ipa_kernel_upstream_url": f"{glance.url}/files/ipa.kernel",
        "ipa_ramdisk_upstream_url": f"{glance.url}/files/ipa.initramfs",
        "cleaning_net_name": "provision_wl_net",
        "provision_wl_net_cidr": "10.66.8.0/24",
        "provision_wl_net_vlan": 208,
        "provision_wl_net_physical_network": "physnet2",
        "provision_wl_net_neutron_gateway": "10.66.8.1",
        "provision_wl_net_neutron_allocation_pool_start": "10.66.8.100",
        "provision_wl_net_neutron_allocation_pool_end": "10.66.8.199",
        "inspector_rule_var_deploy_kernel": "http://10.66.0.1/ipa.kernel",
        "inspector_rule_var_deploy_ramdisk": "http://10.66.0.1/ipa.initramfs",
        "inspector_rule_var_lldp_switch_port_interface": "eth0",
        "inspector_rule_var_ipmi_username": "admin",
        "inspector_rule_var_ipmi_password": "rule-secret-h7",
    }))
    playbook = str(REPO / "ansible" / "overcloud-post-configure.yml")

    def post_configure():
        result = run_kayobe("playbook", "run", playbook,
                            "--config-path", str(bm.config), timeout=600)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr
        assert "rule-secret-h7" not in result.stdout + result.stderr
        return result

    post_configure()
    api = bm.conn.baremetal
    rules = {r.description: api.get_inspection_rule(r.id)
             for r in api.inspection_rules()}
    # Upstream's defaults (ironic-inspector's schema) as Ironic holds them:
    # the translated bodies, the credentials rule sensitive.
    assert len(rules) == 11
    kernel = rules["Set deploy kernel"]
    assert kernel.actions == [{"op": "set-attribute", "args": {
        "path": "/driver_info/deploy_kernel",
        "value": "http://10.66.0.1/ipa.kernel"}}]
    assert kernel.conditions == [{"op": "is-empty", "args": {
        "value": "{node.driver_info[deploy_kernel]}"}}]
    vendor = rules["Save system vendor manufacturer data in Ironic node metadata"]
    assert vendor.conditions == [
        {"op": "!is-empty", "args": {"value": "{inventory[system_vendor]}"}},
        {"op": "!is-empty", "args": {
            "value": "{inventory[system_vendor][manufacturer]}"}}]
    assert vendor.actions == [{"op": "set-attribute", "args": {
        "path": "/extra/system_vendor/manufacturer",
        "value": "{inventory[system_vendor][manufacturer]}"}}]
    name = rules["Set node name from eth0 LLDP switch port description"]
    assert name.conditions[3] == {"op": "!matches", "args": {
        "value": "{plugin_data[parsed_lldp][eth0][switch_port_description]}",
        "regex": "^GigabitEthernet ?([0-9/]*)$"}}
    assert rules["Set IPMI driver_info if no credentials"].sensitive is True
    posts = [(path, body) for method, path, body in neutron.requests
             if method == "POST"]
    network, subnet = postconfig.provision_network_bodies(
        "provision-net", "10.66.8.0/24", "physnet2", 208, "10.66.8.1",
        "10.66.8.100", "10.66.8.199")
    assert [p for p, _ in posts] == ["/v2.0/networks", "/v2.0/subnets"]
    assert posts[0][1] == network
    net_id = next(iter(neutron.store["networks"]))
    assert posts[1][1] == {"subnet": dict(subnet["subnet"], network_id=net_id)}

    uploads = [(m, p, b) for m, p, b in glance.requests if m != "GET"]
    kernel_body, ramdisk_body = postconfig.glance_image_bodies(
        "ipa.kernel", "ipa.initramfs")
    ids = {i["name"]: i["id"] for i in glance.store["images"].values()}
    assert uploads == [
        ("POST", "/v2/images", kernel_body),
        ("PUT", f"/v2/images/{ids['ipa.kernel']}/file",
         hashlib.sha256(KERNEL).hexdigest()),
        ("POST", "/v2/images", ramdisk_body),
        ("PUT", f"/v2/images/{ids['ipa.initramfs']}/file",
         hashlib.sha256(RAMDISK).hexdigest())]

    neutron.requests.clear()
    glance.requests.clear()
    post_configure()
    assert [r for r in neutron.requests if r[0] != "GET"] == []
    assert [r for r in glance.requests if r[0] != "GET"] == []
    assert len(list(bm.conn.baremetal.inspection_rules())) == 11


def test_deployment_image_from_glance(bm, glance):
    """Image names are looked up in Glance (at its API boundary) once; the
    IDs land in the limited nodes' driver_info in the real Ironic."""
    glance.store["images"].update({
        "k-1": {"id": "k-1", "name": "ipa.kernel", "status": "active"},
        "r-1": {"id": "r-1", "name": "ipa.initramfs", "status": "active"}})
    bm("register")
    settings = yaml.safe_load((bm.config / "openstack.yml").read_text())
    settings.update({
        "openstack_auth": {"endpoint": f"{glance.url}/v2/"},
        "baremetal_compute_cloud": {"auth_type": "none",
                                    "auth": {"endpoint": bm.ironic.endpoint}},
        "ipa_images_kernel_name": "ipa.kernel",
        "ipa_images_ramdisk_name": "ipa.initramfs"})
    write(bm.config / "openstack.yml", yaml.safe_dump(settings))
    _, report = bm("update", "deployment", "image",
                   "--baremetal-compute-limit", "bm0:bm1")
    found = nodes(bm.conn)
    assert found["bm1"].driver_info["deploy_kernel"] == "k-1"
    assert found["bm1"].driver_info["deploy_ramdisk"] == "r-1"
    assert "deploy_kernel" not in found["bm2"].driver_info
    assert sorted(report["hosts"]) == ["bm0", "bm1"]
    assert [r for r in glance.requests if r[0] != "GET"] == []
