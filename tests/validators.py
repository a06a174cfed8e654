"""The external validators the tests judge editions by: EPUBCheck, poppler, pypdf.

Reading a PDF back is shared with ``make check`` (``editions.validate.pdf_read``).
Missing tools fail the tests (CI installs them); nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

from editions.validate import CHECKERS, pdf_read
from editions.validate.epubcheck import jar

EPUBCHECK_JAR = jar()


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed (see .ci/run)"
    return path


def run_epubcheck(path: Path) -> tuple[int, int, str]:
    """(errors + fatals, warnings, report) from EPUBCheck: its JSON report's counts, and its
    messages one a line (ID, severity, place, text)."""
    import json
    import tempfile

    from editions.validate.epubcheck_service import run_json
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        printed = run_json(EPUBCHECK_JAR, path, report)
        if not report.is_file():
            return 1, 0, printed or "EPUBCheck wrote no report"
        data = json.loads(report.read_text(encoding="utf-8"))
    counts = data["checker"]
    lines = [f"{m['severity']}({m['ID']}): {(m.get('locations') or [{}])[0].get('path', '')}: {m['message']}"
             for m in data.get("messages", [])]
    return counts["nFatal"] + counts["nError"], counts["nWarning"], "\n".join(lines)


def pdffonts(path: Path) -> list[dict]:
    return [{"name": font.name, "emb": "yes" if font.embedded else "no", "uni": "yes" if font.unicode else "no"}
            for font in pdf_read.fonts(path)]


def pdftotext(path: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_metadata(path: Path) -> dict:
    reader = PdfReader(str(path))
    facts = pdf_read.facts(path)
    return {"title": facts.title or None, "author": reader.metadata.author if reader.metadata else None,
            "lang": facts.lang, "outline": list(facts.bookmarks)}


def fonts_with_missing_glyphs(path: Path) -> list[str]:
    """Fonts in which some character is drawn with the .notdef (missing-glyph) box.

    WeasyPrint writes every font as a CID font with the Identity-H encoding;
    when a character has no glyph it draws .notdef and gives that font an
    encoding CMap of its own instead (``pdf_read.facts().custom_encodings``).
    """
    return list(pdf_read.facts(path).custom_encodings)


VERDICTS: dict[tuple[str, str, str, str], list] = {}     # (checker, locale, format, SHA-256) -> findings


def remembered(monkeypatch, names, verdicts: dict | None = None) -> None:
    """Make the checkers ``names`` give again the verdict they gave on an edition file of the
    same bytes, locale and format: the tests that judge a copy of an edition already judged
    are about what ``check`` does with verdicts, and a checker's verdict on the same file is
    the same (the control test and the first check of a project judge them for real). Only
    for checkers that read the one file: ``reading-order`` and ``consistency`` also read the
    HTML edition, so theirs hold only where that is unchanged too. ``verdicts``: where to keep
    them (default: for the whole test session); a test whose first check must run every
    checker gives a dict of its own."""
    kept = VERDICTS if verdicts is None else verdicts
    for name in names:
        checker = CHECKERS[name]

        def check_all(targets, checker=checker, name=name):
            keys = [(name, target.locale, target.format, hashlib.sha256(target.path.read_bytes()).hexdigest())
                    for target in targets]
            missing = [(key, target) for key, target in zip(keys, targets) if key not in kept]
            if missing:
                judged = checker.judge([target for _key, target in missing])
                kept.update({key: issues for (key, _target), issues in zip(missing, judged)})
            return [kept[key] for key in keys]
        monkeypatch.setitem(CHECKERS, name, dataclasses.replace(
            checker, check=lambda target, check_all=check_all: check_all([target])[0], check_all=check_all))
