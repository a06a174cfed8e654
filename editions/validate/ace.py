"""DAISY Ace on an EPUB edition: the accessibility checker for EPUB.

Ace (npm ``@daisy/ace-cli``, installed with ``PUPPETEER_SKIP_DOWNLOAD=1``)
runs axe-core over every content document in Debian's Chromium, given as
``PUPPETEER_EXECUTABLE_PATH``, and checks the package's accessibility
metadata. Each violation is an error coded ``ace-<rule>``; its HTML and JSON
report is kept under ``build/reports/LOCALE/epub.ace/``.
"""

from __future__ import annotations

import json
import shutil

from ..errors import Issue
from .target import Target, finding
from .tools import ToolFailure, browser, node_file, program, run


def check(target: Target) -> list[Issue]:
    cli = node_file("@daisy/ace-cli/bin/ace.js")
    out = target.report_file("ace", "")
    shutil.rmtree(out, ignore_errors=True)
    ran = run([program("node"), str(cli), "--silent", "--force", "--outdir", str(out), str(target.path)],
              env={"PUPPETEER_EXECUTABLE_PATH": browser()}, timeout=600)
    report = out / "report.json"
    if not report.is_file():
        raise ToolFailure("tool-failed", f"Ace wrote no report (exit {ran.returncode}): "
                                         f"{(ran.stderr or ran.stdout).strip()[-400:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return [_finding(target, document, test) for document in data.get("assertions", [])
            for test in document.get("assertions", [])
            if test.get("earl:result", {}).get("earl:outcome") == "fail"]


def _finding(target: Target, document: dict, test: dict) -> Issue:
    rule = test["earl:test"]
    place = test["earl:result"].get("earl:pointer", {}).get("css") or [""]
    where = f"{document['earl:testSubject']['url']} {' '.join(map(str, place))}".strip()
    return finding(target, f"ace-{rule['dct:title']}", "error",
                   f"{rule.get('help', {}).get('dct:title', rule['dct:title'])} ({rule.get('earl:impact')})", where)
