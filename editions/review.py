"""The review proof: each unit's state, for the publisher and the reviewer.

The proof is the HTML edition made from the same localized document, with
every unit marked (see ``localize(review=...)``); this module only says, per
unit, which state it shows and with what label.
"""

from __future__ import annotations

from pathlib import Path

from .assess import assess
from .locales import compile_catalog
from .localize import localize
from .model import Match, Unit
from .render.html import render_review


def review_marks(units: list[Unit], matches: tuple[Match, ...], issues) -> dict[str, tuple[str, str]]:
    """unit id -> (state for the colour, label for the reader)."""
    flagged = {}
    for issue in issues:
        if issue.code.startswith("qa-") and "(" in issue.location:
            flagged.setdefault(issue.location.rsplit("(", 1)[-1].rstrip(")"), issue.code)
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


def write_review(root: Path, publication, units: list[Unit], locale, source_tag: str, switcher,
                 templates: Path, target: Path, accept_fuzzy: int | None = None) -> Path:
    assessment = assess(root, units, locale, source_tag, accept_fuzzy)
    marks = review_marks(units, assessment.matches, assessment.issues)
    localized = localize(publication, units, list(assessment.matches), locale, compile_catalog(root, locale),
                         source_tag, switcher, review=marks)
    return render_review(localized, templates, target)
