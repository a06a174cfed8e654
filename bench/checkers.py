#!/usr/bin/env python3
"""Benchmark: the PDF checkers of ``make check`` on a long edition.

Writes a generated publication of about 100 pages (``--paragraphs`` sets its
length), builds its English HTML and PDF editions with the pipeline, and times
each checker that judges the PDF (``pdf``, ``reading-order``, ``consistency``)
on it, one after another; with ``--every-checker`` it builds the EPUB too and
times every checker on the edition it judges. Prints the pages, each checker's
wall time and its errors; exits non-zero when a checker gives no verdict or
fails the edition.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editions.validate import CHECKERS
from editions.validate.run import targets_of
from editions.validate.tools import ToolFailure

PUBLICATION = """title: A Long Book
author: Ann Author
date: 2024-06-24
lang: en
publisher: Long Press
rights: All rights reserved.
identifier: urn:uuid:00000000-0000-4000-8000-000000000100
description: A long generated book for timing the checkers.
chapters:
{chapters}
"""
SYLLABLES = ("ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da",
             "sho", "lin", "mar", "tes", "gol", "bir", "fen", "qua", "zor", "ul")
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "s", "ter")})


def paragraph(n: int, length: int = 90) -> str:
    """A paragraph of ``length`` words drawn at random (the same for the same ``n``), with a year and a comma."""
    pick = random.Random(n)
    words = [pick.choice(WORDS) for _ in range(length)]
    words[length // 2] = str(1900 + pick.randrange(125))
    words[length // 3] += ","
    return " ".join(words).capitalize() + "."


def write_long_project(root: Path, paragraphs: int = 520, per_chapter: int = 40) -> Path:
    """A publication of ``paragraphs`` paragraphs (520 make about 100 A4 pages),
    in chapters with sections and a list each; the ``en`` locale only."""
    content = root / "content"
    content.mkdir(parents=True)
    names = []
    for chapter, start in enumerate(range(0, paragraphs, per_chapter), 1):
        lines = ["---", f"title: Chapter {chapter}", "---", ""]
        for n in range(start, min(start + per_chapter, paragraphs)):
            if n % 10 == 0:
                lines += [f"## Section {chapter}.{n // 10 % 4 + 1}", ""]
            lines += [paragraph(n), ""]
        lines += ["- a first point", "- a second point", ""]
        names.append(f"chapter{chapter:02}.md")
        (content / names[-1]).write_text("\n".join(lines), encoding="utf-8")
    (content / "publication.yaml").write_text(
        PUBLICATION.format(chapters="\n".join(f"  - {name}" for name in names)), encoding="utf-8")
    folder = root / "locales" / "en"
    (folder / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(ROOT / "locales" / "en" / "locale.yaml", folder / "locale.yaml")
    shutil.copy(ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po", folder / "LC_MESSAGES" / "messages.po")
    return root


def build_long(root: Path, paragraphs: int = 520, formats: tuple[str, ...] = ("html", "pdf")) -> Path:
    """The long publication's English editions built under ``root``; its dist/."""
    from editions.pipeline import BuildRequest, build

    project = write_long_project(root, paragraphs)
    result = build(BuildRequest(root=project, locales=("en",), formats=formats), progress=lambda line: None)
    if result.failures:
        raise SystemExit("the long publication did not build: " + "; ".join(result.failures))
    return project / "dist"


def pages_of(path: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(path)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=520, help="length (520 paragraphs: about 100 pages)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--every-checker", action="store_true",
                        help="also build the EPUB and time every checker on the edition it judges")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.keep) if args.keep else Path(scratch) / "long"
        started = time.perf_counter()
        formats = ("html", "epub", "pdf") if args.every_checker else ("html", "pdf")
        dist = build_long(root, args.paragraphs, formats)
        built = time.perf_counter() - started
        targets = targets_of(dist)
        pdf = next(t for t in targets if t.format == "pdf")
        print(f"PDF edition: {pages_of(pdf.path)} pages, built ({', '.join(formats)}) in {built:.1f} s")
        failed = False
        for target in targets:
            for name, checker in CHECKERS.items():
                if target.format not in checker.formats or (target.format != "pdf" and not args.every_checker):
                    continue
                started = time.perf_counter()
                try:
                    issues = checker.check(target)
                    verdict = f"{sum(i.severity == 'error' for i in issues)} errors"
                    failed |= any(i.severity == "error" for i in issues)
                except ToolFailure as failure:
                    verdict, failed = f"no verdict: {failure}", True
                print(f"  {target.format:<5} {name:<14} {time.perf_counter() - started:7.1f} s  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
