"""A release built on several machines: ``build.py --shard K/N`` in three copies of a
small periodical with a figure in each issue, each copy in a folder of its own (at
different depths), joined by ``build.py merge`` in a fourth, gives the same ``dist/`` as one
build in a fifth, byte for byte (``SOURCE_DATE_EPOCH`` is set by conftest): nothing
published depends on where the project lies."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest
from builds import run_build
from conftest import ROOT
from periodical import write_periodical


def run_merge(project: Path, *folders: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "merge", "--project", str(project),
                           *map(str, folders)], capture_output=True, text=True, cwd=ROOT, check=False)


def files(dist: Path) -> list[str]:
    return sorted(path.relative_to(dist).as_posix() for path in dist.rglob("*") if path.is_file())


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[Path, Path, list[Path]]:
    """A single build, three shard builds and their merge, each in its own copy of the project,
    in folders of different names and depths."""
    folder = tmp_path_factory.mktemp("shards")
    single = write_periodical(folder / "single", figure=True)
    merged = write_periodical(folder / "merge" / "here", figure=True)
    shards = [write_periodical(folder / ("deeper/" * k) / f"shard{k}", figure=True) for k in (1, 2, 3)]
    for project, args in [(single, ()), *[(shard, ("--shard", f"{k}/3")) for k, shard in enumerate(shards, 1)]]:
        result = run_build(project, *args)
        assert result.returncode == 0, result.stderr
    result = run_merge(merged, *shards)
    assert result.returncode == 0, result.stderr
    assert "merged 3 shard builds: 18 editions" in result.stdout
    return single, merged, shards


def test_merged_shards_equal_a_single_build_byte_for_byte(release):
    single, merged, _shards = release
    names = files(single / "dist")
    assert {f"{slug}/{tag}/{slug}/tray.png" for slug in ("2025-01", "2025-02") for tag in ("ar", "en", "fr")} <= set(names)
    assert files(merged / "dist") == names and len(names) > 18
    matched, mismatched, errors = filecmp.cmpfiles(single / "dist", merged / "dist", names, shallow=False)
    assert (mismatched, errors) == ([], [])
    assert len(matched) == len(names)


def test_each_shard_builds_its_own_slice_and_writes_its_fragment(release):
    _single, _merged, shards = release
    built = []
    for k, shard in enumerate(shards, 1):
        fragment = json.loads((shard / "build" / "shards" / f"{k}-of-3.json").read_text(encoding="utf-8"))
        slice_ = sorted(record["edition"]["path"] for part in fragment["publications"].values()
                        for record in part["editions"].values())
        assert slice_ and all((shard / "dist" / path).is_file() for path in slice_)
        assert not (shard / "dist" / "opds.xml").exists()     # the release is written by the merge
        built += slice_
    assert len(built) == len(set(built)) == 18


def test_a_build_after_the_merge_finds_everything_up_to_date(release):
    _single, merged, _shards = release
    result = run_build(merged)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("0 built, 3 unchanged") == 6


def test_a_shard_that_is_no_fraction_is_one_line(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_build(project, "--shard", "4/3")
    assert (result.returncode, result.stderr) == (1, "error: --shard '4/3': expected K/N with 1 ≤ K ≤ N, e.g. 2/3\n")


def test_merging_a_folder_without_a_shard_build_is_one_line(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_merge(project, tmp_path / "nothing")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "build.py --shard K/N" in result.stderr


def test_shards_of_other_inputs_are_refused_before_anything_is_copied(release, tmp_path):
    _single, _merged, shards = release
    other = write_periodical(tmp_path / "other", figure=True)
    memory = other / "locales" / "fr" / "memory.tmx"
    memory.write_text(memory.read_text(encoding="utf-8").replace("Semez", "Plantez"), encoding="utf-8")
    result = run_merge(other, *shards)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "/fr/" in lines[0]
    assert "was built from other inputs than this project's" in lines[0]
    assert not (other / "dist").exists()
