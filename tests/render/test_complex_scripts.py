"""Complex scripts read back from the PDF: Indic and Southeast Asian text, whose
glyphs are reordered, split and merged against its characters, is given back
by ``pdftotext`` word for word, in order, because each line of it carries its
text as ActualText (``render.pdf_unicode.actual_text``). The PDFs are written by
the project's own path (``render.pdf.write_pdf``); the fonts are the Noto fonts
the locales choose (fonts-noto-core)."""

from __future__ import annotations

import re
import subprocess

import pytest

from editions.render.pdf import write_pdf
from editions.render.pdf_unicode import actual_text, complex_script, visual_text
from editions.validate.pdf_read import structure
from editions.validate.reading_order import misreadings, words
from editions.validate.text import drawn_as

# Words whose glyphs are not their characters in order: a reordered vowel sign
# (i, e, o), a reph, a split vowel, a conjunct, a subscript consonant.
SCRIPTS = {
    "hi": ("Noto Serif Devanagari", "हिन्दी दोनों मिलकर गर्मी क्यारियों वसंत उन्होंने कद्दू व्यक्ति टंकियों"),
    "mr": ("Noto Sans Devanagari", "मराठी भाषा आणि महाराष्ट्र"),
    "bn": ("Noto Serif Bengali", "বাংলা ভাষা কোথায় শিক্ষা বৈশাখ"),
    "pa": ("Noto Serif Gurmukhi", "ਪੰਜਾਬੀ ਕਿਤਾਬ"),
    "gu": ("Noto Serif Gujarati", "ગુજરાતી કિતાબ"),
    "or": ("Noto Sans Oriya", "ଓଡ଼ିଆ ଭାଷା କି"),
    "ta": ("Noto Serif Tamil", "தமிழ் மொழி கொண்டு பேச்சு கை"),
    "te": ("Noto Serif Telugu", "తెలుగు భాష కి"),
    "kn": ("Noto Serif Kannada", "ಕನ್ನಡ ಭಾಷೆ ಕಿ"),
    "ml": ("Noto Serif Malayalam", "മലയാളം ഭാഷ കൊ"),
    "si": ("Noto Serif Sinhala", "සිංහල භාෂාව කො"),
    "th": ("Noto Serif Thai", "ภาษาไทย น้ำ ที่ ผู้ใหญ่ ทำ"),
    "lo": ("Noto Serif Lao", "ພາສາລາວ ນ້ຳ"),
    "km": ("Noto Serif Khmer", "ភាសាខ្មែរ ស្រី កម្ពុជា"),
    "my": ("Noto Serif Myanmar", "မြန်မာဘာသာ ကျေးဇူး"),
}


def page(lang: str, font: str, body: str, style: str = "") -> str:
    return (f'<html lang="{lang}"><head><meta charset="utf-8"><title>t</title></head>'
            f'<body style="font-family: \'{font}\'; {style}">{body}</body></html>')


def project_pdf(path, html: str):
    """``html`` laid out and written as the PDF edition is."""
    from weasyprint import HTML

    write_pdf(HTML(string=html).render(pdf_tags=True), path)
    return path


def read_back(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def content(path) -> bytes:
    from pypdf import PdfReader

    return b"".join(p.get_contents().get_data() for p in PdfReader(str(path)).pages)


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_each_complex_script_reads_back_word_for_word(lang, tmp_path):
    font, text = SCRIPTS[lang]
    pdf = project_pdf(tmp_path / f"{lang}.pdf", page(lang, font, f"<p>{text}</p>"))
    assert read_back(pdf).split() == text.split()


def test_without_actual_text_devanagari_reads_back_out_of_order(tmp_path):
    """WeasyPrint's own text layer, ToUnicode maps corrected: the reordered i
    sign comes first. When this passes, the ActualText is not needed any more."""
    from weasyprint import HTML

    font, text = SCRIPTS["hi"]
    pdf = tmp_path / "raw.pdf"
    HTML(string=page("hi", font, f"<p>{text}</p>")).write_pdf(str(pdf), pdf_tags=True, finisher=visual_text)
    read = read_back(pdf)
    assert "हिन्दी" not in read.split() and "ि" in read
    assert misreadings(words(text, False), words(read, False))


def test_a_paragraph_over_several_lines_with_inline_styles_latin_and_digits_reads_back_in_order(tmp_path):
    text = ("<p>हमारे बगीचे में <b>दोनों</b> परिवार मिलकर क्यारियाँ बनाते हैं, और Editions 2024 "
            "की गर्मी में हर शनिवार को हिस्सा लेते हैं। उन्होंने कद्दू, फलियाँ और मिर्च उगाईं।</p>"
            "<p>दूसरा <i>अनुच्छेद</i>: <a href='https://example.org'>व्यक्ति</a> के <code>code</code> लिए "
            "भोजन<sup>2</sup>।</p>")
    pdf = project_pdf(tmp_path / "hi.pdf", page("hi", "Noto Serif Devanagari", text, "width: 12em"))
    read = read_back(pdf)
    written = re.sub(r"<[^>]+>", "", text.replace("</p>", "\n"))
    assert len([line for line in read.splitlines() if line.strip()]) > 4      # it does break lines
    assert misreadings(words(written, False), words(read, False)) == []
    assert read.split() == written.split()                                  # no space inside a word
    assert "  " not in read                                                  # nor one more between


def test_a_right_to_left_run_in_a_complex_script_line_reads_back_in_logical_order(tmp_path):
    """The line's ActualText is in visual order, a right-to-left run reversed, as
    the extractor expects: it turns right-to-left text around."""
    text = "हिन्दी में שלום עולם और office फ़ाइल"
    pdf = project_pdf(tmp_path / "hi.pdf", page("hi", "Noto Serif Devanagari", f"<p>{text}</p>"))
    read = read_back(pdf)
    assert "שלום עולם" in read and "हिन्दी में" in read and "office फ़ाइल" in read
    assert misreadings(words(text, False), words(read, False)) == []


def test_a_soft_hyphen_reads_back_as_nothing_and_as_the_hyphen_drawn_at_a_break(tmp_path):
    word = "क्यारियोंक्यारि\u00adयोंक्यारियों"
    text = " ".join([word] * 6)
    pdf = project_pdf(tmp_path / "hi.pdf", page("hi", "Noto Serif Devanagari",
                                                f"<p style='hyphens: manual'>{text}</p>", "width: 7em"))
    read = read_back(pdf)
    assert "\u00ad" not in read and "क्यारि\u2010\n" in read            # broken at the soft hyphen
    assert misreadings(words(text, False), words(read, False)) == []


def test_a_tagged_pdf_gives_the_line_in_its_marked_content_and_keeps_its_structure_text(tmp_path):
    """The ActualText goes into the property list of the text box's own tagged
    sequence: a span nested in it would end it for poppler's structure reader,
    which then loses the rest of the line (``validate.pdf_read.structure``)."""
    font, text = SCRIPTS["hi"]
    pdf = project_pdf(tmp_path / "hi.pdf", page("hi", font, f"<p>{text}</p>"))
    stream = content(pdf)
    assert re.search(rb"/Span\s*<</MCID \d+\s*/ActualText <feff[0-9a-f]+>>>\s*BDC", stream)
    assert stream.count(b"BDC") == stream.count(b"EMC")
    assert stream.count(b"/ActualText") == 1
    paragraph = next(e for e in structure(pdf).walk() if e.type == "P")
    assert drawn_as(text, paragraph.text())       # every glyph's text still inside the element


def test_an_untagged_pdf_gets_a_span_of_its_own(tmp_path):
    from weasyprint import HTML

    font, text = SCRIPTS["th"]
    pdf = tmp_path / "th.pdf"
    with actual_text():
        HTML(string=page("th", font, f"<p>{text}</p>")).write_pdf(str(pdf), finisher=visual_text)
    stream = content(pdf)
    assert re.search(rb"BT\s*/Span\s*<</ActualText <feff[0-9a-f]+>>>\s*BDC", stream)
    assert b"MCID" not in stream and stream.count(b"BDC") == stream.count(b"EMC") == 1
    assert read_back(pdf).split() == text.split()


def test_latin_right_to_left_and_cjk_lines_are_left_as_they_were(tmp_path):
    body = ("<p lang='en'>An office of fine affinity.</p><p lang='ar' dir='rtl' style=\"font-family: "
            "'Noto Naskh Arabic'\">إلى ثانيًا كاملًا</p><p lang='he' dir='rtl' style=\"font-family: "
            "'Noto Serif Hebrew'\">שלום עולם</p><p lang='ja' style=\"font-family: 'Noto Serif CJK JP'\">"
            "こんにちは世界。</p>")
    pdf = project_pdf(tmp_path / "mixed.pdf", page("en", "Noto Serif", body))
    assert b"/ActualText" not in content(pdf)
    read = read_back(pdf)
    assert "An office of fine affinity." in read and "こんにちは世界。" in read and "שלום" in read


def test_the_wrapped_drawing_does_nothing_outside_the_context(tmp_path):
    """The wrapper stays installed once used; only an open ``actual_text`` adds text."""
    from weasyprint import HTML
    from weasyprint.draw import text as draw_text

    with actual_text():
        pass
    assert getattr(draw_text.draw_first_line, "actual_text", False), \
        "WeasyPrint no longer draws a line through draw.text.draw_first_line"
    pdf = tmp_path / "plain.pdf"
    HTML(string=page("hi", "Noto Serif Devanagari", "<p>हिन्दी</p>")).write_pdf(str(pdf), pdf_tags=True)
    assert b"/ActualText" not in content(pdf)


def test_complex_scripts_are_the_indic_and_southeast_asian_ones():
    assert all(complex_script(text) for _font, text in SCRIPTS.values())
    assert complex_script("𑀅𑀲𑁄𑀓")                              # Brahmi
    assert not any(complex_script(t) for t in ("office", "Γειά", "Привет", "שלום", "عربي", "漢字かな", "안녕",
                                               "ሰላም", "Բարեւ", "გამარჯობა"))
