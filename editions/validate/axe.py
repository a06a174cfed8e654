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
from .tools import ToolFailure, browser, node_file, node_script

SCRIPT = Path(__file__).with_name("axe_pages.mjs")


def check(target: Target) -> list[Issue]:
    return check_all([target])[0]


def check_all(targets: list[Target]) -> list[list[Issue]]:
    """The findings on each of ``targets`` (HTML pages), from one start of the browser."""
    node_file("axe-core/axe.min.js")
    node_file("playwright-core/package.json")
    ran = node_script(SCRIPT, [str(target.path) for target in targets], env={"CHROMIUM": browser()},
                      timeout=240 + 60 * len(targets))
    try:
        pages = json.loads(ran.stdout)
        results = [pages[str(target.path)] for target in targets]
    except (json.JSONDecodeError, KeyError):
        raise ToolFailure("tool-failed", f"axe-core gave no result: {ran.stderr.strip()[-400:]}") from None
    return [_findings(target, result) for target, result in zip(targets, results)]


def _findings(target: Target, results: dict) -> list[Issue]:
    target.report_file("axe", ".json").write_text(json.dumps(results, indent=1, ensure_ascii=False),
                                                  encoding="utf-8")
    return ([_finding(target, rule, node, "error") for rule in results["violations"]
             for node in rule["nodes"]] +
            [_finding(target, rule, node, "warning") for rule in results["incomplete"]
             for node in rule["nodes"]])


def _finding(target: Target, rule: dict, node: dict, severity: str) -> Issue:
    selector = " ".join(str(part) for part in node.get("target", []))
    return finding(target, f"axe-{rule['id']}", severity, f"{rule['help']} ({rule.get('impact')})", selector)
