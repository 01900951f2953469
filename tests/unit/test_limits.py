import pytest

from kayobe import limits


@pytest.mark.parametrize("pattern, terms", [
    ("", []),
    ("a", ["a"]),
    ("a,b", ["a", "b"]),
    ("a:b", ["a", "b"]),
    ("a:&b:!c", ["a", "&b", "!c"]),
    ("host[1:3]", ["host[1:3]"]),
    ("host[1:3]:other", ["host[1:3]", "other"]),
    ("fe80::1", ["fe80::1"]),
    ("a, b ,", ["a", "b"]),
])
def test_split_pattern(pattern, terms):
    assert limits.split_pattern(pattern) == terms


@pytest.mark.parametrize("command, user, expected", [
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
])
def test_intersect(command, user, expected):
    assert limits.intersect(command, user) == expected
