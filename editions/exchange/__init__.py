"""The translator's round trip: what is left to translate goes out, translations come back.

``work_units`` lists the units a locale still needs (new, fuzzy, stale; or
all), with the context a translator needs. Writers turn them into XLIFF 1.2 or 2.0,
PO or TMX (``WRITERS``); ``importer`` merges returned files into the
locale's ``memory.tmx``.

In a periodical every exchange file holds the units of one publication (``place_for``):
a CAT tool takes a file as one document, with its own word counts and progress, and
the units' ids are only unique within their publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import EditionsError
from ..identifiers import SINGLE, PublicationPlace, chosen_places, publication_places
from ..locale.assess import assess
from ..locale.settings import read_locale
from ..model import Locale, Match, Unit
from ..source import read_source


@dataclass(frozen=True)
class WorkUnit:
    unit: Unit
    state: str              # new | fuzzy | stale | translated
    previous: str           # source text of the unit before it
    following: str          # and after it
    suggestion: str = ""    # the memory's best candidate, pre-filled and marked as such
    score: int = 0
    target: str = ""        # the published translation, for --all


def place_for(root: Path, slug: str) -> PublicationPlace:
    """The publication whose units an export or import is about: ``slug``'s in a periodical,
    where it must be given; the single layout's when ``slug`` is "". Raises ``EditionsError``
    (one line, listing the project's slugs) when it is missing or unknown."""
    places = publication_places(root.resolve())
    if not slug and places[0].slug:
        raise EditionsError("the project is a periodical: name the publication whose units to exchange with "
                            f"--publication SLUG, one of {', '.join(place.slug for place in places)}", "content/")
    return chosen_places(places, (slug,))[0] if slug else SINGLE


def work_units(root: Path, tag: str, everything: bool = False,
               place: PublicationPlace = SINGLE) -> tuple[Locale, str, list[WorkUnit]]:
    """The locale, the source language and the units of the publication at ``place``
    that still need work."""
    source = read_source(root.resolve(), place)
    source_tag, units = source.language, source.units
    locale = read_locale(source.publication.root, tag, source_tag)
    matches = assess(source.publication.root, list(units), locale, source_tag).matches
    work = []
    for position, (unit, match) in enumerate(zip(units, matches)):
        state = _state(match)
        if state == "translated" and not everything:
            continue
        work.append(WorkUnit(unit=unit, state=state,
                             previous=units[position - 1].source if position else "",
                             following=units[position + 1].source if position + 1 < len(units) else "",
                             suggestion=_suggestion(match),
                             score=match.score if match.level in ("fuzzy", "stale") else 0,
                             target=match.target if match.published and match.target else ""))
    return locale, source_tag, work


def _suggestion(match: Match) -> str:
    """What the memory offers for a unit it does not publish; nothing for one it does."""
    if match.published:
        return ""
    return match.suggestion or match.target or ""


def _state(match: Match) -> str:
    if match.published:
        return "translated"
    if match.level in ("fuzzy", "stale"):
        return match.level
    return "new"
