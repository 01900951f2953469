"""Base host configuration helpers (kayobe.basehost)."""

import pytest

from kayobe import errors
from kayobe import basehost


@pytest.mark.parametrize("repos, expected", [
    ([], ""),
    ([{"url": "http://deb.example/debian", "suites": "bookworm",
       "components": "main", "signed_by": "example.asc"}],
     "Types: deb\nURIs: http://deb.example/debian\nSuites: bookworm\n"
     "Components: main\nSigned-By: /etc/apt/keyrings/example.asc\n"),
    ([{"url": "http://a", "suites": ["s1", "s2"], "components": ["main", "contrib"],
       "types": ["deb", "deb-src"], "architecture": "amd64",
       "signed_by": "/usr/share/keyrings/k.gpg", "trusted": True,
       "enabled": False},
      {"url": "http://b", "suites": "./"}],
     "Types: deb deb-src\nURIs: http://a\nSuites: s1 s2\n"
     "Components: main contrib\nArchitectures: amd64\n"
     "Signed-By: /usr/share/keyrings/k.gpg\nTrusted: yes\nEnabled: no\n"
     "\nTypes: deb\nURIs: http://b\nSuites: ./\n"),
])
def test_deb822_sources(repos, expected):
    assert basehost.deb822_sources(repos) == expected


@pytest.mark.parametrize("repo, message", [
    ({"suites": "x"}, r"apt_repositories\[0\] needs url"),
    ({}, "needs url and suites"),
])
def test_deb822_sources_rejects_incomplete(repo, message):
    with pytest.raises(errors.KayobeError, match=message):
        basehost.deb822_sources([repo])


@pytest.mark.parametrize("user, expected", [
    ({"name": "a"}, []),
    ({"ssh_key": "ssh-ed25519 A a@x\n"}, ["ssh-ed25519 A a@x"]),
    ({"ssh_key": ["k1", ""], "ssh_keys": ["k2"]}, ["k1", "k2"]),
    ({"ssh_key": None, "ssh_keys": ["k2", " "]}, ["k2"]),
])
def test_authorized_keys(user, expected):
    assert basehost.authorized_keys(user) == expected


@pytest.mark.parametrize("users, expected", [
    ([], []),
    ([{"name": "a", "groups": ["wheel", "adm"]}, {"name": "b", "group": "ops",
                                                  "groups": "adm, docker"}],
     ["adm", "docker", "ops", "wheel"]),
    ([{"name": "c", "groups": None}], []),
])
def test_user_groups(users, expected):
    assert basehost.user_groups(users) == expected


@pytest.mark.parametrize("servers, expected", [
    ([], []),
    (["10.66.0.1"], ["server 10.66.0.1"]),
    ([{"server": "pool.ntp.org", "type": "pool", "options": ["iburst", "maxsources 3"]},
      {"server": "ntp1", "options": "iburst"}],
     ["pool pool.ntp.org iburst maxsources 3", "server ntp1 iburst"]),
])
def test_chrony_sources(servers, expected):
    assert basehost.chrony_sources(servers) == expected


@pytest.mark.parametrize("servers, message", [
    ([{"type": "pool"}], "needs server"),
    ([{"server": "x", "type": "refclock"}], "type 'refclock' is not one of"),
])
def test_chrony_sources_rejects(servers, message):
    with pytest.raises(errors.KayobeError, match=message):
        basehost.chrony_sources(servers)


@pytest.mark.parametrize("host, port, expected", [
    ("10.0.0.1", 22, "10.0.0.1"),
    ("h1", None, "h1"),
    ("h1", "2222", "[h1]:2222"),
])
def test_known_host_name(host, port, expected):
    assert basehost.known_host_name(host, port) == expected


def test_filters_are_the_helpers():
    filters = basehost.get_filters()
    assert filters["deb822_sources"] is basehost.deb822_sources
    assert set(filters) == {"deb822_sources", "authorized_keys", "user_groups",
                            "chrony_sources", "known_host_name"}
