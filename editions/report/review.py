"""The review proof: each unit's state, for the publisher and the reviewer.

The proof is the HTML edition made from the same localized document, with
every unit marked (see ``localize(review=...)``); this module only says, per
unit, which state it shows and with what label.
"""

from __future__ import annotations

from pathlib import Path

from ..locale.apply import localize
from ..locale.work import LocaleWork
from ..model import Match, Source, Unit
from ..render.html import render_review


def review_marks(units: list[Unit], matches: tuple[Match, ...], issues) -> dict[str, tuple[str, str]]:
    """unit id -> (state for the colour, label for the reader)."""
    flagged = {}
    for issue in issues:
        if issue.code.startswith("qa-") and issue.unit:
            flagged.setdefault(issue.unit, issue.code)
    marks = {}
    for unit, match in zip(units, matches):
        if unit.id in flagged:
            marks[unit.id] = ("qa", f"QA {flagged[unit.id]}")
        elif match.level == "source":
            marks[unit.id] = ("exact", "source")
        elif match.published and match.level in ("fuzzy", "stale"):
            marks[unit.id] = ("fuzzy", f"{match.level} {match.score}, published")
        elif match.published:
            marks[unit.id] = ("exact", match.level + (f" {match.score}" if match.level == "context" else ""))
        elif match.level == "stale":
            marks[unit.id] = ("stale", f"stale {match.score}: source shown, old translation offered")
        elif match.level == "fuzzy":
            marks[unit.id] = ("fallback", f"fuzzy {match.score} not accepted: source shown")
        else:
            marks[unit.id] = ("fallback", "new: source shown")
    return marks


def write_review(source: Source, work: LocaleWork, templates: Path, target: Path) -> Path:
    """Write the review proof of a locale's work (the build's own: nothing is assessed
    again) to ``target``, the HTML edition with every unit marked."""
    marks = review_marks(list(source.units), work.matches, work.issues)
    localized = localize(source.publication, list(source.units), list(work.matches), work.locale,
                         work.localized.catalog, source.language, work.localized.other_locales, review=marks)
    return render_review(localized, templates, target)
