"""The PDF edition's text as ``pdftotext`` reads it: the edition's words, in
the edition's order.

The reference is the locale's HTML edition, the same localized document: the
words of its ``main`` element. The PDF is read by ``pdftotext`` within the
page's text area: the running heads and folios are found as a page's first or
last block that stands at the same place on several pages, or that is a number
alone, and the page is cropped below and above them, so a word hyphenated
across a page break joins again. Findings, each an error:

- ``pdf-text-order``: a stretch of the edition's words that the PDF does not
  give back where it should (missing, reversed, broken by a ligature that maps
  to the wrong text, split by a stray space).
- ``pdf-text-extra``: text the PDF has inside the body that the edition does
  not (a paragraph drawn twice, furniture inside the text area); list markers,
  which the print stylesheet draws, are the only text allowed in there.
- ``pdf-text-soft-hyphen``: a soft hyphen in the extracted text.
- ``pdf-text-cjk-space``: a space between two CJK characters that the edition
  does not have.

The texts are compared as tokens (``words``): runs of letters with their
marks, runs of digits, and every other character alone, CJK characters one by
one, after NFC. Spaces only separate tokens, so a narrow no-break space that
the extractor keeps or drops, or a line break inside CJK text, changes
nothing; a hyphen and the space after it are dropped, since pdftotext joins a
word hyphenated at a line end and drops a hyphen-minus there. A change of
writing direction ends a token. In right-to-left text the tokens are letters
and digits only: poppler's reordering puts a neutral character next to a
number on the wrong side (``2023. كما`` reads back as ``.2023كما``), which
says nothing about the PDF, and the PDF maps raised vowel marks to no text
(``render.pdf_unicode``). Where punctuation stands in a right-to-left line
is not judged, and neither is the order of the numbers in a group of numbers
apart only by spaces and punctuation: poppler gives ``(03) 555-1234`` back
as ``( 1234-555 )03`` and ``(2024-05-01)`` as ``)01-05-2024(``, so such a
group is compared as its numbers, sorted (a hyphen between digits separates
them there). Each number's digits, and where the group stands among the
words, are still judged.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..errors import Issue
from .target import Target, finding
from .tools import ToolFailure, program, run

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# A hyphen and the space after it read back as nothing: pdftotext joins a word
# hyphenated at a line end and drops the hyphen-minus itself ("science-\nbased").
HYPHEN_JOIN = re.compile(r"[-\u2010\u2011]\s*")
# In right-to-left text only a hyphen after a letter joins: one between digits
# (a phone number, a date) separates digit runs, which poppler may give in another order.
HYPHEN_JOIN_RTL = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011]\s*")
# CJK punctuation, kana, ideographs (with the supplementary planes' Extensions B
# and later: 𠮷 is U+20BB7), compatibility ideographs, full-width forms.
CJK = ("\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
       "\U0001b000-\U0001b16f\U00020000-\U0003ffff")
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_SPACE = re.compile(f"([{CJK}])[ \u00a0]+([{CJK}])")
DIGITS = re.compile(r"^\d+$")
MAX_FINDINGS = 12
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "div", "section", "figure", "figcaption",
          "blockquote", "pre", "table", "tr", "td", "th", "caption", "aside", "ol", "ul", "dl", "br", "hr")


@dataclass(frozen=True)
class Block:
    page: int
    text: str
    top: float
    bottom: float


def check(target: Target) -> list[Issue]:
    reference = target.siblings.get("html")
    if reference is None:
        return [finding(target, "pdf-text-no-reference", "error", "no HTML edition of this locale to compare with")]
    words_text, right_to_left = edition_text(reference)
    read = pdf_text(target.path)
    found = _soft_hyphens(target, read) + _cjk_spaces(target, read, words_text)
    expected, got = words(words_text, right_to_left), words(read, right_to_left)
    aligned = alignment(expected, got)
    gaps = misreadings(expected, got, aligned)
    found += [finding(target, "pdf-text-order", "error",
                      f"the edition's words {start + 1}–{end} '{_short(want)}' read back from the PDF as "
                      f"'{_short(have) or '(nothing)'}'") for start, end, want, have in gaps[:MAX_FINDINGS]]
    found += [finding(target, "pdf-text-extra", "error",
                      f"the PDF has '{_short(extra)}' after the edition's word {after}, which the edition does not")
              for after, extra in additions(got, aligned)[:MAX_FINDINGS]]
    if len(gaps) > MAX_FINDINGS:
        found.append(finding(target, "pdf-text-order", "error",
                             f"{len(gaps) - MAX_FINDINGS} more stretches out of order; see the report"))
    _write_report(target, expected, got, gaps, right_to_left)
    return found


def edition_text(html_path: Path) -> tuple[str, bool]:
    """The text of the HTML edition's ``main`` element, and whether it is right to left."""
    page = lxml_html.fromstring(html_path.read_bytes())
    main = page.find(".//main")
    if main is None:
        raise ToolFailure("pdf-text-no-reference", f"{html_path.name} has no main element")
    etree.strip_elements(main, "script", "style", with_tail=False)
    for block in main.iter(*BLOCKS):      # blocks are apart in the PDF, whatever the markup's spacing
        block.text, block.tail = "\n" + (block.text or ""), "\n" + (block.tail or "")
    return main.text_content(), (page.get("dir") or "").lower() == "rtl"


def words(text: str, right_to_left: bool) -> list[str]:
    """Text as the tokens compared: runs of letters (with their marks), runs of
    digits, each other character alone, each CJK character alone. Spaces only
    separate, so a narrow space the extractor drops or keeps changes nothing."""
    text = unicodedata.normalize("NFC", text.translate(BIDI_CONTROLS))
    text = (HYPHEN_JOIN_RTL if right_to_left else HYPHEN_JOIN).sub("", text)
    tokens: list[str] = []
    previous = "space"
    for ch in text:
        kind = _kind(ch)
        if kind == "invisible":
            continue
        if kind == "mark" and (right_to_left or previous.startswith("letter")):
            if not right_to_left:
                tokens[-1] += ch
            continue                     # a mark stays with its letter
        if kind == "mark":
            kind = "other"
        if kind == "other" and right_to_left:
            kind = "space"
        if kind in ("letter", "letter-rtl", "digit") and previous == kind:
            tokens[-1] += ch
        elif kind != "space":
            tokens.append(ch)
        previous = kind
    return _digit_groups_sorted(tokens) if right_to_left else tokens


def _digit_groups_sorted(tokens: list[str]) -> list[str]:
    """Right-to-left tokens with each run of digit tokens (numbers apart only by
    spaces and punctuation, as in ``(03) 555-1234`` or ``(2024-05-01)``) sorted.

    In a right-to-left line such a group is a left-to-right run whose numbers
    poppler gives back in another order (``( 1234-555 )03``, ``)01-05-2024``);
    the digits of each number stay in order. So in right-to-left text the order
    of the numbers inside such a group is not judged; every number, its digits,
    and where the group stands among the words still are."""
    out: list[str] = []
    group: list[str] = []
    for token in [*tokens, ""]:
        if token.isdigit():
            group.append(token)
            continue
        out += sorted(group)
        group = []
        if token:
            out.append(token)
    return out


def _kind(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cf" or "\ufe00" <= ch <= "\ufe0f":
        return "invisible"        # format characters and variation selectors draw nothing
    if ch.isspace() or category == "Zs":
        return "space"
    if CJK_CHAR.match(ch):
        return "other"
    if category[0] == "L":       # a change of direction ends a word, as the extractor's reordering does
        return "letter-rtl" if unicodedata.bidirectional(ch) in ("R", "AL") else "letter"
    if category[0] == "M":
        return "mark"
    return "digit" if category == "Nd" else "other"


def alignment(expected: list[str], got: list[str]) -> list[tuple[str, int, int, int, int]]:
    """How ``got`` lines up with ``expected``, as difflib's opcodes (``equal``,
    ``replace``, ``delete``, ``insert``).

    difflib alone takes time that grows with the product of the lengths (and
    more with words as frequent as "the"), minutes for a long book. So long
    texts are first lined up on anchors, runs of ``ANCHOR`` tokens (else single
    tokens) that occur once in each text, kept in the longest chain that is in
    order in both (patience diff); the stretches between two anchors are lined
    up the same way, and by difflib once they are short. A long stretch with no
    anchor at all is matched at its start and end only."""
    blocks: list[tuple[int, int, int]] = []
    _match(expected, got, 0, len(expected), 0, len(got), blocks)
    opcodes, i, j = [], 0, 0
    for a, b, size in [*_merged(blocks), (len(expected), len(got), 0)]:
        if i < a or j < b:
            opcodes.append(("replace" if i < a and j < b else "delete" if i < a else "insert", i, a, j, b))
        if size:
            opcodes.append(("equal", a, a + size, b, b + size))
        i, j = a + size, b + size
    return opcodes


ANCHOR = 4                    # tokens in an anchor
DIFFLIB_AREA = 250_000        # difflib lines up stretches up to this product of lengths


def _match(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int,
           blocks: list[tuple[int, int, int]]) -> None:
    """Append to ``blocks`` the (i, j, size) runs where ``a[alo:ahi]`` and ``b[blo:bhi]`` agree, in order."""
    if (ahi - alo) * (bhi - blo) <= DIFFLIB_AREA:
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        blocks += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
        return
    for size in (ANCHOR, 1):
        anchors = _anchors(a, b, alo, ahi, blo, bhi, size)
        if anchors:
            i, j = alo, blo
            for ai, bj in anchors:
                if ai < i or bj < j:
                    continue                                      # overlaps the anchor before
                _match(a, b, i, ai, j, bj, blocks)
                blocks.append((ai, bj, size))
                i, j = ai + size, bj + size
            _match(a, b, i, ahi, j, bhi, blocks)
            return
    # Long, and no token in it is found once in each: only its same start and end are matched.
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        blocks.append((alo, blo, 1))
        alo, blo = alo + 1, blo + 1
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi, 1))
    blocks += reversed(tail)


def _anchors(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int,
             size: int) -> list[tuple[int, int]]:
    """(i, j) of each run of ``size`` tokens found once in ``a[alo:ahi]`` and once in
    ``b[blo:bhi]``, the longest chain of them in order in both."""
    def once(seq: list[str], lo: int, hi: int) -> dict[tuple, int]:
        seen: dict[tuple, int] = {}
        for n in range(lo, hi - size + 1):
            gram = tuple(seq[n:n + size])
            seen[gram] = -1 if gram in seen else n
        return seen

    in_b = once(b, blo, bhi)
    pairs = [(i, in_b[gram]) for gram, i in once(a, alo, ahi).items() if i >= 0 and in_b.get(gram, -1) >= 0]
    pairs.sort()
    # The longest chain with j increasing (pairs are sorted by i): patience sorting.
    tails: list[int] = []            # tails[k]: j of the chain of length k + 1 ending lowest
    ends: list[int] = []             # index in pairs of that chain's end
    before: list[int] = [-1] * len(pairs)
    for n, (_i, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        before[n] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[k], ends[k] = j, n
    chain, n = [], ends[-1] if ends else -1
    while n >= 0:
        chain.append(pairs[n])
        n = before[n]
    return chain[::-1]


def _merged(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent runs on the same diagonal as one."""
    merged: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged


def misreadings(expected: list[str], got: list[str], aligned=None) -> list[tuple[int, int, str, str]]:
    """Stretches of ``expected`` that ``got`` does not hold in order: (start, end,
    the edition's words, what the PDF has there). Text the PDF adds (its title
    page, contents, colophon) is not a misreading."""
    return [(a0, a1, " ".join(expected[a0:a1]), " ".join(got[b0:b1]))
            for op, a0, a1, b0, b1 in aligned or alignment(expected, got) if op in ("delete", "replace")]


def additions(got: list[str], aligned) -> list[tuple[int, str]]:
    """Text ``got`` has between its first and last word of the edition that the
    edition does not, other than list markers (``aligned``: ``alignment`` of the
    two): (the edition's word it follows, the text)."""
    same = [op for op in aligned if op[0] == "equal"]
    if not same:
        return []
    first, last = same[0][3], same[-1][4]
    return [(a0, " ".join(got[b0:b1])) for op, a0, _a1, b0, b1 in aligned
            if op == "insert" and first <= b0 and b1 <= last and not _list_marker(got[b0:b1])]


def _list_marker(tokens: list[str]) -> bool:
    """A bullet (one symbol) or a number with its punctuation: what the stylesheet draws."""
    return len(tokens) <= 2 and all(t.isdigit() or (len(t) == 1 and not t.isalnum()) for t in tokens)


def pdf_text(path: Path) -> str:
    """``pdftotext`` of the page's text area, pages joined."""
    width, height, blocks = _layout(path)
    top, bottom = text_area(blocks, height)
    ran = run([program("pdftotext"), "-enc", "UTF-8", "-x", "0", "-y", str(int(top)), "-W", str(int(width) + 1),
               "-H", str(int(bottom - top)), str(path), "-"], timeout=120)
    if ran.returncode != 0:
        raise ToolFailure("tool-failed", f"pdftotext: {ran.stderr.strip()[-300:]}")
    text = ran.stdout.translate(BIDI_CONTROLS).replace("\f", "\n")
    return text


def _layout(path: Path) -> tuple[float, float, list[Block]]:
    ran = run([program("pdftotext"), "-bbox-layout", str(path), "-"], timeout=120)
    if ran.returncode != 0:
        raise ToolFailure("tool-failed", f"pdftotext: {ran.stderr.strip()[-300:]}")
    tree = etree.fromstring(ran.stdout.encode(), etree.XMLParser(recover=True, resolve_entities=False))
    pages = tree.xpath("//*[local-name()='page']")
    if not pages:
        raise ToolFailure("pdf-unreadable", f"{path.name}: pdftotext found no pages")
    blocks = [Block(number, " ".join("".join(w.itertext()).strip()
                                     for w in block.xpath(".//*[local-name()='word']")).translate(BIDI_CONTROLS),
                    float(block.get("yMin")), float(block.get("yMax")))
              for number, page in enumerate(pages) for block in page.xpath(".//*[local-name()='block']")]
    return float(pages[0].get("width")), float(pages[0].get("height")), blocks


def text_area(blocks: list[Block], height: float) -> tuple[float, float]:
    """The band between the running heads and the folios: text at a page's head
    or foot (its first or last block) that stands at the same place on two pages
    or more, or that is a number alone. Only a page's edges count: a list item
    or a separator that falls at the same place on two pages is body text."""
    by_page: dict[int, list[Block]] = defaultdict(list)
    for block in blocks:
        by_page[block.page].append(block)
    edges = []
    for page in by_page.values():
        head, foot = min(b.top for b in page), max(b.bottom for b in page)
        edges += [b for b in page if b.top <= head + 1 or b.bottom >= foot - 1]
    places = Counter((b.text, round(b.top)) for b in edges)
    furniture = [b for b in edges if b.text and (places[(b.text, round(b.top))] > 1
                                                 or DIGITS.match(b.text.replace(" ", "")))]
    top = max((b.bottom for b in furniture if b.bottom < height / 4), default=0.0)
    bottom = min((b.top for b in furniture if b.top > height * 3 / 4), default=height)
    return top + 0.5, bottom - 0.5


def _soft_hyphens(target: Target, text: str) -> list[Issue]:
    count = text.count("\u00ad")
    return [finding(target, "pdf-text-soft-hyphen", "error",
                    f"the extracted text holds {count} soft hyphens (U+00AD)")] if count else []


def _cjk_spaces(target: Target, text: str, reference: str) -> list[Issue]:
    allowed = {m.group(0).replace("\u00a0", " ") for m in CJK_SPACE.finditer(reference)}
    stray = [m.group(0) for m in CJK_SPACE.finditer(text) if m.group(0).replace("\u00a0", " ") not in allowed]
    return [finding(target, "pdf-text-cjk-space", "error",
                    f"{len(stray)} spaces inside CJK text that the edition does not have, first '{stray[0]}'")
            ] if stray else []


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _write_report(target: Target, expected, got, gaps, right_to_left: bool) -> None:
    lines = [f"words in the edition: {len(expected)}", f"words read back from the PDF: {len(got)}",
             f"compared as: {'letters and digits (right to left)' if right_to_left else 'words'}",
             f"stretches out of order: {len(gaps)}",
             *(f"  {start + 1}-{end}: '{want}' -> '{have}'" for start, end, want, have in gaps)]
    target.report_file("reading-order", ".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
