"""Builds that survive: killed at random points, run two or three at once, or with a
renderer that raises. Whatever happens, no process of a build outlives it, nothing
temporary stays, and dist/manifest.json is true of the files on disk."""

from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, tmx, write_project

from editions.output import SCRATCH, WAITING
from editions.pipeline import ERROR_LOG, BuildRequest, build
from editions.render import FORMATS

TAGS = ("ar", "en", "fr")
KILL_SEED = 20261130
# Kills per run of the suite; `make survival-long` kills 66 builds (EDITIONS_KILL_RUNS=66).
KILL_RUNS = int(os.environ.get("EDITIONS_KILL_RUNS", "4"))


def command(project: Path, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--project", str(project), *args]


def run_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command(project, *args), check=False, capture_output=True, text=True, env=env)


def manifest_entries(project: Path) -> list[dict]:
    path = project / "dist" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))["editions"] if path.exists() else []


def untrue_entries(project: Path) -> list[str]:
    """The manifest's entries whose file is missing or holds other bytes."""
    wrong = []
    for entry in manifest_entries(project):
        path = project / "dist" / entry["path"]
        if not path.is_file():
            wrong.append(f"{entry['path']}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"] or path.stat().st_size != entry["bytes"]:
            wrong.append(f"{entry['path']}: other bytes")
    return wrong


def listed(project: Path) -> set[tuple[str, str]]:
    return {(entry["locale"], entry["format"]) for entry in manifest_entries(project)}


def leftovers(project: Path) -> list[Path]:
    scratch = project / SCRATCH
    return [*(project / "dist").rglob("*.part"), *(project / "build").rglob("*.part"),
            *(scratch.rglob("*") if scratch.exists() else [])]


def in_session(session: int) -> list[str]:
    """The live processes of a session (a build started with ``start_new_session``
    and everything it started), as "pid command"."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command_line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session and fields[0] != "Z":     # fields: state ppid pgrp session
            found.append(f"{entry.name} {command_line[:80]}")
    return found


def gone(session: int, seconds: float) -> tuple[list[str], float]:
    """Wait up to ``seconds`` for every process of ``session`` to end: those still alive, and how long it took."""
    started = time.monotonic()
    while (alive := in_session(session)) and time.monotonic() - started < seconds:
        time.sleep(0.02)
    return alive, time.monotonic() - started


def landed(log: Path) -> int:
    """How many editions a build has reported done in its log."""
    return log.read_text(encoding="utf-8").count(" s)\n")


def kill_at(build_process: subprocess.Popen, log: Path, rng: random.Random, editions: int) -> None:
    """Kill the build with SIGKILL at a random point: some time after it starts, or
    a moment after a random number of editions have landed."""
    after = rng.randint(0, editions - 1)
    if after == 0:
        time.sleep(rng.uniform(0.2, 2.5))
    else:
        started = time.monotonic()
        while landed(log) < after and build_process.poll() is None and time.monotonic() - started < 120:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.3))
    build_process.send_signal(signal.SIGKILL)
    build_process.wait()


def test_a_killed_build_leaves_no_process_no_temporary_and_a_true_manifest(tmp_path):
    project = write_project(tmp_path / "tiny")
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(system_tmp)}
    every = {(tag, fmt) for tag in TAGS for fmt in FORMATS}
    first = run_build(project, env=env)
    assert first.returncode == 0, first.stderr
    rng = random.Random(KILL_SEED)
    chapter = project / "content" / "two.md"
    landed_when_killed, parts_left, slowest_end = [], 0, 0.0
    for run in range(KILL_RUNS):
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nRun {run} adds a paragraph.\n", encoding="utf-8")
        log = tmp_path / f"run-{run}.log"
        with log.open("w") as stderr:
            build_process = subprocess.Popen(command(project), env=env, start_new_session=True,
                                             stdout=subprocess.DEVNULL, stderr=stderr)
            kill_at(build_process, log, rng, len(every))
        alive, seconds = gone(build_process.pid, 10)
        assert alive == [], f"run {run}: processes of the killed build are still alive: {alive}"
        slowest_end = max(slowest_end, seconds)
        assert untrue_entries(project) == [], f"run {run}"
        landed_when_killed.append(landed(log))
        parts_left += len([*(project / "dist").rglob("*.part"), *(project / "build").rglob("*.part")])
        assert list(system_tmp.iterdir()) == []

    final = run_build(project, env=env)
    assert final.returncode == 0, final.stderr
    assert leftovers(project) == []
    assert list(system_tmp.iterdir()) == []
    assert untrue_entries(project) == [] and listed(project) == every
    print(f"editions landed when killed: {landed_when_killed}; .part files left by the kills: {parts_left}; "
          f"slowest end of a killed build's processes: {slowest_end:.2f} s")
    assert 0 in landed_when_killed and any(0 < n < len(every) for n in landed_when_killed)


def test_two_builds_at_once_take_turns(project):
    builds = [subprocess.Popen(command(project, "--formats", "html,epub"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [build_process.communicate() for build_process in builds]
    assert [build_process.returncode for build_process in builds] == [0, 0], outputs
    assert sum(WAITING in stderr for _stdout, stderr in outputs) == 1
    assert listed(project) == {(tag, fmt) for tag in TAGS for fmt in ("html", "epub")}
    assert untrue_entries(project) == []


def test_make_j4_html_epub_pdf_gives_a_complete_true_manifest(project, tmp_path):
    """The project's Makefile, run in the tiny project with the tool's build.py and this Python:
    one build per format at the same time, each waiting for the lock the one before holds."""
    (project / "build.py").write_text(
        f"import runpy, sys\nsys.path.insert(0, {str(ROOT)!r})\nsys.argv[0] = {str(ROOT / 'build.py')!r}\n"
        f"runpy.run_path({str(ROOT / 'build.py')!r}, run_name='__main__')\n", encoding="utf-8")
    (project / "requirements.txt").write_text("", encoding="utf-8")
    installed = tmp_path / "venv"
    installed.mkdir()
    (installed / ".installed").touch()
    result = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-j4", "html", "epub", "pdf",
                             f"VENV={installed}", f"PY={sys.executable}"],
                            cwd=project, check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(WAITING) >= 1
    assert listed(project) == {(tag, fmt) for tag in TAGS for fmt in FORMATS}
    assert untrue_entries(project) == []
    assert leftovers(project) == []


def _index_at_the_barrier(root: str, index: str, barrier) -> str:
    from editions.memory.store import open_index
    barrier.wait()
    memory, issues = open_index(Path(root), Path(root) / "locales" / "fr", "fr", "en", path=Path(index))
    return f"{len(memory)} {len(issues)}"


def test_two_processes_index_the_same_memory_at_once(tmp_path):
    root = tmp_path / "project"
    (root / "locales" / "fr").mkdir(parents=True)
    pairs = [(f"Sentence number {n} of the memory.", f"Phrase numéro {n} de la mémoire.") for n in range(400)]
    (root / "locales" / "fr" / "memory.tmx").write_text(tmx(pairs, "fr"), encoding="utf-8")
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        for attempt in range(6):
            barrier = context.Manager().Barrier(2)
            index = str(tmp_path / f"index-{attempt}.sqlite")
            results = [pool.apply_async(_index_at_the_barrier, (str(root), index, barrier)) for _ in range(2)]
            assert [result.get(timeout=120) for result in results] == ["400 0", "400 0"]


def test_a_renderer_that_raises_fails_its_edition_in_one_line(project):
    """A project template that makes the EPUB renderer raise: one line naming locale,
    format, file and cause; the other editions built; the previous EPUB kept."""
    first = run_build(project, "--formats", "html,epub")
    assert first.returncode == 0, first.stderr
    epubs = {tag: (project / "dist" / tag / f"a-tiny-book.{tag}.epub").read_bytes() for tag in TAGS}
    subprocess.run(["cp", "-r", str(ROOT / "templates"), str(project / "templates")], check=True)
    page = project / "templates" / "epub" / "page.xhtml"
    page.write_text(page.read_text(encoding="utf-8") + "{{ 1 / 0 }}\n", encoding="utf-8")
    result = run_build(project, "--formats", "html,epub")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {tag} epub: dist/{tag}/a-tiny-book.{tag}.epub: ZeroDivisionError: division by zero "
                      f"(traceback in {ERROR_LOG})" for tag in TAGS]
    assert "ZeroDivisionError" in (project / ERROR_LOG).read_text(encoding="utf-8")
    assert all(f"{tag} html {tag}/index.html (" in result.stderr for tag in TAGS)
    assert {tag: (project / "dist" / tag / f"a-tiny-book.{tag}.epub").read_bytes() for tag in TAGS} == epubs
    assert listed(project) == {(tag, fmt) for tag in TAGS for fmt in ("html", "epub")}
    assert untrue_entries(project) == []
    assert leftovers(project) == []


class Unpicklable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.log = lambda: message        # like lxml's error log: cannot be sent between processes


def failing_render(publication, templates, target, page_map=None):
    raise Unpicklable("the renderer broke")


def test_an_exception_that_cannot_be_pickled_is_one_line_too(project, monkeypatch):
    request = BuildRequest(root=project, locales=("fr",), formats=("html", "epub"), workers=2)   # a pool's
    build(request, progress=lambda line: None)
    epub = project / "dist" / "fr" / "a-tiny-book.fr.epub"
    before = epub.read_bytes()
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    monkeypatch.setattr(importlib.import_module("editions.render.epub"), "render", failing_render)
    lines: list[str] = []
    result = build(request, progress=lines.append)
    assert result.failures == [("fr epub: dist/fr/a-tiny-book.fr.epub: Unpicklable: the renderer broke "
                                f"(traceback in {ERROR_LOG})")]
    assert any("fr html fr/index.html (" in line for line in lines)
    assert "A new paragraph." in (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert epub.read_bytes() == before
    assert listed(project) == {("fr", "html"), ("fr", "epub")}      # the previous EPUB, still on disk
    assert untrue_entries(project) == []


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_stopped_build_stops_its_workers(tmp_path, signal_name):
    project = write_project(tmp_path / "tiny")
    build_process = subprocess.Popen(command(project, "--formats", "pdf"), start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while len(in_session(build_process.pid)) < 3:      # the build and its two workers
        assert time.monotonic() - started < 30, "no worker started"
        time.sleep(0.05)
    build_process.send_signal(getattr(signal, signal_name))
    _out, stderr = build_process.communicate(timeout=30)
    alive, _seconds = gone(build_process.pid, 10)
    assert alive == []
    # Stopped in one line, as by Ctrl-C; nothing half-written left, the manifest true of the disk.
    assert build_process.returncode == 130 and "Traceback" not in stderr, stderr
    assert f"stopped ({signal_name})" in stderr or signal_name == "SIGINT" and "stopped (" in stderr, stderr
    assert leftovers(project) == [] and untrue_entries(project) == []


STOP_IN_A_FINALIZER = """
import os, signal, sys
sys.path.insert(0, {root!r})
import weasyprint.text.fonts as fonts
real, sent = fonts.FontConfiguration.__del__, []

def finalize(self):
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGTERM)     # its KeyboardInterrupt is raised in this finalizer
    real(self)
fonts.FontConfiguration.__del__ = finalize
import build
sys.exit(build.run(sys.argv[1:]))
"""


def test_a_stop_raised_inside_a_finalizer_still_stops_the_build(tmp_path):
    """With ``--jobs 1`` WeasyPrint's font configurations are finalized in the build's process;
    Python prints and drops an exception raised in a finalizer. A SIGTERM that lands there
    still stops the command in one line, with exit status 130."""
    project = write_project(tmp_path / "tiny")
    script = tmp_path / "stop_in_a_finalizer.py"
    script.write_text(STOP_IN_A_FINALIZER.format(root=str(ROOT)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), "--project", str(project), "--jobs", "1",
                             "--formats", "pdf"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 130, result.stderr
    assert "stopped (SIGTERM)" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert leftovers(project) == [] and untrue_entries(project) == []


def test_an_error_in_a_later_locales_work_keeps_every_edition_listed_and_leaves_no_temporary(project):
    """Rendering overlaps the locales' work, so a locale whose work fails (a font not
    installed) stops a build whose earlier locales are being rendered: the error is the
    build's one line, the workers' unfinished files are removed, and the manifest lists
    every edition on disk, each with its true digest, whether replaced or not."""
    from editions.errors import EditionsError
    build(BuildRequest(root=project), progress=lambda line: None)
    assert len(listed(project)) == 9
    locale = project / "locales" / "fr" / "locale.yaml"
    locale.write_text(locale.read_text(encoding="utf-8").replace('"Noto Serif"', '"No Such Family"'), encoding="utf-8")
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    with pytest.raises(EditionsError, match="font 'No Such Family' is not installed"):
        build(BuildRequest(root=project), progress=lambda line: None)
    assert leftovers(project) == []
    assert listed(project) == {(tag, fmt) for tag in TAGS for fmt in FORMATS}
    assert untrue_entries(project) == []
    # The site shows the editions as they are on disk, those that landed before the error too.
    site = (project / "dist" / "a-tiny-book.en.html").read_text(encoding="utf-8")
    assert all(entry["sha256"] in site for entry in manifest_entries(project))


def test_the_progress_counter_ends_at_the_editions_rendered_when_a_finding_stops_one(project):
    """A fatal finding (a character no font has, in the translator's credit) stops the French
    PDF: the counter's total drops by it as soon as it is known, so the last line is [8/8]."""
    locale = project / "locales" / "fr" / "locale.yaml"
    text = locale.read_text(encoding="utf-8")
    credit = next(line for line in text.splitlines() if line.startswith("translator:"))
    locale.write_text(text.replace(credit, 'translator: "équipe 漢字"'), encoding="utf-8")
    lines: list[str] = []
    build(BuildRequest(root=project), progress=lines.append)
    counters = [line.split()[0] for line in lines if line.startswith("[")]
    assert len(counters) == 8 and counters[-1] == "[8/8]"
    assert ("fr", "pdf") not in listed(project)
