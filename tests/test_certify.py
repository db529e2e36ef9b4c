"""`bnnverify certify` in-process: verdicts match brute force, every holds carries a proof that an
independent checker verifies again, counterexamples replay, and the exit status follows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bnn_cases import random_network
from oracle import is_violated_in_ball, predict, violations
from bnnverify.cli import main
from bnnverify.io import save_network
from bnnverify.drat import check_drat

pytest.importorskip("dratify")

EPS = 1


def write_case(tmp_path: Path, robust_only: bool) -> tuple[Path, Path, np.ndarray]:
    """Model seed 2 (8 inputs in [0, 3]) and inputs; returns brute-force "violated" per row."""
    net = random_network(2, n_in=8, hidden=(8, 6), n_classes=3, input_max=3)
    x = np.random.default_rng(102).integers(0, 4, (12, 8))
    y = predict(net, x)
    bad = np.array([is_violated_in_ball(net, row, EPS, int(label))
                    for row, label in zip(x, y, strict=True)])  # fmt: skip
    if robust_only:
        x, y, bad = x[~bad], y[~bad], bad[~bad]
    save_network(net, tmp_path / "tiny.npz")
    np.savez(tmp_path / "inputs.npz", x=x, y=y)
    return tmp_path / "tiny.npz", tmp_path / "inputs.npz", bad


def certify(tmp_path: Path, model: Path, inputs: Path, *extra: str) -> int:
    select = [] if "--indices" in extra else ["--samples", "100"]
    return main(["certify", "--model", str(model), "--inputs", str(inputs), "--eps", str(EPS),
                 *select, "--out", str(tmp_path / "report"), "--checker", "dratify-python",
                 *extra])  # fmt: skip


def load_report(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "report" / "report.json").read_text())


@pytest.mark.parametrize("solver", ["cadical195", "glucose4"])
def test_robust_inputs_are_certified_with_checked_proofs(tmp_path, capsys, solver):
    model, inputs, bad = write_case(tmp_path, robust_only=True)

    code = certify(tmp_path, model, inputs, "--solver", solver, "--no-attack")

    assert code == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "result: holds"
    report = load_report(tmp_path)
    assert report["summary"]["holds_certified"] == report["summary"]["holds_total"] == len(bad)
    assert report["model_sha256"] and report["region"]["eps"] == EPS
    assert (tmp_path / "report" / "report.md").read_text().count("| holds |") == len(bad)
    for row in report["queries"]:
        proof = row["proof"]
        assert row["certified"] and proof["checked"] is True and proof["status"] == "refuted"
        again = check_drat(tmp_path / "report" / proof["cnf"], tmp_path / "report" / proof["drat"],
                           checker="dratify-python")  # fmt: skip
        assert again.ok  # the files in the report re-check on their own


def test_violated_inputs_exit_1_with_replayable_counterexamples(tmp_path):
    model, inputs, bad = write_case(tmp_path, robust_only=False)
    assert bad.any() and not bad.all()

    code = certify(tmp_path, model, inputs)

    assert code == 1
    report = load_report(tmp_path)
    net = random_network(2, n_in=8, hidden=(8, 6), n_classes=3, input_max=3)
    data = np.load(inputs)
    for row, violated in zip(report["queries"], bad, strict=True):
        assert row["verdict"] == ("violated" if violated else "holds")
        if violated:
            x = np.load(tmp_path / "report" / row["counterexample"]).reshape(1, -1)
            assert violations(net, x, int(data["y"][row["index"]]))[0]
            assert np.abs(x[0] - data["x"][row["index"]]).max() <= EPS
        else:
            assert row["certified"]


def test_unchecked_proof_exits_3(tmp_path, capsys):
    model, inputs, _ = write_case(tmp_path, robust_only=True)

    code = certify(tmp_path, model, inputs, "--check-timeout", "0.001", "--indices", "0")

    assert code == 3
    assert capsys.readouterr().out.strip().splitlines()[-1] == "result: unknown"
    row = load_report(tmp_path)["queries"][0]
    assert row["verdict"] == "holds" and not row["certified"]
    assert row["proof"]["checked"] is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--solver", "maplesat"], "DRAT"), (["--encoding", "native"], "clause encoding"),
     (["--solver", "z3"], "DRAT")],
)  # fmt: skip
def test_certify_refuses_what_cannot_give_proofs(tmp_path, capsys, extra, message):
    model, inputs, _ = write_case(tmp_path, robust_only=True)

    code = certify(tmp_path, model, inputs, *extra)

    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and message in err[0]
