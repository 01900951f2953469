"""Custom playbook hooks: hooks/<command-words>/{pre,post}.d/*.yml."""

import fnmatch

from kayobe import errors

STAGES = ("pre", "post")


def hook_dir_name(words):
    """``overcloud host configure`` -> ``overcloud-host-configure``."""
    return "-".join(words.split())


def discover(config, words, stage, skip=None):
    """Hook playbooks for one command and stage, in lexical file-name order.

    Hooks of every layer (base, then environments) run; a name that appears
    in several layers sorts by name, base first.  ``skip`` is ``all`` or a
    glob matched against each hook's file name.
    """
    if stage not in STAGES:
        raise ValueError(stage)
    if skip == "all":
        return []
    found = []
    for rank, hooks in enumerate(config.hook_dirs()):
        directory = hooks / hook_dir_name(words) / f"{stage}.d"
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            if not path.name.endswith((".yml", ".yaml")):
                continue
            if not path.exists():
                raise errors.ConfigError(f"hook {path} is a broken symlink")
            if skip and fnmatch.fnmatch(path.name, skip):
                continue
            found.append((path.name, rank, path))
    return [path for _, _, path in sorted(found)]
