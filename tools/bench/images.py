#!/usr/bin/env python3
"""Benchmark: real image builds through kayobe's commands, first and cached.

  tools/bench/images.py --kind container --config-path DIR [--runs 2]
                        [--regex '^base$'] [--push] [-- KAYOBE_ARGS...]

--kind container: ``kayobe seed container image build REGEX... [--push]``
against the kayobe configuration DIR (its builders must run a container
engine; see tests/functional/test_container_images_lab.py for a lab host
that does).  The first run builds from nothing (pass --nocache-first to
also bypass the engine's layer cache), the later ones reuse the engine's
cache.  --kind host: ``kayobe overcloud host image build``; --kind
deployment: ``kayobe seed deployment image build`` (IPA), both with
diskimage-builder, the first run with --force-rebuild.

Prints one line per run: kind, run number, seconds, exit code; exits
non-zero if any run failed.
"""

import argparse
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def container_argv(args, first):
    argv = ["seed", "container", "image", "build",
            "--config-path", args.config_path]
    if args.push:
        argv.append("--push")
    if first and args.nocache_first:
        argv.append("--nocache")
    return argv + args.regex


def dib_argv(words):
    """A diskimage-builder build: the first run is forced (--force-rebuild),
    so it builds even when an earlier image is in the cache; the later ones
    keep the image (see tests/functional/test_dib_images.py for a config)."""
    def argv(args, first):
        return words.split() + ["--config-path", args.config_path] + (
            ["--force-rebuild"] if first else [])
    return argv


# kind -> function(args, first run?) returning the kayobe arguments.
KINDS = {"container": container_argv,
         "host": dib_argv("overcloud host image build"),
         "deployment": dib_argv("seed deployment image build")}


def run(argv, extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "kayobe.cli.app", *argv, *extra],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.monotonic() - start, result.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=sorted(KINDS), required=True)
    parser.add_argument("--config-path", required=True)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--regex", action="append", default=None)
    parser.add_argument("--push", action="store_true")
    parser.add_argument("--nocache-first", action="store_true")
    args, extra = parser.parse_known_args()
    extra = [a for a in extra if a != "--"]
    args.regex = args.regex or ["^base$"]
    failed = False
    for number in range(1, args.runs + 1):
        seconds, rc = run(KINDS[args.kind](args, number == 1), extra)
        label = "first" if number == 1 else "cached"
        print(f"{args.kind} run {number} ({label}): {seconds:.1f} s, rc {rc}",
              flush=True)
        failed = failed or rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
