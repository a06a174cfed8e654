"""What pandoc reads slowly, found before it reads: lines indented as lists hundreds deep,
and brackets nested or left open within a paragraph, outside code and math."""

from __future__ import annotations

import pytest

from editions.source.slowmarkup import deep_indent, deepest_brackets

FAR = " " * 300


@pytest.mark.parametrize("text, deep", [
    (" " * 256 + "x", None),                                   # at the limit
    (" " * 257 + "x", 1),
    ("\t" * 64 + "x\n" + "\t" * 64 + " x", 2),                 # a tab counts 4 columns
    ("> " + "  " * 200 + "- x", 1),                            # a list in a block quote
    (">" * 300 + " deep", 1),                                  # block quotes nest too
    ("```python\n" + FAR + "x\n```\n" + FAR + "y", 4),          # code, then a line after it
    ("````\n```\n" + FAR + "x\n````", None),                   # a shorter fence does not close it
    ("~~~\n```\n" + FAR + "x\n", None),                       # nor one of the other character; unclosed
    ("  ```\n" + FAR + "x\n  ``` \n", None),                    # fences may be indented, closed with spaces
    ("1. ```\n" + FAR + "x\n   ```", None),                    # a fence on a list item's line
    ("> ```\n> " + FAR + "x\n> ```", None),                    # and in a block quote
    ("```x```\n" + FAR + "- y", 2),                            # inline code, not a fence
    ("Intro.\f```\n" + FAR + "- y", 2),                        # a form feed breaks no line for pandoc
    ("One\u2028two\u2028three\n" + FAR + "- y", 2),             # nor U+2028
    ("a\r\n" + FAR + "- y", 2),
    ("Text\n" + FAR + "\nmore", None),                        # a line of spaces alone is a blank line
])
def test_deep_indent_finds_the_first_line_indented_too_far_outside_fenced_code(text, deep):
    assert deep_indent(text) == deep


@pytest.mark.parametrize("text, deepest", [
    ("no brackets", (0, 0)),
    ("a [link](x) and [b [c]]", (2, 1)),
    ("one\n\\[[[x]]] two\n[[[[y", (4, 3)),          # an escaped one does not count, unclosed ones do
    ("[a\\\n[b\n[c]]]", (3, 3)),                    # a backslash before a line break escapes no bracket
    ("[a] `[[[[[[x]]]]]]` and ``[[[`[[[`` $[[[[[[y]]]]]]$\n$$[[[\n[[[$$\n[[b]]", (2, 4)),   # code, math
    ("[a [b\n\n[c", (2, 1)),                         # open ones count until their paragraph ends
    ("[a [b\n   \n[c", (2, 1)),
    ("```\n[[[[[[[[[[x]]]]]]]]]]\n```\n[y]", (1, 4)),     # fenced code
    ("Les intervalles " + "[0, 1), " * 6 + "couvrent [0, 6).", (7, 1)),
])
def test_deepest_brackets_gives_the_depth_and_its_line(text, deepest):
    assert deepest_brackets(text) == deepest
