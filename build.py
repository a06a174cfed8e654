#!/usr/bin/env python3
"""Editions command line: build the editions of a publication, or add a locale.

    build.py [--project DIR] [--locales fr,ar] [--formats html,epub,pdf] [--strict]
    build.py new-locale TAG [--project DIR]
    build.py catalogs [--project DIR]
    build.py check [--project DIR] [--locales fr,ar]
    build.py memory info FILE...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editions.errors import EditionsError
from editions.pipeline import BuildRequest, build
from editions.render import FORMATS
from editions.report import leverage_table, table


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("new-locale", "catalogs", "check"):
        return _subcommand(argv)
    if argv[:2] == ["memory", "info"]:
        return _memory_info(argv[2:])
    parser = argparse.ArgumentParser(prog="build.py", description=(
        "Build the HTML, EPUB and PDF editions of a publication in every locale into DIR/dist/. "
        "Other commands: 'build.py new-locale TAG' scaffolds locales/TAG/; "
        "'build.py catalogs' brings every UI catalog in step with the templates; "
        "'build.py check' builds what is out of date, strictly, and runs the validators on every edition."))
    parser.add_argument("--project", default=".", metavar="DIR",
                        help="the publication's folder (content/, locales/, optional templates/)")
    parser.add_argument("--locales", default="", help="comma-separated locale tags (default: all)")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help=f"comma-separated formats (default: {','.join(FORMATS)})")
    parser.add_argument("--strict", action="store_true",
                        help="fail when a locale is below its required coverage or any check warns")
    parser.add_argument("--accept-fuzzy", type=int, default=None, metavar="N",
                        help="also publish fuzzy matches scoring N (0-100) or more; they are marked in the reports")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    args = parser.parse_args(argv)
    request = BuildRequest(root=Path(args.project), locales=_split(args.locales),
                           formats=_split(args.formats), strict=args.strict, workers=args.jobs,
                           accept_fuzzy=args.accept_fuzzy)
    try:
        result = build(request, progress=lambda line: print(line, file=sys.stderr, flush=True))
    except EditionsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for issue in result.issues:
        print(issue, file=sys.stderr)
    print(table(result.summaries))
    if result.leverage:
        print(leverage_table(result.leverage))
    for failure in result.failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if result.failures else 0


def _subcommand(argv: list[str]) -> int:
    from editions.catalogs import update_catalogs
    from editions.scaffold import new_locale

    parser = argparse.ArgumentParser(prog=f"build.py {argv[0]}")
    if argv[0] == "new-locale":
        parser.add_argument("tag", help="BCP 47 tag of the new locale, e.g. it or pt-BR")
    parser.add_argument("--project", default=".", metavar="DIR")
    if argv[0] == "check":
        parser.add_argument("--locales", default="", help="comma-separated locale tags to build (default: all)")
    args = parser.parse_args(argv[1:])
    root = Path(args.project)
    try:
        if argv[0] == "check":
            return _check(root, _split(args.locales))
        if argv[0] == "new-locale":
            print(new_locale(root, args.tag))
        else:
            for tag, missing in update_catalogs(root).items():
                print(f"{tag}: {len(missing)} untranslated UI strings")
    except EditionsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


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


def _check(root: Path, locales: tuple[str, ...]) -> int:
    """A strict build of what is out of date, then every validator on every edition in dist/."""
    from editions.validate.run import check_dist, table as check_table

    built = main(["--project", str(root), "--strict", *(["--locales", ",".join(locales)] if locales else [])])
    if built != 0:
        return built
    result = check_dist(root.resolve() / "dist", progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(check_table(result))
    return 1 if result.failed() else 0


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
