"""Cross-format consistency: a locale's EPUB and PDF say what its HTML says.

The HTML page is the reference (it is the plainest reading of the templates).
Compared, each a finding coded ``consistency-<what>``: the title, the headings
in order (the PDF's bookmarks; the table of contents' own heading, which the
EPUB keeps in its navigation document, is left out, and so is the repeat of
the title that pandoc's EPUB gives a first chapter without a heading; a first
chapter whose heading reads like the title keeps it), the number of figures,
the captions with their labels and credits, the metadata (author, description,
language: stored as written, so compared exactly) and the colophon's
translation coverage. PDF text is compared as the same letters
(``text.drawn_as``); the PDF's coverage line must read back, word for word,
from its text (``reading_order``).
"""

from __future__ import annotations

from ..errors import Issue
from .contents import READERS, Contents
from .reading_order import edition_text, pdf_text, words
from .target import Target, finding
from .text import drawn_as


def check(target: Target) -> list[Issue]:
    reference_path = target.siblings.get("html")
    if reference_path is None:
        return [finding(target, "consistency-no-reference", "error", "no HTML edition of this locale to compare with")]
    reference = READERS["html"](reference_path)
    edition = READERS[target.format](target.path)
    if not reference.headings or not reference.title:
        return [finding(target, "consistency-no-reference", "error", "the HTML edition has no title or headings")]
    same = drawn_as if target.format == "pdf" else str.__eq__
    headings = _without_title_repeat(_without_contents(list(edition.headings), reference.toc_heading)
                                     if target.format == "pdf" else list(edition.headings), reference.headings)
    found = _compare(target, "title", [reference.title], [edition.title], same)
    found += _compare(target, "headings", list(reference.headings), headings, same)
    found += _compare(target, "captions", list(reference.captions), list(edition.captions), same)
    for what in ("author", "description", "language"):
        found += _compare(target, what, [getattr(reference, what)], [getattr(edition, what)], str.__eq__)
    found += _coverage(target, reference, edition)
    if edition.figures != reference.figures:
        found.append(finding(target, "consistency-figures", "error",
                             f"{edition.figures} figures, the HTML edition has {reference.figures}"))
    _write_report(target, reference, edition)
    return found


def _compare(target: Target, what: str, expected: list[str], actual: list[str], same) -> list[Issue]:
    if len(expected) != len(actual):
        return [finding(target, f"consistency-{what}", "error",
                        f"{len(actual)} {what}, the HTML edition has {len(expected)}")]
    return [finding(target, f"consistency-{what}", "error",
                    f"{what} {n} is '{_short(got)}', in HTML '{_short(want)}'")
            for n, (want, got) in enumerate(zip(expected, actual), 1) if not same(want, got)]


def _coverage(target: Target, reference: Contents, edition: Contents) -> list[Issue]:
    """The coverage line of the HTML colophon, in the EPUB's colophon or in the PDF's text."""
    if target.format != "pdf":
        return _compare(target, "coverage", [reference.coverage], [edition.coverage], str.__eq__)
    if not reference.coverage:
        return []
    right_to_left = edition_text(target.siblings["html"])[1]
    line, text = words(reference.coverage, right_to_left), words(pdf_text(target.path), right_to_left)
    if any(text[n:n + len(line)] == line for n in range(len(text) - len(line) + 1)):
        return []
    return [finding(target, "consistency-coverage", "error",
                    f"the PDF's text does not say '{reference.coverage}' as the HTML colophon does")]


def _without_contents(headings: list[str], toc_heading: str) -> list[str]:
    """The PDF's bookmarks without the table of contents' own heading (the first
    bookmark reading like it; a chapter of that name later on stays)."""
    if toc_heading in headings:
        headings.remove(toc_heading)
    return headings


def _without_title_repeat(headings: list[str], reference: tuple[str, ...]) -> list[str]:
    """pandoc's EPUB repeats the title page's title as the heading of a first
    chapter that has none: that repeat is dropped, unless the HTML edition has
    it too (a first chapter whose heading reads like the title)."""
    if len(headings) > 1 and headings[0] == headings[1] and list(reference[:2]) != headings[:2]:
        return [headings[0], *headings[2:]]
    return headings


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _write_report(target: Target, reference: Contents, edition: Contents) -> None:
    lines = []
    for name, contents in (("html", reference), (target.format, edition)):
        lines += [f"[{name}] title: {contents.title}", f"[{name}] figures: {contents.figures}",
                  f"[{name}] author: {contents.author}", f"[{name}] language: {contents.language}",
                  f"[{name}] description: {contents.description}", f"[{name}] coverage: {contents.coverage}",
                  *(f"[{name}] heading: {h}" for h in contents.headings),
                  *(f"[{name}] caption: {c}" for c in contents.captions)]
    target.report_file("consistency", ".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
