"""Typography per script: the localized document set the way its language writes.

Owns the text-level rules applied to a localized publication once its
translations are in place (``typeset``), and the per-script layout facts the
templates read (``layout_of``). Each rule follows the language of the passage
it touches: text still in the source language (a span marked ``lang``) is set
by the source language's rules.

- Quotation marks: pandoc's ``Quoted`` nodes become the language's CLDR
  delimiters (read through ICU), the alternate pair for a quotation inside a
  quotation. Marks a translator typed stay as typed.
- French spacing: a narrow no-break space (U+202F) before ``; ! ?`` and inside
  « », a no-break space (U+00A0) before ``:``; existing spaces there are
  normalized, so applying the rule twice changes nothing.
- Chinese and Japanese: no space between two CJK characters (a line break in
  the Markdown becomes none), and none is ever inserted; quotations pandoc's
  smart quotes missed (no space before the opening quote) get their marks.
- Digits: ASCII digits become the digits of the language's CLDR default
  numbering system where that is not ``latn`` (``ar`` keeps Latin digits;
  ``ar-EG`` and ``fa`` do not).

Never touched: code, math, raw HTML, link targets and attributes, and text
that looks like a URL or an e-mail address.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

import babel
import icu
import pyphen

from ..memory.languages import script_of
from ..model import LocalizedPublication
from ..source.ast import INLINE_TYPES, stringify
from ..source.segment import TRANSLATABLE_META
from ..source.unittext import as_inlines

NNBSP, NBSP = "\u202f", "\u00a0"
UNTOUCHED = frozenset({"Code", "Math", "RawInline"})
URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*|\S+@\S+\.\w+", re.IGNORECASE)
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
CURSIVE_SCRIPTS = frozenset({"Arab", "Syrc", "Mong", "Nkoo", "Adlm", "Rohg", "Mand", "Thaa"})
CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hira", "Kana"})


@dataclass(frozen=True)
class Rules:
    """The text rules of one language, all from CLDR."""

    language: str
    quotes: tuple[str, str, str, str]   # start, end, alternate start, alternate end
    french_spacing: bool
    cjk: bool
    digits: str                          # the ten digits of the default numbering system


@dataclass(frozen=True)
class Layout:
    """What the templates need to know of a locale's script to set it well."""

    hyphens: str          # "auto" where a hyphenation dictionary exists and the script hyphenates
    tracking: str         # letter-spacing for labels and running heads; "normal" for cursive scripts
    line_break: str       # CSS line-break: "strict" keeps CJK closing punctuation off line starts


def typeset(publication: LocalizedPublication) -> LocalizedPublication:
    """The publication with its language's typographic rules applied (a new value)."""
    language = publication.locale.tag
    meta = dict(publication.meta)
    for key in TRANSLATABLE_META:
        if key in meta:
            meta[key] = _meta(meta[key], language)
    blocks = typeset_blocks(publication.blocks, language)
    date_text = typeset_text(publication.date_text, language)
    return dataclasses.replace(publication, meta=meta, blocks=blocks, date_text=date_text)


def typeset_blocks(blocks: list, tag: str) -> list:
    """Blocks set by the rules of language ``tag`` (and of each passage marked with another)."""
    return _blocks(blocks, tag)


def typeset_text(text: str, tag: str) -> str:
    """Plain text (a UI string, a date) set by the rules of language ``tag``."""
    return _text(text, rules_of(tag))


@functools.lru_cache(maxsize=None)
def rules_of(tag: str) -> Rules:
    cldr = babel.Locale.parse(tag.replace("_", "-"), sep="-")
    data = icu.LocaleData(str(cldr))
    kinds = icu.ULocaleDataDelimiterType
    quotes = tuple(data.getDelimiter(kind) for kind in (
        kinds.QUOTATION_START, kinds.QUOTATION_END, kinds.ALT_QUOTATION_START, kinds.ALT_QUOTATION_END))
    system = icu.NumberingSystem.createInstanceByName(cldr.default_numbering_system)
    digits = system.getDescription() if system.getRadix() == 10 and not system.isAlgorithmic() \
        else "0123456789"
    return Rules(language=cldr.language, quotes=quotes, french_spacing=cldr.language == "fr",
                 cjk=script_of(tag) in CJK_SCRIPTS, digits=digits)


@functools.lru_cache(maxsize=None)
def layout_of(tag: str) -> Layout:
    cldr = babel.Locale.parse(tag, sep="-")
    script = script_of(tag)
    hyphenates = script not in CURSIVE_SCRIPTS | CJK_SCRIPTS and bool(pyphen.language_fallback(str(cldr)))
    return Layout(hyphens="auto" if hyphenates else "manual",
                  tracking="normal" if script in CURSIVE_SCRIPTS | CJK_SCRIPTS else "0.04em",
                  line_break="strict" if script in CJK_SCRIPTS else "auto")


# The walk: blocks and inlines, with the language of each passage ---------------

def _meta(value: dict, language: str) -> dict:
    kind = value["t"]
    if kind == "MetaInlines":
        return {"t": kind, "c": _inlines(value["c"], language, 0)}
    if kind == "MetaBlocks":
        return {"t": kind, "c": _blocks(value["c"], language)}
    if kind == "MetaString":
        return {"t": kind, "c": _text(value["c"], rules_of(language))}
    if kind == "MetaList":
        return {"t": kind, "c": [_meta(item, language) for item in value["c"]]}
    return value


def _blocks(blocks: list, language: str) -> list:
    return [_block(block, language) for block in blocks]


def _block(block: dict, language: str) -> dict:
    kind, content = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        return {"t": kind, "c": _inlines(content, language, 0)}
    if kind == "Header":
        return {"t": kind, "c": [content[0], content[1], _inlines(content[2], language, 0)]}
    if kind == "Div":
        return {"t": kind, "c": [content[0], _blocks(content[1], _language(content[0], language))]}
    if kind in ("CodeBlock", "RawBlock") or content is None:
        return block
    return {"t": kind, "c": _nested(content, language)}


def _nested(node, language: str):
    """Blocks and inline lists found anywhere inside a block's content."""
    if isinstance(node, list):
        if node and all(isinstance(item, dict) and "t" in item for item in node):
            if _is_inline(node[0]):
                return _inlines(node, language, 0)
            return _blocks(node, language)
        return [_nested(item, language) for item in node]
    return node


def _inlines(inlines: list, language: str, depth: int) -> list:
    """Quotes become marks first (so the spacing rules see them), then runs of text are set."""
    flat: list = []
    for inline in inlines:
        flat += _inline(inline, language, depth)
    return _set_runs(flat, rules_of(language))


def _inline(inline: dict, language: str, depth: int) -> list:
    kind, content = inline["t"], inline.get("c")
    if kind == "Quoted":
        start, end = rules_of(language).quotes[2 * (depth % 2):2 * (depth % 2) + 2]
        return [{"t": "Str", "c": start}, *_inlines(content[1], language, depth + 1), {"t": "Str", "c": end}]
    if kind in UNTOUCHED:
        return [inline]
    if kind == "Note":
        return [{"t": kind, "c": _blocks(content, language)}]
    if kind == "Span":
        inner = _language(content[0], language)
        return [{"t": kind, "c": [content[0], _inlines(content[1], inner, depth)]}]
    if kind == "Link":
        if _is_autolink(content):
            return [inline]
        return [{"t": kind, "c": [content[0], _inlines(content[1], _language(content[0], language), depth),
                                  content[2]]}]
    if kind == "Image":
        return [{"t": kind, "c": [content[0], _inlines(content[1], _language(content[0], language), depth),
                                  content[2]]}]
    if kind == "Cite":
        return [{"t": kind, "c": [content[0], _inlines(content[1], language, depth)]}]
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return [{"t": kind, "c": _inlines(content, language, depth)}]   # Emph, Strong, ...
    return [inline]


def _language(attr: list, inherited: str) -> str:
    """The ``lang`` an element declares, when CLDR knows it; else the inherited one."""
    for key, value in attr[2]:
        if key == "lang" and value and _known(value):
            return value
    return inherited


@functools.lru_cache(maxsize=None)
def _known(tag: str) -> bool:
    try:
        babel.Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def _is_autolink(content: list) -> bool:
    text = "".join(i.get("c", "") for i in content[1] if i["t"] == "Str")
    return "uri" in content[0][1] or "email" in content[0][1] or text == content[2][0] \
        or bool(URL.fullmatch(text))


def _is_inline(node: dict) -> bool:
    return node["t"] in INLINE_TYPES


# Runs of text: consecutive Str and Space nodes, set as one string -------------

def _set_runs(inlines: list, rules: Rules) -> list:
    out: list = []
    index = 0
    while index < len(inlines):
        if inlines[index]["t"] not in ("Str", "Space", "SoftBreak"):
            out.append(inlines[index])
            index += 1
            continue
        end = index
        while end < len(inlines) and inlines[end]["t"] in ("Str", "Space", "SoftBreak"):
            end += 1
        text = "".join(i["c"] if i["t"] == "Str" else " " for i in inlines[index:end])
        before = _edge(inlines[index - 1], last=True) if index else ""
        after = _edge(inlines[end], last=False) if end < len(inlines) else ""
        out += as_inlines(_text(text, rules, before, after))
        index = end
    return out


def _edge(inline: dict, last: bool) -> str:
    """The character next to a run from a neighbouring inline (emphasis, a span)."""
    text = stringify([inline])
    if not text:
        return "x"   # a note mark or an image: some content, not a space
    return text[-1] if last else text[0]


def _text(text: str, rules: Rules, before: str = "", after: str = "") -> str:
    """One run of text set by ``rules``; URLs inside it are kept as they are."""
    pieces = URL.split(text)
    urls = URL.findall(text)
    out = []
    for index, piece in enumerate(pieces):
        left = urls[index - 1][-1:] if index else before
        right = urls[index][:1] if index < len(urls) else after
        out.append(_plain(piece, rules, left, right))
        if index < len(urls):
            out.append(urls[index])
    return "".join(out)


def _plain(text: str, rules: Rules, before: str, after: str) -> str:
    if rules.french_spacing:
        text = french_spacing(text, before, after)
    if rules.cjk:
        text = cjk_quotes(cjk_spacing(text, before, after), rules)
    if rules.digits != "0123456789":
        text = text.translate(str.maketrans("0123456789", rules.digits))
    return text


SPACES = "[ \u00a0\u202f\u2009]"


def french_spacing(text: str, before: str = "", after: str = "") -> str:
    """French spaces before ``; ! ? :`` and inside guillemets.

    >>> french_spacing("Quoi ? Oui: « non »!")
    'Quoi\\u202f? Oui\\u00a0: «\\u202fnon\\u202f»\\u202f!'
    """
    framed = (before or "\n") + text + (after or "\n")
    framed = re.sub(rf"«{SPACES}*(?=\S)", "«" + NNBSP, framed)
    framed = re.sub(rf"(?<=\S){SPACES}*»", NNBSP + "»", framed)
    framed = re.sub(rf"(?<=[\w)\]»”’…%]){SPACES}*([;!?:])(?=[\s»”’)\],.;:!?]|$)",
                    lambda m: (NBSP if m.group(1) == ":" else NNBSP) + m.group(1), framed)
    # A mark right after another mark (?! or !!) takes no space of its own.
    framed = re.sub(rf"([!?]){SPACES}+(?=[!?])", r"\1", framed)
    return framed[1:len(framed) - 1]


def cjk_quotes(text: str, rules: Rules) -> str:
    """Quotations pandoc could not see in CJK text, set with the language's marks.

    Pandoc's smart quotes need a space before an opening quote, which Chinese never has: it
    writes both straight quotes of ``说"科学"`` as ” (and of ``'强'`` as ’). A run with no
    opening mark and an even number of closing ones gets them back in pairs; a single ’
    counts only between CJK characters or marks, where it cannot be an apostrophe.
    """
    text = _pair(text, "\u201c", "\u201d", rules.quotes[:2], lambda _i: True)
    return _pair(text, "\u2018", "\u2019", rules.quotes[2:],
                 lambda i: _cjk_or_mark(text[i - 1:i]) and _cjk_or_mark(text[i + 1:i + 2]))


def _pair(text: str, opening: str, closing: str, marks: tuple[str, ...], counts) -> str:
    places = [i for i, ch in enumerate(text) if ch == closing and counts(i)]
    if opening in text or not places or len(places) % 2:
        return text
    chars = list(text)
    for n, place in enumerate(places):
        chars[place] = marks[n % 2]
    return "".join(chars)


def _cjk_or_mark(ch: str) -> bool:
    return bool(ch) and (bool(CJK.match(ch)) or ch in "\u201c\u201d\u2018\u2019")


def cjk_spacing(text: str, before: str = "", after: str = "") -> str:
    """No space between two CJK characters: Chinese and Japanese are set without them."""
    framed = (before or "\n") + text + (after or "\n")
    framed = re.sub(r"(?<=(?P<a>.)) +(?=(?P<b>.))",
                    lambda m: "" if CJK.match(m.group("a")) and CJK.match(m.group("b")) else m.group(0),
                    framed)
    return framed[1:len(framed) - 1]

