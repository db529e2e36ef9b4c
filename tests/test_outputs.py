"""Output paths checked before any work, --out never truncated by a failed run, --resume.

Oracle: exit status 2 with exactly one `bnnverify: error:` line (never an internal error), the
bytes of an existing results file before and after, and the rows of the results file (each
query once, recorded rows untouched). Runs use the bundled model (milliseconds per query).
"""

from __future__ import annotations

import json
import time

import pytest

from bnnverify.cli import main

pytestmark = pytest.mark.timeout(120)


def check(out, *extra: str) -> int:
    return main(["check", "--eps", "1", "--out", str(out), *extra])


def rows_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("bnnverify: error: "), err
    assert "internal error" not in err[0]
    return err[0]


def test_cex_dir_at_a_file_leaves_a_100_row_out_untouched(tmp_path, capsys):
    out = tmp_path / "r.jsonl"
    assert check(out, "--samples", "100") in (0, 1)
    before = out.read_bytes()
    assert len(before.splitlines()) == 100
    (tmp_path / "cex").write_text("a file")
    capsys.readouterr()
    assert check(out, "--samples", "100", "--cex-dir", str(tmp_path / "cex")) == 2
    assert "--cex-dir" in one_error_line(capsys)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cex", "r.jsonl"]  # no temporary file


def _model(tmp_path):
    from bnnverify.cli import default_model_path

    return str(default_model_path())


@pytest.mark.parametrize("where", ["at_directory", "under_file"])
@pytest.mark.parametrize("command", [
    "check --out", "check --cex-dir", "check --proof", "export --out", "certify --out",
    "transform --out", "train --out",
])  # fmt: skip
def test_every_output_path_is_checked_first(tmp_path, capsys, command, where):
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    name, option = command.split()
    is_dir_option = command in ("check --cex-dir", "check --proof", "export --out",
                                "certify --out")  # fmt: skip
    if where == "under_file":
        target = tmp_path / "file" / "sub"
    else:  # the wrong kind of thing: a file where a directory goes, a directory where a file
        target = tmp_path / ("file" if is_dir_option else "dir")
    argv = {
        "check": ["check", "--eps", "1", "--samples", "3"],
        "export": ["export", "--format", "dimacs", "--eps", "1", "--samples", "2"],
        "certify": ["certify", "--eps", "1", "--samples", "2"],
        "transform": ["transform", _model(tmp_path), "--permute", "1"],
        "train": ["train", "--epochs", "1", "--train-limit", "64"],
    }[name]
    if name == "check" and option != "--out":
        argv += ["--out", str(tmp_path / "r.jsonl")]
    started = time.perf_counter()
    assert main([*argv, option, str(target)]) == 2
    assert option in one_error_line(capsys)
    assert time.perf_counter() - started < 30  # generous: nothing ran (train: no training)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "file"]


def test_train_with_a_missing_out_directory_fails_before_training(tmp_path, capsys, monkeypatch):
    import bnnverify.train

    def never(*args, **kwargs):
        raise AssertionError("train_and_export ran")

    monkeypatch.setattr(bnnverify.train, "train_and_export", never)
    started = time.perf_counter()
    assert main(["train", "--out", str(tmp_path / "nonexistent-dir" / "m.npz")]) == 2
    took = time.perf_counter() - started
    assert "does not exist" in one_error_line(capsys)
    assert took < 10  # generous; measured in milliseconds


def test_resume_needs_out(capsys):
    assert main(["check", "--eps", "1", "--samples", "2", "--resume"]) == 2
    assert "--resume needs --out" in one_error_line(capsys)


def test_resume_skips_recorded_queries_and_rewrites_a_truncated_last_line(tmp_path, capsys, caplog):
    out = tmp_path / "r.jsonl"
    assert check(out, "--indices", "0-9") in (0, 1)
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:4]) + lines[4][:25])  # killed while writing the fifth row
    capsys.readouterr()
    status = check(out, "--indices", "0-19", "--resume", "--json")
    assert status in (0, 1)
    captured = capsys.readouterr()
    assert "the last line is incomplete" in caplog.text  # a warning on stderr
    summary = json.loads(captured.out)
    assert summary["queries"] == 20 and summary["resumed"] == 4
    rows = rows_of(out)
    assert out.read_bytes().startswith(b"".join(lines[:4]))
    assert sorted(row["index"] for row in rows) == list(range(20))
    # the same queries again: nothing left to run, the file unchanged, the summary complete
    before = out.read_bytes()
    assert check(out, "--indices", "0-19", "--resume", "--json") == status
    assert json.loads(capsys.readouterr().out)["resumed"] == 20
    assert out.read_bytes() == before


def test_resume_runs_again_what_differs_in_region_or_configuration(tmp_path, capsys):
    out = tmp_path / "r.jsonl"
    assert check(out, "--indices", "0-4") in (0, 1)
    assert check(out, "--indices", "0-4", "--resume", "--eps", "2") in (0, 1)  # another region
    assert check(out, "--indices", "0-4", "--resume", "--timeout", "30") in (0, 1)  # config
    assert check(out, "--indices", "0-4", "--resume", "--no-attack") in (0, 1)
    rows = rows_of(out)
    assert len(rows) == 20
    assert len({(r["index"], r["eps"], r["timeout_s"], r["attack_seed"]) for r in rows}) == 20


def test_a_new_run_replaces_out_and_a_bad_resume_file_is_an_error(tmp_path, capsys):
    out = tmp_path / "r.jsonl"
    assert check(out, "--indices", "0-9") in (0, 1)
    assert check(out, "--indices", "3,4") in (0, 1)
    assert [row["index"] for row in rows_of(out)] == [3, 4]
    out.write_text('{"index": 3}\nnot json\n{"index": 4}\n')
    capsys.readouterr()
    assert check(out, "--indices", "3,4", "--resume") == 2
    assert "line 2 is not a results row" in one_error_line(capsys)
