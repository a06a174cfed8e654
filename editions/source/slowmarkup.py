"""Markdown that pandoc reads slowly, found before pandoc is asked to read it.

pandoc's Markdown reader takes exponential time on some short texts: square brackets
nested or left open within one paragraph (pandoc issue #1735, open since 2014: measured
here with pandoc 3.9, ``[[[[[[[[x]]]]]]]]`` 0.7 s, nine deep 1.9 s, ten 4.7 s, eleven 15 s;
twelve ``[0, 1),`` in a row 0.85 s), and it slows with about the cube of a list's depth
(300 levels 0.9 s, 600 levels 6 s, 2,000 levels 281 s). ``deepest_brackets`` and
``deep_indent`` find those in a text; a text that is slow for another reason meets the time
bound of every pandoc run (``pandoc.run_bytes``).

Lines are split as pandoc splits them (at ``\\n``, ``\\r\\n``), not at the other breaks
``str.splitlines`` knows (form feed, U+2028), so line numbers are pandoc's.
"""

from __future__ import annotations

import re

# Lists nest by indentation, two columns a level at least, and block quotes by ``>``. A
# chapter may nest 64 elements (formats.MAX_NESTING): no text a build keeps needs a line
# indented this far outside fenced code.
MAX_INDENT = 256
# Brackets nested or open this deep within one paragraph cost pandoc up to 0.7 s (see above);
# each level more multiplies that by two or three. No real sentence comes near.
MAX_BRACKETS = 8

_INDENT = re.compile(r"[ \t>]*")
_DEEP_ENOUGH = re.compile(r"^[ \t>]{%d,}" % (MAX_INDENT // 4), re.MULTILINE)   # a tab counts 4 columns
# A fence may follow block quote markers and a list item's marker (``1. ```python``).
_FENCE = re.compile(r"[ \t>]*(?:(?:[-+*]|\d+[.)])[ \t]+)?(`{3,}|~{3,})")
# What pandoc's reader takes whole before it looks at a bracket inside: a code span (its
# closing run of backticks as long as the opening one) and TeX math between dollars.
_CODE_OR_MATH = re.compile(r"(`+)[\s\S]*?[^`]\1(?!`)|\$\$[\s\S]+?\$\$|\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)")


def pandoc_lines(text: str) -> list[str]:
    """``text``'s lines as pandoc splits them, each line of a fenced code block (its fences
    included) left empty: code is never read as lists or brackets."""
    lines = text.replace("\r\n", "\n").split("\n")
    fence = ""
    for number, line in enumerate(lines):
        marker = _FENCE.match(line)
        if fence:
            lines[number] = ""
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) \
                    and not line[marker.end():].strip():
                fence = ""
        elif marker and not (marker.group(1)[0] == "`" and "`" in line[marker.end():]):
            # (a backtick fence's info string holds no backtick: ```x``` is inline code)
            fence, lines[number] = marker.group(1), ""
    return lines


def deep_indent(text: str) -> int | None:
    """The number (from 1) of the first line of ``text`` outside fenced code whose indentation
    (spaces, tabs to the next multiple of 4, and block quote markers) passes ``MAX_INDENT``
    columns before some text, or None."""
    if not _DEEP_ENOUGH.search(text):
        return None
    for number, line in enumerate(pandoc_lines(text), 1):
        indent = _INDENT.match(line).group(0)
        if len(indent) < len(line.rstrip()) and len(indent.expandtabs(4)) > MAX_INDENT:
            return number
    return None


def deepest_brackets(text: str) -> tuple[int, int]:
    """(depth, line number from 1) of the deepest nesting of square brackets in ``text``
    within one paragraph, outside code and math, as pandoc's reader looks for their ends: an
    escaped bracket does not count, an unclosed ``[`` counts until its paragraph ends; (0, 0)
    for a text without one."""
    if "[" not in text:
        return 0, 0
    outside = _CODE_OR_MATH.sub(lambda found: "\n" * found.group(0).count("\n"), "\n".join(pandoc_lines(text)))
    depth = deepest = deepest_line = 0
    for number, line in enumerate(outside.split("\n"), 1):
        if not line.strip():
            depth = 0                      # a paragraph ends
        for bracket in re.findall(r"\\.|[][]", line):
            if bracket == "[":
                depth += 1
                if depth > deepest:
                    deepest, deepest_line = depth, number
            elif bracket == "]":
                depth = max(depth - 1, 0)
    return deepest, deepest_line
