"""The kolla tree is written all or nothing, and the lock is per config."""

from kayobe.kolla import writer
from tests.unit import base


class TestAllOrNothing(base.TestCase):

    def test_failed_staging_leaves_the_tree_as_it_was(self):
        root = self.tmp_path / "kolla"
        writer.sync(root, {"a.yml": b"old a\n", "b": b"a file\n"})
        before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        # "b/c" cannot be written while "b" is a file: staging fails after
        # "a.yml" was staged.
        with self.assertRaises(OSError):
            writer.sync(root, {"a.yml": b"new a\n", "b/c": b"x\n"})
        after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        self.assertEqual(after, before)

    def test_config_path_that_is_a_file_is_refused(self):
        path = self.write("kolla", "")
        with self.assertRaises(writer.errors.ConfigError) as caught:
            writer.sync(path, {"a.yml": b"a\n"})
        self.assertIn(f"kolla config path {path} is not a directory",
                      str(caught.exception))
