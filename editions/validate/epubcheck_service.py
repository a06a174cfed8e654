"""EPUBCheck in one Java virtual machine for many EPUBs.

A run of ``java -jar epubcheck.jar`` spends most of its seconds starting Java and
compiling EPUBCheck's schemas (RELAX NG, Schematron), the same for every book; in
one JVM they are compiled once and each later book takes a fraction of a second.
``run_json`` asks a helper process that holds that JVM (JPype, started on first
use and ended with this process); where JPype or the JVM library is missing, or
the helper dies, it runs ``java -jar`` as before. Either way the report is
EPUBCheck's own JSON report, written by its own command-line code
(``com.adobe.epubcheck.tool.EpubChecker``), so both routes give the same report.

Run as ``python -m editions.validate.epubcheck_service JAR`` it is that helper:
it reads one JSON request per line on stdin (``{"epub": PATH, "report": PATH}``)
and answers one JSON line (``{"status": N}`` or ``{"error": TEXT}``); it ends
when stdin closes or the process that started it is gone.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from .tools import JAVA_FLAGS, java_jar

_lock = threading.Lock()
_helpers: dict[Path, subprocess.Popen | None] = {}


def run_json(jar: Path, epub: Path, report: Path) -> str:
    """EPUBCheck's JSON report on ``epub`` written to ``report`` (its counts say what
    EPUBCheck's exit status would); what ``java -jar`` printed on stderr when it ran
    instead of the helper, else "". Requests are served one at a time."""
    with _lock:
        helper = _helper(jar)
        if helper is not None and _ask(helper, {"epub": str(epub), "report": str(report)}):
            return ""
        _helpers[jar] = None          # a helper that failed once is not asked again
    return java_jar(jar, [str(epub), "--json", str(report)]).stderr


def _helper(jar: Path) -> subprocess.Popen | None:
    if jar not in _helpers:
        _helpers[jar] = _start(jar)
    helper = _helpers[jar]
    return helper if helper is not None and helper.poll() is None else None


def _start(jar: Path) -> subprocess.Popen | None:
    try:
        import jpype  # noqa: F401  (only to know the helper can run)
    except ImportError:
        return None
    helper = subprocess.Popen([sys.executable, "-m", __name__, str(jar), str(os.getpid())],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, cwd=Path(__file__).resolve().parents[2], close_fds=True)
    atexit.register(_stop, helper)
    return helper


def _ask(helper: subprocess.Popen, request: dict) -> bool:
    """Whether the helper answered the request with a report."""
    try:
        helper.stdin.write(json.dumps(request) + "\n")
        helper.stdin.flush()
        answer = json.loads(helper.stdout.readline() or "{}")
    except (OSError, ValueError):
        return False
    return "status" in answer and Path(request["report"]).is_file()


def _stop(helper: subprocess.Popen) -> None:
    if helper.poll() is None:
        helper.stdin.close()
        try:
            helper.wait(timeout=10)
        except subprocess.TimeoutExpired:
            helper.kill()


def _serve(jar: str, parent: int) -> None:
    import jpype
    import jpype.imports
    jpype.startJVM(*JAVA_FLAGS, classpath=[jar], convertStrings=True)
    from com.adobe.epubcheck.tool import EpubChecker  # type: ignore[import-not-found]
    from java.io import OutputStream, PrintStream  # type: ignore[import-not-found]
    from java.lang import System  # type: ignore[import-not-found]
    # EPUBCheck's console messages would mix with the answers on this process's stdout.
    System.setOut(PrintStream(OutputStream.nullOutputStream()))
    System.setErr(PrintStream(OutputStream.nullOutputStream()))
    _watch(parent)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            Path(request["report"]).unlink(missing_ok=True)
            status = int(EpubChecker().run([request["epub"], "--json", request["report"], "--quiet"]))
            answer = {"status": status}
        except Exception as error:  # noqa: BLE001 - any failure is the caller's cue to run java -jar
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


def _watch(parent: int) -> None:
    """End this helper when the process that started it is gone (killed, say)."""
    def watch() -> None:
        import time
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]))
