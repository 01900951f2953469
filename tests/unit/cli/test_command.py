"""What the generated commands write, and where."""

import contextlib
import io
import json

from kayobe import runner
from kayobe.cli import app
from tests.unit import base


class TestOutput(base.TestCase):

    def test_engine_messages_go_to_the_apps_stdout(self):
        self.write("config/globals.yml", "x: 1\n")
        self.write("state/last-run.json", json.dumps({
            "version": 1, "command": "seed host configure",
            "hosts": {"seed1": {"status": "ok"}}}))
        seam = self.patch_object(runner, "run_process", autospec=True,
                                 return_value=0)
        kayobe = app.KayobeApp()
        kayobe.stdout = io.StringIO()
        with self.capture() as sys_stdout, \
                contextlib.redirect_stderr(io.StringIO()):
            code = kayobe.run(["seed", "host", "configure", "--retry-failed",
                               "--config-path", str(self.tmp_path / "config")])
        self.assertEqual(code, 0)
        self.assertEqual(kayobe.stdout.getvalue(),
                         "seed host configure: no failed host to retry\n")
        self.assertEqual(sys_stdout.getvalue(), "")
        seam.assert_not_called()
