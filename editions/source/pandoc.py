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
import re
import subprocess
import tempfile
import threading
from collections import OrderedDict

import pypandoc

from ..errors import EditionsError

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


# pandoc's Markdown reader takes exponential time on some short inputs: brackets nested ten
# deep took it 5 s here, eleven 15 s (pandoc issue #1735, open since 2014; also #9635, an
# unclosed fenced div). So every run has a time bound, far above what real documents need (a
# hundred-page chapter reads in about a second): SECONDS_BASE plus SECONDS_PER_MB per megabyte
# of input.
SECONDS_BASE, SECONDS_PER_MB = 30.0, 30.0


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
        raise too_slow(stdin, bound, what) from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EditionsError(f"pandoc failed: {message[-1] if message else 'no message'}", what)
    if warnings is not None:
        warnings += pandoc_warnings(completed.stderr.decode("utf-8", "replace"))
    return completed.stdout.decode("utf-8")


class TooSlow(EditionsError):
    """pandoc gave no result within its time bound (``run_bytes``)."""


def too_slow(stdin: bytes, bound: float, what: str) -> TooSlow:
    """The error for a run ended at its time bound: at the line where brackets nest deepest
    when they nest ``MAX_BRACKETS`` deep or more, the known cause; else naming ``what`` alone."""
    depth, line = deepest_brackets(stdin.decode("utf-8", "replace"))
    if depth >= MAX_BRACKETS:
        return TooSlow(f"pandoc gave no reading in {bound:.1f} s: brackets nest {depth} deep here, "
                             "which pandoc reads in exponential time; escape them (\\[) or nest fewer", what, line)
    return TooSlow(f"pandoc gave no reading in {bound:.1f} s: the text holds markup pandoc reads very "
                         "slowly (an unclosed ::: div, brackets or emphasis nested deep); simplify it", what)


# Brackets nested this deep take pandoc's Markdown reader a tenth of a second or more, each
# level about three times the one before; no real sentence nests so many.
MAX_BRACKETS = 6


# What pandoc's reader takes whole before it looks at a bracket inside: a code span (its
# closing run of backticks as long as the opening one) and TeX math between dollars.
_CODE_OR_MATH = re.compile(r"(`+)[\s\S]*?[^`]\1(?!`)|\$\$[\s\S]+?\$\$|\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)")


def deepest_brackets(text: str) -> tuple[int, int]:
    """(depth, line number from 1) of the deepest nesting of unescaped square brackets in
    ``text`` outside code spans and math, counted as pandoc's reader looks for their ends
    (an unclosed ``[`` counts); (0, 0) for a text without one."""
    if "[" not in text:
        return 0, 0
    text = _CODE_OR_MATH.sub(lambda found: "\n" * found.group(0).count("\n"), text)
    depth = deepest = line = deepest_line = 0
    escaped = False
    for char in text:
        if char == "\n":
            line += 1
            escaped = False
        elif escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif char == "]":
            depth = max(depth - 1, 0)
    return deepest, deepest_line + 1


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
        raise EditionsError(f"this line is indented more than {MAX_INDENT} columns: lists nested so deep "
                            "are not read (pandoc's reading slows with the cube of their depth); "
                            "flatten the structure", what, deep)
    output, said = _READINGS.read(extensions, text, what)
    if warnings is not None:
        warnings += said
    return _ast(output if soft_breaks else output.replace(SOFT_BREAK_JSON, SPACE_JSON), what)


# Lists nest by indentation (at least two columns a level), and pandoc's Markdown reader
# slows with about the cube of their depth: measured, 300 levels 0.9 s, 600 levels 6 s,
# 2,000 levels 281 s. A chapter may nest 64 elements (formats.MAX_NESTING), so no text a
# build keeps needs a line indented this far outside fenced code.
MAX_INDENT = 256
_INDENTED = re.compile(r"^[ \t]{%d,}" % (MAX_INDENT // 4), re.MULTILINE)   # a tab counts 4 columns
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")


def deep_indent(text: str) -> int | None:
    """The number (from 1) of the first line of ``text`` indented more than ``MAX_INDENT``
    columns (a tab to the next multiple of 4, as pandoc counts) outside a fenced code block,
    or None."""
    if not _INDENTED.search(text):
        return None
    fence = ""
    for number, line in enumerate(text.splitlines(), 1):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) \
                    and not line[marker.end():].strip():
                fence = ""
        elif marker:
            fence = marker.group(1)
        elif len(line[:len(line) - len(line.lstrip(" \t"))].expandtabs(4)) > MAX_INDENT:
            return number
    return None


class _Readings:
    """pandoc's Markdown readings made in this process: ``read`` gives a text's JSON AST
    and warnings, starting pandoc only for a text not read before with the same extensions.

    Under ``--sandbox`` a reading depends on the text and the reader alone, so a text read
    again (a test worker's hundredth copy of one chapter; a chapter read by a build and
    again by the export that follows it in one process) costs no process. The newest
    readings are kept, up to ``budget`` characters of text and JSON together; a reading
    larger than the budget is not kept. Callers get the JSON as text, so no one can
    change a kept reading."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self.kept: OrderedDict[tuple[str, str], tuple[str, tuple[str, ...]]] = OrderedDict()
        self.lock = threading.Lock()

    def read(self, extensions: str, text: str, what: str) -> tuple[str, tuple[str, ...]]:
        key = (extensions, text)
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        warnings: list[str] = []
        output = run_text(["-f", "markdown" + extensions, "-t", "json"], text, what=what, warnings=warnings)
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
