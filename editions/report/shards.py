"""A release built on several machines: shards, their fragments, and the merge.

``build.py --shard K/N`` builds shard K of N: a deterministic slice of the project's
editions (every publication × locale × format). The slice is dealt by publication and
locale, all formats of one locale together, round-robin in the order of the
publications' slugs and the locales' tags: a locale's EPUB takes its page-list from
that locale's PDF (``render.pages``), so splitting them would give an EPUB another
build does not give. The shard writes its editions into ``dist/`` as a build does, and
its fragment, ``build/shards/K-of-N.json``: the build records (``report.state``) of
what it built. The fragment goes to ``build/``, not ``dist/``, because ``dist/`` holds
only what is published; a CI job uploads both folders.

``build.py merge DIR…`` joins the shards: each DIR is a copy of the project after a
shard build (its ``dist/`` and ``build/shards/``). Each edition's key must be the one this
project gives it (``report.state.edition_keys``: the same content, locales, templates,
code, engines and ``SOURCE_DATE_EPOCH``). Their locale folders are copied into
this project's ``dist/``, their records become its build state, and the release's
manifest, checksums, feeds and site are written as a single build writes them, so
merged and single builds give the same ``dist/``, byte for byte.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import EditionsError
from ..identifiers import PublicationPlace
from ..output import write_bytes
from .state import BuildState, state_from_json, state_to_json

SHARDS = "shards"             # under the project's build/


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"

    def takes(self, places: tuple[PublicationPlace, ...], place: PublicationPlace, tag: str,
              tags: tuple[str, ...]) -> bool:
        """Whether this shard builds the editions of locale ``tag`` of the publication at
        ``place``: the (publication, locale) pairs in order, dealt round-robin."""
        position = places.index(place) * len(tags) + tags.index(tag)
        return position % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    """``K/N`` as a ``Shard``; an error naming the option for anything else."""
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not found or not 1 <= int(found[1]) <= int(found[2]):
        raise EditionsError(f"--shard '{text}': expected K/N with 1 ≤ K ≤ N, e.g. 2/3")
    return Shard(int(found[1]), int(found[2]))


@dataclass(frozen=True)
class Fragment:
    """What one shard built: per publication slug, the records of its locales; where its editions are."""

    path: Path                      # build/shards/K-of-N.json in the shard's project copy
    states: dict[str, BuildState]
    dist: Path
    accept_fuzzy: int | None = None   # the shard build's --accept-fuzzy, part of its editions' keys
    shard: Shard | None = None        # which shard of which count it is
    written: float = 0.0              # when the shard build wrote it (seconds since the epoch)


def write_fragment(work: Path, shard: Shard, places: tuple[PublicationPlace, ...],
                   states: dict[PublicationPlace, BuildState], tags: tuple[str, ...],
                   accept_fuzzy: int | None = None) -> Path:
    """Write ``build/shards/K-of-N.json``: per publication, the records of this shard's locales."""
    publications = {}
    for place in places:
        state, taken = states[place], [tag for tag in tags if shard.takes(places, place, tag, tags)]
        if not state.source_language or not taken:
            continue
        part = BuildState(editions={key: record for key, record in state.editions.items()
                                    if record.edition.locale in taken},
                          locales={tag: record for tag, record in state.locales.items() if tag in taken},
                          source_language=state.source_language, slug=state.slug)
        publications[place.slug] = state_to_json(part)
    path = work / SHARDS / f"{shard.name}.json"
    _remove_other_counts(path.parent, shard)
    data = {"shard": shard.name, "locales": list(tags), "publications": publications, "accept-fuzzy": accept_fuzzy,
            "written": time.time()}
    write_bytes(path, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
    return path


def _remove_other_counts(folder: Path, shard: Shard) -> None:
    """Remove the fragments of an earlier shard build of this copy that split the editions
    in another number of shards: they are stale, and a merge would find them beside this
    one. Fragments of other shards of the same count stay (one copy may build several)."""
    for path in folder.glob("*.json"):
        found = re.fullmatch(r"(\d+)-of-(\d+)", path.stem)
        if found and int(found[2]) != shard.count:
            path.unlink(missing_ok=True)


def read_fragments(folder: Path) -> list[Fragment]:
    """The fragments of the shard build in project ``folder``."""
    found = sorted((folder / "build" / SHARDS).glob("*.json"))
    if not found:
        raise EditionsError("no shard fragment: build it with build.py --shard K/N first", f"{folder}/build/{SHARDS}/")
    fragments = []
    for path in found:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            states = {slug: state_from_json(value) for slug, value in data["publications"].items()}
            shard = parse_shard(data["shard"].replace("-of-", "/"))
            written = float(data.get("written") or path.stat().st_mtime)
            fragments.append(Fragment(path, states, folder / "dist", data.get("accept-fuzzy"), shard, written))
        except (ValueError, KeyError, TypeError, AttributeError, EditionsError):
            raise EditionsError("not a shard fragment this version reads", str(path)) from None
    return fragments


def release_set(fragments: list[Fragment]) -> tuple[list[Fragment], list[Fragment]]:
    """The fragments of one shard build to merge, and the stale ones left aside.

    The fragments are grouped by their count N; the set to merge is the group holding the
    most recently written fragment. It must hold every shard 1..N once, or the release would
    lack editions; every fragment of the other groups must be older than all of its own,
    or which build is current cannot be told, and the error names the files. Raises
    ``EditionsError`` naming the missing shards or the conflicting files."""
    groups: dict[int, list[Fragment]] = {}
    for fragment in sorted(fragments, key=lambda f: f.written):
        groups.setdefault(fragment.shard.count, []).append(fragment)
    newest = max(fragments, key=lambda f: f.written).shard.count
    chosen = groups.pop(newest)
    _complete(chosen)
    start = min(fragment.written for fragment in chosen)
    rivals = [fragment for group in groups.values() for fragment in group if fragment.written >= start]
    if rivals:
        raise EditionsError("fragments of two shard builds, neither older than the other: "
                            f"{_names(rivals + chosen)}; remove the stale ones")
    return chosen, [fragment for group in groups.values() for fragment in group]


def _complete(chosen: list[Fragment]) -> None:
    """Every shard of the count once, or an error naming the missing and the repeated ones."""
    count = chosen[0].shard.count
    by_index: dict[int, list[Fragment]] = {}
    for fragment in chosen:
        by_index.setdefault(fragment.shard.index, []).append(fragment)
    twice = [group for group in by_index.values() if len(group) > 1]
    if twice:
        raise EditionsError(f"shard {twice[0][0].shard.name} was given twice: {_names(twice[0])}")
    missing = [Shard(index, count).name for index in range(1, count + 1) if index not in by_index]
    if missing:
        raise EditionsError(f"incomplete release: shard{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                            f"missing (found {_names(chosen)}); merge the folders of all {count} shards")


def _names(fragments: list[Fragment]) -> str:
    return ", ".join(str(fragment.path) for fragment in fragments)


def merged_states(fragments: list[Fragment], places: tuple[PublicationPlace, ...],
                  into: Path) -> dict[PublicationPlace, BuildState]:
    """Copy every fragment's locale folders into ``into`` (the release's dist/); the joined states
    of every publication. A publication or edition that two shards both built is an error."""
    states = {place: BuildState() for place in places}
    by_slug = {place.slug: place for place in places}
    for fragment in fragments:
        for slug, part in fragment.states.items():
            if slug not in by_slug:
                raise EditionsError(f"shard of publication '{slug}', which this project does not have",
                                    str(fragment.path))
            _join(states[by_slug[slug]], part, by_slug[slug], fragment, into)
    return states


def _join(state: BuildState, part: BuildState, place: PublicationPlace, fragment: Fragment, into: Path) -> None:
    """Add a shard's part of one publication to ``state``, copying its locale folders."""
    twice = set(state.editions) & set(part.editions)
    dist = fragment.dist
    if twice:
        raise EditionsError(f"editions {', '.join(sorted(twice))} of '{place.slug or 'the publication'}' "
                            "come from two shards", str(fragment.path))
    state.source_language, state.slug = part.source_language, part.slug
    state.editions.update(part.editions)
    state.locales.update(part.locales)
    for tag in sorted({record.edition.locale for record in part.editions.values()}):
        source = dist / place.prefix / tag if place.prefix else dist / tag
        target = into / place.prefix / tag if place.prefix else into / tag
        if not source.is_dir():
            raise EditionsError(f"the shard's dist/ has no {source.relative_to(dist)}/", str(fragment.path))
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
