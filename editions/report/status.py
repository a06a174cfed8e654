"""The state of every locale: units and words per match level, coverage, QA
findings, and what a strict build would say. ``build.py status`` prints it;
the build writes the same figures to ``dist/status.html``."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..identifiers import SINGLE, PublicationPlace
from ..locale.work import LocaleWork, locale_work, read_locales
from ..model import LocaleStatus
from ..source import read_source
from .manifest import LEVELS, leverage


def status_of(work: LocaleWork) -> LocaleStatus:
    """The figures of one locale's work; ``strict`` says why a strict build would fail."""
    localized, matches, issues, locale = work.localized, work.matches, work.issues, work.locale
    errors = sum(i.severity in ("fatal", "error") for i in issues)
    warnings = sum(i.severity == "warning" for i in issues)
    reasons = []
    if not locale.is_source and localized.coverage < locale.required_coverage:
        reasons.append(f"coverage {localized.coverage:.0%} below {locale.required_coverage:.0%}")
    if errors or warnings:
        reasons.append(f"{errors} errors, {warnings} warnings")
    return LocaleStatus(tag=locale.tag, name=locale.name, units=localized.units,
                        published=localized.units - len(localized.fallbacks), coverage=round(localized.coverage, 4),
                        required_coverage=locale.required_coverage, levels=leverage(matches),
                        errors=errors, warnings=warnings, strict="fail: " + "; ".join(reasons) if reasons else "pass")


def locale_statuses(root: Path, tags: tuple[str, ...] = (), place: PublicationPlace = SINGLE) -> list[LocaleStatus]:
    """Every locale's status (or those of ``tags``) for the publication at ``place``, computed
    as a build computes it, without rendering."""
    source = read_source(root.resolve(), place)
    return [status_of(locale_work(source, locale))
            for locale in read_locales(source.publication.root, source.language, tags)]


def status_table(statuses: list[LocaleStatus]) -> str:
    header = (f"{'locale':<9} {'coverage':>8} {'published':>10} " + " ".join(f"{level:>11}" for level in LEVELS)
              + f" {'errors':>6} {'warnings':>8}  strict build")
    lines = ["units (words) per state", header, "-" * len(header)]
    for s in statuses:
        cells = " ".join(f"{s.levels[level][0]:>4} ({s.levels[level][1]:>4})"[-11:].rjust(11) for level in LEVELS)
        lines.append(f"{s.tag:<9} {s.coverage:>8.0%} {s.published:>4}/{s.units:<5} {cells} "
                     f"{s.errors:>6} {s.warnings:>8}  {s.strict}")
    return "\n".join(lines)


def status_json(statuses: list[LocaleStatus]) -> str:
    return json.dumps(status_data(statuses), indent=2, ensure_ascii=False)


def status_data(statuses: list[LocaleStatus]) -> dict:
    """``{"locales": [status, …]}``, each status as ``asdict`` gives it."""
    return {"locales": [asdict(s) for s in statuses]}
