"""The build, as a recipe: read and segment the source; per locale look up,
localize and preflight; render; report.

A project holds one publication or, a periodical, several (``identifiers.publication_places``):
each is built in turn with its own build state, then the release (manifest, checksums,
feeds, site) is written over all of them (``report.release``). A shard build
(``report.shards``) builds its slice and writes its fragment instead; ``merge`` joins them.

Each step is a call into the stage that owns it. This module only decides
what needs doing (the editions whose inputs changed, ``report.state``) and
which findings stop which editions: a fatal finding stops the editions it
concerns (a missing glyph: that locale's PDF); a strict build stops every
edition on any error or warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import TOOL_TEMPLATES, tools_can_open
from .errors import EditionsError, Issue, hint_command
from .identifiers import PublicationPlace, chosen_places, publication_places
from .locale.settings import locale_tags
from .model import Edition
from .output import (
    build_lock,
    remove_leftovers,
    scratch_folder,
    sha256_of,
    work_folder,
    write_bytes,
)
from .render import FORMATS
from .report.manifest import LocaleSummary, write_manifest
from .report.release import report_release, retire_removed_locales
from .report.state import (
    BuildState,
    EditionRecord,
    LocaleRecord,
    edition_keys,
    load_state,
    save_state,
    source_date_epoch,
    state_folder,
)

if TYPE_CHECKING:
    from .locale.work import LocaleWork
    from .model import Source
    from .render.pages import PageMap
    from .render.schedule import Rendered, RenderJob
    from .report.shards import Shard

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
    publications: tuple[str, ...] = ()     # a periodical's publications to build, by slug (default: all)
    shard: Shard | None = None    # build only this shard's slice, for ``build.py merge`` (``report.shards``)


@dataclass
class BuildResult:
    summaries: list[LocaleSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    leverage: dict[str, dict] = field(default_factory=dict)   # locale (SLUG/TAG in a periodical) -> match levels


@dataclass(frozen=True)
class Scope:
    """One publication's build within the project's release: where it is, what of it to build."""

    root: Path
    dist: Path
    templates: Path
    place: PublicationPlace
    places: tuple[PublicationPlace, ...]     # every publication of the project, for the release's manifest
    tags: tuple[str, ...]                    # the locales to build

    @property
    def work(self) -> Path:
        """The folder of this publication's build state."""
        return state_folder(work_folder(self.root), self.place)


def build(request: BuildRequest, progress=print) -> BuildResult:
    """Build under the project's lock: a second build of the project waits for this one,
    then reads the state this one leaves."""
    root, dist, templates = _places(request)
    with build_lock(work_folder(root), progress):
        for folder in (dist, work_folder(root)):
            remove_leftovers(folder)
        try:
            with scratch_folder(root):
                return _build_release(request, root, dist, templates, progress)
        finally:
            # What a program of a killed build still wrote as this one started, and what the
            # workers this build stopped on an error (or Ctrl-C) were writing.
            for folder in (dist, work_folder(root)):
                remove_leftovers(folder)


def _build_release(request: BuildRequest, root: Path, dist: Path, templates: Path, progress) -> BuildResult:
    """Each chosen publication (every one by default) built in turn, then the release's report:
    manifest, checksums, feeds and site over every publication; a shard writes its fragment instead."""
    tags = list(request.locales) or locale_tags(root)
    if not tags:
        raise EditionsError("no locale to build: locales/ has none (create the source language's with: "
                            f"{hint_command(root, 'new-locale', 'en')})", "locales/")
    places = publication_places(root)
    retire_removed_locales(root, dist, places, progress)
    results = []
    try:
        for place in chosen_places(places, request.publications):
            share = tuple(tag for tag in tags if request.shard is None or request.shard.takes(places, place, tag,
                                                                                             tuple(tags)))
            if share:
                results.append(_build_one(request, Scope(root, dist, templates, place, places, share), progress))
    except EditionsError:
        if request.shard is None:      # the editions that landed before the error: the site shows them
            _report_release(root, dist, templates, places)
        raise
    if request.shard is not None:
        from .report.shards import write_fragment
        states = {place: load_state(state_folder(work_folder(root), place)) for place in places}
        write_fragment(work_folder(root), request.shard, places, states, tuple(tags), request.accept_fuzzy)
    else:
        _report_release(root, dist, templates, places)
    return _joined(results)


def _report_release(root: Path, dist: Path, templates: Path, places: tuple[PublicationPlace, ...]) -> None:
    """The release's manifest, checksums, feeds and site, from every publication's saved state,
    unless each is already reported (a build with nothing to do)."""
    states = {place: load_state(state_folder(work_folder(root), place)) for place in places}
    if not all(state.reported for state in states.values() if state.source_language):
        report_release(root, dist, templates, states)


def merge(root: Path, folders: list[Path], progress=print) -> list[Edition]:
    """Join the shard builds in ``folders`` (``build.py --shard``) into the release of the project
    at ``root``: their editions into its dist/, their records into its build state, then the
    manifest, checksums, feeds and site. The editions of the release."""
    from .report.shards import merged_states, read_fragments, release_set
    root, dist, templates = _places(BuildRequest(root=root))
    _not_the_project(root, folders)
    with build_lock(work_folder(root), progress):
        places = publication_places(root)
        fragments, stale = release_set([fragment for folder in folders for fragment in read_fragments(folder.resolve())])
        for fragment in stale:
            progress(f"left aside, from an earlier shard build: {fragment.path}")
        for fragment in fragments:
            _check_fragment(root, templates, places, fragment)
        states = merged_states(fragments, places, dist)
        report_release(root, dist, templates, states)
    return [edition for state in states.values() for edition in state.on_disk(dist)]


def _not_the_project(root: Path, folders: list[Path]) -> None:
    """The project a merge writes into cannot be one of its shards: the merge replaces the
    locale folders of its dist/ with the shards' ones, so it would delete what it copies."""
    for folder in folders:
        if folder.resolve() == root:
            raise EditionsError("the project merged into cannot be one of the shard folders: merge into another "
                                "copy of the project (build.py merge --project OTHER SHARD_DIR...)", str(folder))


def _check_fragment(root: Path, templates: Path, places: tuple[PublicationPlace, ...], fragment) -> None:
    """A shard's editions must have been built from this project's inputs: each one's key is
    the key this project gives it, or the merge stops before copying anything."""
    by_slug = {place.slug: place for place in places}
    for slug, part in fragment.states.items():
        if slug not in by_slug:
            continue          # the merge names it
        tags = sorted({record.edition.locale for record in part.editions.values()})
        keys = edition_keys(root, templates, tags, tuple(FORMATS), locale_tags(root), fragment.accept_fuzzy,
                            part.source_language, by_slug[slug])
        for record in part.editions.values():
            if keys[record.edition.locale, record.edition.format] != record.key:
                raise EditionsError(f"{record.edition.path} was built from other inputs than this project's "
                                    "(content, locales, templates, code, engines or SOURCE_DATE_EPOCH): merge "
                                    "the shards of one commit, built with the same SOURCE_DATE_EPOCH",
                                    str(fragment.path))


def _joined(results: list[BuildResult]) -> BuildResult:
    """The publications' results as one."""
    joined = BuildResult()
    for result in results:
        joined.summaries += result.summaries
        joined.issues += result.issues
        joined.failures += result.failures
        joined.leverage.update(result.leverage)
    return joined


def _build_one(request: BuildRequest, scope: Scope, progress) -> BuildResult:
    """One publication's build. In a periodical, a publication that cannot be read is its own
    failure, in one line, and the others are still built; a periodical's findings of a locale
    name the publication too (``[SLUG/TAG]``)."""
    if not scope.place.slug:
        return _build(request, scope, progress)
    try:
        result = _build(request, scope, progress)
    except EditionsError as error:
        return BuildResult(failures=[str(error)])
    named = {issue: replace(issue, locale=f"{scope.place.slug}/{issue.locale}") for issue in result.issues
             if issue.locale}
    lines = {str(issue): str(renamed) for issue, renamed in named.items()}
    result.issues = [named.get(issue, issue) for issue in result.issues]
    result.failures = [lines.get(failure, failure) for failure in result.failures]
    return result


def _build(request: BuildRequest, scope: Scope, progress) -> BuildResult:
    """What of one publication is out of date; nothing more when nothing is."""
    state = load_state(scope.work)
    keyed = _keys(request, scope, state, state.source_language)
    if not any(keyed[1].values()) and not request.review and state.source_language:
        return _nothing_to_do(request, scope, state)   # nothing read, nothing written
    return _rebuild(request, scope, state, keyed, progress)


def _rebuild(request: BuildRequest, scope: Scope, state: BuildState, keyed: tuple[dict, dict[str, list[str]]],
             progress) -> BuildResult:
    """The recipe: read and segment the source; per locale look up, localize and preflight;
    render what is out of date; report. A locale's editions are rendered while the next
    locale's work is done (``_locale_batches``)."""
    # The stages are loaded only now: a build with nothing to do never pays for them.
    from .source import read_source
    root = scope.root
    source = read_source(root, scope.place)
    keys, stale = keyed
    if source.language != state.source_language:     # the keys of translations name the source locale
        keys, stale = _keys(request, scope, state, source.language)
    state.source_language, state.slug, state.reported = source.language, source.publication.slug, False
    from .locale.work import read_locales
    locales = read_locales(root, source.language, scope.tags)
    works: list[LocaleWork] = []
    # The source locale first: it has no memory to look up, so the workers start the soonest.
    reworked = sorted((locale for locale in locales if stale[locale.tag] or request.review),
                      key=lambda locale: not locale.is_source)
    # Each locale's findings before the layout's: the last build's for a locale not worked on again.
    found = {locale.tag: state.locale_issues(locale.tag) for locale in locales if locale not in reworked}
    stopped: list[tuple[str, str]] = []        # (locale, format) of the editions a finding stops
    batches = _locale_batches(request, scope, state, source, reworked, (keys, stale), works, found, stopped)
    planned = sum(len(stale[locale.tag]) for locale in reworked)
    failures = _render(batches, (planned, stopped), scope, keys, state, request.workers, progress)
    issues = [issue for locale in locales for issue in found.get(locale.tag, ())]
    late = [issue for locale in locales for issue in state.locale_issues(locale.tag) if issue not in issues]
    blocking = _blocking(issues, request)
    issues, failures = issues + late, failures + [str(i) for i in _blocking(late, request)]   # the PDF layout's
    if request.review:
        _write_reviews(source, works, scope, progress)
    save_state(scope.work, state)
    summaries = [_summary(state, locale.tag, _landed(state, scope.dist, keys, locale.tag, stale[locale.tag]),
                          len(request.formats) - len(stale[locale.tag]), scope.place) for locale in locales]
    return BuildResult(summaries=summaries, issues=issues, failures=failures + [str(i) for i in blocking],
                       leverage=_leverage(state, [locale.tag for locale in locales if not locale.is_source],
                                          scope.place))


def _locale_batches(request: BuildRequest, scope: Scope, state: BuildState, source: Source, reworked: list,
                    keyed: tuple[dict, dict[str, list[str]]], works: list, found: dict,
                    stopped: list) -> Iterator[list[RenderJob]]:
    """Each locale of ``reworked``: its work (into ``works``, its record into ``state``, its
    findings into ``found``), then the render jobs of its editions that no finding known so far
    stops. A strict build stops every edition on any finding, so it gives all the jobs at once,
    after every locale's work."""
    from .locale.work import locale_work, switcher
    keys, stale = keyed
    others = switcher(scope.root)
    for locale in reworked:
        work = locale_work(source, locale, others, request.accept_fuzzy, check_print="pdf" in stale[locale.tag])
        works.append(work)
        state.locales[locale.tag] = _locale_record(work)
        found[locale.tag] = state.locale_issues(locale.tag)
        if not request.strict:
            yield _render_jobs(request, scope, state, [work], (keys, stale), found, stopped)
    if request.strict:
        yield _render_jobs(request, scope, state, works, (keys, stale), found, stopped)


def _render_jobs(request: BuildRequest, scope: Scope, state: BuildState, works: list,
                 keyed: tuple[dict, dict[str, list[str]]], found: dict, stopped: list) -> list[RenderJob]:
    """The render jobs of the out-of-date editions of ``works`` that the findings known so far
    (``found``: every locale's, this build's or the last) do not stop; those they stop go to
    ``stopped`` as (locale, format)."""
    from .render.schedule import RenderJob
    keys, stale = keyed
    blocking = _blocking([issue for issues in found.values() for issue in issues], request)
    folder = scope.dist / scope.place.prefix if scope.place.prefix else scope.dist
    wanted = [(work, fmt) for work in works for fmt in stale[work.locale.tag]]
    stopped += [(work.locale.tag, fmt) for work, fmt in wanted if _stopped(blocking, request, work.locale.tag, fmt)]
    return [RenderJob(work.localized, fmt, scope.templates, folder / FORMATS[fmt].path_of(work.locale.tag, state.slug),
                      _fresh_page_map(state, scope.dist, keys, work.locale.tag))
            for work, fmt in wanted if (work.locale.tag, fmt) not in stopped]


def _leverage(state: BuildState, tags: list[str], place: PublicationPlace) -> dict[str, dict]:
    """The match levels of the locales ``tags``, named SLUG/TAG in a periodical."""
    return {place.prefix + tag: levels for tag, levels in state.levels(tags).items()}


def _keys(request: BuildRequest, scope: Scope, state: BuildState,
          source_language: str) -> tuple[dict, dict[str, list[str]]]:
    """Every edition's key (``edition_keys``), and per locale the requested formats not up to date."""
    keys = edition_keys(scope.root, scope.templates, list(scope.tags), tuple(FORMATS), locale_tags(scope.root),
                        request.accept_fuzzy, source_language, scope.place)
    return keys, {tag: [fmt for fmt in request.formats if not state.fresh(scope.dist, tag, fmt, keys[tag, fmt])]
                  for tag in scope.tags}


def require_project(root: Path) -> Path:
    """``root`` resolved, when it is a project's folder: one holding ``content/publication.yaml``
    or a periodical's ``content/SLUG/publication.yaml``, whose path is UTF-8. Raises
    ``EditionsError`` naming the folder otherwise, so that no command writes into, or reports
    on, a folder that is none or that pandoc cannot open."""
    resolved = root.resolve()
    if not resolved.is_dir():
        raise EditionsError(f"no such folder; start a project there with: python build.py init {root}", str(root))
    if not (resolved / "content").is_dir():
        raise EditionsError("not a project: it has no content/ folder (content/publication.yaml); "
                            f"start one with: python build.py init {root}", str(root))
    require_utf8_path(resolved)
    return resolved


def require_utf8_path(folder: Path) -> None:
    """Raise ``EditionsError`` naming ``folder`` when its path is not UTF-8 text: pandoc, Java
    and Node read paths as UTF-8, so every edition of a project there would fail on its own."""
    if not tools_can_open(folder):
        raise EditionsError("the folder's path is not UTF-8 text, which pandoc and the checkers cannot "
                            "open; rename it", repr(str(folder)))


def _places(request: BuildRequest) -> tuple[Path, Path, Path]:
    """The project, its dist/ and its templates (the tool's when it has none)."""
    for fmt in request.formats:
        if fmt not in FORMATS:
            raise EditionsError(f"unknown format '{fmt}': choose from {', '.join(FORMATS)}")
    if request.accept_fuzzy is not None and not 0 <= request.accept_fuzzy <= 100:
        raise EditionsError(f"--accept-fuzzy {request.accept_fuzzy}: a match score, from 0 to 100")
    source_date_epoch()
    root = require_project(request.root)
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


def _render(batches: Iterable[list[RenderJob]], counted: tuple[int, list], scope: Scope, keys: dict,
            state: BuildState, workers: int, progress) -> list[str]:
    """Render the jobs of ``batches``: ``counted`` is (the editions planned, the list the
    batches add the ones a finding stops to), for the progress counter. The failures, one line
    each, in the order of the build's locales and of ``FORMATS`` (not the order they failed in).

    The manifest and the state stay true of the disk whenever the build stops: the
    editions about to be replaced leave them first, and each comes back as it lands, or,
    when it fails, as it was if its file is still the previous one."""
    failures, traces = [], []       # one line per failed edition; the tracebacks of unexpected errors
    (root, dist), (planned, stopped) = (scope.root, scope.dist), counted
    others = _other_states(scope)       # the lock keeps the other publications' states as they are
    previous: dict[tuple[str, str], EditionRecord] = {}     # the records of the editions being replaced

    def landed(rendered: Rendered) -> None:
        job, counter = rendered.job, f"[{len(failures) + len(landed.done) + 1}/{planned - len(stopped)}]"
        tag, where = job.publication.locale.tag, job.target.relative_to(root).as_posix()
        if rendered.error:
            logged = f" (traceback in {_log_traces(root, traces, where, rendered.trace)})" \
                if rendered.trace else ""
            failures.append((tag, job.format, f"{tag} {job.format}: {where}: {rendered.error}{logged}"))
            progress(f"{counter} {tag} {job.format}: failed")
            kept = {(tag, job.format): previous[tag, job.format]} if (tag, job.format) in previous else {}
            _restore_unreplaced(scope, state, others, kept)
            return
        landed.done.append(job)
        state.record_edition(_edition_record(rendered, scope, keys[tag, job.format], state))
        _keep_findings(state, tag, rendered.page_map)
        _record(scope, state, others)
        progress(f"{counter} {tag} {job.format} {job.target.relative_to(dist).as_posix()} ({rendered.seconds:.1f} s)")
    landed.done = []
    from .render.schedule import render_all
    try:
        render_all((_leaving(jobs, scope, state, others, previous) for jobs in batches), workers, landed, planned)
    except BaseException:
        _restore_unreplaced(scope, state, others, previous)
        raise
    return _in_build_order(failures, scope)


def _in_build_order(failures: list[tuple[str, str, str]], scope: Scope) -> list[str]:
    """The lines of (locale, format, line) failures in the order of the build's locales and formats."""
    tags, formats = list(scope.tags), list(FORMATS)
    return [line for _tag, _fmt, line in sorted(failures, key=lambda f: (tags.index(f[0]), formats.index(f[1])))]


def _restore_unreplaced(scope: Scope, state: BuildState, others: dict[PublicationPlace, BuildState],
                        previous: dict[tuple[str, str], EditionRecord]) -> None:
    """The records of ``previous``, editions that left the state to be replaced and were not
    (their edition failed; the build stopped while rendering: a later locale's error, Ctrl-C),
    back where their file is still the one they describe, so the manifest keeps listing every
    edition on disk."""
    back = [record for (tag, fmt), record in previous.items()
            if state.edition(tag, fmt) is None and _unchanged(scope.dist, record)]
    for record in back:
        state.record_edition(record)
    if back:
        _record(scope, state, others)


def _leaving(jobs: list[RenderJob], scope: Scope, state: BuildState, others: dict[PublicationPlace, BuildState],
             previous: dict[tuple[str, str], EditionRecord]) -> list[RenderJob]:
    """The jobs, once the records of the editions they replace have left the state (kept in
    ``previous``) and the manifest."""
    for job in jobs:
        record = state.editions.pop(f"{job.publication.locale.tag}/{job.format}", None)
        if record is not None:
            previous[job.publication.locale.tag, job.format] = record
    if any((job.publication.locale.tag, job.format) in previous for job in jobs):
        _record(scope, state, others)
    return jobs


def _keep_findings(state: BuildState, tag: str, page_map: PageMap | None) -> None:
    """The findings of an edition's layout join its locale's, so the report and a rebuild
    with nothing to do show them."""
    record = state.locales.get(tag)
    if page_map is not None and page_map.findings and record is not None:
        state.locales[tag] = replace(record, issues=tuple(dict.fromkeys(record.issues + page_map.findings)))


def _unchanged(dist: Path, record: EditionRecord) -> bool:
    """Whether the edition's file is still the one ``record`` describes."""
    path = dist / record.edition.path
    return path.is_file() and path.stat().st_size == record.edition.bytes and sha256_of(path) == record.edition.sha256


def _other_states(scope: Scope) -> dict[PublicationPlace, BuildState]:
    """The build states of the project's other publications (a periodical's), as saved."""
    return {place: load_state(state_folder(work_folder(scope.root), place)) for place in scope.places
            if place != scope.place}


def _record(scope: Scope, state: BuildState, others: dict[PublicationPlace, BuildState]) -> None:
    """The manifest of the release (this publication's editions as they stand, the others' as
    their states list them), then this publication's state (each written whole)."""
    states = [others.get(place, state) for place in scope.places]
    language = next((other.source_language for other in states if other.source_language), state.source_language)
    write_manifest(scope.dist, language, [edition for other in states for edition in other.on_disk(scope.dist)])
    save_state(scope.work, state)


def _log_traces(root: Path, traces: list[str], where: str, trace: str) -> str:
    """Add an edition's traceback to this build's error log; the log's path, from the project."""
    traces.append(f"{where}\n{trace}")
    log = root / ERROR_LOG
    write_bytes(log, "\n".join(traces).encode("utf-8"))
    return ERROR_LOG


def _edition_record(rendered: Rendered, scope: Scope, key: str, state: BuildState) -> EditionRecord:
    job, tag = rendered.job, rendered.job.publication.locale.tag
    edition = Edition(locale=tag, format=job.format, path=job.target.relative_to(scope.dist).as_posix(),
                      publication=scope.place.slug,
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


def _write_reviews(source: Source, works, scope: Scope, progress) -> None:
    from .report.review import write_review
    for work in works:
        proof = work_folder(scope.root) / "review" / scope.place.prefix / work.locale.tag / "review.html"
        path = write_review(source, work, scope.templates, proof)
        progress(f"review proof {path.relative_to(scope.root)}")


def _nothing_to_do(request: BuildRequest, scope: Scope, state: BuildState) -> BuildResult:
    """The result of a build of a publication with nothing to do: the findings of the builds
    that made its editions still hold."""
    issues = [issue for tag in scope.tags for issue in state.locale_issues(tag)]
    return BuildResult(summaries=[_summary(state, tag, (0, 0), len(request.formats), scope.place)
                                  for tag in scope.tags],
                       issues=issues, failures=[str(i) for i in _blocking(issues, request)],
                       leverage=_leverage(state, [tag for tag in scope.tags if tag != state.source_language],
                                          scope.place))


def _landed(state: BuildState, dist: Path, keys: dict, tag: str, stale: list[str]) -> tuple[int, int]:
    """Of the editions of locale ``tag`` that were out of date (``stale``, their formats): how
    many this build made, and how many it did not (failed, or stopped by a finding)."""
    built = sum(state.fresh(dist, tag, fmt, keys[tag, fmt]) for fmt in stale)
    return built, len(stale) - built


def _summary(state: BuildState, tag: str, landed: tuple[int, int], unchanged: int,
             place: PublicationPlace) -> LocaleSummary:
    """The table's row of locale ``tag``; its findings are the state's, which hold those of
    the print layout (``text-overflow``) found after the locale's work."""
    record = state.locales.get(tag)
    status = record.status if record else None
    issues = record.issues if record else ()
    return LocaleSummary(tag=tag, coverage=status.coverage if status else 0.0,
                         units=status.units if status else 0,
                         fallbacks=status.units - status.published if status else 0,
                         warnings=sum(i.severity == "warning" for i in issues),
                         errors=sum(i.severity in ("fatal", "error") for i in issues),
                         built=landed[0], failed=landed[1], unchanged=unchanged, publication=place.slug)
