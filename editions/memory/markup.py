"""Memory messages read in their own markup, written as unit texts.

A memory stores what its tool extracted, in the markup of the documents it
came from: pandoc Markdown for our own exports and for TMX/XLIFF codes mapped
to Markdown (``markdown``, the default), CommonMark for mdbook's catalogs
(``commonmark``, hard breaks as two trailing spaces), reStructuredText for
Sphinx's (``rst``: ``:class:`int```, ``[#]_``, ````literal````,
``Some examples::``), MyST for Sphinx's Markdown (``myst``: ``{doc}`text <x>```).
Each message is read by pandoc's reader of its markup as the inline content of
one block (so ``1. Parse``, a numbered heading's text, is text, not a list),
then written by the unit writer (``unittext.write_units``): memory and units
are compared, and translations stored, in one spelling.

What a message cannot say without the rest of its document (a reST
substitution ``|name|``, a reference ``name`_`` to a target defined
elsewhere) is kept as written and named in ``Reading.unmatched``, for the
index to report. Roles also get a ``rendered`` text, what a reader of the
built documentation sees (see ``roles``), matched when the unit's text is that,
and ``linked`` texts where ``:doc:`` and ``:ref:`` link as a publication of reST
chapters links them (``source.publication``): ``#chapter-NAME`` for a document
``NAME`` (the anchor of a titled chapter), ``#label`` for a label. Which of them a
publication links (those naming its chapters and labels) a memory cannot know:
each choice is a reading, every subset of a message's cross-references up to
``MAX_CROSS_REFERENCES`` of them, all of them beyond.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..source import pandoc, roles
from ..source.formats import READERS as CHAPTER_READERS
from ..source.publication import chapter_anchor
from ..source.unittext import (
    LIST_MARKER,
    NOTE_LABEL,
    from_markdown,
    loose_key,
    markdown_of,
    split_at,
    write,
    write_units,
)

SENTINEL = "EDITIONSINLINE5b1e"
SEPARATOR = "EDITIONSMESSAGE5b1e"
# Pandoc readers per markup; pandoc Markdown goes through the unit reader itself.
READERS = {"markdown": "", "commonmark": "commonmark+footnotes+strikeout+pipe_tables+task_lists",
           "myst": "commonmark+footnotes+strikeout+pipe_tables+attributes", "rst": "rst"}
MARKUPS = tuple(READERS)
PLAIN = re.compile(r"^[^*_`\[\]<>#&~^$|!\\{}\n\r\t]*$")
# Text that a reader turns into something else than its characters.
NOT_PLAIN = {"markdown": re.compile(r"['\"@]|--|\.\.\."), "commonmark": None, "myst": None,
             "rst": re.compile(r"::|@|://")}
# Plain text the unit writer leaves as it is: none of the characters it escapes anywhere
# ('"@, runs of - and .), none of those it escapes at the start of a line.
WRITTEN_AS_IS = re.compile(r"^(?![%+\-:=])(?!.*(?:['\"@]|--|\.\.\.)).*$", re.DOTALL)
ATX_HEADING = re.compile(r"^#{1,6}[ \t]+")
MD_NOTE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
RST_NOTE = re.compile(r"\[(#[\w.-]*|\d+|\*)\]_")
RST_CITATION = re.compile(r"\[([A-Za-z][\w.-]*)\]_")
RST_SUBSTITUTION = re.compile(r"(?<![\w|\\])\|([^|\s](?:[^|\n]*[^|\s])?)\|(_{0,2})(?![\w|])")
MYST_ROLE = re.compile(r"\{([A-Za-z][\w:+.-]*)\}$")
TYPOGRAPHY_ESCAPE = re.compile(r"\\([-.'\"])")
MAX_CROSS_REFERENCES = 4      # a message has 2**n - 1 linked readings
SMART = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


@dataclass(frozen=True)
class Reading:
    """A message as a unit text: ``text`` None when it is not the inline content of one block."""

    text: str | None
    rendered: str | None = None               # its roles as rendered, when that differs
    # rendered, with a choice of (role, target) cross-references as links: (choice, text)
    linked: tuple[tuple[frozenset, str], ...] = ()
    unmatched: tuple[str, ...] = ()           # constructs with no counterpart, as written


def read_messages(texts: list[str], markup: str, where: str) -> list[Reading]:
    """Each message as a unit text; one pandoc call for all that need one.
    Raises ``ValueError`` for a markup not in ``MARKUPS``."""
    if markup not in READERS:
        raise ValueError(f"unknown markup {markup!r}: one of {', '.join(MARKUPS)}")
    readings: list[Reading | None] = [None] * len(texts)
    parse = []
    for index, text in enumerate(texts):
        plain = plain_text(text, markup)
        if plain is not None:
            readings[index] = Reading(plain)
        else:
            parse.append(index)
    prepared = [_prepare(texts[i], markup, i) for i in parse]
    parsed = _parse([p[0] for p in prepared], [p[1] for p in prepared], markup, where)
    written = _written_all([texts[i] for i in parse], parsed, [p[2] for p in prepared])
    for index, reading in zip(parse, written):
        readings[index] = reading
    return readings


def match_key(text: str) -> str:
    """The key under which unit texts and memory sources match exactly: ``loose_key``
    (NFC, whitespace, typographic quotes plain), with what only a smart reader
    changes folded as pandoc's ``smart`` extension reads it: ``\\'`` is ``'``, and
    ``--``, ``---``, ``...`` (escaped or not) are the en dash, em dash and ellipsis.
    So ``don't`` in a CommonMark or reST catalog matches a unit ``don\\'t`` or ``don’t``."""
    key = TYPOGRAPHY_ESCAPE.sub(r"\1", loose_key(text))
    for typed, typographic in SMART:
        key = key.replace(typed, typographic)
    return key


def plain_text(text: str, markup: str) -> str | None:
    """The unit text of a message without markup, written without pandoc (a large
    memory is mostly such text); None when the text holds anything a reader might
    take for markup. It has the ``match_key`` of what pandoc's reading gives (an
    abbreviation such as ``e.g.``, which pandoc's smart reading binds to the next
    word with a no-break space, is the one spelling that differs)."""
    if not PLAIN.match(text) or text != text.strip():
        return None
    special = NOT_PLAIN[markup]
    if special is not None and special.search(text):
        return None
    text = re.sub(" {2,}", " ", text)
    if WRITTEN_AS_IS.match(text) and not LIST_MARKER.match(text.split(" ", 1)[0]):
        return text        # nothing the unit writer escapes: its spelling is the text itself
    return markdown_of(write(text))


def _written(raw: str, inlines: list | None, unmatched: tuple[str, ...]) -> Reading:
    """One message's reading from its parsed ``inlines`` (None: not one block's inline content)."""
    return _written_all([raw], [inlines], [unmatched])[0]


def _written_all(raws: list[str], parsed: list[list | None], unmatched: list[tuple[str, ...]]) -> list[Reading]:
    """Each message's reading from its parsed inlines: the unit texts of every message's
    spellings (as written, roles rendered, each choice of links) written in one
    ``write_units`` call, so a memory costs a few pandoc calls, not a few per message."""
    plans = [_spellings(inlines) if inlines is not None else None for inlines in parsed]
    values = [value for plan in plans if plan is not None for value in plan[1]]
    written = iter(text if ok else None for text, ok in write_units(values))
    readings = []
    for raw, inlines, plan, missing in zip(raws, parsed, plans, unmatched):
        if plan is None:
            readings.append(Reading(None, None, missing))
            continue
        choices, spelled = plan
        text, rendered, *linked = [next(written) for _value in spelled]
        missing += tuple(f"reference [{_words(link['c'][1])}] without its target" for link in _links(inlines)
                         if not link["c"][2][0] or link["c"][2][0].startswith("##"))
        readings.append(Reading(raw if text is None else text, rendered if spelled[1] != inlines else None,
                                tuple((choice, one) for choice, one in zip(choices, linked) if one is not None),
                                missing))
    return readings


def _spellings(inlines: list) -> tuple[list[frozenset], list[list]]:
    """(the message's choices of links, the values to write: the message as parsed, with its
    roles rendered, then rendered with each choice of links)."""
    plain = roles.merged(_unlinked(inlines))
    choices = link_choices(plain)
    return choices, [inlines, roles.rendered(plain), *(roles.rendered(plain, _linking(c)) for c in choices)]


def link_choices(inlines: list) -> list[frozenset]:
    """The choices of cross-references, (role, target), that a publication may link, each
    non-empty subset while there are at most ``MAX_CROSS_REFERENCES``, else all of them."""
    named: list[tuple[str, str]] = []
    roles.rendered(inlines, lambda role, target: named.append((role, target)))
    named = list(dict.fromkeys(named))
    if len(named) > MAX_CROSS_REFERENCES:
        return [frozenset(named)]
    return [frozenset(chosen) for size in range(1, len(named) + 1) for chosen in itertools.combinations(named, size)]


def _linking(choice: frozenset):
    return lambda role, target: guessed_link(role, target) if (role, target) in choice else None


def guessed_link(role: str, target: str) -> str:
    """Where a publication of reST chapters links a ``doc`` or ``ref`` role (see
    ``publication._render_roles``): a document's titled chapter, a label's id."""
    if role == "ref":
        return "#" + target
    name = PurePosixPath(target).name
    suffix = PurePosixPath(name).suffix
    return "#" + chapter_anchor(name[:-len(suffix)] if suffix.lower() in CHAPTER_READERS else name)


# Preparing a message for its reader ---------------------------------------------

def _prepare(text: str, markup: str, key: int) -> tuple[str, list[str], tuple[str, ...]]:
    """(text for the reader, definitions it needs, constructs with no counterpart);
    ``key`` makes the message's note labels its own among those read in one call."""
    text = text.strip()
    if markup == "rst":
        return _prepare_rst(text, key)
    heading = ATX_HEADING.match(text)
    if heading and "\n" not in text:
        # No paragraph starts with "# ": such a message (older mdbook-i18n-helpers kept the
        # marks) is a heading, and the unit is its text.
        text = re.sub(r"[ \t]+#+$", "", text[heading.end():])
    if markup == "myst":
        text = myst_roles(text)
    if markup == "markdown":
        return text, [], ()
    text, definitions = _number_notes(text, key, MD_NOTE, lambda label, n: f"[^{label}]: {NOTE_LABEL}{n}",
                                      lambda label: f"[^{label}]")
    return text, definitions, ()


def _prepare_rst(text: str, key: int) -> tuple[str, list[str], tuple[str, ...]]:
    # A reST paragraph's lines are flush; a message keeps what indentation its tool left.
    text = "\n".join(line.strip() for line in text.splitlines())
    unmatched = tuple(f"substitution |{m.group(1)}|" for m in RST_SUBSTITUTION.finditer(text))
    text = RST_SUBSTITUTION.sub(lambda m: f"\\|{m.group(1)}\\|{m.group(2)}", text)
    text, definitions = _number_notes(text, key, RST_NOTE, lambda label, n: f".. [#{label}] {NOTE_LABEL}{n}",
                                         lambda label: f"[#{label}]_")
    definitions += [f".. [{label}] citation" for label in dict.fromkeys(RST_CITATION.findall(text))]
    return text, definitions, unmatched


def _number_notes(text: str, key: int, pattern, define, mark) -> tuple[str, list[str]]:
    """Footnote references as labels of their own, numbered in reading order, each
    defined as a note holding its number (how unit texts carry notes: ``[^n]``)."""
    definitions: list[str] = []

    def relabel(found) -> str:
        number = len(definitions) + 1
        label = f"edn{key}n{number}"
        definitions.append(define(label, number))
        return mark(label)
    return pattern.sub(relabel, text), definitions


def myst_roles(text: str) -> str:
    """MyST roles ``{name}`content``` as code with the ``interpreted-text`` class and
    the role, as pandoc's reST reader reads ``:name:`content```; code spans are
    found as CommonMark pairs backtick runs of equal length."""
    out, position = [], 0
    runs = [m for m in re.finditer(r"`+", text) if not _escaped(text, m.start())]
    index = 0
    while index < len(runs):
        opening = runs[index]
        closing = next((r for r in runs[index + 1:] if len(r.group()) == len(opening.group())), None)
        if closing is None:
            index += 1
            continue
        role = MYST_ROLE.search(text, position, opening.start())
        if role is not None:
            content = text[opening.end():closing.start()]
            fence = "`" * (max((len(r) for r in re.findall(r"`+", content)), default=0) + 1)
            pad = " " if content.startswith("`") or content.endswith("`") else ""
            attr = json.dumps(role.group(1))
            out.append(text[position:role.start()]
                       + f"{fence}{pad}{content}{pad}{fence}{{.interpreted-text role={attr}}}")
            position = closing.end()
        index = runs.index(closing) + 1
    return "".join(out) + text[position:]


def _escaped(text: str, at: int) -> bool:
    backslashes = len(text[:at]) - len(text[:at].rstrip("\\"))
    return backslashes % 2 == 1


# Reading ------------------------------------------------------------------------

def _parse(texts: list[str], definitions: list[list[str]], markup: str, where: str) -> list[list | None]:
    if not texts:
        return []
    if markup == "markdown":
        return [_strip_sentinel(inlines) for inlines in from_markdown([f"{SENTINEL} {t}" for t in texts], where)]
    body = f"\n\n{SEPARATOR}\n\n".join(f"{SENTINEL} {t}" for t in texts)
    notes = "\n\n".join(d for group in definitions for d in group)
    document = f"{body}\n\n{SEPARATOR}\n\n{notes}\n"
    output = pandoc.run_text(["-f", READERS[markup], "-t", "json"], document, what=where)
    blocks = json.loads(output.replace(pandoc.SOFT_BREAK_JSON, pandoc.SPACE_JSON))["blocks"]   # soft breaks unwrapped
    groups = split_at(blocks, SEPARATOR)
    if len(groups) != len(texts) + 1:
        if len(texts) == 1:
            return [None]
        return [_parse([t], [d], markup, where)[0] for t, d in zip(texts, definitions)]
    result = []
    for group in groups[:-1]:
        one = len(group) == 1 and group[0]["t"] in ("Para", "Plain")
        inlines = _strip_sentinel(group[0]["c"]) if one else None
        result.append(roles.elements(inlines) if inlines is not None and markup == "myst" else inlines)
    return result


def _strip_sentinel(inlines: list | None) -> list | None:
    if not inlines or inlines[0] != {"t": "Str", "c": SENTINEL}:
        return None
    rest = inlines[1:]
    return rest[1:] if rest and rest[0]["t"] in ("Space", "SoftBreak") else rest


def _links(inlines: list):
    for inline in inlines:
        if inline["t"] == "Link":
            yield inline
        content = inline.get("c")
        if isinstance(content, list):
            nested = content[1] if inline["t"] in ("Link", "Span", "Quoted", "Image") else content
            if isinstance(nested, list) and all(isinstance(i, dict) and "t" in i for i in nested):
                yield from _links(nested)


def _unlinked(inlines: list) -> list:
    """Links without a target (a reference defined elsewhere) as their text."""
    result = []
    for inline in inlines:
        if inline["t"] == "Link" and (not inline["c"][2][0] or inline["c"][2][0].startswith("##")):
            result.extend(inline["c"][1])
        else:
            result.append(inline)
    return result


def _words(inlines: list) -> str:
    return markdown_of(write(inlines))[:60]
