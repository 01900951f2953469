"""Atomic, only-if-changed writing; stale files; environment guard."""

import os

from kayobe import errors
from kayobe.kolla import writer
from tests.unit import base


class TestSync(base.TestCase):

    def test_sync_creates_then_leaves_unchanged(self):
        tree = {"a.yml": b"a\n", "d/b.conf": b"b\n"}
        result = writer.sync(self.tmp_path, tree)
        self.assertEqual(result.created, ["a.yml", "d/b.conf"])
        before = os.stat(self.tmp_path / "a.yml").st_mtime_ns
        result = writer.sync(self.tmp_path, tree)
        self.assertEqual((result.created, result.changed, result.unchanged),
                         ([], [], 2))
        self.assertEqual(os.stat(self.tmp_path / "a.yml").st_mtime_ns, before)

    def test_changed_and_stale_files(self):
        writer.sync(self.tmp_path, {"a": b"1", "old/x": b"x", "keep": b"k"})
        (self.tmp_path / "foreign").write_text("not ours")
        result = writer.sync(self.tmp_path, {"a": b"2"}, keep=("keep",))
        self.assertEqual(result.changed, ["a"])
        self.assertEqual(result.removed, ["old/x"])
        self.assertFalse((self.tmp_path / "old").exists())   # empty directory pruned
        self.assertTrue((self.tmp_path / "foreign").exists())  # never kayobe's
        self.assertTrue((self.tmp_path / "keep").exists())

    def test_modes(self):
        writer.sync(self.tmp_path, {"s": b"1"}, modes={"s": 0o600})
        self.assertEqual((self.tmp_path / "s").stat().st_mode & 0o777, 0o600)

    def test_environment_conflict_is_refused(self):
        writer.sync(self.tmp_path, {"a": b"1"}, environment="prod")
        writer.sync(self.tmp_path, {"a": b"1"}, environment="prod")
        with self.assertRaisesRegex(
                errors.ConfigError, "generated for environment 'prod', not 'dev'"):
            writer.sync(self.tmp_path, {"a": b"2"}, environment="dev")
        with self.assertRaisesRegex(errors.ConfigError, "not '\\(none\\)'"):
            writer.check_environment(self.tmp_path, None)
        self.assertEqual((self.tmp_path / "a").read_bytes(), b"1")

    def test_sync_leaves_no_temporary_files(self):
        writer.sync(self.tmp_path, {"x/f": b"data"}, modes={"x/f": 0o640})
        self.assertEqual(os.listdir(self.tmp_path / "x"), ["f"])
        self.assertEqual(sorted(os.listdir(self.tmp_path)),
                         [writer.MANIFEST, "x"])
        self.assertEqual((self.tmp_path / "x" / "f").stat().st_mode & 0o777,
                         0o640)

    def test_corrupt_manifest_is_one_line(self):
        (self.tmp_path / writer.MANIFEST).write_text("{")
        with self.assertRaisesRegex(errors.ConfigError, "corrupt manifest"):
            writer.sync(self.tmp_path, {"a": b"1"})


class TestDiff(base.TestCase):

    def test_diff_shows_changes_and_hides_secrets(self):
        writer.sync(self.tmp_path, {"a": b"one\n", "gone": b"x\n"}, keep=("pw",))
        (self.tmp_path / "pw").write_bytes(b"secret-old")
        text = writer.diff(self.tmp_path, {"a": b"two\n", "new": b"n\n",
                                           "pw": b"secret-new"}, secret=("pw",))
        self.assertIn("-one\n+two\n", text)
        self.assertIn("+++ b/new", text)
        self.assertIn("--- a/gone", text)
        self.assertIn("pw: would change (content not shown)", text)
        self.assertNotIn("secret", text.replace("would change", ""))
        self.assertEqual(writer.diff(self.tmp_path, {"a": b"one\n", "gone": b"x\n"},
                                     secret=("pw",)), "")
