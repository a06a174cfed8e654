"""The source stage: the publication read, and cut into translation units.

``read_source`` is the stage's one entry: ``content/publication.yaml`` and
its chapters read (``publication``), segmented into units (``segment``, with
their text form in ``unittext``). The stage knows nothing of locales,
memories or output formats.
"""

from __future__ import annotations

from pathlib import Path

from ..identifiers import PublicationPlace
from ..model import Source
from .publication import read_publication, source_language
from .segment import units_of


def read_source(root: Path, place: PublicationPlace = PublicationPlace()) -> Source:
    """The publication under ``root`` (at ``place`` in a periodical), its units and its language.
    Raises ``EditionsError`` naming file and line for a source that cannot be read."""
    publication = read_publication(root, place)
    return Source(publication=publication, units=tuple(units_of(publication)),
                  language=source_language(publication))
