"""Each checker of ``make check`` fails on an edition with a known defect.

The tiny publication is built once; its French editions pass every checker
(the control), and copies of them with one defect each must fail the checker
that guards against it, with the finding's stable code. The validators are
never skipped: a missing tool fails these tests (CI installs them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from builds import run_build
from conftest import write_project
from validators import remembered

from editions.validate import CHECKERS, tools
from editions.validate.run import check_dist, table, targets_of
from editions.validate.target import Target, finding

TITLE_FR = "Un tout petit livre"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("validate") / "tiny")
    result = run_build(project, "--locales", "fr")
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


REAL_CHECKERS = dict(CHECKERS)


def test_the_tiny_editions_pass_every_checker(dist, monkeypatch):
    remembered(monkeypatch, ("epubcheck", "pdf", "reading-order", "consistency", "nu-html"))
    result = check_dist(dist, progress=lambda line: None)
    assert not result.failed(), table(result)
    assert {checker for (_slug, _tag, _fmt, checker) in result.findings} == set(CHECKERS)
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


def test_ace_fails_an_epub_image_without_alt_text(french, tmp_path, monkeypatch):
    """One Ace run for five EPUBs, while something prints on Node's stdout: the violation goes
    to the EPUB that has it; an EPUB that is no ZIP, a missing one and one whose path Node
    cannot be given fail on their own, and the EPUB after the broken one is still judged."""
    noisy_stdout(monkeypatch, tmp_path)
    epub = french["epub"]
    no_alt = defective(epub, tmp_path, epub_copy(epub, tmp_path, remove_alt))
    not_a_zip = good_copy(epub, tmp_path, "not a zip")
    not_a_zip.path.write_bytes(b"PK but no archive")
    intact = good_copy(epub, tmp_path)
    missing = good_copy(epub, tmp_path, "gone")
    missing.path.unlink()
    not_utf8 = good_copy(epub, tmp_path, os.fsdecode(b"caf\xe9"))
    judged = CHECKERS["ace"].judge([no_alt, not_a_zip, intact, missing, not_utf8])
    broken, unreadable, fine, absent, unnamed = [{i.code for i in issues if i.severity == "error"}
                                                 for issues in judged]
    assert "ace-image-alt" in broken and fine == set()
    assert unreadable == absent == unnamed == {"tool-failed"}
    assert "Ace gave no verdict on " + not_a_zip.path.name in judged[1][0].message
    assert "end of central directory" in judged[1][0].message.split(": ", 1)[1][:30]   # its first line, trimmed
    assert "is missing" in judged[3][0].message
    assert "not UTF-8" in judged[4][0].message
    assert (tmp_path / "reports" / "epub.ace" / "report.json").is_file()
    assert (intact.reports / "epub.ace" / "report.json").is_file()


def good_copy(target: Target, tmp_path: Path, name: str = "a copy, intacte é e\u0301") -> Target:
    """The edition copied unchanged into a folder whose name needs quoting in a URL and holds
    a letter stored decomposed (NFD), which vnu writes composed in its urls."""
    folder = tmp_path / name
    shutil.copytree(target.path.parent, folder)
    return Target(target.locale, target.format, folder / target.path.name, tmp_path / f"reports of {name}",
                  target.siblings)


def errors_in_one_run(checker: str, targets: list[Target]) -> list[set[str]]:
    """The error codes on each of ``targets``, from one run of the checker's tool."""
    return [{issue.code for issue in issues if issue.severity == "error"}
            for issues in CHECKERS[checker].judge(targets)]


def reported_pages(report: Path) -> set[str]:
    from urllib.parse import unquote
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    return {unicodedata.normalize("NFC", unquote(message["url"].removeprefix("file:"))) for message in messages}


def test_nu_checker_fails_invalid_html(french, tmp_path):
    """One run of vnu on the pages: the findings go to the page they are about; a missing
    page, and one whose path is not UTF-8, are errors of their own."""
    html = french["html"]
    page = html_copy(html, tmp_path, lambda text: text.replace("<main", "<main><p><div>stray</p></span>", 1))
    intact = good_copy(html, tmp_path)
    missing = good_copy(html, tmp_path, "gone")
    missing.path.unlink()
    not_utf8 = good_copy(html, tmp_path, os.fsdecode(b"caf\xe9"))    # vnu reported nothing on it: a pass
    not_utf8.path.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    broken, fine, absent, unnamed = errors_in_one_run("nu-html", [defective(html, tmp_path, page), intact, missing,
                                                                  not_utf8])
    assert "nu-error" in broken and fine == set() and absent == unnamed == {"tool-failed"}
    assert reported_pages(tmp_path / "reports" / "html.nu-html.json") == {str(page)}
    assert reported_pages(intact.reports / "html.nu-html.json") <= {unicodedata.normalize("NFC", str(intact.path))}


def noisy_stdout(monkeypatch, tmp_path: Path) -> None:
    """Node programs print on stdout before anything else runs, as a library may (ace-core
    logs some errors there, and more under NODE_ENV=development)."""
    preload = tmp_path / "noisy.cjs"
    preload.write_text('console.log("{a library speaking on stdout");\n', encoding="utf-8")
    monkeypatch.setenv("NODE_OPTIONS", f"--require={preload}")


def test_axe_fails_an_image_without_alt_text_and_a_page_without_main(french, tmp_path, monkeypatch):
    """One browser for five pages, while something prints on Node's stdout: the violations go
    to the page that has them; a page that navigates away, a missing page and one whose path
    Node cannot be given fail on their own, the others are judged."""
    noisy_stdout(monkeypatch, tmp_path)
    html = french["html"]
    page = html_copy(html, tmp_path, lambda text: remove_alt(text).replace("<main", "<div")
                     .replace("</main>", "</div>"))
    intact = good_copy(html, tmp_path)
    leaving = good_copy(html, tmp_path, "leaving")
    leaving.path.write_text(leaving.path.read_text(encoding="utf-8").replace(
        "</head>", '<script>location.replace("about:blank")</script></head>', 1), encoding="utf-8")
    missing = good_copy(html, tmp_path, "gone")
    missing.path.unlink()
    not_utf8 = good_copy(html, tmp_path, os.fsdecode(b"caf\xe9"))
    judged = CHECKERS["axe"].judge([defective(html, tmp_path, page), leaving, intact, missing, not_utf8])
    broken, left, fine, absent, unnamed = [{issue.code for issue in issues if issue.severity == "error"}
                                           for issues in judged]
    assert {"axe-image-alt", "axe-landmark-one-main"} <= broken and fine == set()
    assert left == absent == unnamed == {"tool-failed"}
    assert "index.html" in judged[1][0].message and "is missing" in judged[3][0].message
    assert "not UTF-8" in judged[4][0].message
    assert (intact.reports / "html.axe.json").is_file() and (tmp_path / "reports" / "html.axe.json").is_file()


def test_an_edition_that_is_a_folder_gets_a_finding_saying_so(french, tmp_path):
    folder = tmp_path / "book.epub"
    folder.mkdir()
    [[issue]] = CHECKERS["epubcheck"].judge([defective(french["epub"], tmp_path, folder)])
    assert (issue.code, issue.severity) == ("tool-failed", "error")
    assert issue.message.endswith("book.epub is not a file")


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


def test_a_pdf_is_read_once_for_every_checker_and_again_once_rewritten(tmp_path):
    """The pdf checker and consistency share what was read of a file; the same path written
    anew (an edition rebuilt between two checks) is read anew."""
    import os

    from editions.validate import pdf_read
    from editions.validate.tools import ToolFailure
    path = print_pdf(tmp_path, "Un livre.")
    first = pdf_read.structure(path)
    assert pdf_read.structure(path) is first and pdf_read.facts(path) is pdf_read.facts(path)
    assert pdf_read.facts(path).lang == "fr"
    stamp = path.stat().st_mtime_ns
    rewritten = print_pdf(tmp_path, "Un autre livre, plus long.", lang="en")
    os.utime(rewritten, ns=(stamp, stamp))           # the same time: the size still tells
    assert pdf_read.structure(rewritten) is not first and pdf_read.facts(rewritten).lang == "en"
    assert "Un autre livre" in pdf_read.structure(rewritten).text()
    # Written again with the same size and modification time (as cp -p or rsync -a leave it).
    stamp = rewritten.stat().st_mtime_ns
    rewritten.write_bytes(b"%" * rewritten.stat().st_size)
    os.utime(rewritten, ns=(stamp, stamp))
    with pytest.raises(ToolFailure, match="cannot be read as a PDF"):
        pdf_read.facts(rewritten)


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
    remembered(monkeypatch, ("epubcheck", "pdf", "reading-order", "consistency"))
    result_dist = tmp_path / "dist"
    shutil.copytree(french["html"].path.parent.parent, result_dist)
    result = check_dist(result_dist, progress=lambda line: None)
    missing = {checker for (_slug, _tag, _fmt, checker), issues in result.findings.items()
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


def test_a_first_heading_that_reads_like_the_title_passes_consistency(tmp_path):
    """The first chapter's heading is the publication's title: the HTML, the EPUB
    and the PDF all have it twice (title page, chapter), and every format agrees."""
    from editions.pipeline import BuildRequest, build

    project = write_project(tmp_path / "tiny")
    chapter = project / "content" / "one.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("title: The First Chapter", "title: A Tiny Book"),
                       encoding="utf-8")
    result = build(BuildRequest(workers=1, root=project, locales=("en",)), progress=lambda line: None)
    assert not result.failures, result.failures
    editions = {target.format: target for target in targets_of(project / "dist")}
    for fmt in ("epub", "pdf"):
        assert CHECKERS["consistency"].check(editions[fmt]) == [], fmt
    assert codes("pdf", editions["pdf"]) == set()
    # A heading the EPUB really lacks is still found.
    broken = epub_copy(editions["epub"], tmp_path, lambda text: re.sub(r"<h2[^>]*>A section</h2>", "", text))
    assert "consistency-headings" in codes("consistency", defective(editions["epub"], tmp_path, broken))


def test_validator_output_with_characters_beyond_the_bmp_is_decoded():
    # pdftotext -bbox-layout writes a title's U+20BB7 as two separately encoded surrogates.
    assert tools.decoded("Crab \U0001F980 and ".encode() + b"\xed\xa1\x82\xed\xbe\xb7 Book\r\n") == \
        "Crab \U0001F980 and \U00020BB7 Book\n"
    assert tools.decoded(b"bad \xff byte \xed\xa1\x82") == "bad \ufffd byte \ufffd\ufffd\ufffd"


def test_a_title_beyond_the_bmp_passes_every_checker_of_the_pdf(tmp_path):
    """🦀 (no installed font draws it) only in the document title, 𠮷 (U+20BB7) drawn too."""
    from weasyprint import HTML

    reference = tmp_path / "index.html"
    page = ('<html lang="en"><head><meta charset="utf-8"><title>Crab \U0001F980 and \U00020BB7 Book</title></head>'
            '<body style="font-family: \'Noto Serif\', \'Noto Serif CJK SC\'"><main><h1>Crab and \U00020BB7 Book</h1>'
            '<p>A paragraph about \U00020BB7\u91ce\u5bb6, and crabs.</p></main></body></html>')
    reference.write_text(page, encoding="utf-8")
    path = tmp_path / "book.pdf"
    HTML(string=page).write_pdf(str(path), pdf_tags=True)
    target = Target("en", "pdf", path, tmp_path / "reports", {"html": reference})
    assert {name: CHECKERS[name].check(target) for name in ("pdf", "reading-order", "consistency")} == \
        {"pdf": [], "reading-order": [], "consistency": []}


def test_a_publication_titled_beyond_the_bmp_passes(tmp_path):
    """The title has 𠮷 (U+20BB7), which Noto Serif CJK draws: every format agrees. With 🦀,
    which no installed font draws, the PDF is not built, and the EPUB still agrees."""
    from editions.pipeline import BuildRequest, build
    from editions.validate.contents import epub_contents

    project = write_project(tmp_path / "tiny")
    settings = project / "locales" / "en" / "locale.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        .replace('body: ["Noto Serif"]', 'body: ["Noto Serif", "Noto Serif CJK SC"]')
                        .replace('heading: ["Noto Sans"]', 'heading: ["Noto Sans", "Noto Sans CJK SC"]'),
                        encoding="utf-8")
    metadata = project / "content" / "publication.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace("title: A Tiny Book", "title: The \U00020BB7 Book"),
                        encoding="utf-8")
    result = build(BuildRequest(workers=1, root=project, locales=("en",)), progress=lambda line: None)
    assert not result.failures, result.failures
    editions = {target.format: target for target in targets_of(project / "dist")}
    assert [i for fmt in ("epub", "pdf") for i in CHECKERS["consistency"].check(editions[fmt])] == []
    assert CHECKERS["reading-order"].check(editions["pdf"]) == []
    assert codes("pdf", editions["pdf"]) == set()

    metadata.write_text(metadata.read_text(encoding="utf-8").replace("\U00020BB7", "\U0001F980 and \U00020BB7"),
                        encoding="utf-8")
    result = build(BuildRequest(workers=1, root=project, locales=("en",), formats=("html", "epub")), progress=lambda line: None)
    assert not result.failures, result.failures
    epub = next(t for t in targets_of(project / "dist") if t.format == "epub")
    assert "\U0001F980" in epub_contents(epub.path).title
    assert CHECKERS["consistency"].check(epub) == []


def test_check_validates_a_partly_translated_publication_and_reports_its_coverage(tmp_path, monkeypatch, capsys):
    """French is 27% translated and requires 100%: ``build.py check`` still runs every
    validator on the French editions, shows the shortfall in the coverage column and
    fails; once French requires no more than it has, the same editions pass; a validator
    failing still fails the check."""
    import build as cli

    project = write_project(tmp_path / "tiny")
    # the first check judges for real and its verdicts are kept for the second and third, which
    # judge the same files again (kept for this test only: editions built in any folder are
    # the same bytes, so a verdict from another test's project would write no report here)
    remembered(monkeypatch, tuple(CHECKERS), verdicts={})
    assert cli._check(project, ("fr",)) == 1
    shown = capsys.readouterr().out
    rows = [line.split() for line in shown.splitlines() if line.startswith("fr ")]
    assert [row[:3] for row in rows if row[1] in ("html", "epub", "pdf")] == \
        [["fr", "html", "27%<100%"], ["fr", "epub", "27%<100%"], ["fr", "pdf", "27%<100%"]]
    by_format = {row[1]: row[3:] for row in rows}       # epubcheck ace nu-html axe pdf reading-order consistency
    assert by_format["pdf"][4:] == ["0/0", "0/0", "0/0"] and by_format["epub"][:2] == ["0/0", "0/0"]
    assert "fr: coverage 27% is below the required 100%" in shown and "0 failing" in shown
    assert (project / "build" / "reports" / "fr" / "pdf.reading-order.txt").is_file()   # the validators ran

    settings = project / "locales" / "fr" / "locale.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("required-coverage: 1.0", "required-coverage: 0.25"),
                        encoding="utf-8")
    assert cli._check(project, ("fr",)) == 0
    assert [line.split()[2] for line in capsys.readouterr().out.splitlines()
            if line.startswith("fr ") and line.split()[1] in ("html", "epub", "pdf")] == ["27%"] * 3

    monkeypatch.setattr(tools, "NODE_MODULES", tmp_path / "nowhere")
    for name in ("ace", "nu-html", "axe"):            # these must now run, and find no tool
        monkeypatch.setitem(CHECKERS, name, REAL_CHECKERS[name])
    assert cli._check(project, ("fr",)) == 1


def test_a_checker_that_crashes_is_an_error_and_the_others_still_run(french, tmp_path, monkeypatch):
    from editions.validate import Checker

    def broken(target):
        raise UnicodeDecodeError("utf-8", b"\xed", 0, 1, "invalid continuation byte")
    monkeypatch.setitem(CHECKERS, "consistency", Checker(("epub", "pdf"), broken))
    monkeypatch.setitem(CHECKERS, "ace", Checker(("epub",), lambda target: []))
    monkeypatch.setitem(CHECKERS, "axe", Checker(("html",), lambda target: []))
    remembered(monkeypatch, ("epubcheck", "pdf", "reading-order", "nu-html"))
    result_dist = tmp_path / "dist"
    shutil.copytree(french["html"].path.parent.parent, result_dist)
    result = check_dist(result_dist, progress=lambda line: None)
    crashed = {(fmt, checker) for (_slug, _tag, fmt, checker), issues in result.findings.items()
               if any(i.code == "checker-crashed" for i in issues)}
    assert crashed == {("epub", "consistency"), ("pdf", "consistency")} and result.failed()
    assert result.findings[("", "fr", "pdf", "reading-order")] == []


def test_a_checker_that_reads_many_files_runs_once_per_check(tmp_path, monkeypatch):
    """``check_all`` is given every edition of its format at once, its findings land on the
    edition each is about, and a tool that fails gives each of them an error finding."""
    from editions.validate import Checker
    from editions.validate.tools import ToolFailure

    project = write_project(tmp_path / "tiny")
    assert run_build(project, "--formats", "html").returncode == 0
    calls = []

    def judge_all(targets):
        calls.append([target.locale for target in targets])
        return [[finding(target, "seen", "warning", target.locale)] for target in targets]

    def fail_all(targets):
        raise ToolFailure("tool-missing", "no such tool")
    monkeypatch.setattr("editions.validate.run.CHECKERS", {
        "many": Checker(("html",), lambda target: [], check_all=judge_all),
        "broken": Checker(("html",), lambda target: [], check_all=fail_all)})
    result = check_dist(project / "dist", progress=lambda line: None)
    assert calls == [["ar", "en", "fr"]]
    assert {key[1]: [issue.message for issue in issues] for key, issues in result.findings.items()
            if key[-1] == "many"} == {"ar": ["ar"], "en": ["en"], "fr": ["fr"]}
    assert {key[1]: [issue.code for issue in issues] for key, issues in result.findings.items()
            if key[-1] == "broken"} == {tag: ["tool-missing"] for tag in ("ar", "en", "fr")}
    # build.py check --locales en,fr judges those locales' editions only
    chosen = check_dist(project / "dist", progress=lambda line: None, locales=("en", "fr"))
    assert calls[-1] == ["en", "fr"] and {key[1] for key in chosen.findings} == {"en", "fr"}
    # an edition whose file is missing is not given to the tool, and fails on its own
    next(target for target in targets_of(project / "dist") if target.locale == "en").path.unlink()
    without = check_dist(project / "dist", progress=lambda line: None)
    assert calls[-1] == ["ar", "fr"]
    assert [issue.code for issue in without.findings[("", "en", "html", "many")]] == ["tool-failed"]


def test_marked_content_text_maps_codes_through_the_fonts_cmap():
    """The text a structure element points at: codes through the font's ToUnicode CMap (a
    surrogate pair for U+20BB7 included), per MCID, artifacts left out."""
    from editions.validate.pdf_marked import _Font, _Reading

    class Stream(dict):
        def get_data(self):
            return (b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                    b"2 beginbfchar <0003> <0020> <0A0B> <D842DFB7> endbfchar\n"
                    b"1 beginbfrange <0010> <0012> <0041> endbfrange")
    font = _Font({"/Subtype": "/Type0", "/ToUnicode": Stream()})
    assert font.text(bytes.fromhex("0010001100030A0B")) == "AB \U00020BB7"
    found: dict = {}
    reading = _Reading(0, found)
    reading.font = font
    reading.run(b"/Span <</MCID 3>> BDC BT [<0010>-20<0011>] TJ 0 -14 Td <0A0B> Tj ET EMC "
                b"/Artifact BMC BT [<0012>] TJ ET EMC /P <</MCID 4>> BDC BT <0012> Tj ET EMC", {}, 0)
    assert {key: "".join(pieces).split() for key, pieces in found.items()} == \
        {(0, 3): ["AB", "\U00020BB7"], (0, 4): ["C"]}
