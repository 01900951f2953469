"""Every configuration area is wired the same way, in the listed order."""

import pytest
import yaml

from kayobe import paths

ANSIBLE = paths.ansible_dir()


def load(name):
    return yaml.safe_load((ANSIBLE / name).read_text())


def all_defaults():
    merged = {}
    for path in sorted((ANSIBLE / "inventory" / "group_vars" / "all").iterdir()):
        merged.update(yaml.safe_load(path.read_text()) or {})
    return merged


AREAS = all_defaults()["kayobe_host_areas"]


def area_playbooks():
    imports = [p["ansible.builtin.import_playbook"]
               for p in load("host-configure.yml")]
    assert imports[:2] == ["host-areas.yml", "ip-allocation.yml"]
    return imports[2:]


def test_host_configure_follows_the_area_list():
    names = [f.removesuffix(".yml").replace("-", "_") for f in area_playbooks()]
    assert names == AREAS


@pytest.mark.parametrize("area", AREAS)
def test_area_play_shape(area):
    plays = load(area.replace("_", "-") + ".yml")
    play = plays[0]
    assert play["hosts"] == f"kayobe_area_{area}:localhost"
    assert play["gather_facts"] is False
    assert f"{area}_max_fail_percentage" in play["max_fail_percentage"]
    assert "host_configure_max_fail_percentage" in play["max_fail_percentage"]
    assert play["tags"] == [area] or area in play["tags"]
    first = play["roles"][0]
    assert first == {"role": "kayobe-area", "kayobe_area": area}


@pytest.mark.parametrize("area", AREAS)
def test_area_has_an_enabled_switch(area):
    assert f"{area}_enabled" in all_defaults()
