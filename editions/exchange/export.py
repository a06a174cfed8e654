"""``build.py export``: the units a locale still needs, in a translator's format.

Each exchange format is one entry of ``WRITERS``: its file suffix and a writer
``(work units, source tag, target tag) -> bytes``; files coming back are read
by the memory readers (``memory.READERS``), whatever their format.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..identifiers import SINGLE, PublicationPlace
from ..output import write_bytes
from ..report.state import source_date_epoch
from . import work_units
from .po import write_po
from .tmx import write_tmx
from .xliff import write_xliff
from .xliff2 import write_xliff2


@dataclass(frozen=True)
class ExchangeFormat:
    suffix: str
    write: Callable[[list, str, str], bytes]


def _po_now(work, source_tag: str, target_tag: str) -> bytes:
    return write_po(work, source_tag, target_tag, _now())


def _xliff_copy(work, source_tag: str, target_tag: str) -> bytes:
    return write_xliff(work, source_tag, target_tag, copy_sources=True)


WRITERS = {
    "xliff": ExchangeFormat("xlf", write_xliff),      # XLIFF 1.2, what every CAT tool reads
    "xliff-copy": ExchangeFormat("xlf", _xliff_copy),  # targets to translate, for OmegaT
    "xliff2": ExchangeFormat("xlf", write_xliff2),
    "po": ExchangeFormat("po", _po_now),
    "tmx": ExchangeFormat("tmx", write_tmx),
}


def export(root: Path, tag: str, fmt: str, everything: bool = False, output: str | None = None,
           place: PublicationPlace = SINGLE) -> tuple[Path, int]:
    """Write what locale ``tag`` still needs in the publication at ``place`` (every unit with
    ``everything``) as ``fmt``, to ``output`` or ``build/exchange/TAG.SUFFIX`` (a periodical's:
    ``build/exchange/SLUG.TAG.SUFFIX``); return the path and the number of units."""
    source_date_epoch()        # a value that is no time is refused whatever the format stamps
    locale, source_tag, work = work_units(root, tag, everything, place)
    writer = WRITERS[fmt]
    name = f"{place.slug}.{locale.tag}" if place.slug else locale.tag
    path = Path(output) if output else root / "build" / "exchange" / f"{name}.{writer.suffix}"
    write_bytes(path, writer.write(work, source_tag, locale.tag))
    return path, len(work)


def _now() -> str:
    """The catalog's date: SOURCE_DATE_EPOCH when set, so exports can be reproduced."""
    epoch = source_date_epoch()
    epoch = time.time() if epoch is None else epoch
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(epoch))
