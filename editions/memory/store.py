"""The memory index: every memory file's entries in SQLite, read once.

A file is indexed under the digest of its bytes (and the languages asked
of it), so a second build with the same memories reads nothing but the
index: exact lookup is a keyed read, and fuzzy lookup reads the posting
lists of the query's rarest tokens to pick a few candidates to score. The
index lives in ``.editions-cache/memories.sqlite`` beside the build.

Several processes may index at once (two builds, a build and ``status``): a
connection waits for another's write (``BUSY_SECONDS``), and a file is
indexed in one write transaction that first looks again whether another
process has just indexed it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..errors import EditionsError, Issue
from . import memory_files, project_path, read_memory_file, unreadable
from .entry import Entry
from .markup import match_key, read_messages
from .settings import memory_markups
from .tokens import grams, tokens

INDEX_FILE = ".editions-cache/memories.sqlite"
INDEX_VERSION = "6"
SEP = "\x1f"
POSTINGS_BUDGET = 4000    # posting ids read per query, beyond the rarest MIN_TOKENS tokens
MIN_TOKENS = 3
BUSY_SECONDS = 120        # how long a connection waits for another process's write
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, digest TEXT UNIQUE, complete INTEGER);
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, file INTEGER, key TEXT, source TEXT,
    target TEXT, origin TEXT, state TEXT, context TEXT, prev TEXT, next TEXT, provenance TEXT,
    tokens TEXT);
CREATE INDEX IF NOT EXISTS entries_key ON entries(key, file);
CREATE TABLE IF NOT EXISTS notices (file INTEGER, origin TEXT, message TEXT);
CREATE TABLE IF NOT EXISTS postings (file INTEGER, token TEXT, df INTEGER, ids BLOB,
    PRIMARY KEY (file, token)) WITHOUT ROWID;
"""


class MemoryIndex:
    """A locale's memory entries, keyed for exact lookup, with token postings for fuzzy."""

    def __init__(self, connection: sqlite3.Connection, files: list[int]):
        self.db = connection
        self.files = files
        self._in = ",".join("?" * len(files)) or "NULL"

    @classmethod
    def from_entries(cls, entries, path: str = ":memory:") -> "MemoryIndex":
        db = _connect(path)
        return cls(db, [_store(db, "entries", list(entries))])

    def __len__(self) -> int:
        return self.db.execute(f"SELECT count(*) FROM entries WHERE file IN ({self._in})", self.files).fetchone()[0]

    def exact_matches(self, text: str) -> list[int]:
        rows = self.db.execute(f"SELECT id FROM entries WHERE key = ? AND file IN ({self._in}) ORDER BY id",
                               [match_key(text), *self.files])
        return [row[0] for row in rows]

    def entry(self, entry_id: int) -> Entry:
        row = self.db.execute("SELECT source, target, origin, state, context, prev, next, provenance "
                              "FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return Entry(row[0], row[1], row[2], row[3], row[4], (row[5], row[6]),
                     tuple(tuple(p) for p in json.loads(row[7])))

    def source(self, entry_id: int) -> str:
        return self.db.execute("SELECT source FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]

    def candidates(self, query: list[str], rarest: int, keep: int) -> list[tuple[int, list[str]]]:
        """(id, tokens) of the entries sharing most of the query's rarest tokens."""
        unique = list(grams(query))
        if not unique or not self.files:
            return []
        marks = ",".join("?" * len(unique))
        frequency = self.db.execute(
            f"SELECT token, sum(df) FROM postings WHERE file IN ({self._in}) AND token IN ({marks}) "
            "GROUP BY token", [*self.files, *unique]).fetchall()
        chosen, budget = [], POSTINGS_BUDGET
        for token, df in sorted(frequency, key=lambda row: row[1])[:rarest]:
            if len(chosen) >= MIN_TOKENS and df > budget:
                break      # the rarest few already single out the entries worth scoring
            chosen.append(token)
            budget -= df
        hits: Counter = Counter()
        for token in chosen:
            for (blob,) in self.db.execute(f"SELECT ids FROM postings WHERE file IN ({self._in}) AND token = ?",
                                           [*self.files, token]):
                hits.update(array("I", blob))
        best = [entry_id for entry_id, _count in hits.most_common(keep)]
        if not best:
            return []
        rows = self.db.execute(f"SELECT id, tokens FROM entries WHERE id IN ({','.join('?' * len(best))})", best)
        return [(entry_id, joined.split(SEP)) for entry_id, joined in rows]


def open_index(root: Path, folder: Path, target_tag: str, source_tag: str,
               path: Path | None = None) -> tuple[MemoryIndex, list[Issue]]:
    """The index over a locale's memory files, indexing any file not seen before;
    the issues are unreadable files and what a file's messages say that the index
    cannot compare (``memory-markup-unmatched``, info)."""
    db = _connect(str(path or (root / INDEX_FILE)))
    files, issues = [], []
    try:
        markups = memory_markups(folder)
    except EditionsError as error:
        return MemoryIndex(db, []), [Issue("memory-unreadable", "error", error.message, error.place, target_tag)]
    for memory_file in memory_files(folder):
        where = project_path(memory_file, root)
        try:
            found = _indexed(db, memory_file, where, source_tag, target_tag, markups.get(memory_file.name, ""))
        except EditionsError as error:
            issues.append(unreadable(error, where, target_tag))
            continue
        files.append(found)
        issues += [Issue("memory-markup-unmatched", "info", message, origin, target_tag)
                   for origin, message in db.execute("SELECT origin, message FROM notices WHERE file = ?",
                                                     (found,))]
    return MemoryIndex(db, files), issues


def _indexed(db: sqlite3.Connection, path: Path, where: str, source_tag: str, target_tag: str,
             markup: str) -> int:
    """The index's id of memory file ``path``, indexing it when it is new; raises
    ``EditionsError`` (naming ``where``) for a file that cannot be read."""
    try:
        digest = _digest(path, where, source_tag, target_tag, markup)
    except OSError:
        read_memory_file(path, source_tag, target_tag, where)      # says why: a link to nothing…
        raise EditionsError("cannot read the file", where) from None
    found = db.execute("SELECT id FROM files WHERE digest = ? AND complete = 1", (digest,)).fetchone()
    if found:
        return found[0]
    entries = read_memory_file(path, source_tag, target_tag, where)
    return _store(db, digest, [replace(e, markup=markup) if markup else e for e in entries])


def _digest(path: Path, where: str, source_tag: str, target_tag: str, markup: str) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"\0{where}\0{source_tag}\0{target_tag}\0{markup}\0{INDEX_VERSION}".encode())
    return digest.hexdigest()


def _connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_SECONDS)
    db.executescript(SCHEMA)
    return db


def _store(db: sqlite3.Connection, digest: str, entries: list[Entry]) -> int:
    """Index one file's entries in one transaction; an interrupted build leaves nothing half-done.
    When another process indexed the same file meanwhile, its index is used."""
    pairs, notices = unit_texts(entries)
    with db:
        db.execute("BEGIN IMMEDIATE")      # the write lock now: no other process indexes until COMMIT
        done = db.execute("SELECT id FROM files WHERE digest = ? AND complete = 1", (digest,)).fetchone()
        if done:
            return done[0]
        db.execute("DELETE FROM files WHERE digest = ? AND complete = 0", (digest,))
        file_id = db.execute("INSERT INTO files (digest, complete) VALUES (?, 0)", (digest,)).lastrowid
        postings: dict[str, array] = {}
        rows = []
        first = (db.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]) + 1
        for entry_id, (entry, source, target) in enumerate(pairs, first):
            words = tokens(source)
            rows.append((entry_id, file_id, match_key(source), source, target, entry.origin, entry.state,
                         entry.context, entry.neighbours[0], entry.neighbours[1], json.dumps(entry.provenance),
                         SEP.join(words)))
            for token in grams(words):
                postings.setdefault(token, array("I")).append(entry_id)
        db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO postings VALUES (?,?,?,?)",
                       ((file_id, token, len(ids), ids.tobytes()) for token, ids in postings.items()))
        db.executemany("INSERT INTO notices VALUES (?,?,?)", ((file_id, *n) for n in notices))
        db.execute("UPDATE files SET complete = 1 WHERE id = ?", (file_id,))
    return file_id


def unit_texts(entries: list[Entry]) -> tuple[list[tuple[Entry, str, str]], list[tuple[str, str]]]:
    """(entry, source, target) as unit texts, each message read in its entry's markup,
    plus (origin, message) of what cannot be compared. A message with roles gives a
    second pair, both sides rendered; a translation that is not one block's inline
    content is kept as written, for QA to refuse with its reason; a source that is
    not is reported, never silently left out."""
    readings: dict[int, tuple] = {}
    for markup in dict.fromkeys(e.markup for e in entries):
        chosen = [i for i, e in enumerate(entries) if e.markup == markup]
        texts = [entries[i].source for i in chosen] + [entries[i].target for i in chosen]
        read = read_messages(texts, markup, "memory")
        for position, index in enumerate(chosen):
            readings[index] = (read[position], read[len(chosen) + position])
    pairs, notices = [], []
    for index, entry in enumerate(entries):
        source, target = readings[index]
        notices += [(entry.origin, f"{entry.markup} message: {what} has no counterpart in a unit text; kept as written")
                     for what in dict.fromkeys(source.unmatched)]
        if source.text is None:
            why = f"{entry.markup} message is not the inline content of one block; not used for matching"
            notices.append((entry.origin, why))
            continue
        translation = target.text if target.text is not None else entry.target
        pairs.append((entry, source.text, translation))
        if source.rendered is not None:
            pairs.append((entry, source.rendered, target.rendered or translation))
        translated = dict(target.linked)     # the translation linked by the same choice
        pairs += [(entry, linked, translated.get(choice) or target.rendered or translation)
                  for choice, linked in source.linked]
    return pairs, notices


def canonical_sources(texts: list[str], markup: str = "markdown") -> list[str | None]:
    """Sources as unit texts (None for one that is not one block's inline content)."""
    return [reading.text for reading in read_messages(texts, markup, "memory")]
