"""physical network configure at the subprocess seam: --group is the
limit, the options reach Ansible as typed extra variables, exclusive
options never start ansible-playbook."""

import contextlib
import io
import json
from unittest import mock

from kayobe import runner
from kayobe.cli import app
from tests.unit import base


class TestPhysicalNetworkConfigure(base.TestCase):

    def run_cli(self, *args):
        self.delenv("KAYOBE_VAULT_PASSWORD")
        self.write("config/inventory/hosts", "[switches:children]\ntor\n"
                   "[tor]\nsw1\n")
        argv = ["physical", "network", "configure", "--config-path",
                str(self.tmp_path / "config"), *args]
        err = io.StringIO()
        with mock.patch.object(runner, "run_process", autospec=True,
                               return_value=0) as seam, \
                contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(err):
            code = app.main(argv)
        return code, seam, err.getvalue()

    def test_options_become_extra_vars(self):
        code, seam, _ = self.run_cli("--group", "tor", "--display",
                                     "--interface-description-limit",
                                     "{{ x }},compute0", "--enable-discovery")
        self.assertEqual(0, code)
        argv = seam.call_args.args[0]
        self.assertTrue(argv[-1].endswith("physical-network.yml"))
        self.assertEqual("tor", argv[argv.index("--limit") + 1])
        extra = [json.loads(a) for a in argv if a.startswith("{")]
        merged = {k: v for e in extra for k, v in e.items()}
        self.assertEqual(True, merged["physical_network_display"])
        self.assertEqual(True, merged["physical_network_enable_discovery"])
        self.assertEqual(False, merged["physical_network_disable_discovery"])
        self.assertEqual({"__ansible_unsafe": "{{ x }},compute0"},
                         merged["physical_network_interface_description_limit"])
        self.assertNotIn("physical_network_interface_limit", merged)

    def test_exclusive_options(self):
        cases = [
            (("--interface-limit", "a", "--interface-description-limit", "b"),
             "--interface-limit and --interface-description-limit are "
             "mutually exclusive"),
            (("--enable-discovery", "--disable-discovery"),
             "--enable-discovery and --disable-discovery are mutually "
             "exclusive"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                code, seam, err = self.run_cli("--group", "tor", *args)
                self.assertEqual(2, code)
                self.assertEqual(f"kayobe: error: {message}\n", err)
                seam.assert_not_called()
