"""Write the generated kolla configuration tree: atomically, only changes.

The tree is ``{relative path: bytes}``.  A manifest in the root records the
kayobe environment the tree was generated for and the files kayobe wrote,
so files kayobe no longer generates are removed while files other tools put
there (kolla-ansible certificates, octavia certificates) are kept.
"""

import dataclasses
import difflib
import json
import os
import pathlib
import re

from kayobe import errors
from kayobe import fileutil
from kayobe.secrets import MASK
from kayobe.secrets import SECRET_WORDS

MANIFEST = ".kayobe-kolla.json"


@dataclasses.dataclass
class Result:
    created: list = dataclasses.field(default_factory=list)
    changed: list = dataclasses.field(default_factory=list)
    removed: list = dataclasses.field(default_factory=list)
    unchanged: int = 0

    def summary(self):
        return (f"{len(self.created)} created, {len(self.changed)} changed, "
                f"{len(self.removed)} removed, {self.unchanged} unchanged")


def read_manifest(root):
    path = pathlib.Path(root) / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text())
    except ValueError:
        raise errors.ConfigError(f"{path}: corrupt manifest; remove it "
                                 "to regenerate the kolla configuration") from None
    return data


def check_environment(root, environment):
    """Refuse a path that is not a directory, and a tree generated for
    another kayobe environment."""
    if pathlib.Path(root).exists() and not pathlib.Path(root).is_dir():
        raise errors.ConfigError(
            f"kolla config path {root} is not a directory (--kolla-config-path "
            "or kolla_config_path names the directory kayobe generates into)")
    manifest = read_manifest(root)
    if manifest is None:
        return
    previous = manifest.get("environment") or None
    if previous != (environment or None):
        raise errors.ConfigError(
            f"kolla config path {root} was generated for environment "
            f"'{previous or '(none)'}', not '{environment or '(none)'}'; use "
            "another kolla_config_path or remove it")


def current(path):
    try:
        return pathlib.Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def sync(root, tree, environment=None, modes=None, keep=()):
    """Make ``root`` hold ``tree``; returns a Result.

    ``modes``: {relative path: mode} (default 0644).  ``keep``: paths
    managed elsewhere (e.g. the passwords file) that stay in the manifest.
    """
    root = pathlib.Path(root)
    modes = modes or {}
    check_environment(root, environment)
    previous = set((read_manifest(root) or {}).get("files", []))
    result = Result()
    staged = []
    try:
        # All or nothing: every changed file is written and synced beside
        # its target first (a full disk fails here, with the tree as it
        # was); only then are they renamed into place.
        for rel in sorted(tree):
            path = root / rel
            old = current(path)
            mode = modes.get(rel, 0o644)
            if old == tree[rel]:
                result.unchanged += 1
                if path.stat().st_mode & 0o777 != mode:
                    os.chmod(path, mode)
                continue
            staged.append((fileutil.stage(path, tree[rel], mode), path))
            (result.changed if old is not None else result.created).append(rel)
    except BaseException:
        for tmp, _ in staged:
            fileutil.discard(tmp)
        raise
    for tmp, path in staged:
        fileutil.commit(tmp, path)
    for rel in sorted(previous - set(tree) - set(keep)):
        path = root / rel
        if path.is_file():
            path.unlink()
            result.removed.append(rel)
            _prune_empty(path.parent, root)
    manifest = {"environment": environment or None,
                "files": sorted(set(tree) | set(keep))}
    fileutil.write_atomic(root / MANIFEST,
                          (json.dumps(manifest, indent=1) + "\n").encode())
    return result


def _prune_empty(directory, root):
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def diff(root, tree, secret=()):
    """Unified diff of ``root`` against ``tree`` (stale files included).

    Paths in ``secret`` are named but their content is never shown.
    """
    root = pathlib.Path(root)
    previous = set((read_manifest(root) or {}).get("files", []))
    out = []
    for rel in sorted(set(tree) | (previous - set(secret))):
        old = current(root / rel) if rel in previous or (root / rel).exists() else None
        new = tree.get(rel)
        if old == new:
            continue
        if rel in secret:
            out.append(f"{rel}: would change (content not shown)\n")
            continue
        out.extend(_unified(rel, old, new))
    return "".join(out)


# An INI or YAML option whose name says it holds a secret (a switch's
# password in ml2_conf.ini, an operator's credentials): its value is never
# shown in a diff.
SECRET_OPTION = re.compile(
    rf"^(?P<key>\s*[\w.-]*(?:{SECRET_WORDS})\w*\s*[=:]\s*)\S.*$",
    re.IGNORECASE)


def _masked(line):
    end = "\n" if line.endswith("\n") else ""
    match = SECRET_OPTION.match(line.rstrip("\n"))
    return f"{match.group('key')}{MASK}{end}" if match else line


def _unified(rel, old, new):
    def lines(data):
        if data is None:
            return []
        try:
            return data.decode().splitlines(keepends=True)
        except UnicodeDecodeError:
            return None
    a, b = lines(old), lines(new)
    if a is None or b is None:
        return [f"Binary file {rel} differs\n"]
    a, b = [_masked(line) for line in a], [_masked(line) for line in b]
    text = list(difflib.unified_diff(
        a, b, fromfile="/dev/null" if old is None else f"a/{rel}",
        tofile="/dev/null" if new is None else f"b/{rel}"))
    return [line if line.endswith("\n") else line + "\n" for line in text]
