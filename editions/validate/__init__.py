"""Validation of built editions by the validators readers' tools use.

One module per checker, each a plain function ``check(target) -> list[Issue]``
that runs one validator on one edition and turns what it says into findings
with stable codes (``epubcheck-RSC-005``, ``axe-image-alt``, ``pdf-missing-glyph``…).
``CHECKERS`` says which formats each one judges; ``run.check_dist`` runs them
all on every edition in ``dist/manifest.json``. This package reads editions
and writes only under ``build/reports/``; it never changes an edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import ace, axe, consistency, epubcheck, nu_html, pdf, reading_order


@dataclass(frozen=True)
class Checker:
    formats: tuple[str, ...]
    check: Callable
    fail_on_warnings: bool = False     # EPUBCheck's bar is 0 errors and 0 warnings


CHECKERS = {
    "epubcheck": Checker(("epub",), epubcheck.check, fail_on_warnings=True),
    "ace": Checker(("epub",), ace.check),
    "nu-html": Checker(("html",), nu_html.check),
    "axe": Checker(("html",), axe.check),
    "pdf": Checker(("pdf",), pdf.check),
    "reading-order": Checker(("pdf",), reading_order.check),
    "consistency": Checker(("epub", "pdf"), consistency.check),
}
