"""Reporting: ``dist/manifest.json`` and the table printed at the end of a build."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import Issue
from .output import write_bytes

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class LocaleSummary:
    tag: str
    coverage: float
    units: int
    fallbacks: int
    warnings: int
    errors: int
    built: int
    unchanged: int


def write_manifest(dist: Path, source_locale: str, editions: list[dict]) -> bool:
    """Write the manifest; True if its content changed."""
    fields = ("locale", "format", "path", "bytes", "sha256", "coverage")
    ordered = [{name: entry[name] for name in fields}
               for entry in sorted(editions, key=lambda e: (e["locale"], e["format"]))]
    data = {"source_locale": source_locale, "editions": ordered}
    return write_bytes(dist / MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def table(rows: list[LocaleSummary]) -> str:
    header = f"{'locale':<9} {'coverage':>8} {'units':>6} {'fallbacks':>9} {'warnings':>8} {'errors':>6}  editions"
    lines = [header, "-" * len(header)]
    for row in rows:
        state = f"{row.built} built, {row.unchanged} unchanged"
        lines.append(f"{row.tag:<9} {row.coverage:>8.0%} {row.units:>6} {row.fallbacks:>9} "
                     f"{row.warnings:>8} {row.errors:>6}  {state}")
    return "\n".join(lines)


def issue_lines(issues: list[Issue]) -> list[str]:
    return [str(issue) for issue in issues]
