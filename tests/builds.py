"""Helpers for the tests that build a project: run build.py, read the manifest, find an edition."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project), *args],
                          capture_output=True, text=True, cwd=ROOT)


def manifest(project: Path) -> dict:
    return json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))


def edition(project: Path, tag: str, fmt: str) -> Path:
    entry = next(e for e in manifest(project)["editions"] if e["locale"] == tag and e["format"] == fmt)
    return project / "dist" / entry["path"]
