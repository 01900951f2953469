"""Docker's data root in daemon.json (docker_runtime_directory)."""

from kayobe.hostconfig import container
from tests.unit import base

# (case, data_root, expected data-root key or None)
CASES = (
    ("unset keeps dockerd's default", "", None),
    ("none keeps dockerd's default", None, None),
    ("set", "/srv/docker", "/srv/docker"),
)


class TestDockerDataRoot(base.TestCase):

    def test_data_root(self):
        for case, data_root, expected in CASES:
            with self.subTest(case=case):
                config = container.docker_daemon_config(data_root=data_root)
                self.assertEqual(config.get("data-root"), expected)
