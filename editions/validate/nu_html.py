"""The Nu HTML Checker (vnu) on HTML editions: is each page valid HTML?

The jar comes with the npm package ``vnu-jar``; Java from Debian. One run of
vnu judges every page it is given (``check_all``), its messages told apart by
their ``url``. Errors (``nu-error``) fail the check; vnu's warnings are kept as
warnings and its plain notes only in the report,
``build/reports/LOCALE/html.nu-html.json``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Issue
from .target import Target, finding
from .tools import ToolFailure, java_jar, node_file


def check(target: Target) -> list[Issue]:
    return check_all([target])[0]


def check_all(targets: list[Target]) -> list[list[Issue]]:
    """The findings on each of ``targets`` (HTML pages, each file there: ``Checker.judge``
    sees to it), from one run of vnu. A message whose ``url`` names none of the pages (vnu's
    own trouble) goes to every one."""
    ran = java_jar(node_file("vnu-jar/build/dist/vnu.jar"),
                   ["--format", "json", "--exit-zero-always", *(str(target.path) for target in targets)])
    try:
        data = json.loads(ran.stderr or ran.stdout)
    except json.JSONDecodeError:
        raise ToolFailure("tool-failed", f"vnu printed no JSON report: {ran.stderr.strip()[-300:]}") from None
    paths = [_name(target.path.resolve()) for target in targets]
    by_page: dict[str | None, list[dict]] = {}
    for message in data.get("messages", []):
        page = _page(message.get("url", ""))
        by_page.setdefault(page if page in paths else None, []).append(message)
    found = []
    for target, path in zip(targets, paths):
        messages = by_page.get(path, []) + by_page.get(None, [])
        report = {**data, "messages": messages}
        target.report_file("nu-html", ".json").write_text(json.dumps(report, indent=1, ensure_ascii=False),
                                                          encoding="utf-8")
        found.append([issue for message in messages if (issue := _finding(target, message))])
    return found


def _page(url: str) -> str | None:
    """The file a vnu message's ``url`` names (``file:/tmp/a%20b/index.html``), as ``_name``."""
    parsed = urlparse(url)
    return _name(Path(unquote(parsed.path)).resolve()) if parsed.scheme == "file" and parsed.path else None


def _name(path: Path) -> str:
    """A path as compared with vnu's urls: vnu writes a letter stored decomposed (NFD, as some
    file systems and archives keep ``é``) composed, so both sides are compared as NFC."""
    return unicodedata.normalize("NFC", str(path))


def _finding(target: Target, message: dict) -> Issue | None:
    kind, sub = message.get("type"), message.get("subType")
    if kind == "info" and sub != "warning":
        return None
    severity = "warning" if kind == "info" else "error"
    code = "nu-warning" if severity == "warning" else "nu-error"
    where = f"{message['lastLine']}:{message.get('firstColumn', 0)}" if "lastLine" in message else ""
    return finding(target, code, severity, message.get("message", ""), where)
