"""The library rule "a holds whose proof fails is unknown", for `check --proof` and `certify`.

Oracles: the rule's truth table; a real run whose proof checker rejects the proof (a stand-in
drat-trim on PATH that answers "s NOT VERIFIED", as drat-trim does for a bad proof; the query
workers are separate processes, so only the environment reaches them), which must turn the row
and the run into unknown (exit 3); the same run with the real checker, which must stay holds
(exit 0). The robust query is brute-forced.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from bnnverify.cli import main
from bnnverify.io import read_results, save_network
from bnnverify.proofs import ProofRecord, certified_result, certified_verdict
from bnnverify.results import Result, Verdict

from bnn_cases import random_network
from oracle import is_violated_in_ball, predict

pytest.importorskip("dratify")

SEED, EPS = 2, 1  # robust, and unit propagation alone does not refute its CNF (test_proofs)


def record(status: str, checked: bool | None) -> ProofRecord:
    return ProofRecord(
        Path("q.cnf"),
        Path("q.drat"),
        status,
        checked,
        "dratify",
        0.0,
        0.0,
        1,
        message="s NOT VERIFIED" if checked is False else "",
    )


@pytest.mark.parametrize(
    ("verdict", "proof", "expected"),
    [
        (Verdict.HOLDS, record("refuted", True), Verdict.HOLDS),
        (Verdict.HOLDS, record("refuted", False), Verdict.UNKNOWN),  # the check failed
        (Verdict.HOLDS, record("unknown", None), Verdict.UNKNOWN),  # no proof in the budget
        (Verdict.HOLDS, record("sat", None), Verdict.UNKNOWN),
        (Verdict.HOLDS, None, Verdict.UNKNOWN),  # no proof at all
        (Verdict.VIOLATED, None, Verdict.VIOLATED),
        (Verdict.UNKNOWN, record("refuted", True), Verdict.UNKNOWN),
        (Verdict.MISCLASSIFIED, None, Verdict.MISCLASSIFIED),
    ],
)
def test_certified_verdict_truth_table(verdict, proof, expected):
    assert certified_verdict(verdict, proof) is expected


def test_certified_result_says_why():
    result = Result(
        property="robustness",
        index=0,
        eps=1,
        verdict=Verdict.HOLDS,
        time_s=0.0,
        solver="cadical195",
        encoding="totalizer",
        decided_by="solver",
        details={"label": 1, "predicted": 1},
    )
    assert certified_result(result, record("refuted", True)) is result
    failed = certified_result(result, record("refuted", False))
    assert failed.verdict is Verdict.UNKNOWN
    assert failed.reason == "holds not certified: the proof check failed: s NOT VERIFIED"


@pytest.fixture
def robust_case(tmp_path):
    net = random_network(SEED, n_in=8, hidden=(8, 6), n_classes=3, input_max=3)
    x0 = np.random.default_rng(SEED).integers(0, 4, 8)
    label = int(predict(net, x0[None])[0])
    save_network(net, tmp_path / "m.npz")
    assert not is_violated_in_ball(tmp_path / "m.npz", x0, EPS, label)
    np.savez(tmp_path / "inputs.npz", x=x0[None], y=np.array([label]))
    return tmp_path


def corrupt_proofs(monkeypatch, tmp_path: Path) -> None:
    """Put a drat-trim first on PATH that rejects every proof (checker "auto" picks it)."""
    fake = tmp_path / "bin" / "drat-trim"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 's NOT VERIFIED'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")


def check(tmp_path: Path) -> int:
    return main(["check", "--model", str(tmp_path / "m.npz"), "--inputs",
                 str(tmp_path / "inputs.npz"), "--indices", "0", "--eps", str(EPS),
                 "--no-attack", "--proof", str(tmp_path / "proofs"), "--proof-encoding",
                 "totalizer", "--out", str(tmp_path / "r.jsonl"), "--json"])  # fmt: skip


@pytest.mark.parametrize("corrupted", [False, True], ids=["honest", "corrupted"])
def test_check_proof_failure_gives_unknown_row_and_exit_3(
    robust_case, capsys, monkeypatch, corrupted
):
    if corrupted:
        corrupt_proofs(monkeypatch, robust_case)

    code = check(robust_case)

    (row,) = read_results(robust_case / "r.jsonl")
    summary = json.loads(capsys.readouterr().out)
    assert row["proof_checked"] is (not corrupted)
    assert row["verdict"] == ("unknown" if corrupted else "holds")
    assert summary["result"] == ("unknown" if corrupted else "holds")
    assert code == (3 if corrupted else 0)
    if corrupted:
        assert row["reason"] == "holds not certified: the proof check failed: s NOT VERIFIED"


@pytest.mark.parametrize("corrupted", [False, True], ids=["honest", "corrupted"])
def test_certify_proof_failure_is_uncertified_and_exit_3(
    robust_case, capsys, monkeypatch, corrupted
):
    if corrupted:
        corrupt_proofs(monkeypatch, robust_case)

    code = main(["certify", "--model", str(robust_case / "m.npz"), "--inputs",
                 str(robust_case / "inputs.npz"), "--indices", "0", "--eps", str(EPS),
                 "--solver", "cadical195", "--encoding", "totalizer", "--no-attack",
                 "--out", str(robust_case / "report")])  # fmt: skip

    report = json.loads((robust_case / "report" / "report.json").read_text())
    (row,) = report["queries"]
    assert row["proof"]["checked"] is (not corrupted)
    assert row["proof"]["route"] == "the formula that gave the verdict"  # one solve, not two
    assert row["certified"] is (not corrupted)
    assert report["summary"]["result"] == ("uncertified" if corrupted else "certified")
    assert code == (3 if corrupted else 0)
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "result: unknown" if corrupted else "result: holds"
    )
