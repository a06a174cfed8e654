"""Validation of built editions by the validators readers' tools use.

One module per checker, each a plain function ``check(target) -> list[Issue]``
that runs one validator on one edition and turns what it says into findings
with stable codes (``epubcheck-RSC-005``, ``axe-image-alt``, ``pdf-missing-glyph``…).
A checker whose tool reads many files in one run (the Nu checker, axe-core and Ace
in one browser) also has ``check_all(targets) -> [list[Issue] per target]``: one start of
the JVM or browser for every edition of a check, instead of one per edition.
``CHECKERS`` says which formats each one judges; ``run.check_dist`` runs them
all on every edition in ``dist/manifest.json``. This package reads editions
and writes only under ``build/reports/``; it never changes an edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Issue
from . import ace, axe, consistency, epubcheck, nu_html, pdf, reading_order
from .target import Target, finding


@dataclass(frozen=True)
class Checker:
    formats: tuple[str, ...]
    check: Callable
    fail_on_warnings: bool = False     # EPUBCheck's bar is 0 errors and 0 warnings
    check_all: Callable | None = None  # many editions in one run of the tool, when it can

    def judge(self, targets: list[Target]) -> list[list[Issue]]:
        """The findings on each of ``targets``, in their order: one run of the tool for all
        of them where the checker has ``check_all``, one per edition otherwise. An edition
        whose file is missing, or is not a file, is not given to the tool (vnu, for one,
        passes it without a word): its finding is ``tool-failed``, naming it."""
        here = [target.path.is_file() for target in targets]
        present = [target for target, found in zip(targets, here) if found]
        judged = iter(self.check_all(present) if self.check_all and present
                      else [self.check(target) for target in present])
        return [next(judged) if found else [finding(target, "tool-failed", "error", f"no verdict: {_absent(target)}")]
                for target, found in zip(targets, here)]


def _absent(target: Target) -> str:
    """Why an edition is not there to judge: missing, or something other than a file (a folder)."""
    return f"{target.path.name} is {'not a file' if target.path.exists() else 'missing'}"


CHECKERS = {
    "epubcheck": Checker(("epub",), epubcheck.check, fail_on_warnings=True),
    "ace": Checker(("epub",), ace.check, check_all=ace.check_all),
    "nu-html": Checker(("html",), nu_html.check, check_all=nu_html.check_all),
    "axe": Checker(("html",), axe.check, check_all=axe.check_all),
    "pdf": Checker(("pdf",), pdf.check),
    "reading-order": Checker(("pdf",), reading_order.check),
    "consistency": Checker(("epub", "pdf"), consistency.check),
}
