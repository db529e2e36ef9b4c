"""The command line on bad or odd inputs (issue 7, items 3-6), in-process on the bundled model:
no vacuous success, targeted robustness over mixed labels, options that used to be ignored,
and the small ones (model file errors, a closed stdout, --device, --version, empty sets)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from bnnverify.cli import default_model_path, main
from bnnverify.data import load_samples
from bnnverify.engine import reference
from bnnverify.io import load_network, read_results

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled():
    """The bundled model and samples."""
    path = default_model_path()
    return path, load_network(path), load_samples()


def write_inputs(path: Path, x: np.ndarray, y: np.ndarray) -> Path:
    np.savez(path, x=x, y=np.asarray(y, dtype=np.int64))
    return path


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("bnnverify: error: "), err
    return err[0]


def check(*extra: str) -> int:
    return main(["check", "--timeout", "30", *extra])


# item 3: no vacuous success ----------------------------------------------------------------


@pytest.mark.parametrize("bad_label", [10, -1])
@pytest.mark.parametrize("command", ["check", "eval", "export"])
def test_a_label_outside_the_classes_is_an_error_naming_file_row_value(
    bundled, tmp_path, capsys, bad_label, command
):
    _, _, samples = bundled
    y = samples.y[:4].copy()
    y[2] = bad_label
    inputs = write_inputs(tmp_path / "bad.npz", samples.x[:4], y)
    argv = {
        "check": ["check", "--inputs", str(inputs), "--samples", "4"],
        "eval": ["eval", "--inputs", str(inputs)],
        "export": [
            "export",
            "--format",
            "opb",
            "--out",
            str(tmp_path / "e"),
            "--inputs",
            str(inputs),
            "--samples",
            "4",
            "--no-verdicts",
        ],
    }[command]
    assert main(argv) == 2
    line = one_error_line(capsys)
    assert str(inputs) in line and "y[2]" in line and str(bad_label) in line


@pytest.mark.parametrize("command", ["check", "eval"])
def test_an_empty_inputs_file_is_an_error(bundled, tmp_path, capsys, command):
    _, _, samples = bundled
    inputs = write_inputs(tmp_path / "empty.npz", samples.x[:0], samples.y[:0])
    assert main([command, "--inputs", str(inputs)]) == 2
    line = one_error_line(capsys)
    assert "no inputs" in line and "nan" not in capsys.readouterr().out.lower()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--indices", "5-3"], "--indices: the range 5-3 is empty"),
        (["--target", "5-3"], "--target: the range 5-3 is empty"),
        (["--samples", "0"], "--samples must be at least 1"),
    ],
)
def test_an_empty_selection_is_a_usage_error(capsys, extra, message):
    assert check(*extra) == 2
    assert message in one_error_line(capsys)


def test_a_run_where_every_input_is_misclassified_is_unknown_not_holds(bundled, tmp_path, capsys):
    _, net, samples = bundled
    x = samples.x[:3]
    wrong = (reference.predict(net, net.flatten(x)) + 1) % net.n_classes
    inputs = write_inputs(tmp_path / "wrong.npz", x, wrong)
    assert check("--inputs", str(inputs), "--samples", "3") == 3
    out = capsys.readouterr().out
    assert "no query was checked (3 misclassified, 0 skipped)" in out
    assert out.strip().splitlines()[-1] == "result: unknown"
    assert check("--inputs", str(inputs), "--samples", "3", "--json") == 3
    summary = json.loads(capsys.readouterr().out)
    assert summary["checked"] == 0 and summary["result"] == "unknown"
    assert summary["verdicts"]["misclassified"] == 3


def test_the_summary_names_unknowns_when_some_are_violated(tmp_path, capsys):
    """A real budget that no solver call meets: the attack finds some counterexamples at eps
    5, the other queries stay unknown (samples 2, 3 and 5 hold there, so whatever the attack);
    queries run in workers, where no monkeypatch reaches."""
    argv = [
        "--indices",
        "0-9",
        "--eps",
        "5",
        "--timeout",
        "1e-9",
        "--out",
        str(tmp_path / "r.jsonl"),
    ]
    assert check(*argv) == 1
    rows = read_results(tmp_path / "r.jsonl")
    n_violated = sum(row["verdict"] == "violated" for row in rows)
    n_unknown = sum(row["verdict"] == "unknown" for row in rows)
    assert n_violated and n_unknown and n_violated + n_unknown == 10
    out = capsys.readouterr().out
    noun = "query" if n_unknown == 1 else "queries"
    assert f"unknown:   {n_unknown} {noun} undecided (timeout {n_unknown})" in out
    assert out.strip().splitlines()[-1] == "result: violated"
    assert check(*argv, "--json") == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["unknown"] == n_unknown and summary["checked"] == 10
    assert summary["unknown_reasons"] == {"timeout": n_unknown}


# item 4: targeted robustness over a mixed data set -----------------------------------------


def test_target_equal_to_a_label_skips_that_row_and_the_run_completes(bundled, tmp_path, capsys):
    _, _, samples = bundled
    assert 9 in samples.y[:20].tolist()
    out = tmp_path / "r.jsonl"
    status = check("--samples", "20", "--target", "9", "--out", str(out))
    rows = read_results(out)
    assert [row["index"] for row in rows] == list(range(20))
    for row in rows:
        if row["label"] == 9:
            assert row["verdict"] == "skipped"
            assert row["reason"] == "label 9 is the only target class"
        elif row["verdict"] != "misclassified":
            assert row["targets_checked"] == [9]
            assert row["verdict"] in ("holds", "violated", "unknown")
    n_skipped = sum(row["verdict"] == "skipped" for row in rows)
    text = capsys.readouterr().out
    assert f"{n_skipped} skipped)" in text
    assert status in (0, 1, 3)


def test_a_label_among_several_targets_is_dropped_from_them(bundled, tmp_path, capsys):
    _, _, samples = bundled
    assert int(samples.y[0]) == 9
    out = tmp_path / "r.jsonl"
    check("--indices", "0", "--target", "2,9", "--eps", "1", "--out", str(out))
    (row,) = read_results(out)
    assert row["targets"] == [2, 9] and row["targets_checked"] == [2]
    assert row["verdict"] in ("holds", "violated")


def test_a_run_of_only_skipped_rows_is_unknown(bundled, capsys):
    _, _, samples = bundled
    assert int(samples.y[0]) == 9
    assert check("--indices", "0", "--target", "9", "--json") == 3
    summary = json.loads(capsys.readouterr().out)
    assert summary["result"] == "unknown" and summary["checked"] == 0
    assert summary["verdicts"]["skipped"] == 1
    assert check("--indices", "0", "--target", "9") == 3
    assert "no query was checked (0 misclassified, 1 skipped)" in capsys.readouterr().out


def test_export_skips_a_row_whose_label_is_the_only_target(bundled, tmp_path, capsys):
    _, _, samples = bundled
    assert int(samples.y[0]) == 9 and int(samples.y[1]) != 9
    out = tmp_path / "export"
    assert (
        main(
            [
                "export",
                "--format",
                "opb",
                "--indices",
                "0,1",
                "--target",
                "9",
                "--out",
                str(out),
                "--no-verdicts",
            ]
        )
        == 0
    )
    rows = json.loads((out / "manifest.json").read_text())["queries"]
    assert rows[0]["file"] is None
    assert rows[0]["skipped"] == "label 9 is the only target class"
    assert rows[1]["file"] and (out / rows[1]["file"]).is_file()


def test_certify_of_only_skipped_rows_is_not_certified(bundled, tmp_path, capsys):
    _, _, samples = bundled
    assert int(samples.y[0]) == 9
    assert main(["certify", "--indices", "0", "--target", "9", "--out", str(tmp_path / "c")]) == 3
    assert capsys.readouterr().out.strip().splitlines()[-1] == "result: unknown"


# item 5: options that used to be ignored ---------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "--indices", "0", "--other", "{model}"], "--other names the second model"),
        (
            [
                "export",
                "--format",
                "opb",
                "--out",
                "{tmp}/e",
                "--indices",
                "0",
                "--other",
                "{model}",
            ],
            "--other names the second model",
        ),
        (
            ["check", "--indices", "0", "--solver", "z3", "--encoding", "totalizer"],
            "--encoding does not apply to --solver z3",
        ),
        (
            ["check", "--indices", "0", "--solver", "cpsat", "--encoding", "native"],
            "--encoding does not apply to --solver cpsat",
        ),
        (
            ["train", "--sparsity", "0.3", "--data", "{tmp}/none", "--out", "{tmp}/m.npz"],
            "--sparsity applies to --ternary",
        ),
        (["check", "--inputs", "{inputs}", "--dataset", "samples"], "either --inputs or --dataset"),
        (["eval", "--inputs", "{inputs}", "--data", "{tmp}"], "either --inputs or --data"),
        (["check", "--indices", "0", "--timeout", "nan"], "--timeout must be positive"),
        (["check", "--indices", "0", "--timeout", "inf"], "--timeout must be positive"),
        (
            ["export", "--format", "opb", "--out", "{tmp}/e", "--indices", "0", "--timeout", "nan"],
            "--timeout must be positive",
        ),
    ],
)
def test_an_option_that_does_not_apply_is_an_error(bundled, tmp_path, capsys, argv, message):
    model, _, samples = bundled
    inputs = write_inputs(tmp_path / "in.npz", samples.x[:2], samples.y[:2])
    names = {"model": str(model), "tmp": str(tmp_path), "inputs": str(inputs)}
    assert main([part.format(**names) for part in argv]) == 2
    assert message in one_error_line(capsys)


EQUIVALENCE = ["--property", "equivalence", "--other", "{model}"]
CHECK_EQUIVALENCE = ["check", "--out", "{tmp}/r.jsonl", *EQUIVALENCE]
EXPORT_EQUIVALENCE = ["export", "--format", "opb", "--out", "{tmp}/e", *EQUIVALENCE]
NO_TARGET = ("--target applies to --property robustness only",)
WHOLE_SPACE = "without --eps the region is the whole input space"


@pytest.mark.parametrize(
    ("argv", "messages"),
    [
        ([*CHECK_EQUIVALENCE, "--target", "2"], NO_TARGET),
        ([*CHECK_EQUIVALENCE, "--eps", "1", "--indices", "0", "--target", "2"], NO_TARGET),
        ([*EXPORT_EQUIVALENCE, "--target", "2"], NO_TARGET),
        ([*CHECK_EQUIVALENCE, "--samples", "3"], ("--samples selects the inputs", WHOLE_SPACE)),
        ([*CHECK_EQUIVALENCE, "--indices", "0"], ("--indices selects the inputs", WHOLE_SPACE)),
        ([*EXPORT_EQUIVALENCE, "--samples", "3"], ("--samples selects the inputs", WHOLE_SPACE)),
    ],
)
def test_an_equivalence_option_that_used_to_be_ignored_is_an_error(
    bundled, tmp_path, capsys, argv, messages
):
    model, _, _ = bundled
    names = {"model": str(model), "tmp": str(tmp_path)}
    assert main([part.format(**names) for part in argv]) == 2
    line = one_error_line(capsys)
    assert all(message in line for message in messages), line
    assert not (tmp_path / "r.jsonl").exists() and not (tmp_path / "e" / "manifest.json").exists()


def test_z3_without_encoding_still_runs(capsys):
    assert check("--indices", "1", "--eps", "1", "--solver", "z3", "--json") in (0, 1)
    assert json.loads(capsys.readouterr().out)["encoding"] == "z3-pb"


def test_more_samples_than_inputs_warns_and_says_how_many_run(bundled, tmp_path, capsys, caplog):
    _, _, samples = bundled
    inputs = write_inputs(tmp_path / "in.npz", samples.x[:3], samples.y[:3])
    with caplog.at_level(logging.WARNING):
        status = check(
            "--inputs",
            str(inputs),
            "--samples",
            "5",
            "--eps",
            "1",
            "--out",
            str(tmp_path / "r.jsonl"),
        )
    assert status in (0, 1)
    assert len(read_results(tmp_path / "r.jsonl")) == 3
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == ["--samples 5 is more than the 3 inputs available; running 3"]


def test_more_workers_than_cores_warns_and_caps(tmp_path, capsys, caplog, monkeypatch):
    from bnnverify.cli import check as check_command

    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    with caplog.at_level(logging.WARNING):
        status = check(
            "--indices", "1,2", "--eps", "1", "--workers", "64", "--out", str(tmp_path / "r.jsonl")
        )
    assert status in (0, 1) and len(read_results(tmp_path / "r.jsonl")) == 2
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == ["--workers 64 is more than the 1 cores; capped to 1"]
    assert check_command.worker_count(1) == 1


def test_the_warning_is_one_stderr_line_in_the_cli_format(bundled, tmp_path):
    _, _, samples = bundled
    inputs = write_inputs(tmp_path / "in.npz", samples.x[:2], samples.y[:2])
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bnnverify",
            "check",
            "--inputs",
            str(inputs),
            "--samples",
            "9",
            "--eps",
            "0",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if "WARNING" in line]
    assert warned == [
        "bnnverify: WARNING: --samples 9 is more than the 2 inputs available; running 2"
    ]


# item 6: small ones ------------------------------------------------------------------------


def test_a_directory_as_model_says_so(tmp_path, capsys):
    assert main(["info", str(tmp_path)]) == 2
    assert "is a directory, expected a model file (.npz)" in one_error_line(capsys)


@pytest.mark.parametrize("command", ["info", "eval"])
def test_a_file_that_is_no_npz_is_one_line_without_pickle_advice(tmp_path, capsys, command):
    path = tmp_path / "notes.npz"
    path.write_text("these are notes, not a model\n")
    assert main([command, str(path)]) == 2
    line = one_error_line(capsys)
    assert str(path) in line and "is not a bnnverify model (.npz)" in line
    assert "pickle" not in line


def test_an_object_array_in_a_model_is_refused_without_pickle_advice(tmp_path, capsys):
    path = tmp_path / "objects.npz"
    np.savez(path, meta=np.array([{"format": "bnnverify-model"}], dtype=object))
    assert main(["info", str(path)]) == 2
    line = one_error_line(capsys)
    assert str(path) in line and "pickle" not in line


def test_an_inputs_file_that_is_no_npz_is_one_line_without_pickle_advice(tmp_path, capsys):
    path = tmp_path / "inputs.npz"
    path.write_text("1,2,3\n")
    assert main(["eval", "--inputs", str(path)]) == 2
    line = one_error_line(capsys)
    assert str(path) in line and "pickle" not in line


def test_an_empty_model_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "empty.npz"
    path.touch()
    assert main(["info", str(path)]) == 2
    line = one_error_line(capsys)
    assert f"{path} is empty, not a bnnverify model (.npz)" in line


@pytest.mark.parametrize("unbuffered", [False, True])
def test_info_into_a_closed_pipe_exits_quietly(unbuffered):
    """`bnnverify info | head -1`: the reader is gone before bnnverify writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONUNBUFFERED": "1" if unbuffered else ""}
    if not unbuffered:
        env.pop("PYTHONUNBUFFERED")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bnnverify", "info"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=env,
            timeout=300,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 0
    assert proc.stderr.decode() == ""


def test_info_piped_into_head_keeps_the_first_line():
    proc = subprocess.run(
        f"'{sys.executable}' -m bnnverify info | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("model:")


@pytest.mark.parametrize(
    ("device", "message"),
    [("cuda", "CUDA is not available"), ("tpu", "--device must be cpu or cuda")],
)
def test_train_checks_the_device_before_reading_data(tmp_path, capsys, device, message):
    import torch

    if device == "cuda" and torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the missing-CUDA error cannot happen here")
    # --data names no directory: the device must be refused before the data is looked for
    assert (
        main(
            [
                "train",
                "--device",
                device,
                "--data",
                str(tmp_path / "none"),
                "--out",
                str(tmp_path / "m.npz"),
            ]
        )
        == 2
    )
    assert message in one_error_line(capsys)


def test_version(capsys):
    from bnnverify import __version__

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"bnnverify {__version__}"


def test_eval_on_an_empty_set_is_one_line_without_nan_or_warnings(bundled, tmp_path, capsys):
    _, _, samples = bundled
    inputs = write_inputs(tmp_path / "empty.npz", samples.x[:0], samples.y[:0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "Mean of empty slice" would be an error here
        assert main(["eval", "--inputs", str(inputs), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "nan" not in captured.err.lower()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "holds no inputs" in err[0]
