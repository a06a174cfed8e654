"""``build.py export``: the units a locale still needs, in a translator's format."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..output import write_bytes
from . import work_units
from .po import write_po
from .tmx import write_tmx
from .xliff import write_xliff

SUFFIX = {"xliff": "xlf", "po": "po", "tmx": "tmx"}


def export(root: Path, tag: str, fmt: str, everything: bool = False, output: str | None = None) -> tuple[Path, int]:
    locale, source_tag, work = work_units(root, tag, everything)
    if fmt == "xliff":
        data = write_xliff(work, source_tag, locale.tag)
    elif fmt == "po":
        data = write_po(work, source_tag, locale.tag, _now())
    else:
        data = write_tmx(work, source_tag, locale.tag)
    path = Path(output) if output else root / "dist" / "exchange" / f"{locale.tag}.{SUFFIX[fmt]}"
    write_bytes(path, data)
    return path, len(work)


def _now() -> str:
    """The catalog's date: SOURCE_DATE_EPOCH when set, so exports can be reproduced."""
    epoch = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(epoch))
