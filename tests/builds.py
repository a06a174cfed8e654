"""Helpers for the tests that build a project: run build.py, read the manifest, find an edition.

``run_cli`` runs build.py's ``main`` in this process, as the command would run it from the
tool's folder (its output captured, its exit status returned): the same code, without a
Python start and every library's import per build. The few tests about the process itself
(killed and concurrent builds, the sample's end-to-end build) start ``build.py`` for real.

``run_build`` renders in the test's own process (``--jobs 1``) unless told a number of
workers: a test worker already has a core of its own, and a pool started for each small
build cost a fifth of its time. The real processes' tests use the pool, as a build does.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run_cli(*argv: str) -> subprocess.CompletedProcess:
    """``python build.py ARGV...`` run in this process from the tool's folder."""
    import build as cli

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(arg) for arg in argv])
            except SystemExit as stop:       # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["build.py", *argv], code, out.getvalue(), err.getvalue())


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``build.py --project PROJECT ARGS...`` in this process, rendering here too unless
    ``ARGS`` names ``--jobs``."""
    jobs = () if "--jobs" in args else ("--jobs", "1")
    return run_cli("--project", str(project), *jobs, *args)


def run_process(*argv: str, **options) -> subprocess.CompletedProcess:
    """``python build.py ARGV...`` started as its own process, from the tool's folder."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, argv)],
                          capture_output=True, text=True, cwd=ROOT, **options)


def manifest(project: Path) -> dict:
    return json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))


def edition(project: Path, tag: str, fmt: str) -> Path:
    entry = next(e for e in manifest(project)["editions"] if e["locale"] == tag and e["format"] == fmt)
    return project / "dist" / entry["path"]
