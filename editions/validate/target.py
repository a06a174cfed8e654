"""What a checker is given: one edition file, its locale's other editions (of the same
publication, in a periodical), and where to write its full report; and how it states a finding.

Findings are the build's ``Issue`` values: a stable code, a severity, a
message and a place (the file inside the edition, a line, a selector).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Issue


@dataclass(frozen=True)
class Target:
    """One edition to check."""

    locale: str
    format: str                  # "html", "epub" or "pdf"
    path: Path                   # the edition file (for HTML: the page)
    reports: Path                # folder for this edition's full reports
    siblings: dict[str, Path] = field(default_factory=dict)   # format -> file, same locale and publication
    publication: str = ""        # a periodical's publication, by slug; "" for a single publication

    @property
    def scope(self) -> str:
        """``SLUG/TAG`` in a periodical (as the build names a locale's findings), else ``TAG``."""
        return f"{self.publication}/{self.locale}" if self.publication else self.locale

    @property
    def key(self) -> tuple[str, str, str]:
        """(publication, locale, format): what tells this edition from every other of the release."""
        return self.publication, self.locale, self.format

    @property
    def name(self) -> str:
        return f"{self.scope}/{self.path.name}"

    def report_file(self, checker: str, suffix: str) -> Path:
        self.reports.mkdir(parents=True, exist_ok=True)
        return self.reports / f"{self.format}.{checker}{suffix}"


def finding(target: Target, code: str, severity: str, message: str, where: str = "") -> Issue:
    """An Issue located in ``target`` (``where`` is a place inside it)."""
    location = f"{target.name}:{where}" if where else target.name
    return Issue(code=code, severity=severity, message=message, location=location, locale=target.scope)
