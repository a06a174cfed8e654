"""Running pandoc: the one place that starts the pandoc binary.

Pandoc comes from the ``pypandoc-binary`` wheel. Every call runs with
``--sandbox``: pandoc reads no file, whatever a document names (the EPUB
writer gets images as data URLs, and the stylesheet and cover are added to
the finished book). The one file it writes is a DOCX or ODT chapter's
embedded images, into the folder ``read_document`` names.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import tempfile
import threading
from collections import OrderedDict

import pypandoc

from ..errors import EditionsError
from .slowmarkup import MAX_INDENT, deep_indent, slow_brackets

API_VERSION_KEY = "pandoc-api-version"


@functools.lru_cache(maxsize=1)
def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


@functools.lru_cache(maxsize=1)
def pandoc_version() -> str:
    return pypandoc.get_pandoc_version()


@functools.lru_cache(maxsize=1)
def api_version() -> list[int]:
    """The AST version of this pandoc, needed to hand it JSON documents."""
    return json.loads(run_text(["-f", "markdown", "-t", "json"], ""))[API_VERSION_KEY]


def run_text(args: list[str], stdin: str, *, cwd: str | None = None,
             env: dict[str, str] | None = None, what: str = "pandoc", warnings: list[str] | None = None) -> str:
    """Run pandoc sandboxed with ``args`` on ``stdin`` and return its standard output;
    its warnings (``[WARNING] …``, one string each) are added to ``warnings`` when given."""
    return run_bytes(args, stdin.encode("utf-8"), cwd=cwd, env=env, what=what, warnings=warnings)


# pandoc's Markdown reader takes exponential time on some short texts (``slowmarkup``; and
# thirty lines like ``[a.__b__]``, pandoc issue #11687, which nothing finds beforehand). So
# every run has a time bound, far above what real documents need (a hundred-page chapter
# reads in about a second, a translation in milliseconds): SECONDS_BASE plus SECONDS_PER_MB
# per megabyte of input.
SECONDS_BASE, SECONDS_PER_MB = 10.0, 60.0


def run_bytes(args: list[str], stdin: bytes, *, cwd: str | None = None,
              env: dict[str, str] | None = None, what: str = "pandoc", warnings: list[str] | None = None) -> str:
    """``run_text`` for input that is no text (a DOCX or ODT file's bytes). A run past its
    time bound is ended and is a ``TooSlow`` error naming ``what`` (``too_slow``)."""
    command = [pandoc_path(), *args, "--sandbox"]
    full_env = {**os.environ, **(env or {})}
    bound = SECONDS_BASE + SECONDS_PER_MB * len(stdin) / 1_000_000
    try:
        completed = subprocess.run(command, input=stdin, capture_output=True,
                                   cwd=cwd, env=full_env, check=False, timeout=bound)
    except subprocess.TimeoutExpired:
        raise too_slow(stdin if "markdown" in _reader(args) else None, bound, what) from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EditionsError(f"pandoc failed: {message[-1] if message else 'no message'}", what)
    if warnings is not None:
        warnings += pandoc_warnings(completed.stderr.decode("utf-8", "replace"))
    return completed.stdout.decode("utf-8")


class TooSlow(EditionsError):
    """pandoc gave no result within its time bound (``run_bytes``)."""


def _reader(args: list[str]) -> str:
    """The reader a pandoc command line names (``-f markdown+…``), or ""."""
    return args[args.index("-f") + 1] if "-f" in args[:-1] else ""


def too_slow(markdown: bytes | None, bound: float, what: str) -> TooSlow:
    """The error for a run ended at its time bound: for Markdown input, at the line where
    brackets make the text slow (``slow_brackets``) when they are the known cause; else
    naming ``what`` alone."""
    brackets = slow_brackets(markdown.decode("utf-8", "replace")) if markdown is not None else None
    if brackets is not None:
        why, line = brackets
        return TooSlow(f"pandoc gave no reading in {bound:.1f} s: {why} here, which pandoc reads in "
                       "exponential time; escape them (\\[) or nest fewer", what, line)
    return TooSlow(f"pandoc gave no reading in {bound:.1f} s: the text holds markup pandoc reads very "
                   "slowly (brackets or emphasis nested deep, many bracketed lines); simplify it", what)


def pandoc_warnings(stderr: str) -> list[str]:
    """pandoc's warnings, each one string: a ``[WARNING]`` line with the lines indented under it."""
    found: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("[WARNING] "):
            found.append(line.removeprefix("[WARNING] ").strip())
        elif found and line.startswith(" "):
            found[-1] += " " + line.strip()
    return found


# How pandoc's JSON spells a soft line break, and a space: always so, and never inside a string,
# where every quote is escaped.
SOFT_BREAK_JSON, SPACE_JSON = '{"t":"SoftBreak"}', '{"t":"Space"}'


def read_markdown(text: str, *, what: str, extensions: str = "", warnings: list[str] | None = None,
                  soft_breaks: bool = True) -> dict:
    """Parse pandoc Markdown into the JSON AST (pandoc's warnings into ``warnings``);
    ``soft_breaks`` False: each soft line break is read as a space, as
    ``ast.unwrap_soft_breaks`` would make it, for the price of one replacement in the text.
    A text with a line indented past ``MAX_INDENT`` (``deep_indent``) is an ``EditionsError``
    naming ``what`` and that line, before pandoc starts."""
    deep = deep_indent(text)
    if deep is not None:
        raise EditionsError(f"this line is indented more than {MAX_INDENT} columns: lists or quotes nested so deep "
                            "are not read (pandoc's reading slows with the cube of their depth); "
                            "flatten the structure", what, deep)
    output, said = _READINGS.read(extensions, text, what)
    if warnings is not None:
        warnings += said
    return _ast(output if soft_breaks else output.replace(SOFT_BREAK_JSON, SPACE_JSON), what)


class _Readings:
    """pandoc's Markdown readings made in this process: ``read`` gives a text's JSON AST
    and warnings, starting pandoc only for a text not read before with the same extensions.

    Under ``--sandbox`` a reading depends on the text and the reader alone, so a text read
    again (a test worker's hundredth copy of one chapter; a chapter read by a build and
    again by the export that follows it in one process) costs no process. The newest
    readings are kept, up to ``budget`` characters of text and JSON together; a reading
    larger than the budget is not kept. Callers get the JSON as text, so no one can
    change a kept reading. A text pandoc could not read within its time bound is kept as
    such: reading it again raises ``TooSlow`` at once (hostile texts are few, and each cost
    a bound once)."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self.kept: OrderedDict[tuple[str, str], tuple[str, tuple[str, ...]]] = OrderedDict()
        self.too_slow: dict[tuple[str, str], str] = {}   # texts pandoc read past its bound: the message
        self.lock = threading.Lock()

    def read(self, extensions: str, text: str, what: str) -> tuple[str, tuple[str, ...]]:
        key = (extensions, text)
        with self.lock:
            if key in self.too_slow:
                raise TooSlow(self.too_slow[key], what)
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        warnings: list[str] = []
        try:
            output = run_text(["-f", "markdown" + extensions, "-t", "json"], text, what=what, warnings=warnings)
        except TooSlow as error:
            with self.lock:
                self.too_slow[key] = error.message
            raise
        reading = (output, tuple(warnings))
        self._keep(key, reading)
        return reading

    def _keep(self, key: tuple[str, str], reading: tuple[str, tuple[str, ...]]) -> None:
        size = len(key[1]) + len(reading[0])
        if size > self.budget:
            return
        with self.lock:
            if key not in self.kept:
                self.kept[key] = reading
                self.size += size
            while self.size > self.budget:
                old_key, old = self.kept.popitem(last=False)
                self.size -= len(old_key[1]) + len(old[0])


_READINGS = _Readings(budget=16_000_000)   # characters: some tens of MB at most


def _ast(output: str, what: str) -> dict:
    """pandoc's JSON output read; a document nested past Python's recursion limit is
    an ``EditionsError`` naming ``what``."""
    try:
        return json.loads(output)
    except RecursionError:
        raise EditionsError("elements nested too deep to read (block quotes, lists, emphasis): "
                            "flatten the structure", what) from None


def read_document(data: bytes, reader: str, *, what: str, media: str | None = None,
                  warnings: list[str] | None = None) -> dict:
    """Parse a document in pandoc's ``reader`` format (``rst``, ``docx``, ``odt``, ``html``)
    into the JSON AST, read standalone so that the document's title is its metadata (a
    reST document's lone top section title, DOCX/ODT core properties, HTML ``<title>``).
    ``media``: a folder pandoc extracts the document's embedded images into (the
    images then name files there). ``warnings``: as ``run_text``."""
    args = ["-f", reader, "-t", "json", "--standalone"]
    if media:
        args.append(f"--extract-media={media}")
    return _ast(run_bytes(args, data, what=what, warnings=warnings), what)


def document(blocks: list, meta: dict | None = None) -> dict:
    """A JSON AST document around ``blocks``."""
    return {API_VERSION_KEY: api_version(), "meta": meta or {}, "blocks": blocks}


def write(doc: dict, to: str, args: list[str] | None = None, **kwargs) -> str:
    """Write a JSON AST document in format ``to`` and return the text."""
    return run_text(["-f", "json", "-t", to, *(args or [])], json.dumps(doc), **kwargs)


@contextlib.contextmanager
def template_file(text: str):
    """A pandoc template given as text, in a temporary file for the call."""
    with tempfile.NamedTemporaryFile("w", suffix=".tpl", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        yield handle.name
    finally:
        os.unlink(handle.name)
