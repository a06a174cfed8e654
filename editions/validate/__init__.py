"""Validation of built editions by the validators readers' tools use.

One module per checker, each a plain function ``check(target) -> list[Issue]``
that runs one validator on one edition and turns what it says into findings
with stable codes (``epubcheck-RSC-005``, ``axe-image-alt``, ``pdf-missing-glyph``…).
A checker whose tool reads many files in one run (the Nu checker, axe-core in one
browser) also has ``check_all(targets) -> [list[Issue] per target]``: one start of
the JVM or browser for every edition of a check, instead of one per edition.
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
    check_all: Callable | None = None  # many editions in one run of the tool, when it can

    def judge(self, targets: list) -> list[list]:
        """The findings on each of ``targets``, in their order: one run of the tool for all
        of them where the checker has ``check_all``, one per edition otherwise."""
        return self.check_all(targets) if self.check_all else [self.check(target) for target in targets]


CHECKERS = {
    "epubcheck": Checker(("epub",), epubcheck.check, fail_on_warnings=True),
    "ace": Checker(("epub",), ace.check),
    "nu-html": Checker(("html",), nu_html.check, check_all=nu_html.check_all),
    "axe": Checker(("html",), axe.check, check_all=axe.check_all),
    "pdf": Checker(("pdf",), pdf.check),
    "reading-order": Checker(("pdf",), reading_order.check),
    "consistency": Checker(("epub", "pdf"), consistency.check),
}
