#!/usr/bin/env python3
"""Benchmark: the full build against the raw engines it drives, and a no-change rebuild.

Prints wall times for (1) a full build of the sample publication in every
locale, (2) the sum of the raw engine calls for the same editions, run one
after another — pandoc to HTML and to EPUB, WeasyPrint in process to PDF on
the same print pages, and the cover's one page through WeasyPrint and pdftoppm —
and their ratio, and (3) a rebuild with nothing changed. Each figure is the
median of ``ROUNDS`` rounds: a single build on two cores varies by a tenth.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NO_CHANGE_TARGET = 0.3     # seconds: a rebuild with nothing changed must not be felt
ROUNDS = 3                 # each figure is the median of this many rounds (python bench/run.py N)
sys.path.insert(0, str(ROOT))

from editions.locale.apply import localize  # noqa: E402
from editions.locale.catalogs import compile_catalog  # noqa: E402
from editions.locale.settings import locale_tags, read_locale  # noqa: E402
from editions.memory import load_memory  # noqa: E402
from editions.memory.lookup import Policy, find_matches  # noqa: E402
from editions.render.cover import SIZE, cover_page, rasterize  # noqa: E402
from editions.render.fragments import html_fragments  # noqa: E402
from editions.render.pdf import PROJECT_URL, print_page, project_fetcher  # noqa: E402
from editions.source import pandoc  # noqa: E402
from editions.source.publication import read_publication  # noqa: E402
from editions.source.segment import units_of  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def build(project: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project)],
                   check=True, capture_output=True)


def raw_engines(project: Path, scratch: Path) -> dict[str, float]:
    """Time each engine alone on the same editions; preparing their input is not timed."""
    from weasyprint import HTML
    publication = read_publication(project)
    units = units_of(publication)
    totals = {"pandoc html": 0.0, "pandoc epub": 0.0, "weasyprint pdf": 0.0, "cover (wp+pdftoppm)": 0.0}
    for tag in locale_tags(project):
        locale = read_locale(project, tag, "en")
        matches = find_matches(units, load_memory(locale.folder, tag, "en", project), Policy(tag))
        localized = localize(publication, units, matches, locale, compile_catalog(project, locale), "en")
        meta = {k: v for k, v in localized.meta.items() if k != "cover-image"}
        document = pandoc.document(localized.blocks, meta)
        totals["pandoc html"] += timed(lambda: pandoc.write(document, "html5", ["-s"]))
        out = scratch / f"{tag}.epub"
        # Sandboxed as in the build; the images are not embedded, which only flatters the raw engine.
        totals["pandoc epub"] += timed(lambda: pandoc.write(document, "epub3", ["-o", str(out)], cwd=str(project)))
        page = print_page(localized, ROOT / "templates")
        # The same page, fetcher and tagged output the renderer asks WeasyPrint for.
        html = HTML(string=page, base_url=PROJECT_URL, url_fetcher=project_fetcher(project))
        totals["weasyprint pdf"] += timed(lambda: html.write_pdf(str(scratch / f"{tag}.pdf"), pdf_tags=True))
        cover = HTML(string=cover_page(localized, ROOT / "templates", html_fragments(localized)),
                     base_url=PROJECT_URL, url_fetcher=project_fetcher(project))
        cover_pdf = scratch / f"{tag}.cover.pdf"
        totals["cover (wp+pdftoppm)"] += timed(lambda: (cover.write_pdf(str(cover_pdf), pdf_tags=True), rasterize(cover_pdf, SIZE)))
    return totals


def one_round(scratch: Path) -> tuple[float, float, dict[str, float]]:
    """(full build, no-change rebuild, raw engines) in seconds, on a fresh copy of the sample."""
    project = scratch / "sample"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "locales", project / "locales")
    full = timed(lambda: build(project))
    unchanged = timed(lambda: build(project))
    # The engines in a process of their own, as the build is: in this one, the second round's
    # engines would find the first round's fonts and hyphenation dictionaries loaded.
    engines = subprocess.run([sys.executable, __file__, "--raw", str(project), str(scratch)],
                             check=True, capture_output=True, text=True).stdout
    return full, unchanged, json.loads(engines)


def main() -> None:
    if sys.argv[1:2] == ["--raw"]:
        import weasyprint  # noqa: F401  (its import is not the engine's work per edition)
        print(json.dumps(raw_engines(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=ROUNDS,
                        help=f"rounds, each on a fresh copy of the sample (default {ROUNDS}); each figure is their median")
    rounds = parser.parse_args().rounds
    if rounds < 1:
        parser.error("rounds must be 1 or more")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        measured = [one_round(scratch) for _round in range(rounds)]
        editions = len(locale_tags(scratch / "sample")) * 3
    full = statistics.median(m[0] for m in measured)
    unchanged = statistics.median(m[1] for m in measured)
    engines = {name: statistics.median(m[2][name] for m in measured) for name in measured[0][2]}
    raw = statistics.median(sum(m[2].values()) for m in measured)
    spread = lambda values: f"{min(values):.2f}–{max(values):.2f}"   # noqa: E731
    print(f"editions: {editions} (sample publication, every locale, html+epub+pdf); "
          f"medians of {rounds} rounds, each on a fresh copy")
    print(f"full build (wall, {len(os.sched_getaffinity(0))} cores): {full:8.2f} s  "
          f"(rounds: {spread([m[0] for m in measured])})")
    for name, seconds in engines.items():
        print(f"  raw {name:<19} (sum, one after another): {seconds:8.2f} s")
    print(f"raw engines total:                 {raw:8.2f} s  "
          f"(rounds: {spread([sum(m[2].values()) for m in measured])})")
    print(f"no-change rebuild (wall):          {unchanged:8.2f} s")
    print("ratios, side by side (target: at most 1.00 each)")
    print(f"  full build / raw engines' serial sum: {full / raw:8.2f}")
    print(f"  no-change rebuild / {NO_CHANGE_TARGET} s:         {unchanged / NO_CHANGE_TARGET:8.2f}")


if __name__ == "__main__":
    main()
