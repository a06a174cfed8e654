"""The build, as a recipe: read, segment, look up, localize, check, render, report.

Each step is a call into the module that owns it; this module only decides
what needs doing (editions whose inputs changed) and hands work to a pool of
processes, one edition per task, since editions are independent.
"""

from __future__ import annotations

import dataclasses
import io
import os
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import read_mo

from .assess import assess
from .check import check_coverage, check_glyphs, check_ui_strings, passages, require_fonts
from .errors import EditionsError, Issue
from .freshness import edition_key, load_state, save_state
from .locales import compile_catalog, display_name, locale_tags, read_locale
from .localize import localize
from .model import LocalizedPublication, Match
from .output import sha256_of
from .render import FORMATS, RENDERERS
from .review import write_review
from .report import LocaleSummary, write_manifest, write_site
from .status import status_of
from .segment import units_of
from .source import read_publication, source_language

TOOL_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = {"html": "index.html", "epub": "epub", "pdf": "pdf"}


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    locales: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    workers: int = 0
    accept_fuzzy: int | None = None
    review: bool = False          # also write dist/TAG/review.html, the review proof


@dataclass
class BuildResult:
    summaries: list[LocaleSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    leverage: dict[str, dict] = field(default_factory=dict)   # locale -> its record of match levels


def build(request: BuildRequest, progress=print) -> BuildResult:
    root = request.root.resolve()
    dist = root / "dist"
    templates = root / "templates" if (root / "templates").is_dir() else TOOL_TEMPLATES
    _check_formats(request.formats)
    publication = read_publication(root)
    source_tag = source_language(publication)
    all_tags = locale_tags(root)
    locales = [read_locale(root, tag, source_tag) for tag in request.locales or all_tags]
    units = units_of(publication)
    switcher = tuple((tag, display_name(tag)) for tag in all_tags)
    state = load_state(dist)
    editions_state = state.setdefault("editions", {})
    result, jobs, unchanged = BuildResult(), [], {}
    for locale in locales:
        keys = {fmt: edition_key(root, templates, locale.tag, fmt, all_tags, request.accept_fuzzy)
                for fmt in request.formats}
        stale = [fmt for fmt in request.formats
                 if not _is_fresh(dist, editions_state, locale.tag, fmt, keys[fmt])]
        unchanged[locale.tag] = len(request.formats) - len(stale)
        if not stale:
            # Nothing to rebuild: the findings of the build that made these editions still hold.
            record = editions_state.get(f"{locale.tag}/_locale", {})
            result.issues += [Issue(**found) for found in record.get("issues", [])]
            continue
        localized, matches, issues = _localize(root, publication, units, locale, source_tag, switcher,
                                               request.accept_fuzzy, check_print="pdf" in stale)
        result.issues += issues
        editions_state[f"{locale.tag}/_locale"] = _locale_record(localized, issues, matches)
        jobs += [(localized, fmt, templates, dist / _relative_path(localized, fmt), keys[fmt])
                 for fmt in stale]
    # A fatal issue stops the editions it concerns (a missing glyph: that locale's PDF);
    # a strict build stops every edition on any error or warning.
    fatal = ("fatal", "error", "warning") if request.strict else ("fatal",)
    blocking = [i for i in result.issues if i.severity in fatal
                and (not i.format or i.format in request.formats)]
    if blocking and request.strict:
        jobs = []
    jobs = [job for job in jobs if not any(_stops(i, job[0].locale.tag, job[1]) for i in blocking)]
    _render_all(jobs, dist, editions_state, result, request.workers, progress)
    if request.review:
        for locale in locales:
            path = write_review(root, publication, units, locale, source_tag, switcher, templates,
                                dist / locale.tag / "review.html", request.accept_fuzzy)
            progress(f"review proof {path.relative_to(dist)}")
    editions = [record["edition"] for _key, record in sorted(editions_state.items())
                if "edition" in record and (dist / record["edition"]["path"]).is_file()]
    write_manifest(dist, source_tag, editions)
    write_site(dist, templates, editions, [record["status"] for key, record in sorted(editions_state.items())
                                           if key.endswith("/_locale") and "status" in record
                                           and key.split("/")[0] in all_tags])
    save_state(dist, state)
    built = Counter(localized.locale.tag for localized, *_ in jobs)
    result.summaries = [_summary(editions_state, locale.tag, built[locale.tag], unchanged[locale.tag])
                        for locale in locales]
    result.leverage = {locale.tag: editions_state.get(f"{locale.tag}/_locale", {})
                       for locale in locales if not locale.is_source}
    result.failures += [str(i) for i in blocking]
    return result


def _localize(root: Path, publication, units, locale, source_tag: str, switcher, accept_fuzzy,
              check_print: bool) -> tuple[LocalizedPublication, list[Match], list[Issue]]:
    """Assess the locale's memories, apply what is published, and check the result."""
    assessment = assess(root, units, locale, source_tag, accept_fuzzy)
    matches = list(assessment.matches)
    catalog = compile_catalog(root, locale)
    localized = localize(publication, units, matches, locale, catalog, source_tag, switcher)
    issues = list(assessment.issues) + list(localized.issues) + check_coverage(localized)
    issues += check_ui_strings(locale, catalog)
    if check_print:
        require_fonts(locale)
        ui_text = _ui_text(localized.catalog)
        issues += check_glyphs(localized, ui_text,
                               passages(localized, units, _published(units, matches, localized), ui_text))
    return localized, matches, issues


def _published(units, matches, localized: LocalizedPublication) -> list[str]:
    """Each unit's text as the edition shows it: its translation, or the source it falls back to."""
    shown_in_source = set(localized.fallbacks) if not localized.locale.is_source else {u.id for u in units}
    return [u.source if u.id in shown_in_source or m.target is None else m.target
            for u, m in zip(units, matches)]


def _stops(issue: Issue, tag: str, fmt: str) -> bool:
    """Whether a blocking issue concerns the edition of locale ``tag`` in format ``fmt``."""
    return issue.locale in ("", tag) and issue.format in ("", fmt)


def _check_formats(formats: tuple[str, ...]) -> None:
    for fmt in formats:
        if fmt not in RENDERERS:
            raise EditionsError(f"unknown format '{fmt}': choose from {', '.join(FORMATS)}")


def _render_all(jobs, dist: Path, editions_state: dict, result: BuildResult, workers: int, progress) -> None:
    """Render every job in a pool. A locale's EPUB waits for its PDF when both are built:
    the PDF's layout records the page map the EPUB's page-list is made from."""
    if not jobs:
        return
    jobs = sorted(jobs, key=lambda job: job[1] != "pdf")  # longest first
    printed = {job[0].locale.tag for job in jobs if job[1] == "pdf"}
    waits = [job[1] == "epub" and job[0].locale.tag in printed for job in jobs]
    waiting = {job[0].locale.tag: job for job, held in zip(jobs, waits) if held}
    count = workers or min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=count) as pool:
        running = {pool.submit(_render_job, job[:4]): job for job, held in zip(jobs, waits) if not held}
        done = 0
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                job, done = running.pop(future), done + 1
                if job[1] == "pdf" and job[0].locale.tag in waiting:
                    epub = waiting.pop(job[0].locale.tag)
                    running[pool.submit(_render_job, epub[:4])] = epub
                _record(future, job, dist, editions_state, result, f"[{done}/{len(jobs)}]", progress)


def _record(future, job, dist: Path, editions_state: dict, result: BuildResult, counter: str, progress) -> None:
    localized, fmt, _templates, target, key = job
    try:
        seconds = future.result()
    except EditionsError as error:
        result.failures.append(str(error))
        progress(f"{counter} {localized.locale.tag} {fmt}: failed")
        return
    path = target.relative_to(dist).as_posix()
    editions_state[f"{localized.locale.tag}/{fmt}"] = {"key": key, "edition": {
        "locale": localized.locale.tag, "format": fmt, "path": path,
        "bytes": target.stat().st_size, "sha256": sha256_of(target),
        "coverage": round(localized.coverage, 4),
        "fuzzy": editions_state[f"{localized.locale.tag}/_locale"]["fuzzy_published"]}}
    progress(f"{counter} {localized.locale.tag} {fmt} {path} ({seconds:.1f} s)")


def _render_job(job) -> float:
    localized, fmt, templates, target = job
    started = time.perf_counter()
    RENDERERS[fmt](localized, templates, target)
    return time.perf_counter() - started


def _relative_path(localized: LocalizedPublication, fmt: str) -> str:
    tag = localized.locale.tag
    if fmt == "html":
        return f"{tag}/index.html"
    return f"{tag}/{localized.slug}.{tag}.{SUFFIX[fmt]}"


def _is_fresh(dist: Path, editions_state: dict, tag: str, fmt: str, key: str) -> bool:
    record = editions_state.get(f"{tag}/{fmt}")
    return bool(record and record.get("key") == key and (dist / record["edition"]["path"]).is_file())


def _locale_record(localized: LocalizedPublication, issues: list[Issue], matches) -> dict:
    status = status_of(localized, matches, issues)
    return {"coverage": localized.coverage, "units": localized.units, "leverage": status.levels,
            "fuzzy_published": sum(m.published and m.level in ("fuzzy", "stale") for m in matches),
            "fallbacks": len(localized.fallbacks), "warnings": status.warnings, "errors": status.errors,
            "status": dataclasses.asdict(status), "issues": [dataclasses.asdict(i) for i in issues]}


def assess_locales(root: Path, tags: tuple[str, ...] = ()) -> list:
    """Every locale's status, computed as a build computes it, without rendering."""
    root = root.resolve()
    publication = read_publication(root)
    source_tag = source_language(publication)
    units = units_of(publication)
    statuses = []
    for tag in tags or locale_tags(root):
        locale = read_locale(root, tag, source_tag)
        localized, matches, issues = _localize(root, publication, units, locale, source_tag, (), None,
                                               check_print=False)
        statuses.append(status_of(localized, matches, issues))
    return statuses


def _summary(editions_state: dict, tag: str, built: int, unchanged: int) -> LocaleSummary:
    record = editions_state.get(f"{tag}/_locale", {})
    return LocaleSummary(tag=tag, coverage=record.get("coverage", 0.0), units=record.get("units", 0),
                         fallbacks=record.get("fallbacks", 0), warnings=record.get("warnings", 0),
                         errors=record.get("errors", 0), built=built, unchanged=unchanged)


def _ui_text(catalog: bytes) -> str:
    return " ".join(str(m.string) for m in read_mo(io.BytesIO(catalog)) if m.id and m.string)


