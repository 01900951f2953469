"""Intersect Ansible host patterns.

Ansible evaluates a pattern as: the union of its plain terms, then each
``&term`` intersected, then each ``!term`` removed.  So ``A`` intersected with
``B`` is one pattern as long as one side has a single plain term: that term
becomes an ``&`` term of the other.  When both sides have several plain terms
there is no single pattern; the caller then resolves hosts itself.
"""

import ipaddress
import re

_COLON_SPLIT = re.compile(r":(?![^\[]*\])")   # not inside host[1:3] ranges


def split_pattern(pattern):
    """Split a host pattern into terms the way Ansible does."""
    pattern = pattern.strip()
    if not pattern:
        return []
    if "," in pattern:
        terms = pattern.split(",")
    else:
        try:
            ipaddress.IPv6Address(pattern.strip("[]"))
            terms = [pattern]
        except ValueError:
            terms = _COLON_SPLIT.split(pattern)
    return [t.strip() for t in terms if t.strip()]


def _parts(pattern):
    terms = split_pattern(pattern)
    plain = [t for t in terms if t[0] not in "&!"]
    inter = [t for t in terms if t[0] == "&"]
    exclude = [t for t in terms if t[0] == "!"]
    return plain, inter, exclude


def _is_all(plain):
    return plain in (["all"], ["*"])


def intersect(command_limit, user_limit):
    """One pattern for (command_limit AND user_limit), or None if impossible.

    Either argument may be empty, meaning "no restriction".
    """
    if not command_limit:
        return user_limit or None
    if not user_limit:
        return command_limit
    c_plain, c_inter, c_excl = _parts(command_limit)
    u_plain, u_inter, u_excl = _parts(user_limit)
    if _is_all(c_plain) or not c_plain:
        plain, extra = u_plain, []
    elif _is_all(u_plain) or not u_plain:
        plain, extra = c_plain, []
    elif len(u_plain) == 1:
        plain, extra = c_plain, ["&" + u_plain[0]]
    elif len(c_plain) == 1:
        plain, extra = u_plain, ["&" + c_plain[0]]
    else:
        return None
    terms = plain + extra + c_inter + u_inter + c_excl + u_excl
    # An empty plain set would mean "no hosts" to Ansible; keep "all".
    if not plain:
        terms = ["all"] + terms
    return ",".join(dict.fromkeys(terms))
