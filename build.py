#!/usr/bin/env python3
"""Editions command line: build the editions of a publication, or add a locale.

    build.py [--project DIR] [--publications a,b] [--locales fr,ar] [--formats html,epub,pdf] [--strict]
             [--shard K/N]
    build.py merge [--project DIR] SHARD_DIR...
    build.py init DIR [--lang en] [--title TITLE]
    build.py new-locale TAG [--project DIR]
    build.py catalogs [--project DIR]
    build.py check [--project DIR] [--locales fr,ar] [--publications a,b]
    build.py memory info FILE...
    build.py export --locale fr [--format xliff|xliff-copy|xliff2|po|tmx] [--all] [-o FILE] [--publication SLUG]
    build.py import FILE --locale fr [--publication SLUG]
    build.py status [--json] [--locales fr,ar] [--publications a,b]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from editions.errors import EditionsError
from editions.pipeline import BuildRequest, build
from editions.render import FORMATS
from editions.report.manifest import leverage_table, table


def main(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        return _subcommand(argv)
    if argv[:2] == ["memory", "info"]:
        return _memory_info(argv[2:])
    args = _parser().parse_args(argv)
    try:
        request = BuildRequest(root=Path(args.project), locales=_split(args.locales),
                               formats=_split(args.formats), strict=args.strict, workers=args.jobs,
                               accept_fuzzy=args.accept_fuzzy, review=args.review,
                               publications=_split(args.publications), shard=_shard(args.shard))
        result = build(request, progress=lambda line: print(line, file=sys.stderr, flush=True))
    except EditionsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for issue in dict.fromkeys(result.issues):     # a finding of the source: once, not per locale
        print(issue, file=sys.stderr)
    print(table(result.summaries))
    if result.leverage:
        print(leverage_table(result.leverage))
    _print_failures(result)
    return 1 if result.failures else 0


def _print_failures(result) -> None:
    """Each failure once. A finding that stopped editions (a fatal one; in a strict build every
    error and warning) is already printed with the findings: it is counted, not repeated."""
    shown = {str(issue) for issue in result.issues}
    failures = list(dict.fromkeys(result.failures))
    stopping = [failure for failure in failures if failure in shown]
    for failure in failures:
        if failure not in shown:
            print(f"error: {failure}", file=sys.stderr)
    if stopping:
        print(f"error: {len(stopping)} of the findings above stopped editions from being built", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description=(
        "Build the HTML, EPUB and PDF editions of a publication in every locale into DIR/dist/. "
        "Other commands: 'build.py new-locale TAG' scaffolds locales/TAG/; "
        "'build.py catalogs' brings every UI catalog in step with the templates; "
        "'build.py check' builds what is out of date and runs the validators on every edition, failing "
        "as a strict build would; "
        "'build.py export/import' send units to translators and merge what comes back; "
        "'build.py status' shows every locale's state; 'build.py memory info FILE' describes memory files; "
        "'build.py merge DIR...' joins the shard builds (--shard K/N) in DIR... into one release."))
    parser.add_argument("--project", default=".", metavar="DIR",
                        help="the publication's folder (content/, locales/, optional templates/)")
    parser.add_argument("--publications", default="",
                        help="a periodical's publications to build, comma-separated slugs (default: all)")
    parser.add_argument("--locales", default="", help="comma-separated locale tags (default: all)")
    parser.add_argument("--shard", default="", metavar="K/N",
                        help="build only shard K of N of the editions; 'build.py merge' joins the shards")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help=f"comma-separated formats (default: {','.join(FORMATS)})")
    parser.add_argument("--strict", action="store_true",
                        help="fail when a locale is below its required coverage or any check warns")
    parser.add_argument("--accept-fuzzy", type=int, default=None, metavar="N",
                        help="also publish fuzzy matches scoring N (0-100) or more; they are marked in the reports")
    parser.add_argument("--review", action="store_true",
                        help="also write build/review/TAG/review.html: every unit coloured by its state, source at hand")
    parser.add_argument("--jobs", type=_worker_count, default=0,
                        help="worker processes (default: one per core; 1: render in the build's own process)")
    return parser


def _shard(text: str):
    from editions.report.shards import parse_shard
    return parse_shard(text) if text else None


def _subcommand(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"build.py {argv[0]}")
    parser.add_argument("--project", default=".", metavar="DIR")
    COMMANDS[argv[0]][0](parser)
    args = parser.parse_args(argv[1:])
    try:
        if argv[0] != "init":
            from editions.pipeline import require_project
            require_project(Path(args.project))
        return COMMANDS[argv[0]][1](Path(args.project), args)
    except EditionsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _init(root: Path, args) -> int:
    from editions.locale.scaffold import new_project
    from editions.pipeline import require_utf8_path
    require_utf8_path(Path(args.folder).resolve())
    print(new_project(Path(args.folder), args.lang, args.title))
    return 0


def _new_locale(root: Path, args) -> int:
    from editions.locale.scaffold import new_locale
    print(new_locale(root, args.tag))
    return 0


def _catalogs(root: Path, args) -> int:
    from editions.locale.catalogs import update_catalogs
    for tag, missing in update_catalogs(root).items():
        print(f"{tag}: {len(missing)} untranslated UI strings" + (" (source locale)" if tag == "en" else ""))
    return 0


def _export(root: Path, args) -> int:
    from editions.exchange import place_for
    from editions.exchange.export import export
    path, count = export(root, args.locale, args.format, everything=args.all, output=args.output,
                         place=place_for(root, args.publication))
    print(f"wrote {count} units to {path}")
    return 0


def _import(root: Path, args) -> int:
    from editions.exchange import place_for
    from editions.exchange.importer import import_file
    report = import_file(root, Path(args.file), args.locale, place_for(root, args.publication),
                         progress=lambda line: print(line, file=sys.stderr, flush=True))
    for issue in report.issues:
        print(issue, file=sys.stderr)
    print(f"{report.memory}: {len(report.added)} added, {len(report.alternatives)} kept as alternatives, "
          f"{report.duplicates} already there, {report.refused} refused"
          + (f"; {len(report.state_kept)} of them changed by the translator but still marked "
             "needs-translation, taken as translated" if report.state_kept else "")
          + (f"; {len(report.superseded)} of them replace a translation the build refused, kept as an "
             "alternative" if report.superseded else "")
          + ("" if report.changed else "; memory unchanged"))
    return 1 if any(i.severity == "error" for i in report.issues) else 0


def _merge(root: Path, args) -> int:
    from editions.pipeline import merge
    editions = merge(root, [Path(folder) for folder in args.shards],
                     progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"merged {len(args.shards)} shard builds: {len(editions)} editions in {root / 'dist'}")
    return 0


def _status(root: Path, args) -> int:
    from editions.identifiers import chosen_places, publication_places
    from editions.report.status import (
        locale_statuses,
        status_data,
        status_json,
        status_table,
    )
    places = chosen_places(publication_places(root.resolve()), _split(args.publications))
    if not places[0].slug:
        statuses = locale_statuses(root, _split(args.locales))
        print(status_json(statuses) if args.json else status_table(statuses))
        return 0
    found = {place.slug: locale_statuses(root, _split(args.locales), place) for place in places}
    if args.json:
        print(json.dumps({"publications": {slug: status_data(s) for slug, s in found.items()}}, indent=2,
                         ensure_ascii=False))
    else:
        print("\n\n".join(f"{slug}\n{status_table(statuses)}" for slug, statuses in found.items()))
    return 0


def _publication_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--publication", default="", metavar="SLUG",
                        help="in a periodical (required there): the publication whose units are exchanged")


COMMANDS = {
    "init": (lambda p: (p.add_argument("folder", help="the new project's folder"),
                        p.add_argument("--lang", default="en", help="the source language (BCP 47), default en"),
                        p.add_argument("--title", default="A new publication")), _init),
    "new-locale": (lambda p: p.add_argument("tag", help="BCP 47 tag of the new locale, e.g. it or pt-BR"), _new_locale),
    "catalogs": (lambda p: None, _catalogs),
    "check": (lambda p: (p.add_argument("--locales", default="", help="comma-separated locale tags (default: all)"),
                         p.add_argument("--publications", default="", help="a periodical's publications to build "
                                        "and check, comma-separated slugs (default: all)")),
              lambda root, args: _check(root, _split(args.locales), _split(args.publications))),
    "export": (lambda p: (p.add_argument("--locale", required=True),
                          p.add_argument("--format", choices=("xliff", "xliff-copy", "xliff2", "po", "tmx"),
                                         default="xliff"),
                          p.add_argument("--all", action="store_true", help="every unit, not only what needs work"),
                          p.add_argument("-o", "--output", default=None, metavar="FILE"),
                          _publication_option(p)), _export),
    "merge": (lambda p: p.add_argument("shards", nargs="+", metavar="SHARD_DIR",
                                       help="copies of the project, each after a build.py --shard K/N"), _merge),
    "import": (lambda p: (p.add_argument("file"), p.add_argument("--locale", required=True),
                          _publication_option(p)), _import),
    "status": (lambda p: (p.add_argument("--json", action="store_true"),
                          p.add_argument("--locales", default=""),
                          p.add_argument("--publications", default="", help="a periodical's publications "
                                         "(default: all)")), _status),
}


def _memory_info(files: list[str]) -> int:
    """Per memory file: its language pairs and unit counts; FILE:LINE for one it cannot read."""
    from editions.memory.inspect import describe

    if not files:
        print("usage: build.py memory info FILE...", file=sys.stderr)
        return 2
    failed = False
    for name in files:
        try:
            print(describe(Path(name)))
        except EditionsError as error:
            print(f"{error}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def _check(root: Path, locales: tuple[str, ...], publications: tuple[str, ...] = ()) -> int:
    """Build what is out of date, then every validator on every edition in dist/
    (in a periodical: of every publication, or of ``publications`` only).

    The build is not strict, because a strict build builds nothing once any
    finding stops it, and the validators should judge whatever is built. What
    a strict build fails on still fails the check: an edition that could not
    be built, any error or warning of the build, and a locale below its
    required coverage (``required-coverage`` in its locale.yaml), which is
    shown in the table's coverage column rather than keeping the validators
    from running. Exits non-zero on any of those or on any validator failing.
    The project's build lock is held throughout: no other build replaces what
    is being checked."""
    from editions.output import build_lock, work_folder

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        with build_lock(work_folder(root.resolve()), progress):
            built = build(BuildRequest(root=root, locales=locales, publications=publications), progress=progress)
            for issue in dict.fromkeys(built.issues):
                print(issue, file=sys.stderr)
            print(table(built.summaries))
            result = _validate(root, built, (publications, locales), progress)
    except EditionsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return _check_verdict(built, result)


def _validate(root: Path, built, chosen: tuple[tuple[str, ...], tuple[str, ...]], progress):
    """The validators on the editions of ``chosen`` (publications, locales: all where empty)."""
    from editions.locale.settings import read_locale
    from editions.validate.run import check_dist
    from editions.validate.run import table as check_table

    required = {summary.tag: read_locale(root.resolve(), summary.tag, "").required_coverage
                for summary in built.summaries}
    publications, locales = chosen
    result = check_dist(root.resolve() / "dist", progress=progress, required=required,
                        publications=publications, locales=locales)
    print(check_table(result))
    return result


def _check_verdict(built, result) -> int:
    """Exit status of ``build.py check``; prints why it fails."""
    short = [issue for issue in built.issues if issue.code == "coverage-below-required"]
    strict = [issue for issue in built.issues if issue.severity in ("fatal", "error", "warning") and issue not in short]
    _print_failures(built)
    if strict:
        print(f"error: the build has {len(strict)} findings a strict build fails on (listed above)", file=sys.stderr)
    for issue in short:
        print(f"error: {issue}", file=sys.stderr)
    return 1 if built.failures or strict or short or result.failed() else 0


def _worker_count(value: str) -> int:
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{value}': expected a whole number, 0 for one per core")
    return int(value)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _interrupt(signum, _frame) -> None:
    """SIGTERM stops a command as Ctrl-C does: the build stops its workers, puts back the
    manifest's records of the editions it did not replace and removes its temporaries."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _stop_again(unraisable) -> None:
    """Python only prints an exception raised in a finalizer (an object's ``__del__``, such as
    WeasyPrint's font configuration's in a ``--jobs 1`` build): a stop raised there would be
    lost and the build would go on. The stop is raised again a moment later (SIGALRM), out of
    the finalizer."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)
        return
    stop = unraisable.exc_value

    def again(_signum, _frame) -> None:
        raise KeyboardInterrupt(*stop.args)
    try:
        signal.signal(signal.SIGALRM, again)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
    except (ValueError, AttributeError):     # not the main thread, or no SIGALRM on this system
        sys.__unraisablehook__(unraisable)


def run(argv: list[str]) -> int:
    """``main``, with a stop by Ctrl-C or SIGTERM reported in one line (exit status 130)."""
    signal.signal(signal.SIGTERM, _interrupt)
    sys.unraisablehook = _stop_again
    try:
        return main(argv)
    except KeyboardInterrupt as stop:
        print(f"stopped ({stop.args[0] if stop.args else 'Ctrl-C'}): every file written so far is whole; "
              "run the command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
