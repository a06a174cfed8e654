"""The text of each marked-content sequence of a PDF, by page and MCID.

A tagged PDF's structure elements point at marked-content sequences of the
pages' content streams (``/Span <</MCID 3>> BDC … EMC``); the text an element
holds is what those sequences draw. This reads every page's content stream
once, with a small tokenizer for the operators that matter here (marked
content, fonts, text showing, form XObjects), and maps the strings shown
through each font's ``/ToUnicode`` CMap. Its time grows with the size of the
content, where ``pdfinfo -struct-text`` lays a page out again for every
element on it.

Spacing is approximate: a space between two pieces of text positioned apart,
the spaces the font draws. The callers compare such text as letters
(``text.drawn_as``).
"""

from __future__ import annotations

import re

TOKEN = re.compile(rb"""
    (?P<space>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<dict_open><<) | (?P<dict_close>>>)
  | (?P<array_open>\[) | (?P<array_close>\])
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<literal>\()
  | (?P<operator>[A-Za-z'"*][A-Za-z0-9'"*]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
POSITIONING = {b"Td", b"TD", b"Tm", b"T*", b"BT", b"ET", b"'", b'"'}
MAX_FORM_DEPTH = 8


def marked_text(reader) -> dict[tuple[int, int], str]:
    """(page number, MCID) -> the text that marked-content sequence draws."""
    found: dict[tuple[int, int], list[str]] = {}
    for number, page in enumerate(reader.pages):
        contents = page.get_contents()
        if contents is None:
            continue
        reading = _Reading(number, found)
        reading.run(contents.get_data(), _resolved(page.get("/Resources")), 0)
    return {key: " ".join("".join(pieces).split()) for key, pieces in found.items()}


class _Reading:
    """One page's content stream (and the forms it draws), interpreted for its text."""

    def __init__(self, page: int, found: dict):
        self.page, self.found = page, found
        self.marks: list[int | None] = []        # the MCID each open sequence belongs to (None: not tagged)
        self.fonts: dict[int, _Font] = {}
        self.font: _Font | None = None

    def run(self, data: bytes, resources, depth: int) -> None:
        operands: list = []
        stack: list[list] = []                   # open arrays and dicts
        position, end = 0, len(data)
        while position < end:
            match = TOKEN.match(data, position)
            kind, position = match.lastgroup, match.end()
            if kind == "space":
                continue
            if kind == "literal":
                value, position = _literal(data, position)
            elif kind == "hex":
                value = _hex(match.group()[1:-1])
            elif kind in ("array_open", "dict_open"):
                stack.append([])
                continue
            elif kind in ("array_close", "dict_close"):
                items = stack.pop() if stack else []
                value = dict(zip(items[::2], items[1::2])) if kind == "dict_close" else items
            elif kind == "name":
                value = match.group().decode("latin-1")
            elif kind == "number":
                value = float(match.group())
            elif kind == "operator":
                operator = match.group()
                if operator == b"BI":            # an inline image: its data is not content
                    stop = data.find(b"EI", data.find(b"ID", position))
                    position = end if stop < 0 else stop + 2
                else:
                    self.operate(operator, operands, resources, depth)
                operands = []
                continue
            else:
                continue
            (stack[-1] if stack else operands).append(value)

    def operate(self, operator: bytes, operands: list, resources, depth: int) -> None:
        current = self.marks[-1] if self.marks else None
        if operator == b"BDC":
            tag = operands[0] if operands else ""
            properties = operands[1] if len(operands) > 1 else None
            if isinstance(properties, str):
                properties = _resolved(_resolved(resources.get("/Properties")).get(properties))
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            known = isinstance(mcid, (int, float)) and 0 <= mcid < 2**31
            self.marks.append(None if tag == "/Artifact" else int(mcid) if known else current)
        elif operator == b"BMC":
            self.marks.append(None if operands and operands[0] == "/Artifact" else current)
        elif operator == b"EMC":
            if self.marks:
                self.marks.pop()
        elif operator == b"Tf" and operands and isinstance(operands[0], str):
            self.font = self._font(_resolved(resources.get("/Font")).get(operands[0]))
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            if operator in POSITIONING:
                self._add(" ")
            shown = operands[-1] if operands else b""
            for piece in shown if isinstance(shown, list) else [shown]:
                if isinstance(piece, bytes) and self.font is not None:
                    self._add(self.font.text(piece))
        elif operator in POSITIONING:
            self._add(" ")
        elif operator == b"Do" and operands and depth < MAX_FORM_DEPTH:
            form = _resolved(_resolved(resources.get("/XObject")).get(operands[0]))
            if form.get("/Subtype") == "/Form" and hasattr(form, "get_data"):
                saved = self.font
                self.run(form.get_data(), _resolved(form.get("/Resources")) or resources, depth + 1)
                self.font = saved

    def _add(self, text: str) -> None:
        mcid = self.marks[-1] if self.marks else None
        if mcid is not None and text:
            self.found.setdefault((self.page, mcid), []).append(text)

    def _font(self, reference) -> _Font | None:
        if reference is None:
            return None
        font = _resolved(reference)
        key = id(font) if not hasattr(reference, "idnum") else reference.idnum
        if key not in self.fonts:
            self.fonts[key] = _Font(font)
        return self.fonts[key]


class _Font:
    """How a font's codes read as text: its ToUnicode CMap, codes of one byte (simple
    fonts) or of the lengths its CMap's code space says (two for Identity-H)."""

    def __init__(self, font):
        self.map: dict[bytes, str] = {}
        self.lengths = [2] if font.get("/Subtype") == "/Type0" else [1]
        cmap = _resolved(font.get("/ToUnicode"))
        if hasattr(cmap, "get_data"):
            self._read_cmap(cmap.get_data())

    def _read_cmap(self, data: bytes) -> None:
        spaces = re.findall(rb"begincodespacerange(.*?)endcodespacerange", data, re.DOTALL)
        lengths = {len(code) // 2 for block in spaces for code in re.findall(rb"<([0-9A-Fa-f]+)>", block)}
        if lengths:
            self.lengths = sorted(lengths)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
            for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.map[_hex(source)] = _utf16(target)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
            for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                                block):
                first, last, size = int(low, 16), int(high, 16), max(len(low) // 2, 1)
                if last - first > 65535 or last >= 256 ** size:
                    continue
                if target.startswith(b"["):
                    targets = [_utf16(t) for t in re.findall(rb"<([0-9A-Fa-f]*)>", target)]
                    for offset, text in enumerate(targets[:last - first + 1]):
                        self.map[(first + offset).to_bytes(size, "big")] = text
                    continue
                start = _hex(target[1:-1])
                for offset in range(last - first + 1):
                    self.map[(first + offset).to_bytes(size, "big")] = _utf16(_plus(start, offset).hex().encode())

    def text(self, codes: bytes) -> str:
        pieces, position = [], 0
        while position < len(codes):
            for length in self.lengths:
                code = codes[position:position + length]
                if code in self.map:
                    pieces.append(self.map[code])
                    break
            else:
                length = self.lengths[0]
                code = codes[position:position + length]
                if length == 1 and not self.map:
                    pieces.append(code.decode("latin-1"))
            position += length
        return "".join(pieces)


def _hex(digits: bytes) -> bytes:
    """A hex string's bytes (white space ignored; an odd last digit is followed by 0)."""
    try:
        return bytes.fromhex(digits.decode("latin-1"))      # the usual case: whole bytes
    except ValueError:
        pass
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", digits)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _utf16(hex_text: bytes) -> str:
    raw = _hex(hex_text)
    return raw.decode("utf-16-be", "replace") if len(raw) % 2 == 0 else raw.decode("latin-1")


def _plus(start: bytes, offset: int) -> bytes:
    """``start`` with ``offset`` added to its last byte, as a bfrange destination is incremented."""
    if not start:
        return start
    return start[:-1] + bytes([(start[-1] + offset) % 256])


def _literal(data: bytes, position: int) -> tuple[bytes, int]:
    """A literal string whose ``(`` ends before ``position``: its bytes and where it ends."""
    out, depth = bytearray(), 1
    while position < len(data):
        byte = data[position]
        position += 1
        if byte == 0x5C and position < len(data):             # backslash
            following = data[position]
            position += 1
            if following in ESCAPES:
                out += ESCAPES[following]
            elif 0x30 <= following <= 0x37:
                digits = bytes([following])
                while len(digits) < 3 and position < len(data) and 0x30 <= data[position] <= 0x37:
                    digits += bytes([data[position]])
                    position += 1
                out.append(int(digits, 8) % 256)
            elif following in (0x0A, 0x0D):
                if following == 0x0D and position < len(data) and data[position] == 0x0A:
                    position += 1
            else:
                out.append(following)
        elif byte == 0x28:
            depth += 1
            out.append(byte)
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                break
            out.append(byte)
        else:
            out.append(byte)
    return bytes(out), position


def _resolved(value):
    value = value.get_object() if hasattr(value, "get_object") else value
    return value if value is not None else {}
