"""Knowing what is already built: one key per edition over everything it is made of.

The key hashes the publication's content, the locale's folder, the templates,
the code and the engines' versions. An edition whose key and file are
unchanged is not rebuilt, and nothing in ``dist/`` is rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import __version__, pandoc
from .output import write_bytes

STATE_FILE = ".editions-state.json"
PACKAGE = Path(__file__).resolve().parent


def _tree_digest(folder: Path, digest) -> None:
    if not folder.exists():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def edition_key(root: Path, templates: Path, tag: str, fmt: str, all_tags: list[str],
                accept_fuzzy: int | None = None) -> str:
    digest = hashlib.sha256()
    for folder in (root / "content", root / "locales" / tag, templates, PACKAGE):
        _tree_digest(folder, digest)
    engines = [__version__, pandoc.pandoc_version(), _weasyprint_version(), fmt, ",".join(all_tags),
               os.environ.get("SOURCE_DATE_EPOCH", ""), str(accept_fuzzy)]
    digest.update("\0".join(engines).encode())
    return digest.hexdigest()


def _weasyprint_version() -> str:
    from importlib.metadata import version
    return version("weasyprint")


def load_state(dist: Path) -> dict:
    try:
        return json.loads((dist / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def save_state(dist: Path, state: dict) -> None:
    write_bytes(dist / STATE_FILE, (json.dumps(state, indent=1, sort_keys=True) + "\n").encode())
