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

from .. import tools_can_open
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
        the tool cannot be given (``unjudgeable``) is not given to it (vnu, for one, passes
        a missing page without a word): its finding is ``tool-failed``, naming it."""
        reasons = [unjudgeable(target) for target in targets]
        present = [target for target, reason in zip(targets, reasons) if reason is None]
        judged = iter(self.check_all(present) if self.check_all and present
                      else [self.check(target) for target in present])
        return [next(judged) if reason is None else [finding(target, "tool-failed", "error", f"no verdict: {reason}")]
                for target, reason in zip(targets, reasons)]


def unjudgeable(target: Target) -> str | None:
    """Why an edition cannot be given to a tool, or None: its file is missing, is something
    other than a file (a folder), or has a path that is not UTF-8 (``tools_can_open``: vnu
    given one reported no message at all, a pass)."""
    if not target.path.is_file():
        return f"{target.path.name} is {'not a file' if target.path.exists() else 'missing'}"
    unopenable = [path for path in (target.path, target.reports) if not tools_can_open(path)]
    return f"its path is not UTF-8, which the checkers cannot be given: {str(unopenable[0])!r}" if unopenable else None


CHECKERS = {
    "epubcheck": Checker(("epub",), epubcheck.check, fail_on_warnings=True),
    "ace": Checker(("epub",), ace.check, check_all=ace.check_all),
    "nu-html": Checker(("html",), nu_html.check, check_all=nu_html.check_all),
    "axe": Checker(("html",), axe.check, check_all=axe.check_all),
    "pdf": Checker(("pdf",), pdf.check),
    "reading-order": Checker(("pdf",), reading_order.check),
    "consistency": Checker(("epub", "pdf"), consistency.check),
}
