"""Write files so that readers never see a half-written one."""

import os
import pathlib
import tempfile


def write_atomic(path, data, mode=None):
    """Replace ``path`` with ``data`` (str or bytes) in one rename.

    The data goes to a temporary file in the same directory, is synced, and
    is renamed over ``path``; the directory is synced so that the rename
    survives a crash.  ``mode`` defaults to the existing file's, else 0644.
    Parent directories are created.
    """
    path = pathlib.Path(path)
    if mode is None:
        mode = _existing_mode(path, 0o644)
    tmp = stage(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    _fsync_dir(path.parent)


def _existing_mode(path, default):
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        return default


def _fsync_dir(directory):
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stage(path, data, mode=0o644):
    """Write ``data`` to a synced temporary file beside ``path``; return its
    name, for ``commit`` (or ``discard``)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                               suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        discard(tmp)
        raise
    return tmp


def commit(tmp, path):
    """Rename a staged file over ``path`` and sync its directory."""
    os.replace(tmp, path)
    _fsync_dir(pathlib.Path(path).parent)


def discard(tmp):
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
