"""The Nu HTML Checker (vnu) on an HTML edition: is the page valid HTML?

The jar comes with the npm package ``vnu-jar``; Java from Debian. Errors
(``nu-error``) fail the check; vnu's warnings are kept as warnings and its
plain notes only in the report, ``build/reports/LOCALE/html.nu-html.json``.
"""

from __future__ import annotations

import json

from ..errors import Issue
from .target import Target, finding
from .tools import ToolFailure, java_jar, node_file


def check(target: Target) -> list[Issue]:
    ran = java_jar(node_file("vnu-jar/build/dist/vnu.jar"),
                   ["--format", "json", "--exit-zero-always", str(target.path)])
    try:
        data = json.loads(ran.stderr or ran.stdout)
    except json.JSONDecodeError:
        raise ToolFailure("tool-failed", f"vnu printed no JSON report: {ran.stderr.strip()[-300:]}") from None
    target.report_file("nu-html", ".json").write_text(json.dumps(data, indent=1, ensure_ascii=False),
                                                      encoding="utf-8")
    return [found for message in data.get("messages", []) if (found := _finding(target, message))]


def _finding(target: Target, message: dict) -> Issue | None:
    kind, sub = message.get("type"), message.get("subType")
    if kind == "info" and sub != "warning":
        return None
    severity = "warning" if kind == "info" else "error"
    code = "nu-warning" if severity == "warning" else "nu-error"
    where = f"{message['lastLine']}:{message.get('firstColumn', 0)}" if "lastLine" in message else ""
    return finding(target, code, severity, message.get("message", ""), where)
