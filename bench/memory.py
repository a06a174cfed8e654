#!/usr/bin/env python3
"""Benchmark: the memory index at 10k, 100k and 1M units against a reference matcher.

Memories are generated reproducibly (seeded) from a synthetic vocabulary; the
300 queries are 200 edited copies of memory entries (one to three words
changed) and 100 new sentences. For each size it prints the index build
time, exact lookups per second, fuzzy lookup median and 95th percentile, and
the same queries through Translate Toolkit's matcher (up to 100k units: it
scans the whole memory per query), with the speed ratio and the top-match
recall: among queries for which a brute-force scan finds a match of 75 or
more, the share whose top match scores as well.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from editions.memory.entry import Entry  # noqa: E402
from editions.memory.lookup import fuzzy_candidates, similarity  # noqa: E402
from editions.memory.store import MemoryIndex  # noqa: E402
from editions.memory.tokens import tokens  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
REFERENCE_UP_TO = 100_000
QUERIES = 300


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "to", "ri", "ne", "mo", "sa", "lu", "de", "vi", "po", "gra", "sen", "tal", "mir", "os"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    count = rng.randint(6, 24)
    chosen = [words[min(int(rng.paretovariate(0.9)) - 1, len(words) - 1)] if rng.random() < 0.5
              else rng.choice(words) for _ in range(count)]
    return " ".join(chosen).capitalize() + "."


def edited(rng: random.Random, text: str, words: list[str]) -> str:
    parts = text.rstrip(".").split()
    for _ in range(rng.randint(1, 3)):
        where = rng.randrange(len(parts))
        action = rng.choice(("replace", "insert", "delete"))
        if action == "replace":
            parts[where] = rng.choice(words)
        elif action == "insert":
            parts.insert(where, rng.choice(words))
        elif len(parts) > 3:
            del parts[where]
    return " ".join(parts) + "."


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def top_match_recall(found: list[int], best: list[int]) -> float:
    """Share of the queries with a usable match (75 or more by brute force) whose
    top match scores as well as the best the brute-force scan finds."""
    usable = [(f, b) for f, b in zip(found, best) if b >= 75]
    return sum(f >= b for f, b in usable) / len(usable) if usable else 1.0


def encoded(text: str, alphabet: dict) -> str:
    """Tokens as single characters, so rapidfuzz scans whole memories in C++ with our scorer."""
    return "".join(alphabet.setdefault(t, chr(0xF0000 + len(alphabet))) for t in tokens(text))


def run(size: int, scratch: Path) -> None:
    rng = random.Random(size)
    words = vocabulary(rng)
    sources = [sentence(rng, words) for _ in range(size)]
    entries = [Entry(s, f"T{n}", f"bench:{n}") for n, s in enumerate(sources)]
    queries = [edited(rng, rng.choice(sources), words) for _ in range(200)] + \
              [sentence(rng, words) for _ in range(QUERIES - 200)]
    index, build_seconds = timed(lambda: MemoryIndex.from_entries(entries, str(scratch / f"{size}.sqlite")))
    exact_queries = [rng.choice(sources) for _ in range(QUERIES)]
    _, exact_seconds = timed(lambda: [index.exact_matches(q) for q in exact_queries])
    ours, times = [], []
    for query in queries:
        found, seconds = timed(lambda: fuzzy_candidates(index, query, limit=1))
        ours.append(found[0][0] if found else 0)
        times.append(seconds * 1000)
    alphabet: dict = {}
    choices = [encoded(s, alphabet) for s in sources]
    best = [int(round(process.extractOne(encoded(q, alphabet), choices, scorer=fuzz.ratio)[1])) for q in queries]
    recall = top_match_recall(ours, best)
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"{size:>9,} units: index {build_seconds:6.1f} s | exact {len(exact_queries) / exact_seconds:9,.0f}/s "
          f"| fuzzy median {statistics.median(times):6.2f} ms, p95 {p95:6.2f} ms | top-match recall {recall:.1%}")
    if size <= REFERENCE_UP_TO:
        reference(sources, queries, best, statistics.median(times))


def reference(sources: list[str], queries: list[str], best: list[int], our_median: float) -> None:
    from translate.search import match
    from translate.storage import po
    store = po.pofile()
    for number, source in enumerate(sources):
        store.addsourceunit(source).target = f"T{number}"
    matcher = match.matcher(store, max_candidates=1, min_similarity=50, max_length=1000)
    found, times = [], []
    for query in queries:
        units, seconds = timed(lambda: matcher.matches(query))
        times.append(seconds * 1000)
        found.append(similarity(tokens(query), tokens(str(units[0].source))) if units else 0)
    recall = top_match_recall(found, best)
    median = statistics.median(times)
    print(f"{'':>9}  Translate Toolkit matcher: median {median:8.2f} ms ({1000 / median:6.1f} queries/s), "
          f"top-match recall {recall:.1%}; ours is {median / our_median:,.0f}x faster")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    print(f"memory index: {QUERIES} queries per size (200 edited entries, 100 new sentences)")
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            run(size, Path(scratch))


if __name__ == "__main__":
    main()
