"""Which shard builds ``build.py merge`` joins: every shard of one build, never the project
it writes into, never a stale fragment beside the current ones.

Two copies of the tiny project (``conftest.write_project``: en, fr, ar) build the HTML
editions of shards 1/2 and 2/2; the first had built shard 1/1 before, whose fragment the
shard build removes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from builds import manifest, run_build, run_cli
from conftest import write_project


def merge(project: Path, *folders: Path):
    return run_cli("merge", "--project", project, *folders)


def fragment_path(copy: Path, name: str) -> Path:
    return copy / "build" / "shards" / f"{name}.json"


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("merge-sets")
    first, second = write_project(folder / "first"), write_project(folder / "second")
    for project, shard in ((first, "1/1"), (first, "1/2"), (second, "2/2")):
        result = run_build(project, "--formats", "html", "--shard", shard)
        assert result.returncode == 0, result.stderr
    return first, second


def with_fragment(shards, tmp_path: Path, name: str, written: float) -> Path:
    """A copy of the first shard folder holding also fragment ``name`` written at ``written``."""
    copy = tmp_path / "first-copy"
    shutil.copytree(shards[0], copy)
    data = json.loads(fragment_path(copy, "1-of-2").read_text(encoding="utf-8"))
    data.update(shard=name, written=written)
    fragment_path(copy, name).write_text(json.dumps(data), encoding="utf-8")
    return copy


def snapshot(dist: Path) -> dict[str, bytes]:
    return {path.relative_to(dist).as_posix(): path.read_bytes() for path in sorted(dist.rglob("*")) if path.is_file()}


def test_a_shard_build_removes_the_fragments_of_another_count(shards):
    first, second = shards
    assert sorted(p.name for p in (first / "build" / "shards").iterdir()) == ["1-of-2.json"]
    assert sorted(p.name for p in (second / "build" / "shards").iterdir()) == ["2-of-2.json"]


def test_the_complete_set_merges(shards, tmp_path):
    target = write_project(tmp_path / "target")
    result = merge(target, *shards)
    assert result.returncode == 0, result.stderr
    assert sorted(e["locale"] for e in manifest(target)["editions"]) == ["ar", "en", "fr"]


def test_merging_into_one_of_its_own_shards_is_refused_before_anything_changes(shards, tmp_path):
    copy = tmp_path / "first"
    shutil.copytree(shards[0], copy)
    before = snapshot(copy / "dist")
    result = merge(copy, copy, shards[1])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"error: {copy}: the project merged into cannot be one of the shard folders: merge "
                             "into another copy of the project (build.py merge --project OTHER SHARD_DIR...)\n")
    assert snapshot(copy / "dist") == before and before


def test_the_project_is_refused_under_another_spelling_of_its_path(shards, tmp_path):
    copy = tmp_path / "first"
    shutil.copytree(shards[0], copy)
    result = merge(copy, tmp_path / "." / "first" / ".." / "first", shards[1])
    assert result.returncode == 1 and "cannot be one of the shard folders" in result.stderr


def test_an_incomplete_set_is_one_line_naming_the_missing_shard(shards, tmp_path):
    target = write_project(tmp_path / "target")
    result = merge(target, shards[0])
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0] == (f"error: incomplete release: shard 2-of-2 missing (found {fragment_path(shards[0], '1-of-2')}); "
                        "merge the folders of all 2 shards")
    assert not (target / "dist").exists()


def test_several_missing_shards_are_all_named(shards, tmp_path):
    target = write_project(tmp_path / "target")
    copy = with_fragment(shards, tmp_path, "2-of-4", 4e9)
    fragment_path(copy, "1-of-2").unlink()
    result = merge(target, copy)
    assert result.returncode == 1
    assert "incomplete release: shards 1-of-4, 3-of-4, 4-of-4 missing" in result.stderr


def test_the_same_shard_twice_names_both_files(shards, tmp_path):
    target = write_project(tmp_path / "target")
    result = merge(target, shards[0], shards[1], shards[1])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    name = fragment_path(shards[1], "2-of-2")
    assert result.stderr == f"error: shard 2-of-2 was given twice: {name}, {name}\n"


def test_an_older_fragment_of_another_count_is_left_aside(shards, tmp_path):
    copy = with_fragment(shards, tmp_path, "1-of-1", 1.0)
    target = write_project(tmp_path / "target")
    result = merge(target, copy, shards[1])
    assert result.returncode == 0, result.stderr
    assert f"left aside, from an earlier shard build: {fragment_path(copy, '1-of-1')}" in result.stderr
    assert sorted(e["locale"] for e in manifest(target)["editions"]) == ["ar", "en", "fr"]


def test_fragments_of_two_builds_written_in_turn_name_the_conflicting_files(shards, tmp_path):
    first = json.loads(fragment_path(shards[0], "1-of-2").read_text(encoding="utf-8"))["written"]
    copy = with_fragment(shards, tmp_path, "1-of-1", first + 0.001)    # after 1-of-2, before 2-of-2
    target = write_project(tmp_path / "target")
    result = merge(target, copy, shards[1])
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: fragments of two shard builds, neither older than the other: ")
    assert all(str(path) in lines[0] for path in (fragment_path(copy, "1-of-1"), fragment_path(copy, "1-of-2"),
                                                   fragment_path(shards[1], "2-of-2")))
    assert not (target / "dist").exists()
