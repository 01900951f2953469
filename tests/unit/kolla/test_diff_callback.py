"""The stdout callback kolla-ansible runs with for configuration diff
--rendered: secrets of the passwords file are masked in the diffs."""

import importlib.util
import pathlib

from tests.unit import base

PLUGIN = (pathlib.Path(__file__).resolve().parents[3] / "ansible" /
          "kolla_plugins" / "callback" / "kayobe_diff.py")
spec = importlib.util.spec_from_file_location("kayobe_diff", PLUGIN)
kayobe_diff = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kayobe_diff)

KEY = "-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\nshort\n-----END KEY-----\n"


SECRET_CASES = [
    ("s3cret-password-1234", ["s3cret-password-1234"]),
    ("short", []),
    (None, []),
    (42, []),
    ({"a": "aaaaaaaaaa", "b": {"private_key": KEY, "public_key": None}},
     ["aaaaaaaaaa", KEY, "-----BEGIN KEY-----", "AAAAB3NzaC1yc2EAAAADAQAB",
      "-----END KEY-----"]),
    (["bbbbbbbbbb", ["cccccccccc"]], ["bbbbbbbbbb", "cccccccccc"]),
]


class TestDiffCallback(base.TestCase):

    def test_secret_strings(self):
        for value, secrets in SECRET_CASES:
            with self.subTest(value=value):
                self.assertEqual(kayobe_diff.secret_strings(value), secrets)

    def test_mask_longest_first(self):
        secrets = sorted(["abcdefgh", "abcdefgh-longer"], key=len, reverse=True)
        text = "x=abcdefgh-longer y=abcdefgh\n"
        self.assertEqual(kayobe_diff.mask(text, secrets),
                         "x=******** y=********\n")
