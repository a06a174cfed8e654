"""Raw HTML in the manuscript: tokenized, checked, and written back well-formed.

Pandoc's Markdown reader keeps raw HTML as ``RawBlock``/``RawInline`` pieces of
format ``html``: one tag each, one comment, or a whole ``script``/``style``
element. Every piece is read with the HTML tokenizer of the standard library
(``html.parser``, which follows the HTML5 tokenization rules for attributes,
comments and raw-text elements), and written back as XHTML-compatible HTML:

- comments, processing instructions and declarations are dropped silently;
- an element outside ``FLOW`` (``PHRASING`` inside a paragraph) is dropped with
  a warning naming file and line: ``script``, ``style`` and the like
  (``DROPPED_WITH_CONTENT``) with their content, any other unknown element
  without its tags but with its text; a ``details`` without a ``summary`` first
  becomes a ``div`` (EPUB requires the summary);
- attributes outside ``ATTRIBUTES`` (event handlers) are dropped with a
  warning, and so is a ``style`` naming a resource (``url()``, ``image-set()``,
  ``@import``…, found by parsing it as CSS: ``css``);
- every resource a tag names (``src``, ``srcset``, ``poster``) must be a file
  inside the project, like a Markdown image: it is recorded among the
  publication's images and rewritten to its project path, and anything else
  (a remote or ``file:`` URL, a path outside the project, a missing file) is
  one ``EditionsError`` naming file and line; a link (``a href``) is checked
  like a Markdown link;
- tags are balanced within the list of blocks or inlines that holds them (a
  heading closes what is open before it), so the EPUB's XHTML is well-formed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import EditionsError, Issue
from . import css

RAW_FORMATS = frozenset({"html", "html4", "html5", "epub", "epub2", "epub3"})

PHRASING = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins",
    "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var", "wbr", "audio", "video", "source", "track", "picture",
})
FLOW = PHRASING | frozenset({
    "address", "article", "aside", "blockquote", "caption", "col", "colgroup", "dd", "details",
    "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
# Dropped with everything inside them (within the piece of raw HTML that holds them).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object",
                                  "embed", "textarea", "select", "title", "svg", "math", "frameset",
                                  "noembed", "noframes", "xmp", "plaintext", "head"})

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "xml:lang", "dir", "style", "role",
                               "epub:type", "hidden", "translate"})
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "video": {"src", "poster", "controls", "width", "height", "loop", "muted", "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "details": {"open"}, "bdo": {"dir"},
}
RESOURCES = frozenset({"src", "poster"})       # one URL each; srcset holds several
LINKS = frozenset({"href", "cite"})
NAME = re.compile(r"^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*|xml:lang|epub:type)$")
CONTENT = frozenset({"Str", "Code", "Math", "Image", "CodeBlock", "HorizontalRule", "LineBreak"})


@dataclass
class Token:
    kind: str                          # "start", "end" or "text"
    name: str = ""
    attrs: list = field(default_factory=list)
    text: str = ""
    rename: str = ""                   # what a start tag (and its end) is written as
    line: int | None = None            # the line of the piece it came from


class _Tokenizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(Token("start", tag, list(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(Token("start", tag, list(attrs)))
        if tag not in VOID:
            self.tokens.append(Token("end", tag))

    def handle_endtag(self, tag):
        self.tokens.append(Token("end", tag))

    def handle_data(self, data):
        self.tokens.append(Token("text", text=data))

    # Comments, declarations and processing instructions reach no output.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def unknown_decl(self, data):
        pass

    def handle_pi(self, data):
        pass


def tokens_of(text: str) -> list[Token]:
    tokenizer = _Tokenizer()
    tokenizer.feed(text)
    tokenizer.close()
    return tokenizer.tokens


@dataclass
class Place:
    """Where a chapter's raw HTML is, and what checks its URLs."""

    path: str                                   # the chapter (or publication.yaml)
    text: str                                   # its text as written, to find lines
    image: Callable[[str], str]                 # a resource URL -> its project path (or raises)
    link: Callable[[str], str]                  # a link -> what the edition links to (or raises)
    images: list[str]                           # the publication's images, in order
    issues: list[Issue]
    cursor: int = 0

    def line_of(self, raw: str) -> int | None:
        if not self.text:
            return None
        found = self.text.find(raw, self.cursor)
        if found < 0:
            found = self.text.find(raw)
        if found < 0:
            return None
        self.cursor = found + len(raw)
        return self.text.count("\n", 0, found) + 1

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line else self.path

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.issues.append(Issue(code, "warning", message, self.where(line)))


def clean(tree, place: Place) -> None:
    """Check and rewrite every piece of raw HTML under ``tree`` (blocks, inlines or
    metadata) in place; raises ``EditionsError`` for a resource that is no project file."""
    if not any(_is_raw(node) for node in _nodes(tree)):
        return
    flat: list = []                    # document order: (node, token), or None for text
    tokens: dict[int, list[Token]] = {}
    lines: dict[int, int | None] = {}
    for node in _nodes(tree):
        if _is_raw(node):
            raw = node["c"][1]
            lines[id(node)] = place.line_of(raw)
            tokens[id(node)] = _checked(tokens_of(raw), node["t"] == "RawInline", place, lines[id(node)])
            flat += [(node, token) for token in tokens[id(node)]]
        elif node.get("t") in CONTENT:
            flat.append(None)
    _details_without_summary(flat, place, lines)
    _balance(tree, tokens, place)


def _is_raw(node) -> bool:
    return isinstance(node, dict) and node.get("t") in ("RawBlock", "RawInline") \
        and str(node["c"][0]).lower() in RAW_FORMATS


def _nodes(tree):
    """Every AST node under ``tree``, in document order, holders before what they hold."""
    if isinstance(tree, dict):
        if "t" in tree:
            yield tree
        for value in _children(tree):
            yield from _nodes(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from _nodes(item)


def _children(node: dict) -> list:
    """What an AST node (its content) or a mapping of metadata (its values) holds."""
    if "t" in node:
        content = node.get("c")
        return [content] if isinstance(content, (list, dict)) else []
    return list(node.values())


def _checked(tokens: list[Token], inline: bool, place: Place, line: int | None) -> list[Token]:
    """The tokens of one raw piece that may be published, their URLs checked and rewritten."""
    allowed = PHRASING if inline else FLOW
    kept: list[Token] = []
    skipping: list[str] = []           # the elements being dropped with their content
    for token in tokens:
        if skipping:
            if token.kind == "start" and token.name == skipping[-1] and token.name not in VOID:
                skipping.append(token.name)
            elif token.kind == "end" and token.name == skipping[-1]:
                skipping.pop()
            continue
        if token.kind == "text":
            kept.append(token)
            continue
        if token.name in DROPPED_WITH_CONTENT or token.name not in allowed:
            if token.kind == "start":
                what = "with its content" if token.name in DROPPED_WITH_CONTENT else "its text kept"
                where = "inside a paragraph" if inline and token.name in FLOW else "in an edition"
                place.warn("raw-html-dropped", f"<{token.name}> is not allowed {where}: dropped, {what}",
                           line)
                if token.name in DROPPED_WITH_CONTENT and token.name not in VOID:
                    skipping.append(token.name)
            continue
        if token.kind == "start":
            token.line = line
            token.attrs = _attributes(token, place, line)
            if token.name == "img" and not any(name == "alt" for name, _value in token.attrs):
                place.warn("raw-html-alt", "<img> without alt text: write alt=\"…\" "
                           "(alt=\"\" for an image that only decorates)", line)
        kept.append(token)
    return kept


def _attributes(token: Token, place: Place, line: int | None) -> list[tuple[str, str]]:
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(token.name, set())
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, value in token.attrs:
        value = "" if value is None else value
        if name in seen:
            continue
        seen.add(name)
        if not NAME.match(name) or name not in allowed and not name.startswith(("aria-", "data-")):
            place.warn("raw-html-attribute", f"attribute '{name}' of <{token.name}> is not allowed: dropped",
                       line)
            continue
        if name == "style" and css.references(value):
            place.warn("raw-html-attribute", f"the style of <{token.name}> names a resource: dropped", line)
            continue
        try:
            if name in RESOURCES:
                value = _resource(value.strip(), place)
            elif name == "srcset":
                value = _srcset(value, place)
            elif name in LINKS:
                value = place.link(value.strip())
        except EditionsError as error:
            raise EditionsError(f"<{token.name} {name}>: {error.message}", place.path, line) from None
        kept.append((name, value if value or name not in ("controls", "open", "hidden", "reversed",
                                                          "default", "loop", "muted") else name))
    return kept


def _resource(url: str, place: Place) -> str:
    path = place.image(url)
    place.images.append(path)
    return path


def _srcset(value: str, place: Place) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([_resource(parts[0], place), *parts[1:]]))
    return ", ".join(candidates)


def _details_without_summary(flat: list, place: Place, lines: dict[int, int | None]) -> None:
    """A ``details`` whose first content is not a ``summary`` becomes a ``div``."""
    for index, item in enumerate(flat):
        if item is None or item[1].kind != "start" or item[1].name != "details":
            continue
        following = next((later for later in flat[index + 1:]
                          if later is None or later[1].kind != "text" or later[1].text.strip()), None)
        if following is None or following[1].kind != "start" or following[1].name != "summary":
            item[1].rename = "div"
            place.warn("raw-html-converted", "<details> without a <summary> first: written as a <div>",
                       lines.get(id(item[0])))


def _balance(tree, tokens: dict[int, list[Token]], place: Place) -> None:
    """Write each raw piece back, its tags balanced within the list that holds it."""
    if isinstance(tree, dict):
        for value in _children(tree):
            _balance(value, tokens, place)
        return
    if not isinstance(tree, list):
        return
    if any(_is_raw(item) for item in tree):
        tree[:] = _balanced(tree, tokens, place)
    for item in tree:
        if isinstance(item, (dict, list)) and not _is_raw(item):
            _balance(item, tokens, place)


# Elements whose content is text and inline markup only: a paragraph in one is its text,
# any other block closes them (as an HTML5 parser closes a <p>).
PHRASING_ONLY = PHRASING | frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "summary"})
# Elements that hold only some elements: anything else directly in them is reported.
CHILDREN = {"ul": {"li"}, "ol": {"li"}, "dl": {"dt", "dd", "div"}, "colgroup": {"col"},
            "table": {"caption", "colgroup", "thead", "tbody", "tfoot", "tr"},
            "thead": {"tr"}, "tbody": {"tr"}, "tfoot": {"tr"}, "tr": {"td", "th"}}
INVISIBLE = frozenset({"Space", "SoftBreak"})
# The open elements a start tag closes, as an HTML5 parser does: <li>a<li>b is two items.
# (Any block element also closes an open <p>.)
IMPLIED_END = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
               "td": {"td", "th"}, "th": {"td", "th"}, "thead": {"tr", "td", "th"},
               "tbody": {"thead", "tbody", "tr", "td", "th"}, "tfoot": {"thead", "tbody", "tr", "td", "th"}}


def _balanced(items: list, tokens: dict[int, list[Token]], place: Place) -> list:
    """``items`` with each raw piece written back: an end tag closes what is open above its
    element, an end tag of nothing open is dropped, a heading closes everything open before
    it, and what is still open is closed at the end of the list. What an element may not
    hold directly (a list's text outside its items) is reported."""
    balancer = _Balancer(next(item["t"] for item in items if _is_raw(item)), place)
    for item in items:
        if _is_raw(item):
            balancer.raw(item, tokens.get(id(item), []))
        else:
            balancer.other(item)
    return balancer.finished()


class _Balancer:
    """The walk of ``_balanced`` over one list of blocks or inlines: the elements open so
    far and the list written back."""

    def __init__(self, kind: str, place: Place):
        self.kind, self.place = kind, place        # RawBlock or RawInline
        self.result: list = []
        self.open: list[Token] = []
        self.skip_space = False                    # a dropped comment stood between two spaces

    def misplaced(self, what: str) -> None:
        holder = self.open[-1]
        self.place.warn("raw-html-structure", f"<{holder.name}> holds {what} directly, outside "
                        f"{' or '.join(f'<{c}>' for c in sorted(CHILDREN[holder.name]))}: the EPUB "
                        "will not pass EPUBCheck", holder.line)

    def other(self, item) -> None:
        """An element that is not raw HTML: it may close what is open, or be held by it."""
        if self.skip_space and isinstance(item, dict) and item.get("t") == "Space":
            self.skip_space = False
            return
        self.skip_space = False
        if isinstance(item, dict) and self.open and self.kind == "RawBlock":
            item = self._before_block(item)
        if self.open and self.open[-1].name in CHILDREN and isinstance(item, dict) \
                and item.get("t") not in INVISIBLE:
            self.misplaced("text" if item.get("t") in ("Para", "Plain", "Str") else "a block")
        self.result.append(item)

    def _before_block(self, item: dict) -> dict:
        if item.get("t") == "Header":
            self.result.append({"t": self.kind, "c": ["html", _close(self.open, len(self.open))]})
        elif self.open[-1].name in PHRASING_ONLY and item.get("t") == "Para":
            return {"t": "Plain", "c": item["c"]}              # <p> + paragraph: its text
        elif self.open[-1].name in PHRASING_ONLY and item.get("t") != "Plain":
            depth = 0
            while depth < len(self.open) and self.open[-1 - depth].name in PHRASING_ONLY:
                depth += 1
            self.result.append({"t": self.kind, "c": ["html", _close(self.open, depth)]})
        return item

    def raw(self, item: dict, tokens: list[Token]) -> None:
        """A raw HTML piece, written back from its tokens."""
        text = "".join(self._token(token) for token in tokens)
        if text.strip() or (text and item["t"] == "RawInline"):
            self.result.append({"t": item["t"], "c": ["html", text]})
        elif item["t"] == "RawInline":
            # a comment between two spaces leaves one space
            self.skip_space = bool(self.result) and isinstance(self.result[-1], dict) \
                and self.result[-1].get("t") == "Space"

    def _token(self, token: Token) -> str:
        if token.kind == "text":
            if token.text.strip() and self.open and self.open[-1].name in CHILDREN:
                self.misplaced("text")
            return html.escape(token.text, quote=False)
        if token.kind == "start":
            return self._start(token)
        if token.name in VOID:                              # </br> and the like: nothing
            return ""
        matching = [i for i, held in enumerate(self.open) if held.name == token.name]
        return _close(self.open, len(self.open) - matching[-1]) if matching else ""

    def _start(self, token: Token) -> str:
        closes = IMPLIED_END.get(token.name, frozenset()) | (
            {"p"} if token.name in FLOW - PHRASING else frozenset())
        depth = 0
        while depth < len(self.open) and self.open[-1 - depth].name in closes:
            depth += 1
        written = _close(self.open, depth) if depth else ""
        if self.open and self.open[-1].name in CHILDREN and token.name not in CHILDREN[self.open[-1].name]:
            self.misplaced(f"<{token.name}>")
        if token.name not in VOID:
            self.open.append(token)
        return written + _start_tag(token)

    def finished(self) -> list:
        if self.open:
            self.result.append({"t": self.kind, "c": ["html", _close(self.open, len(self.open))]})
        return self.result


def _close(open_: list[Token], count: int) -> str:
    closed = []
    for _ in range(count):
        token = open_.pop()
        closed.append(f"</{token.rename or token.name}>")
    return "".join(closed)


def _start_tag(token: Token) -> str:
    attrs = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in token.attrs)
    name = token.rename or token.name
    return f"<{name}{attrs} />" if token.name in VOID else f"<{name}{attrs}>"


def rewrite_resources(tree, relocate: Callable[[str], str]) -> None:
    """Give every resource URL in the (already checked) raw HTML under ``tree`` the value
    ``relocate`` makes of its project path: where a renderer serves the file from."""
    for node in _nodes(tree):
        if not _is_raw(node):
            continue
        parts = []
        for token in tokens_of(node["c"][1]):
            if token.kind == "text":
                parts.append(html.escape(token.text, quote=False))
            elif token.kind == "end":
                parts.append(f"</{token.name}>" if token.name not in VOID else "")
            else:
                token.attrs = [(name, _relocated(name, value or "", relocate)) for name, value in token.attrs]
                parts.append(_start_tag(token))
        node["c"] = [node["c"][0], "".join(parts)]


def _relocated(name: str, value: str, relocate: Callable[[str], str]) -> str:
    if name in RESOURCES:
        return relocate(value)
    if name == "srcset":
        return ", ".join(" ".join([relocate(parts[0]), *parts[1:]])
                         for parts in (candidate.split() for candidate in value.split(",")) if parts)
    return value


# Attributes no element of an edition may have from the manuscript: they run scripts or
# make a reader (or a renderer) fetch something the checks above did not see.
URL_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "href", "xlink:href", "background",
                            "action", "formaction", "cite", "longdesc", "usemap", "ping", "manifest",
                            "codebase", "archive", "lowsrc", "dynsrc", "profile", "xmlns"})


def clean_attributes(tree, place: Place) -> None:
    """Drop, with a warning, the attributes of Markdown elements (``{key=value}``, and the
    ``<span>``/``<div>`` pandoc reads as such) that raw HTML may not have either: event
    handlers, URLs other than the element's own target, styles that name a resource, names
    that are not XML names."""
    for attr in _attrs(tree):
        kept = []
        for pair in attr[2]:
            key, value = pair
            name = key.lower()
            reason = ""
            if name.startswith("on"):
                reason = f"attribute '{key}' is not allowed"
            elif name in URL_ATTRIBUTES or name.startswith("xmlns"):
                reason = f"attribute '{key}' names a resource outside the checks of images and links"
            elif name == "style" and css.references(value):
                reason = "a style that names a resource is not allowed"
            elif not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$", key):
                reason = f"attribute '{key}' is not an XML name"
            if reason:
                place.warn("raw-html-attribute", f"{reason}: dropped", _line_of_text(place.text, key))
            else:
                kept.append(pair)
        attr[2][:] = kept


def _attrs(tree):
    """Every attribute triple ``[id, [classes], [[key, value], …]]`` under ``tree``."""
    if isinstance(tree, dict):
        for value in _children(tree):
            yield from _attrs(value)
    elif isinstance(tree, list):
        if len(tree) == 3 and isinstance(tree[0], str) and isinstance(tree[1], list) \
                and isinstance(tree[2], list) and all(isinstance(c, str) for c in tree[1]) \
                and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                        for p in tree[2]):
            yield tree
            return
        for item in tree:
            yield from _attrs(item)


def _line_of_text(text: str, key: str) -> int | None:
    found = text.find(f"{key}=") if text else -1
    return text.count("\n", 0, found) + 1 if found >= 0 else None


def ids(tree) -> list[str]:
    """The ids the (already checked) raw HTML under ``tree`` gives its elements."""
    return [value for node in _nodes(tree) if _is_raw(node) for token in tokens_of(node["c"][1])
            if token.kind == "start" for name, value in token.attrs if name == "id" and value]
