from kayobe import limits
from tests.unit import base

# (pattern, terms)
SPLITS = [
    ("", []),
    ("a", ["a"]),
    ("a,b", ["a", "b"]),
    ("a:b", ["a", "b"]),
    ("a:&b:!c", ["a", "&b", "!c"]),
    ("host[1:3]", ["host[1:3]"]),
    ("host[1:3]:other", ["host[1:3]", "other"]),
    ("fe80::1", ["fe80::1"]),
    ("a, b ,", ["a", "b"]),
]

# (command limit, user --limit, intersection)
INTERSECTIONS = [
    (None, None, None),
    ("overcloud", None, "overcloud"),
    (None, "ctl1", "ctl1"),
    ("overcloud", "ctl1,ctl2", "ctl1,ctl2,&overcloud"),
    ("overcloud", "ctl1:ctl2", "ctl1,ctl2,&overcloud"),
    ("seed-hypervisor,seed", "seed", "seed-hypervisor,seed,&seed"),
    ("overcloud", "!ctl1", "overcloud,!ctl1"),
    ("overcloud", "&compute", "overcloud,&compute"),
    ("overcloud", "all", "overcloud"),
    ("all", "ctl1", "ctl1"),
    ("overcloud:!ctl3", "ctl1:ctl2:&compute",
     "ctl1,ctl2,&overcloud,&compute,!ctl3"),
    ("a,b", "c,d", None),   # no single pattern: resolved from inventory
]


class TestLimits(base.TestCase):

    def test_split_pattern(self):
        for pattern, terms in SPLITS:
            with self.subTest(pattern=pattern):
                self.assertEqual(limits.split_pattern(pattern), terms)

    def test_intersect(self):
        for command, user, expected in INTERSECTIONS:
            with self.subTest(command=command, user=user):
                self.assertEqual(limits.intersect(command, user), expected)
