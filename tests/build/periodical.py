"""A small periodical for the tests: two issues of a garden letter, in English with French
and Arabic (right to left) memories holding the translations of issue 1 only. Issue 2
repeats two paragraphs of issue 1 (``REPEATED``); with ``figure``, each issue ends with a
figure (``FIGURE``, its image in the issue's folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, png_bytes, tmx

ISSUE = """title: {title}
author: Ann Gardener
date: {date}
lang: en
description: {description}
series: {{title: Garden Letter, number: {number}}}
chapters:
  - letter.md
"""

REPEATED = ["Tomatoes need warm nights before they go outside.",
            "Water seedlings in the morning, never at dusk."]

ISSUES = {
    "2025-01": {"title": "Spring Planting", "date": "2025-01-15", "number": 1,
                "description": "Notes for the spring garden.",
                "paragraphs": ["Sow peas as soon as the soil can be worked.", *REPEATED]},
    "2025-02": {"title": "Summer Care", "date": "2025-02-15", "number": 2,
                "description": "Notes for the summer garden.",
                "paragraphs": ["Mulch keeps the roots cool through July.", *REPEATED]},
}

FIGURE = '![A seed tray on a sill.](tray.png){#fig-tray alt="Seedlings in a tray." credit="Ann Gardener"}'

TRANSLATIONS = {   # issue 1's units, as translated for issue 1
    "fr": ["Plantations de printemps", "Notes pour le jardin de printemps.",
           "Semez les pois dès que la terre se travaille.",
           "Les tomates veulent des nuits chaudes avant de sortir.",
           "Arrosez les semis le matin, jamais au crépuscule."],
    "ar": ["زراعة الربيع", "ملاحظات لحديقة الربيع.", "ازرع البازلاء حالما يمكن حرث التربة.",
           "تحتاج الطماطم إلى ليال دافئة قبل أن تخرج.", "اسق الشتلات في الصباح، لا عند الغسق أبدا."],
}


def write_periodical(root: Path, issues: tuple[str, ...] = tuple(ISSUES), covers: bool = True,
                     figure: bool = False) -> Path:
    """The periodical's ``issues`` and its locales en, fr and ar under ``root``; each issue
    with a cover of its own size (``cover.png``) when ``covers``, ending with ``FIGURE``
    (``tray.png``) when ``figure``."""
    for number, slug in enumerate(issues, 1):
        issue = ISSUES[slug]
        folder = root / "content" / slug
        folder.mkdir(parents=True)
        cover = ""
        if covers:
            (folder / "cover.png").write_bytes(png_bytes(30 + number, 40))
            cover = "cover-image: cover.png\n"
        (folder / "publication.yaml").write_text(ISSUE.format(**issue) + cover, encoding="utf-8")
        body = "\n\n".join([*issue["paragraphs"], *([FIGURE] if figure else [])])
        if figure:
            (folder / "tray.png").write_bytes(png_bytes(8 + number, 6))
        (folder / "letter.md").write_text(f"# {issue['title']} {{#letter}}\n\n{body}\n", encoding="utf-8")
    first = ISSUES["2025-01"]
    sources = [first["title"], first["description"], *first["paragraphs"]]
    for tag in ("en", "fr", "ar"):
        folder = root / "locales" / tag / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "locales" / tag / "LC_MESSAGES" / "messages.po", folder / "messages.po")
        shutil.copy(ROOT / "locales" / tag / "locale.yaml", root / "locales" / tag / "locale.yaml")
        if tag in TRANSLATIONS:
            (root / "locales" / tag / "memory.tmx").write_text(
                tmx(list(zip(sources, TRANSLATIONS[tag])), tag), encoding="utf-8")
    return root
