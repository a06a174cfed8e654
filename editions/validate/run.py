"""Running every checker on every edition of a ``dist/`` folder.

Reads ``dist/manifest.json``, runs each checker that applies to each edition
(two at a time: the validators are separate processes), turns a validator that
could not run into an error finding, writes ``build/reports/findings.json`` and
``build/reports/summary.txt`` (beside ``dist/``), and gives back the findings per edition and
checker, with each edition's translation coverage from the manifest. The
table printed by ``build.py check`` is ``table(result)``.

An edition is told from the others by its publication (the manifest's ``publication``,
a periodical's slug; none for a single publication), locale and format: its full reports
go to ``build/reports/SLUG/TAG/`` in a periodical, ``build/reports/TAG/`` otherwise.
"""

from __future__ import annotations

import dataclasses
import json
import traceback
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionsError, Issue
from ..render import FORMATS
from . import CHECKERS
from .target import Target, finding
from .tools import ToolFailure

FORMAT_ORDER = tuple(FORMATS)   # the order of the build and of the site

EditionKey = tuple[str, str, str]          # (publication, locale, format), as ``Target.key``


@dataclass
class CheckResult:
    targets: list[Target] = field(default_factory=list)
    findings: dict[tuple[str, str, str, str], list[Issue]] = field(default_factory=dict)  # (*Target.key, checker)
    coverage: dict[EditionKey, float] = field(default_factory=dict)      # the manifest's, per edition
    required: dict[str, float] = field(default_factory=dict)             # locale -> its required coverage

    def failed(self) -> bool:
        """Whether a validator failed an edition (a coverage shortfall is not a validator's finding)."""
        return any(_fails(key[-1], issue) for key, issues in self.findings.items() for issue in issues)

    def below_required(self, target: Target) -> bool:
        coverage = self.coverage.get(target.key)
        return coverage is not None and coverage < self.required.get(target.locale, 0.0)

    def shortfalls(self) -> dict[str, tuple[float, float]]:
        """``Target.scope`` (TAG, or SLUG/TAG in a periodical) -> (coverage, required coverage),
        for each locale with an edition below what it requires."""
        return {t.scope: (self.coverage[t.key], self.required[t.locale])
                for t in self.targets if self.below_required(t)}


def targets_of(dist: Path, publications: tuple[str, ...] = (), locales: tuple[str, ...] = ()) -> list[Target]:
    """Every edition of ``dist/manifest.json`` (of ``publications`` only, by slug, and of
    ``locales`` only, by tag, when given), by publication, locale and format, each with its
    locale's other editions of the same publication as siblings."""
    grouped: dict[tuple[str, str], dict[str, Path]] = defaultdict(dict)
    for entry in _editions(dist):
        slug = entry.get("publication", "")
        if (not publications or slug in publications) and (not locales or entry["locale"] in locales):
            grouped[(slug, entry["locale"])][entry["format"]] = dist / entry["path"]
    return [Target(tag, fmt, path, reports_folder(dist) / slug / tag, dict(files), publication=slug)
            for (slug, tag), files in sorted(grouped.items())
            for fmt, path in sorted(files.items(), key=lambda item: FORMAT_ORDER.index(item[0]))]


def reports_folder(dist: Path) -> Path:
    """Where the full reports go: ``build/reports/`` beside ``dist/``, never published."""
    return dist.parent / "build" / "reports"


def _editions(dist: Path) -> list[dict]:
    manifest = dist / "manifest.json"
    if not manifest.is_file():
        raise EditionsError("no editions to check: build them first", str(manifest))
    return json.loads(manifest.read_text(encoding="utf-8"))["editions"]


def check_dist(dist: Path, progress=print, workers: int = 2, required: dict[str, float] | None = None,
               publications: tuple[str, ...] = (), locales: tuple[str, ...] = ()) -> CheckResult:
    """Every checker on every edition of ``dist/manifest.json`` (of a periodical's
    ``publications`` only, by slug, and of ``locales`` only, by tag, when given); ``required``:
    each locale's required coverage, to show an edition below it in the table."""
    result = CheckResult(targets=targets_of(dist, publications, locales), required=dict(required or {}),
                         coverage={(e.get("publication", ""), e["locale"], e["format"]): float(e.get("coverage", 1.0))
                                   for e in _editions(dist)})
    for name, targets, findings in _judged(result.targets, workers):
        for target, issues in zip(targets, findings):
            result.findings[(*target.key, name)] = issues
            errors = sum(i.severity == "error" for i in issues)
            progress(f"{target.name} {name}: {errors} errors, {len(issues) - errors} other findings")
    _write_reports(dist, result)
    return result


def _judged(targets: list[Target], workers: int):
    """(checker, its targets, the findings on each) for every checker and edition it applies
    to, ``workers`` at a time: a checker with ``check_all`` judges all its editions in one
    job (started first, being the longest), the others one edition per job."""
    jobs = [(name, [target for target in targets if target.format in checker.formats])
            for name, checker in CHECKERS.items() if checker.check_all]
    jobs += [(name, [target]) for target in targets for name, checker in CHECKERS.items()
             if not checker.check_all and target.format in checker.formats]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from ((name, judged, findings) for (name, judged), findings
                    in zip(jobs, pool.map(lambda job: _run_many(*job), jobs)) if judged)


def _run_many(name: str, targets: list[Target]) -> list[list[Issue]]:
    """One checker on ``targets``. A checker that raises gives each edition an error finding
    (``checker-crashed``, with where it failed), never a pass, and the other checkers and
    editions still run."""
    if not targets:
        return []
    try:
        return CHECKERS[name].judge(targets)
    except ToolFailure as failure:
        return [[finding(target, failure.code, "error", f"{name} gave no verdict: {failure}")] for target in targets]
    except Exception as error:  # noqa: BLE001 - any bug in a checker is a finding, not the end of the run
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return [[finding(target, "checker-crashed", "error",
                         f"{name} gave no verdict: {type(error).__name__}: {error} "
                         f"({Path(frame.filename).name}:{frame.lineno})")] for target in targets]


def _fails(checker: str, issue: Issue) -> bool:
    return issue.severity == "error" or (issue.severity == "warning" and CHECKERS[checker].fail_on_warnings)


def table(result: CheckResult) -> str:
    """One row per edition (led by its publication's slug in a periodical): its translation
    coverage (``<`` and the locale's required coverage when below it), then one column per
    checker: errors/warnings, '-' where it does not apply."""
    names = list(CHECKERS)
    width = max(len(n) for n in names) + 1
    slugs = max((len(t.publication) for t in result.targets), default=0)
    lead = f"{'publication':<{max(slugs, 11)}} " if slugs else ""
    header = f"{lead}{'locale':<8} {'format':<6} {'coverage':>10}" + "".join(f"{n:>{width}}" for n in names)
    lines = [header, "-" * len(header)]
    for target in result.targets:
        cells = [_cell(result.findings.get((*target.key, name))) for name in names]
        row = f"{target.publication:<{max(slugs, 11)}} " if slugs else ""
        lines.append(f"{row}{target.locale:<8} {target.format:<6} {_coverage_cell(result, target):>10}"
                     + "".join(f"{c:>{width}}" for c in cells))
    failing = sum(any(_fails(n, i) for n in names for i in result.findings.get((*t.key, n), []))
                  for t in result.targets)
    lines += ["-" * len(header),
              (f"cells: errors/warnings ('-': does not apply). {len(result.targets)} editions, {failing} failing. "
               "Full reports: build/reports/")]
    lines += [f"{scope}: coverage {coverage:.0%} is below the required {required:.0%}"
              for scope, (coverage, required) in sorted(result.shortfalls().items())]
    return "\n".join(lines)


def _cell(issues: list[Issue] | None) -> str:
    if issues is None:
        return "-"
    return f"{sum(i.severity == 'error' for i in issues)}/{sum(i.severity == 'warning' for i in issues)}"


def _coverage_cell(result: CheckResult, target: Target) -> str:
    coverage = result.coverage.get(target.key)
    if coverage is None:
        return "-"
    if result.below_required(target):
        return f"{coverage:.0%}<{result.required[target.locale]:.0%}"
    return f"{coverage:.0%}"


def _write_reports(dist: Path, result: CheckResult) -> None:
    folder = reports_folder(dist)
    folder.mkdir(parents=True, exist_ok=True)
    records = [{**({"publication": slug} if slug else {}), "checker": checker, "format": fmt,
                **dataclasses.asdict(issue)}
               for (slug, _tag, fmt, checker), issues in sorted(result.findings.items()) for issue in issues]
    (folder / "findings.json").write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    (folder / "summary.txt").write_text(table(result) + "\n", encoding="utf-8")
