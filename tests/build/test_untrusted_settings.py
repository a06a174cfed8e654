"""Hostile settings in publication.yaml, as the command meets them: one line naming file and
line, a non-zero exit, no traceback, nothing written outside dist/ and nothing built lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from builds import run_build
from conftest import write_project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project one level down in its own folder, its English HTML edition built once."""
    root = write_project(tmp_path_factory.mktemp("untrusted") / "a" / "b" / "c" / "d" / "P")
    result = run_build(root, "--formats", "html", "--locales", "en")
    assert result.returncode == 0, result.stderr
    return root


def alias_bomb() -> str:
    lines = ['a0: &a0 "lol"'] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 8)]
    return "\n".join(lines) + "\ntitle: *a7\n"


CASES = {
    "slug-up": ("slug: ../../../../escaped\n", "slug '../../../../escaped' is not a file name an edition can have"),
    "slug-absolute": ('slug: "/tmp/x/abs"\n', "slug '/tmp/x/abs' is not a file name an edition can have"),
    "slug-markup": ('slug: "a b<script>"\n', "slug 'a b<script>' is not a file name an edition can have"),
    "base-url": ('base-url: "javascript:alert(document.domain)//"\n',
                 "base-url: 'javascript:alert(document.domain)//' is not a web address"),
    "site-url": ('site-url: "javascript:alert(1)"\n', "site-url: 'javascript:alert(1)' is not a web address"),
    "alias-bomb": (alias_bomb(), "invalid YAML: YAML aliases (*name) are not read in this file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_setting_is_one_line_and_loses_nothing(built, case):
    added, message = CASES[case]
    config = built / "content" / "publication.yaml"
    before = config.read_text(encoding="utf-8")
    page = built / "dist" / "en" / "index.html"
    published = page.read_bytes()
    config.write_text(before.replace("title: A Tiny Book\n", "") if case == "alias-bomb" else before,
                      encoding="utf-8")
    with config.open("a", encoding="utf-8") as file:
        file.write(added)
    line = config.read_text(encoding="utf-8").splitlines().index(added.splitlines()[0]) + 1 + (case == "alias-bomb")
    try:
        result = run_build(built, "--formats", "html", "--locales", "en")
    finally:
        config.write_text(before, encoding="utf-8")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [printed] = result.stderr.splitlines()
    assert printed.startswith(f"error: content/publication.yaml:{line}: {message}")
    assert page.read_bytes() == published
    outside = [p for p in built.parents[3].rglob("*") if "escaped" in p.name or p.name.startswith("abs.")]
    assert outside == []
