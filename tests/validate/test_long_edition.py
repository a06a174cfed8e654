"""The PDF checkers on a hundred-page edition: a module of its own, the longest single
build of the suite, so a test worker takes it beside the other validator tests."""

from __future__ import annotations

from conftest import ROOT

from editions.validate import CHECKERS
from editions.validate.run import targets_of


def test_every_pdf_checker_gives_a_verdict_on_a_hundred_page_edition(tmp_path):
    """The long generated publication of bench/checkers.py (which times the checkers on it):
    each PDF checker gives its verdict, within the tools' own timeouts, and passes it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_checkers", ROOT / "bench" / "checkers.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    pdf = next(t for t in targets_of(bench.build_long(tmp_path / "long")) if t.format == "pdf")
    assert bench.pages_of(pdf.path) >= 95
    assert {name: CHECKERS[name].check(pdf) for name in ("pdf", "reading-order", "consistency")} == \
        {"pdf": [], "reading-order": [], "consistency": []}
