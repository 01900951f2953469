"""Custom service configuration across layers."""

from kayobe import errors
from kayobe.kolla import customconfig
from tests.unit import base


def render(text, source):
    return text.replace("{{ x }}", "X")


class TestCustomConfig(base.TestCase):

    def test_layers_merge_by_type(self):
        self.write("base/nova.conf", "[DEFAULT]\na = 1\nb = {{ x }}\n")
        self.write("env/nova.conf", "[DEFAULT]\na = 2\n")
        self.write("base/bifrost/bifrost.yml", "a: {b: 1, c: 1}\n")
        self.write("env/bifrost/bifrost.yml", "a: {c: 2}\n")
        self.write("base/haproxy/x.cfg", "base\n")
        self.write("env/haproxy/x.cfg", "env {{ x }}\n")
        self.write("base/only.conf", "[DEFAULT]\nkey=kept as written {{ x }}\n")
        self.write("base/.hidden", "x")
        tree = customconfig.build([self.tmp_path / "base", self.tmp_path / "env",
                                   self.tmp_path / "missing"], render)
        self.assertEqual(tree, {
            "config/nova.conf": b"[DEFAULT]\na = 2\nb = X\n",
            "config/bifrost/bifrost.yml": b"a:\n  b: 1\n  c: 2\n",
            "config/haproxy/x.cfg": b"env X\n",
            "config/only.conf": b"[DEFAULT]\nkey=kept as written X\n",
        })

    def test_generated_is_below_the_operators_and_not_rendered(self):
        self.write("bifrost/dib.yml", "dib_os_release: trixie\n")
        tree = customconfig.build([self.tmp_path], render, {
            "bifrost/dib.yml": "dib_os_element: debian\ndib_os_release: bookworm\n",
            "bifrost/servers.yml": "s: '{{ x }}'\n"})
        self.assertEqual(tree["config/bifrost/dib.yml"],
                         b"dib_os_element: debian\ndib_os_release: trixie\n")
        self.assertEqual(tree["config/bifrost/servers.yml"], b"s: '{{ x }}'\n")

    def test_binary_file_taken_from_the_highest_layer(self):
        self.write("a/f.bin", "x")
        (self.tmp_path / "a" / "f.bin").write_bytes(b"\xff\x00")
        (self.tmp_path / "b").mkdir()
        (self.tmp_path / "b" / "f.bin").write_bytes(b"\xfe\x01")
        tree = customconfig.build([self.tmp_path / "a", self.tmp_path / "b"],
                                  render)
        self.assertEqual(tree, {"config/f.bin": b"\xfe\x01"})

    def test_bad_file_named_with_its_line(self):
        for rel, good, bad, pattern in (
                ("x.yml", "a: 1\n", "a: 1\nb: [\n", r"b/x\.yml:3: invalid YAML"),
                ("x.conf", "[a]\nx = 1\n", "[a]\nx = 1\nwords\n",
                 r"b/x\.conf:3: invalid INI: No ':' or '='")):
            with self.subTest(file=rel):
                self.write(f"a/{rel}", good)
                self.write(f"b/{rel}", bad)
                with self.assertRaisesRegex(errors.ConfigError, pattern):
                    customconfig.build([self.tmp_path / "a", self.tmp_path / "b"],
                                       render)
                (self.tmp_path / "b" / rel).unlink()
