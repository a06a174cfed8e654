"""axe-core in headless Chromium on an HTML edition: WCAG 2.1 A and AA.

``axe_pages.mjs`` loads the page in Debian's Chromium through playwright-core
and runs axe-core with the WCAG 2.1 A/AA rules and the landmark rules (one
``main``, all content in landmarks). Each violated rule on each element is an
error coded ``axe-<rule>``; what axe could not decide ("incomplete", e.g. a
contrast it cannot measure) is a warning for a person to review. One browser
judges every page of a check (``check_all``), each page in a tab of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import Issue
from .target import Target, finding
from .tools import browser, node_file, node_outcomes

SCRIPT = Path(__file__).with_name("axe_pages.mjs")


def check(target: Target) -> list[Issue]:
    return check_all([target])[0]


def check_all(targets: list[Target]) -> list[list[Issue]]:
    """The findings on each of ``targets`` (HTML pages, each file there: ``Checker.judge``
    sees to it), from one start of the browser. A page that cannot be judged (it navigates
    away or breaks axe) gets its own ``tool-failed`` finding naming it; the others are
    judged all the same."""
    node_file("axe-core/axe.min.js")
    node_file("playwright-core/package.json")
    # axe_pages.mjs gives up on a page after 120 s: the run as a whole has that per page, and more.
    outcomes = node_outcomes(SCRIPT, [[str(target.path)] for target in targets], "axe-core", 130,
                             env={"CHROMIUM": browser()})
    return [_findings(target, outcome) for target, outcome in zip(targets, outcomes)]


def _findings(target: Target, results: dict) -> list[Issue]:
    if "error" in results:
        return [finding(target, "tool-failed", "error",
                        f"axe-core gave no verdict on {target.path.name}: {results['error']}")]
    target.report_file("axe", ".json").write_text(json.dumps(results, indent=1, ensure_ascii=False),
                                                  encoding="utf-8")
    return ([_finding(target, rule, node, "error") for rule in results["violations"]
             for node in rule["nodes"]] +
            [_finding(target, rule, node, "warning") for rule in results["incomplete"]
             for node in rule["nodes"]])


def _finding(target: Target, rule: dict, node: dict, severity: str) -> Issue:
    selector = " ".join(str(part) for part in node.get("target", []))
    return finding(target, f"axe-{rule['id']}", severity, f"{rule['help']} ({rule.get('impact')})", selector)
