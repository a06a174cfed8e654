"""Reporting: ``dist/manifest.json``, the tables printed at the end of a build and the
match levels a translation quote counts in."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from ..model import Edition
from ..output import sha256_of, write_bytes

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"      # every edition's SHA-256, as ``sha256sum -c`` reads them


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
    publication: str = ""     # a periodical's publication, by slug
    failed: int = 0           # editions out of date that this build did not make (failed or stopped)


def write_manifest(dist: Path, source_locale: str, editions: list[Edition], covers: dict | None = None) -> bool:
    """Write the manifest, every edition by publication (a periodical's slug), locale and format,
    and every locale's cover (``covers``: (publication folder prefix, tag) -> ``feeds.Cover``,
    as ``report.covers`` published them), and ``SHA256SUMS`` beside it, the same files'
    checksums; True if the manifest's content changed."""
    editions = sorted(editions, key=lambda e: (e.publication, e.locale, e.format))
    data = {"source_locale": source_locale, "editions": [_listed(edition) for edition in editions]}
    listed = [_cover_entry(dist, prefix, tag, cover) for (prefix, tag), cover in sorted((covers or {}).items())]
    if listed:
        data["covers"] = listed
    changed = write_bytes(dist / MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    files = {entry[kind]["path"]: entry[kind]["sha256"] for entry in listed for kind in ("image", "thumbnail")}
    write_bytes(dist / CHECKSUMS, (checksums(editions) + "".join(
        f"{digest}  {path}\n" for path, digest in sorted(files.items()))).encode("utf-8"))
    return changed


def _cover_entry(dist: Path, prefix: str, tag: str, cover) -> dict:
    """A locale's cover and thumbnail: path from ``dist/``, media type, pixels, size and SHA-256;
    in a periodical, the publication it belongs to."""
    def described(path: str, size: tuple[int, int], media_type: str) -> dict:
        return {"path": path, "media_type": media_type, "width": size[0], "height": size[1],
                "bytes": (dist / path).stat().st_size, "sha256": sha256_of(dist / path)}
    owner = {"publication": prefix.rstrip("/")} if prefix else {}
    return {**owner, "locale": tag, "image": described(cover.path, cover.size, cover.media_type),
            "thumbnail": described(cover.thumbnail, cover.thumbnail_size, "image/png")}


def _listed(edition: Edition) -> dict:
    """An edition as the manifest lists it: a single publication's editions name none."""
    listed = dataclasses.asdict(edition)
    if not edition.publication:
        del listed["publication"]
    return listed


def checksums(editions: list[Edition]) -> str:
    """``sha256sum`` lines for the editions: the digest, two spaces, the path from ``dist/``."""
    return "".join(f"{edition.sha256}  {edition.path}\n" for edition in editions)


def table(rows: list[LocaleSummary]) -> str:
    header = f"{'locale':<9} {'coverage':>8} {'units':>6} {'fallbacks':>9} {'warnings':>8} {'errors':>6}  editions"
    lines = [header, "-" * len(header)]
    for row in rows:
        failed = f"{row.failed} failed, " if row.failed else ""
        state = (f"{row.built} built, {failed}{row.unchanged} unchanged"
                 + (f" ({row.publication})" if row.publication else ""))
        lines.append(f"{row.tag:<9} {row.coverage:>8.0%} {row.units:>6} {row.fallbacks:>9} "
                     f"{row.warnings:>8} {row.errors:>6}  {state}")
    return "\n".join(lines)


LEVELS = ("context", "exact", "sentences", "fuzzy 95-99", "fuzzy 85-94", "fuzzy 75-84", "fuzzy <75",
          "stale", "new")


def level_of(match) -> str:
    """The band a match counts in for a quote."""
    if match.level in ("context", "exact", "sentences"):
        return match.level
    if match.level == "source":
        return "exact"
    if match.level == "stale":
        return "stale"
    if match.level == "fuzzy":
        for low, band in ((95, "fuzzy 95-99"), (85, "fuzzy 85-94"), (75, "fuzzy 75-84")):
            if match.score >= low:
                return band
        return "fuzzy <75"
    return "new"


def leverage(matches) -> dict[str, list[int]]:
    """Units and words per match level: the basis of a translation quote."""
    counts = {level: [0, 0] for level in LEVELS}
    for match in matches:
        counts[level_of(match)][0] += 1
        counts[level_of(match)][1] += match.words
    return counts


def leverage_table(levels: dict[str, dict[str, list[int]]]) -> str:
    """``levels``: locale tag (SLUG/TAG in a periodical) -> its units and words per match level (``leverage``)."""
    width = max([9, *map(len, levels)])       # a periodical's rows are SLUG/TAG
    header = f"{'locale':<{width}} " + " ".join(f"{level:>12}" for level in LEVELS)
    lines = ["units / words per match level", header, "-" * len(header)]
    for tag, counts in levels.items():
        cells = [f"{counts.get(level, [0, 0])[0]:>4}/{counts.get(level, [0, 0])[1]:<7}" for level in LEVELS]
        lines.append(f"{tag:<{width}} " + " ".join(f"{c:>12}" for c in cells))
    return "\n".join(lines)
