"""The release: what ``dist/`` says of every publication's editions on disk.

The manifest and ``SHA256SUMS``, the catalog feeds, the covers and the download site,
written from the build states of every publication of the project (one for a single
publication, one per publication of a periodical), after a build or a merge of shards.
It reads the states and the publications' YAML, never the source stage.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..identifiers import PublicationPlace, publication_config, series_of
from ..locale.settings import locale_tags
from ..output import work_folder
from .covers import remove_unlisted, write_covers
from .feeds import write_feeds
from .manifest import write_manifest
from .site import Shelf, SiteFacts, write_site
from .state import BuildState, load_state, save_state, state_folder


def report_release(root: Path, dist: Path, templates: Path, states: dict[PublicationPlace, BuildState]) -> None:
    """The manifest, the catalog feeds and the site over every publication, true of the editions
    on disk, then the states, marked as reported."""
    all_tags = locale_tags(root)
    built = {place: state for place, state in states.items() if state.source_language}
    language = next((state.source_language for state in built.values()), "")
    shelves = [_shelf(root, dist, place, state, all_tags) for place, state in built.items()]
    covers = {(shelf.prefix, tag): cover for shelf in shelves for tag, cover in shelf.facts.covers.items()}
    remove_unlisted(dist, list(covers.values()))
    write_manifest(dist, language, [edition for shelf in shelves for edition in shelf.editions], covers)
    write_feeds(dist, language, shelves)
    write_site(dist, templates, shelves)
    for place, state in built.items():
        state.reported = True
        save_state(state_folder(work_folder(root), place), state)


def retire_removed_locales(root: Path, dist: Path, places: tuple[PublicationPlace, ...], progress) -> None:
    """Take the editions of every locale whose folder is no longer in ``locales/`` out of the
    release: their folders leave ``dist/`` and their records each publication's state, which
    is marked as not reported, so the manifest, ``SHA256SUMS``, feeds and site are written
    again without them. Call it holding the build lock."""
    kept = locale_tags(root)
    for place in places:
        folder = state_folder(work_folder(root), place)
        state = load_state(folder)
        gone = state.forget_locales(kept)
        if not gone:
            continue
        for tag in gone:
            if re.fullmatch(r"[A-Za-z0-9-]+", tag):      # a tag, never a path
                shutil.rmtree(dist / place.prefix / tag if place.prefix else dist / tag, ignore_errors=True)
            progress(f"locales/{tag}/ is gone: {place.prefix}{tag}'s editions leave dist/")
        state.reported = False
        save_state(folder, state)


def _shelf(root: Path, dist: Path, place: PublicationPlace, state: BuildState, all_tags: list[str]) -> Shelf:
    """One publication as the site and the feeds show it; its locales' covers published in
    ``dist/covers/`` (``report.covers``)."""
    config = publication_config(root, place.slug)
    slug = state.slug or "publication"
    editions = state.on_disk(dist)
    covers = write_covers(root, dist, slug, config, editions, place)
    facts = SiteFacts(root=root, source_language=state.source_language, slug=slug,
                      cover=covers.get(state.source_language, next(iter(covers.values()), None)), covers=covers,
                      site_url=str(config.get("site-url") or ""),
                      series=series_of(config), title=str(config.get("title", "")),
                      identifier=str(config.get("identifier") or config.get("slug") or ""))
    return Shelf(facts=facts, editions=tuple(editions), prefix=place.prefix,
                 statuses=tuple(state.locales[tag].status for tag in sorted(state.locales) if tag in all_tags))
