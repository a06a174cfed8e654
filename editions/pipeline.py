"""The build, as a recipe: read and segment the source; per locale look up,
localize and preflight; render; report.

Each step is a call into the stage that owns it. This module only decides
what needs doing (the editions whose inputs changed, ``report.state``) and
which findings stop which editions: a fatal finding stops the editions it
concerns (a missing glyph: that locale's PDF); a strict build stops every
edition on any error or warning.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import TOOL_TEMPLATES
from .errors import EditionsError, Issue, hint_command
from .locale.settings import locale_tags
from .model import Edition
from .output import build_lock, remove_leftovers, scratch_folder, sha256_of, work_folder, write_bytes
from .render import FORMATS
from .report.manifest import LocaleSummary, write_manifest
from .report.site import SiteFacts, write_site
from .report.state import (
    BuildState,
    EditionRecord,
    LocaleRecord,
    edition_keys,
    load_state,
    save_state,
)

if TYPE_CHECKING:
    from .locale.work import LocaleWork
    from .model import Source
    from .render.pages import PageMap
    from .render.schedule import Rendered, RenderJob

ERROR_LOG = ".editions-cache/render-errors.log"     # the tracebacks of the last build's unexpected errors


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    locales: tuple[str, ...] = ()
    formats: tuple[str, ...] = tuple(FORMATS)
    strict: bool = False
    workers: int = 0
    accept_fuzzy: int | None = None
    review: bool = False          # also write build/review/TAG/review.html, the review proof


@dataclass
class BuildResult:
    summaries: list[LocaleSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    leverage: dict[str, dict] = field(default_factory=dict)   # locale -> units and words per match level


def build(request: BuildRequest, progress=print) -> BuildResult:
    """Build under the project's lock: a second build of the project waits for this one,
    then reads the state this one leaves."""
    root, dist, templates = _places(request)
    with build_lock(work_folder(root), progress):
        for folder in (dist, work_folder(root)):
            remove_leftovers(folder)
        with scratch_folder(root):
            result = _build(request, root, dist, templates, progress)
        for folder in (dist, work_folder(root)):
            remove_leftovers(folder)     # what a program of a killed build still wrote as this one started
    return result


def _build(request: BuildRequest, root: Path, dist: Path, templates: Path, progress) -> BuildResult:
    """What is out of date; nothing more when nothing is."""
    tags = list(request.locales) or locale_tags(root)
    if not tags:
        raise EditionsError("no locale to build: locales/ has none (create the source language's with: "
                            f"{hint_command(root, 'new-locale', 'en')})", "locales/")
    state = load_state(work_folder(root))
    keyed = _keys(request, root, templates, tags, state, dist, state.source_language)
    if not any(keyed[1].values()) and not request.review and state.source_language:
        return _nothing_to_do(request, tags, state, root, dist, templates)   # nothing read, nothing written
    return _rebuild(request, root, dist, templates, tags, state, keyed, progress)


def _rebuild(request: BuildRequest, root: Path, dist: Path, templates: Path, tags: list[str],
             state: BuildState, keyed: tuple[dict, dict[str, list[str]]], progress) -> BuildResult:
    """The recipe: read and segment the source; per locale look up, localize and preflight;
    render what is out of date; report."""
    # The stages are loaded only now: a build with nothing to do never pays for them.
    from .locale.work import locale_work, read_locales, switcher
    from .render.schedule import RenderJob
    from .source import read_source
    source = read_source(root)
    keys, stale = keyed
    if source.language != state.source_language:     # the keys of translations name the source locale
        keys, stale = _keys(request, root, templates, tags, state, dist, source.language)
    state.source_language, state.slug, state.reported = source.language, source.publication.slug, False
    locales = read_locales(root, source.language, tuple(tags))
    works = [locale_work(source, locale, switcher(root), request.accept_fuzzy, check_print="pdf" in stale[locale.tag])
             for locale in locales if stale[locale.tag] or request.review]
    for work in works:
        state.locales[work.locale.tag] = _locale_record(work)
    issues = [issue for locale in locales for issue in state.locale_issues(locale.tag)]
    blocking = _blocking(issues, request)
    jobs = [RenderJob(work.localized, fmt, templates, dist / FORMATS[fmt].path_of(work.locale.tag, source.publication.slug),
                      _fresh_page_map(state, dist, keys, work.locale.tag))
            for work in works for fmt in stale[work.locale.tag] if not _stopped(blocking, request, work.locale.tag, fmt)]
    failures = _render(jobs, root, dist, keys, state, source.language, request.workers, progress)
    late = [issue for locale in locales for issue in state.locale_issues(locale.tag) if issue not in issues]
    issues, failures = issues + late, failures + [str(i) for i in _blocking(late, request)]   # the PDF layout's
    if request.review:
        _write_reviews(source, works, templates, dist, progress)
    _report(root, dist, templates, state, locale_tags(root))
    summaries = [_summary(state, locale.tag, jobs, len(request.formats) - len(stale[locale.tag])) for locale in locales]
    return BuildResult(summaries=summaries, issues=issues, failures=failures + [str(i) for i in blocking],
                       leverage=state.levels([locale.tag for locale in locales if not locale.is_source]))


def _keys(request: BuildRequest, root: Path, templates: Path, tags: list[str], state: BuildState, dist: Path,
          source_language: str) -> tuple[dict, dict[str, list[str]]]:
    """Every edition's key (``edition_keys``), and per locale the requested formats not up to date."""
    keys = edition_keys(root, templates, tags, tuple(FORMATS), locale_tags(root), request.accept_fuzzy,
                        source_language)
    return keys, {tag: [fmt for fmt in request.formats if not state.fresh(dist, tag, fmt, keys[tag, fmt])]
                  for tag in tags}


def _places(request: BuildRequest) -> tuple[Path, Path, Path]:
    """The project, its dist/ and its templates (the tool's when it has none)."""
    for fmt in request.formats:
        if fmt not in FORMATS:
            raise EditionsError(f"unknown format '{fmt}': choose from {', '.join(FORMATS)}")
    root = request.root.resolve()
    templates = root / "templates" if (root / "templates").is_dir() else TOOL_TEMPLATES
    return root, root / "dist", templates


def _locale_record(work: LocaleWork) -> LocaleRecord:
    from .report.status import status_of
    return LocaleRecord(status=status_of(work), issues=work.issues,
                        fuzzy_published=sum(m.published and m.level in ("fuzzy", "stale") for m in work.matches))


def _blocking(issues: list[Issue], request: BuildRequest) -> list[Issue]:
    """The findings that stop editions: fatal ones, and in a strict build every error and warning."""
    fatal = ("fatal", "error", "warning") if request.strict else ("fatal",)
    return [i for i in issues if i.severity in fatal and (not i.format or i.format in request.formats)]


def _stopped(blocking: list[Issue], request: BuildRequest, tag: str, fmt: str) -> bool:
    """Whether the edition of locale ``tag`` in format ``fmt`` is not built: a strict build
    builds nothing once anything blocks; otherwise a finding stops the editions it concerns."""
    return bool(blocking) and request.strict or any(
        i.locale in ("", tag) and i.format in ("", fmt) for i in blocking)


def _fresh_page_map(state: BuildState, dist: Path, keys: dict, tag: str) -> PageMap | None:
    """The page map of the locale's print edition when that edition is up to date."""
    record = state.edition(tag, "pdf")
    if record is None or record.page_map is None or not state.fresh(dist, tag, "pdf", keys[tag, "pdf"]):
        return None
    from .render.pages import PageMap
    return PageMap.from_json(record.page_map)


def _render(jobs: list[RenderJob], root: Path, dist: Path, keys: dict, state: BuildState, language: str,
            workers: int, progress) -> list[str]:
    """Render the jobs; the failures, one line each.

    The manifest and the state stay true of the disk whenever the build stops: the
    editions about to be replaced leave them first, and each comes back as it lands, or,
    when it fails, as it was if its file is still the previous one."""
    failures: list[str] = []
    traces: list[str] = []
    previous = {}
    for job in jobs:
        record = state.editions.pop(f"{job.publication.locale.tag}/{job.format}", None)
        if record is not None:
            previous[job.publication.locale.tag, job.format] = record
    if previous:
        _record(dist, language, state)

    def landed(rendered: Rendered) -> None:
        job, counter = rendered.job, f"[{len(failures) + len(landed.done) + 1}/{len(jobs)}]"
        tag, where = job.publication.locale.tag, job.target.relative_to(root).as_posix()
        if rendered.error:
            logged = f" (traceback in {_log_traces(root, traces, where, rendered.trace)})" \
                if rendered.trace else ""
            failures.append(f"{tag} {job.format}: {where}: {rendered.error}{logged}")
            progress(f"{counter} {tag} {job.format}: failed")
            kept = previous.get((tag, job.format))
            if kept is not None and _unchanged(dist, kept):
                state.record_edition(kept)
                _record(dist, language, state)
            return
        landed.done.append(job)
        state.record_edition(_edition_record(rendered, dist, keys[tag, job.format], state))
        _keep_findings(state, tag, rendered.page_map)
        _record(dist, language, state)
        progress(f"{counter} {tag} {job.format} {job.target.relative_to(dist).as_posix()} ({rendered.seconds:.1f} s)")
    landed.done = []
    from .render.schedule import render_all
    render_all(jobs, workers, landed)
    return failures


def _keep_findings(state: BuildState, tag: str, page_map: PageMap | None) -> None:
    """The findings of an edition's layout join its locale's, so the report and a rebuild
    with nothing to do show them."""
    record = state.locales.get(tag)
    if page_map is not None and page_map.findings and record is not None:
        state.locales[tag] = dataclasses.replace(record, issues=tuple(dict.fromkeys(record.issues + page_map.findings)))


def _unchanged(dist: Path, record: EditionRecord) -> bool:
    """Whether the edition's file is still the one ``record`` describes."""
    path = dist / record.edition.path
    return path.is_file() and path.stat().st_size == record.edition.bytes and sha256_of(path) == record.edition.sha256


def _record(dist: Path, language: str, state: BuildState) -> None:
    """The manifest, then the state, as they stand (each written whole)."""
    write_manifest(dist, language, state.on_disk(dist))
    save_state(work_folder(dist.parent), state)


def _log_traces(root: Path, traces: list[str], where: str, trace: str) -> str:
    """Add an edition's traceback to this build's error log; the log's path, from the project."""
    traces.append(f"{where}\n{trace}")
    log = root / ERROR_LOG
    write_bytes(log, "\n".join(traces).encode("utf-8"))
    return ERROR_LOG


def _edition_record(rendered: Rendered, dist: Path, key: str, state: BuildState) -> EditionRecord:
    job, tag = rendered.job, rendered.job.publication.locale.tag
    edition = Edition(locale=tag, format=job.format, path=job.target.relative_to(dist).as_posix(),
                      bytes=job.target.stat().st_size, sha256=sha256_of(job.target),
                      coverage=round(job.publication.coverage, 4),
                      fuzzy=state.locales[tag].fuzzy_published, **_described(job.publication, job.format))
    return EditionRecord(edition=edition, key=key,
                         page_map=rendered.page_map.to_json() if rendered.page_map else None)


def _described(publication, fmt: str) -> dict[str, str]:
    """The edition's identifier and plain-text metadata, for the manifest, the feeds and the site."""
    from .identifiers import edition_identifier
    from .source.ast import stringify

    def text(name: str) -> str:
        value = publication.meta.get(name)
        if value is None:
            return ""
        items = value["c"] if value["t"] == "MetaList" else [value]
        return ", ".join(stringify(item).strip() for item in items)
    return {"identifier": edition_identifier(publication.root, publication.slug, publication.locale.tag, fmt),
            "title": text("title"), "author": text("author"), "description": text("description"),
            "date": text("date")}


def _write_reviews(source: Source, works, templates: Path, dist: Path, progress) -> None:
    from .report.review import write_review
    for work in works:
        proof = work_folder(dist.parent) / "review" / work.locale.tag / "review.html"
        path = write_review(source, work, templates, proof)
        progress(f"review proof {path.relative_to(dist.parent)}")


def _nothing_to_do(request: BuildRequest, tags: list[str], state: BuildState, root: Path, dist: Path,
                   templates: Path) -> BuildResult:
    """The result of a build with nothing to do: the findings of the builds that made the
    editions still hold, and the manifest and site are brought up to date if they are not."""
    issues = [issue for tag in tags for issue in state.locale_issues(tag)]
    if not state.reported:
        _report(root, dist, templates, state, locale_tags(root))
    return BuildResult(summaries=[_summary(state, tag, [], len(request.formats)) for tag in tags], issues=issues,
                       failures=[str(i) for i in _blocking(issues, request)],
                       leverage=state.levels([tag for tag in tags if tag != state.source_language]))


def _report(root: Path, dist: Path, templates: Path, state: BuildState, all_tags: list[str]) -> None:
    """The manifest, the catalog feeds and the site, true of the editions on disk, then the state."""
    from .identifiers import publication_config
    from .report.covers import write_covers
    from .report.feeds import write_feeds
    state.reported = True
    editions = state.on_disk(dist)
    config = publication_config(root)
    covers = write_covers(root, dist, state.slug or "publication", config, editions)
    write_manifest(dist, state.source_language, editions, covers)
    write_feeds(root, dist, state.source_language, editions, covers)
    facts = SiteFacts(root=root, source_language=state.source_language, slug=state.slug or "publication",
                      cover=covers.get(state.source_language, next(iter(covers.values()), None)),
                      site_url=str(config.get("site-url") or ""), covers=covers)
    write_site(dist, templates, editions, [state.locales[tag].status for tag in sorted(state.locales)
                                           if tag in all_tags], facts)
    save_state(work_folder(root), state)


def _summary(state: BuildState, tag: str, jobs: list[RenderJob], unchanged: int) -> LocaleSummary:
    record = state.locales.get(tag)
    status = record.status if record else None
    return LocaleSummary(tag=tag, coverage=status.coverage if status else 0.0,
                         units=status.units if status else 0,
                         fallbacks=status.units - status.published if status else 0,
                         warnings=status.warnings if status else 0, errors=status.errors if status else 0,
                         built=sum(job.publication.locale.tag == tag for job in jobs), unchanged=unchanged)
