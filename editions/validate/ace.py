"""DAISY Ace on EPUB editions: the accessibility checker for EPUB.

Ace (npm ``@daisy/ace-core``, installed with ``@daisy/ace-cli`` and
``PUPPETEER_SKIP_DOWNLOAD=1``) runs axe-core over every content document in
Debian's Chromium, given as ``PUPPETEER_EXECUTABLE_PATH``, and checks the
package's accessibility metadata. Each violation is an error coded
``ace-<rule>``; its HTML and JSON report is kept under
``build/reports/LOCALE/epub.ace/``. ``ace_epubs.mjs`` judges every EPUB of a
check in one Node process and one browser (``check_all``), each with the report
``ace --outdir`` would write; an EPUB Ace cannot judge gets its own
``tool-failed`` finding, and the others are judged all the same.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..errors import Issue
from .target import Target, finding
from .tools import browser, node_file, node_outcomes

SCRIPT = Path(__file__).with_name("ace_epubs.mjs")
EPUB_SECONDS = 600          # ace_epubs.mjs gives up on one EPUB after this long


def check(target: Target) -> list[Issue]:
    return check_all([target])[0]


def check_all(targets: list[Target]) -> list[list[Issue]]:
    """The findings on each of ``targets`` (EPUBs, each file there: ``Checker.judge`` sees
    to it), from one Node process and one browser."""
    node_file("@daisy/ace-core/package.json")
    node_file("@daisy/ace-axe-runner-puppeteer/package.json")
    reports = [target.report_file("ace", "") for target in targets]
    for report in reports:
        shutil.rmtree(report, ignore_errors=True)
    outcomes = node_outcomes(SCRIPT, [[str(target.path), str(report)] for target, report in zip(targets, reports)],
                             "Ace", EPUB_SECONDS + 30, env={"PUPPETEER_EXECUTABLE_PATH": browser()})
    return [_findings(target, report, outcome) for target, report, outcome in zip(targets, reports, outcomes)]


def _findings(target: Target, report: Path, outcome: dict) -> list[Issue]:
    written = report / "report.json"
    if "error" in outcome or not written.is_file():
        why = outcome.get("error") or "no report written"
        return [finding(target, "tool-failed", "error", f"Ace gave no verdict on {target.path.name}: {why}")]
    data = json.loads(written.read_text(encoding="utf-8"))
    return [_finding(target, document, test) for document in data.get("assertions", [])
            for test in document.get("assertions", [])
            if test.get("earl:result", {}).get("earl:outcome") == "fail"]


def _finding(target: Target, document: dict, test: dict) -> Issue:
    rule = test["earl:test"]
    place = test["earl:result"].get("earl:pointer", {}).get("css") or [""]
    where = f"{document['earl:testSubject']['url']} {' '.join(map(str, place))}".strip()
    return finding(target, f"ace-{rule['dct:title']}", "error",
                   f"{rule.get('help', {}).get('dct:title', rule['dct:title'])} ({rule.get('earl:impact')})", where)
