"""Errors and issues: every problem is a value that names its place.

An ``EditionsError`` is an expected failure (bad input, missing font) that
stops the build with one line; an ``Issue`` is a finding that is reported;
only a fatal one stops a normal build, and any error or warning fails a
``--strict`` build.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path


class EditionsError(Exception):
    """A failure caused by the input or the machine, printed as one line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    @property
    def place(self) -> str:
        """``path:line``, ``path``, or "" when the error has no place."""
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or ""

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message

    @classmethod
    def together(cls, errors: list[EditionsError]) -> EditionsError:
        """One error for several, each on its own line (``error: `` before every line after
        the first, as the command line prints the first)."""
        if len(errors) == 1:
            return errors[0]
        lines = list(dict.fromkeys(str(error) for error in errors))
        return cls("\nerror: ".join(lines))


# fatal: the edition would be wrong (a missing glyph); it is not built.
# error: something was withheld or is broken (a translation failing QA is not published);
#        a strict build fails.  warning: doubtful; a strict build fails.  info: reported.
SEVERITIES = ("fatal", "error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """A finding of the build: a stable code, a severity and a place."""

    code: str
    severity: str
    message: str
    location: str = ""
    locale: str = ""
    format: str = ""          # the edition format it concerns (a missing glyph: "pdf"); "" for all
    unit: str = ""            # the translation unit's id, when the finding is about one

    def __str__(self) -> str:
        place = " ".join(part for part in (self.location, f"({self.unit})" if self.unit else "") if part)
        where = f"{place}: " if place else ""
        lang = f"[{self.locale}] " if self.locale else ""
        return f"{lang}{where}{self.severity}: {self.message} ({self.code})"


def hint_command(root: Path, *args: str) -> str:
    """The ``build.py`` command line that acts on the project at ``root``, for an error's hint
    (``--project`` only when the project is not the current folder)."""
    here = Path(root).resolve() == Path.cwd().resolve()
    return " ".join(["python build.py", *args, *([] if here else ["--project", shlex.quote(str(root))])])
