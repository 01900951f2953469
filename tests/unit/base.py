"""Base class of the unit tests (run by stestr, the OpenStack way).

Every unit test case derives from ``TestCase``:

- ``self.tmp_path``: a fresh ``pathlib.Path`` directory, removed afterwards;
- ``self.setenv(name, value)`` / ``self.delenv(name)``: environment changes
  undone after the test;
- ``self.patch(target, **kwargs)``: ``mock.patch`` started and stopped for
  the test (``autospec=True`` at the subprocess seam, as DESIGN.md says);
- kayobe's state (run reports, the PYTHONPATH directory) lives in the test's
  own directory, never the user's (``KAYOBE_STATE_DIR``).

Table-driven tests keep their table as module data and loop over it with
``with self.subTest(case=...)``, so that a failure names the row and the
other rows still run.
"""

import contextlib
import io
import multiprocessing
import os
import pathlib
import shutil
import tempfile
import unittest
from unittest import mock


def write(path, text):
    """Write ``text`` to ``path`` (parents made); the path."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _race_worker(step, worker, rounds, barrier, queue):
    barrier.wait()
    try:
        for round_ in range(rounds):
            step(worker, round_)
        queue.put(None)
    except Exception as error:  # report to the parent rather than hang
        queue.put(repr(error))


def race(step, workers, rounds):
    """Call ``step(worker, round_)`` ``rounds`` times in each of ``workers``
    forked processes let go at the same moment; one entry a worker: None
    where it finished, else the repr of what it raised.

    Forked (not spawned), so ``step`` may be a closure over the test's data.
    """
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(workers), ctx.Queue()
    procs = [ctx.Process(target=_race_worker,
                         args=(step, worker, rounds, barrier, queue))
             for worker in range(workers)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    return results


class TestCase(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp_path = pathlib.Path(tempfile.mkdtemp(prefix="kayobe-test-"))
        self.addCleanup(shutil.rmtree, self.tmp_path, ignore_errors=True)
        self.state_dir = self.tmp_path / "state"
        self.setenv("KAYOBE_STATE_DIR", str(self.state_dir))

    def setenv(self, name, value):
        self._save_env(name)
        os.environ[name] = value

    def delenv(self, name):
        self._save_env(name)
        os.environ.pop(name, None)

    def _save_env(self, name):
        old = os.environ.get(name)

        def restore():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old
        self.addCleanup(restore)

    def patch(self, target, *args, **kwargs):
        patcher = mock.patch(target, *args, **kwargs)
        started = patcher.start()
        self.addCleanup(patcher.stop)
        return started

    def patch_object(self, obj, attribute, *args, **kwargs):
        patcher = mock.patch.object(obj, attribute, *args, **kwargs)
        started = patcher.start()
        self.addCleanup(patcher.stop)
        return started

    def write(self, relpath, text):
        """Write ``text`` to ``tmp_path/relpath`` (parents made); the path."""
        return write(self.tmp_path / relpath, text)

    @contextlib.contextmanager
    def capture(self):
        """Collect what the block prints: ``with self.capture() as out``,
        then ``out.getvalue()``."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            yield out

