"""Requests of 'overcloud post configure' and deployment image references."""

import os

from kayobe import runner
from kayobe.baremetal import postconfig
from kayobe.cli import table
from tests.unit import base
from tests.unit.kolla import test_rows

UUID = "0b5b1ea0-54e6-4a4e-8b9f-3d1c2f0c9a11"

# (case, value, used as it is)
REFERENCES = [
    ("glance name", "ipa.kernel", False),
    ("uuid", UUID, True),
    ("uuid without dashes", UUID.replace("-", ""), True),
    ("http url", "http://10.0.0.1/ipa.kernel", True),
    ("https upper case", "HTTPS://seed/ipa", True),
    ("file url", "file:///httpboot/ipa.kernel", True),
    ("empty", "", False),
    ("none", None, False),
]


class TestImageReferences(base.TestCase):

    def test_is_image_reference(self):
        for case, value, expected in REFERENCES:
            with self.subTest(case=case):
                self.assertEqual(expected, postconfig.is_image_reference(value))

    def test_images_to_look_up(self):
        self.assertEqual(
            ["ipa.kernel"],
            postconfig.images_to_look_up(["ipa.kernel", "http://x/r",
                                          "ipa.kernel"]))

    def test_image_ids(self):
        results = [{"item": "ipa.kernel",
                    "images": [{"name": "ipa.kernel", "id": "k-id"}]}]
        self.assertEqual(
            {"ipa.kernel": "k-id", "http://x/r": "http://x/r"},
            postconfig.image_ids(results, ["ipa.kernel", "http://x/r"]))

    def test_image_id_errors(self):
        cases = [
            ("missing in glance", [{"item": "k", "images": []}], ["k"],
             "Glance has no image named 'k'"),
            ("two images", [{"item": "k", "images": [
                {"name": "k", "id": "1"}, {"name": "k", "id": "2"}]}], ["k"],
             "Glance has 2 images named 'k'"),
            ("not looked up", [], ["k"], "deployment image 'k' was not looked up"),
        ]
        for case, results, names, fragment in cases:
            with self.subTest(case=case):
                with self.assertRaises(postconfig.PostConfigError) as ctx:
                    postconfig.image_ids(results, names)
                self.assertIn(fragment, str(ctx.exception))


RULE = {
    "description": "Set deploy kernel",
    "conditions": [{"args": {"value": "{node.driver_info[deploy_kernel]}"},
                    "op": "is-empty"}],
    "actions": [{"op": "set-attribute",
                 "args": {"path": "/driver_info/deploy_kernel", "value": "k"}}],
}


class TestInspectionRules(base.TestCase):

    def test_body(self):
        self.assertEqual({
            "description": "Set deploy kernel",
            "sensitive": False,
            "conditions": [{"op": "is-empty", "args": {
                "value": "{node.driver_info[deploy_kernel]}"}}],
            "actions": [{"op": "set-attribute", "args": {
                "path": "/driver_info/deploy_kernel", "value": "k"}}],
        }, postconfig.inspection_rule_body(RULE))

    def test_sensitive_flag(self):
        for value, expected in (("true", True), (True, True), ("false", False)):
            with self.subTest(value=value):
                body = postconfig.inspection_rule_body(dict(RULE, sensitive=value))
                self.assertIs(expected, body["sensitive"])

    def test_priority_and_phase_pass_through(self):
        body = postconfig.inspection_rule_body(dict(RULE, priority=10,
                                                    phase="main"))
        self.assertEqual((10, "main"), (body["priority"], body["phase"]))

    def test_errors(self):
        cases = [
            ("not a mapping", ["x"], "inspector_rules[0] must be a mapping"),
            ("no description", [dict(RULE, description="")],
             "inspector_rules[0] has no description"),
            ("no actions", [dict(RULE, actions=[])],
             "inspector_rules[0] (Set deploy kernel) has no actions"),
            ("action without op", [dict(RULE, actions=[{"args": {}}])],
             "inspector_rules[0] (Set deploy kernel): an action needs an "
             "action or an op"),
            ("bad sensitive", [dict(RULE, sensitive="maybe")],
             "inspector_rules[0].sensitive must be true or false"),
            ("duplicate", [RULE, RULE],
             "two rules are described 'Set deploy kernel'"),
        ]
        for case, rules, fragment in cases:
            with self.subTest(case=case):
                with self.assertRaises(postconfig.PostConfigError) as ctx:
                    postconfig.inspection_rule_bodies(rules)
                self.assertIn(fragment, str(ctx.exception))

    def test_rule_changes(self):
        wanted = postconfig.inspection_rule_bodies([
            RULE, dict(RULE, description="new"),
            dict(RULE, description="moved", priority=5)])
        existing = [dict(wanted[0], uuid="u0"),
                    dict(wanted[2], uuid="u2", priority=1),
                    {"uuid": "u9", "description": "operator's own"}]
        create, replace = postconfig.rule_changes(existing, wanted)
        self.assertEqual(["new"], [body["description"] for body in create])
        self.assertEqual(["u2"], list(replace))


class TestGlanceAndNeutron(base.TestCase):

    def test_glance_image_bodies(self):
        self.assertEqual([
            {"name": "ipa.kernel", "disk_format": "aki",
             "container_format": "aki", "visibility": "public"},
            {"name": "ipa.initramfs", "disk_format": "ari",
             "container_format": "ari", "visibility": "public"},
        ], postconfig.glance_image_bodies("ipa.kernel", "ipa.initramfs"))

    def test_provision_network_bodies(self):
        cases = [
            ("flat", dict(cidr="10.66.8.0/24"),
             {"name": "provision-net", "shared": True,
              "provider:network_type": "flat",
              "provider:physical_network": "physnet1"},
             {"name": "provision-net", "cidr": "10.66.8.0/24", "ip_version": 4}),
            ("vlan with pool and gateway",
             dict(cidr="10.66.8.0/24", vlan="208", physical_network="bm",
                  gateway="10.66.8.1", pool_start="10.66.8.100",
                  pool_end="10.66.8.200"),
             {"name": "provision-net", "shared": True,
              "provider:network_type": "vlan",
              "provider:physical_network": "bm",
              "provider:segmentation_id": 208},
             {"name": "provision-net", "cidr": "10.66.8.0/24", "ip_version": 4,
              "gateway_ip": "10.66.8.1",
              "allocation_pools": [{"start": "10.66.8.100",
                                    "end": "10.66.8.200"}]}),
            ("ipv6", dict(cidr="fd00:66::/64"), None,
             {"name": "provision-net", "cidr": "fd00:66::/64", "ip_version": 6}),
        ]
        for case, kwargs, network, subnet in cases:
            with self.subTest(case=case):
                net_body, subnet_body = postconfig.provision_network_bodies(
                    "provision-net", **kwargs)
                if network is not None:
                    self.assertEqual({"network": network}, net_body)
                self.assertEqual({"subnet": subnet}, subnet_body)

    def test_provision_network_errors(self):
        cases = [
            ("no cidr", dict(cidr=None), "provisioning network 'p' has no CIDR"),
            ("half a pool", dict(cidr="10.0.0.0/24", pool_start="10.0.0.5"),
             "set both ends of the neutron allocation pool"),
        ]
        for case, kwargs, fragment in cases:
            with self.subTest(case=case):
                with self.assertRaises(postconfig.PostConfigError) as ctx:
                    postconfig.provision_network_bodies("p", **kwargs)
                self.assertIn(fragment, str(ctx.exception))


class TestPostConfigureRow(test_rows.KollaRowsCase):
    """'overcloud post configure' runs kolla-ansible post-deploy, then
    kayobe's post-configure playbook, at the subprocess seam."""

    def test_post_deploy_then_the_playbook(self):
        calls = []
        seam = self.seam

        def record(argv, env):
            calls.append(argv)
            return seam(argv, env)
        runner.run_process.side_effect = record
        self.assertEqual(0, self.run_kayobe("overcloud", "post", "configure"),
                         self.read())
        names = [os.path.basename(argv[0]) for argv in calls]
        tools = [n for n in names if n in ("kolla-ansible", "ansible-playbook")]
        self.assertEqual(["kolla-ansible", "ansible-playbook"], tools)
        kolla = calls[names.index("kolla-ansible")]
        self.assertIn("post-deploy", kolla)
        playbook = calls[names.index("ansible-playbook")]
        self.assertTrue(playbook[-1].endswith("overcloud-post-configure.yml")
                        or any(a.endswith("overcloud-post-configure.yml")
                               for a in playbook), playbook)
        self.assertEqual("localhost", playbook[playbook.index("--limit") + 1])

    def test_row_declares_the_action_and_the_playbook(self):
        row = next(r for r in table.ROWS
                   if r.words == "overcloud post configure")
        self.assertEqual(["overcloud-post-configure"], row.playbooks())
        self.assertEqual("post-deploy", row.action.action)
