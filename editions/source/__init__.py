"""The source stage: the publication read, and cut into translation units.

``read_source`` is the stage's one entry: ``content/publication.yaml`` and
its chapters read (``publication``), segmented into units (``segment``, with
their text form in ``unittext``). The stage knows nothing of locales,
memories or output formats.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..identifiers import SINGLE, PublicationPlace
from ..model import Source
from .publication import PUBLICATION_FILE, read_publication, source_language
from .segment import units_of


def read_source(root: Path, place: PublicationPlace = SINGLE) -> Source:
    """The publication under ``root`` (at ``place`` in a periodical), its units and its language.
    Raises ``EditionsError`` naming file and line for a source that cannot be read."""
    publication = read_publication(root, place)
    units = units_of(publication)
    if place.slug:       # a periodical's metadata units are in the publication's own file
        units = [replace(unit, location=place.file) if unit.location == PUBLICATION_FILE else unit for unit in units]
    return Source(publication=publication, units=tuple(units), language=source_language(publication))
