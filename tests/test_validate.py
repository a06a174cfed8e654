"""Each checker of ``make check`` fails on an edition with a known defect.

The tiny publication is built once; its French editions pass every checker
(the control), and copies of them with one defect each must fail the checker
that guards against it, with the finding's stable code. The validators are
never skipped: a missing tool fails these tests (CI installs them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, write_project

from editions.validate import CHECKERS, tools
from editions.validate.run import check_dist, table, targets_of
from editions.validate.target import Target

TITLE_FR = "Un tout petit livre"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("validate") / "tiny")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project),
                             "--locales", "fr"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project / "dist"


@pytest.fixture(scope="module")
def french(dist) -> dict[str, Target]:
    return {target.format: target for target in targets_of(dist) if target.locale == "fr"}


def defective(target: Target, tmp_path: Path, path: Path) -> Target:
    """The same edition slot, pointing at a defective copy."""
    return Target(target.locale, target.format, path, tmp_path / "reports", target.siblings)


def codes(checker: str, target: Target) -> set[str]:
    return {issue.code for issue in CHECKERS[checker].check(target) if issue.severity == "error"}


def html_copy(target: Target, tmp_path: Path, edit) -> Path:
    """A copy of the HTML edition's folder with its page edited."""
    folder = tmp_path / "html"
    shutil.copytree(target.path.parent, folder)
    page = folder / target.path.name
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    return page


def epub_copy(target: Target, tmp_path: Path, edit, drop: str = "") -> Path:
    """A copy of the EPUB with every XHTML member edited and ``drop`` left out."""
    copy = tmp_path / target.path.name
    with zipfile.ZipFile(target.path) as book, zipfile.ZipFile(copy, "w") as out:
        for info in book.infolist():
            if info.filename == drop:
                continue
            data = book.read(info)
            if info.filename.endswith(".xhtml"):
                data = edit(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data, compress_type=info.compress_type)
    return copy


def remove_alt(text: str) -> str:
    return re.sub(r'(<img\b[^>]*?)\s+alt="[^"]*"', r"\1", text)


def test_the_tiny_editions_pass_every_checker(dist):
    result = check_dist(dist, progress=lambda line: None)
    assert not result.failed(), table(result)
    assert {checker for (_tag, _fmt, checker) in result.findings} == set(CHECKERS)
    reports = dist.parent / "build" / "reports"
    assert (reports / "findings.json").is_file() and (reports / "fr" / "epub.ace").is_dir()
    assert not (dist / "reports").exists()


def test_epubcheck_fails_a_broken_epub(french, tmp_path):
    epub = french["epub"]
    image = next(n for n in zipfile.ZipFile(epub.path).namelist() if n.endswith(".png"))
    broken = epub_copy(epub, tmp_path, lambda text: text.replace("</p>", "</div>", 1), drop=image)
    found = codes("epubcheck", defective(epub, tmp_path, broken))
    assert "epubcheck-RSC-001" in found          # a manifest item missing from the container
    assert "epubcheck-RSC-016" in found          # a content document that is not well-formed XML


def test_ace_fails_an_epub_image_without_alt_text(french, tmp_path):
    epub = french["epub"]
    assert "ace-image-alt" in codes("ace", defective(epub, tmp_path, epub_copy(epub, tmp_path, remove_alt)))


def test_nu_checker_fails_invalid_html(french, tmp_path):
    html = french["html"]
    page = html_copy(html, tmp_path, lambda text: text.replace("<main", "<main><p><div>stray</p></span>", 1))
    assert "nu-error" in codes("nu-html", defective(html, tmp_path, page))


def test_axe_fails_an_image_without_alt_text_and_a_page_without_main(french, tmp_path):
    html = french["html"]
    page = html_copy(html, tmp_path, lambda text: remove_alt(text).replace("<main", "<div")
                     .replace("</main>", "</div>"))
    found = codes("axe", defective(html, tmp_path, page))
    assert {"axe-image-alt", "axe-landmark-one-main"} <= found


def print_pdf(tmp_path: Path, body: str, lang: str = "fr", tags: bool = True) -> Path:
    from weasyprint import HTML

    path = tmp_path / "defect.pdf"
    page = (f'<html lang="{lang}"><head><title>{TITLE_FR}</title></head>'
            f'<body style="font-family: \'Noto Serif\'"><h1>{TITLE_FR}</h1><p>{body}</p></body></html>')
    HTML(string=page).write_pdf(str(path), pdf_tags=tags)
    return path


def test_pdf_checker_fails_a_character_drawn_as_missing_glyph(french, tmp_path):
    # U+10FFFD is a private-use character no installed font has: WeasyPrint draws .notdef.
    path = print_pdf(tmp_path, "Un livre \U0010FFFD")
    assert "pdf-missing-glyph" in codes("pdf", defective(french["pdf"], tmp_path, path))
    # The same page without that character: the finding goes with the glyph.
    path = print_pdf(tmp_path, "Un livre")
    assert "pdf-missing-glyph" not in codes("pdf", defective(french["pdf"], tmp_path, path))


def test_pdf_checker_fails_an_untagged_pdf_with_the_wrong_language(french, tmp_path):
    path = print_pdf(tmp_path, "Un livre.", lang="en", tags=False)
    found = codes("pdf", defective(french["pdf"], tmp_path, path))
    assert {"pdf-not-tagged", "pdf-wrong-lang"} <= found


def test_pdf_checker_fails_a_figure_without_alt_text(french, tmp_path):
    image = (french["html"].path.parent / "img" / "photo.png").as_uri()
    path = print_pdf(tmp_path, f'</p><figure><img src="{image}"><figcaption>Légende</figcaption></figure><p>')
    assert "pdf-figure-no-alt" in codes("pdf", defective(french["pdf"], tmp_path, path))


def test_consistency_fails_a_caption_and_a_title_that_differ(french, tmp_path):
    epub = french["epub"]
    changed = epub_copy(epub, tmp_path, lambda text: text.replace("Une légende de la figure.", "Autre chose."))
    assert "consistency-captions" in codes("consistency", defective(epub, tmp_path, changed))
    pdf = print_pdf(tmp_path, "Un livre.").rename(tmp_path / "other.pdf")
    found = codes("consistency", defective(french["pdf"], tmp_path, pdf))
    assert {"consistency-headings", "consistency-figures", "consistency-captions"} <= found


def test_a_validator_that_cannot_run_is_an_error_not_a_pass(french, tmp_path, monkeypatch):
    monkeypatch.setattr(tools, "NODE_MODULES", tmp_path / "nowhere")
    monkeypatch.setattr(tools, "CHROMIUM", str(tmp_path / "no-chromium"))
    result_dist = tmp_path / "dist"
    shutil.copytree(french["html"].path.parent.parent, result_dist)
    result = check_dist(result_dist, progress=lambda line: None)
    missing = {checker for (_tag, _fmt, checker), issues in result.findings.items()
               if any(i.code == "tool-missing" for i in issues)}
    assert missing == {"ace", "nu-html", "axe"} and result.failed()


def test_pdf_checker_fails_a_structure_tree_unlike_the_edition(french, tmp_path):
    image = (french["html"].path.parent / "img" / "photo.png").as_uri()
    figure = f'</p><figure><img src="{image}" alt="Autre chose"><figcaption>Légende</figcaption></figure><p>'
    found = codes("pdf", defective(french["pdf"], tmp_path, print_pdf(tmp_path, figure)))
    assert {"pdf-structure-headings", "pdf-structure-figures"} <= found


def test_a_list_split_by_a_page_break_counts_once_with_its_split_item():
    from editions.validate.pdf_read import Element
    from editions.validate.pdf_structure import _list_lengths

    def listing(items: int) -> Element:
        return Element("L", [Element("LI") for _ in range(items)])
    tree = Element("Document", [Element("Part", [Element("P"), listing(3)]),
                                Element("Part", [listing(6), Element("P"), listing(2)])])
    assert _list_lengths(tree) == [(8, 9), (2, 2)]


def test_consistency_fails_metadata_and_a_coverage_line_that_differ(french, tmp_path):
    epub = french["epub"]
    changed = epub_copy(epub, tmp_path, lambda text: re.sub(
        r'(<p class="coverage">)[^<]*', r"\g<1>99 %", text))
    assert "consistency-coverage" in codes("consistency", defective(epub, tmp_path, changed))
    # A PDF without the edition's author, description or coverage line.
    pdf = print_pdf(tmp_path, "Un livre.", lang="en").rename(tmp_path / "bare.pdf")
    found = codes("consistency", defective(french["pdf"], tmp_path, pdf))
    assert {"consistency-author", "consistency-language", "consistency-coverage"} <= found
    assert "consistency-coverage" not in codes("consistency", french["pdf"])
