"""DRAT certificates: solver proofs of robust queries verify; corrupted proofs do not.

Oracles: brute force over the whole (tiny) box for the verdict; an independent checker for the
proof; soundness for the corruptions (no valid proof refutes a satisfiable CNF, and a proof with
no lemmas refutes only a formula that unit propagation already refutes).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest
from bnn_cases import random_network
from oracle import is_violated_in_box, predict

from bnnverify.backends.cnf import CnfBuilder
from bnnverify.drat import check_drat
from bnnverify.errors import SolverError
from bnnverify.proofs import prove
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import box_region, linf_box
from bnnverify.proofs import ProofRequest
from bnnverify.verify import query_encoding

pytest.importorskip("dratify")

# (seed, eps): robust queries whose CNF unit propagation alone does not refute, so a proof has
# to do real work; and violated ones.
ROBUST = [(2, 1), (3, 2), (3, 3), (27, 2)]
VIOLATED = [(0, 1), (1, 2)]
CHECKERS = ["dratify-python", "dratify"]


def make_query(seed: int, eps: int):
    net = random_network(seed, n_in=8, hidden=(8, 6), n_classes=3, input_max=3)
    x0 = np.random.default_rng(seed).integers(0, 4, 8)
    label = int(predict(net, x0[None])[0])
    return net, linf_box(net, x0, eps), label


def prove_robustness(
    net, box, label, *, out_dir, stem, solver, encoding="totalizer", checker="auto"
):
    """The query's CNF as `check` builds it (verify.query_encoding), proved by proofs.prove."""
    sink = CnfBuilder(encoding)
    query_encoding(Robustness(Model.of(net), label), box_region(box), sink)
    request = ProofRequest(solver, encoding, str(out_dir), stem, checker)
    return prove(sink, request, "test CNF", "test")


def prove_case(tmp_path: Path, seed: int, eps: int, solver: str = "cadical195", stem: str = "q"):
    net, box, label = make_query(seed, eps)
    return prove_robustness(net, box, label, out_dir=tmp_path, stem=stem, solver=solver,
                            checker="dratify-python")  # fmt: skip


def write_proof(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("solver", ["cadical195", "glucose4", "cadical153", "maplecm"])
@pytest.mark.parametrize(("seed", "eps"), ROBUST)
def test_proof_of_robust_query_is_verified_and_matches_brute_force(tmp_path, solver, seed, eps):
    net, box, label = make_query(seed, eps)
    assert not is_violated_in_box(net, box.lo, box.hi, label)

    record = prove_robustness(net, box, label, out_dir=tmp_path, stem="q", solver=solver)

    assert record.status == "refuted"
    assert record.checked is True, record.message
    assert record.proof_path == tmp_path / "q.drat" and record.proof_path.is_file()
    assert record.cnf_path.read_text().count("\np cnf ") == 1
    assert record.to_row()["proof_checked"] is True


@pytest.mark.parametrize(("seed", "eps"), ROBUST)
def test_empty_derivation_is_rejected(tmp_path, seed, eps):
    record = prove_case(tmp_path, seed, eps)
    deletions = [line for line in record.proof_path.read_text().splitlines() if line[:1] == "d"]

    for lines in (["0"], [*deletions, "0"]):
        outcome = check_drat(record.cnf_path, write_proof(tmp_path / "bad.drat", lines),
                             checker="dratify-python")  # fmt: skip
        assert not outcome.ok and outcome.result == "rejected"


@pytest.mark.parametrize("checker", CHECKERS)
def test_truncated_proofs_are_rejected(tmp_path, checker):
    record = prove_case(tmp_path, 3, 3)
    lines = record.proof_path.read_text().splitlines()
    text = record.proof_path.read_text()
    assert lines[-1] == "0" and len(lines) > 10

    half = write_proof(tmp_path / "half.drat", lines[: len(lines) // 2])
    no_empty = write_proof(tmp_path / "no_empty.drat", lines[:-1])
    mid_clause = tmp_path / "mid.drat"
    mid_clause.write_text(text[: text.index(" ", len(text) // 2)])  # ends inside a clause

    for path in (half, no_empty, mid_clause):
        outcome = check_drat(record.cnf_path, path, checker=checker)
        assert not outcome.ok, (path.name, outcome)


@pytest.mark.parametrize("solver", ["cadical195", "glucose4"])
@pytest.mark.parametrize("checker", CHECKERS)
def test_flipped_literal_is_rejected(tmp_path, solver, checker):
    record = prove_case(tmp_path, 27, 2, solver=solver)
    lines = record.proof_path.read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line[:1] != "d" and line != "0")
    lits = lines[first].split()
    lits[0] = str(-int(lits[0]))  # this lemma of this proof is no longer RUP nor RAT
    lines[first] = " ".join(lits)

    outcome = check_drat(record.cnf_path, write_proof(tmp_path / "flip.drat", lines),
                         checker=checker)  # fmt: skip

    assert not outcome.ok and outcome.result == "rejected"


@pytest.mark.parametrize("checker", CHECKERS)
def test_proof_for_a_different_cnf_is_rejected(tmp_path, checker):
    proof = prove_case(tmp_path / "a", 3, 3).proof_path
    other = prove_case(tmp_path / "b", 27, 2).cnf_path
    satisfiable = prove_case(tmp_path / "c", *VIOLATED[0]).cnf_path

    for cnf in (other, satisfiable):
        assert not check_drat(cnf, proof, checker=checker).ok


@pytest.mark.parametrize(("seed", "eps"), VIOLATED)
@pytest.mark.parametrize("solver", ["cadical195", "glucose4"])
def test_satisfiable_query_claims_no_proof(tmp_path, seed, eps, solver):
    net, box, label = make_query(seed, eps)
    assert is_violated_in_box(net, box.lo, box.hi, label)

    record = prove_robustness(net, box, label, out_dir=tmp_path, stem="q", solver=solver)

    assert record.status == "sat"
    assert record.proof_path is None and record.checked is None
    assert not (tmp_path / "q.drat").exists() and record.cnf_path.is_file()


def test_check_with_time_limit_runs_in_a_child_process(tmp_path):
    record = prove_case(tmp_path, 3, 3)

    outcome = check_drat(record.cnf_path, record.proof_path, checker="dratify-python",
                         time_limit_s=60)  # fmt: skip

    assert outcome.ok and outcome.checker == "dratify-python"


@pytest.mark.parametrize("solver", ["maplesat", "minisat22", "kissat404", "z3"])
def test_solvers_without_sound_proofs_are_refused(tmp_path, solver):
    net, box, label = make_query(3, 3)
    with pytest.raises(SolverError, match="DRAT"):
        prove_robustness(net, box, label, out_dir=tmp_path, stem="q", solver=solver)


def test_native_encoding_is_refused(tmp_path):
    net, box, label = make_query(3, 3)
    with pytest.raises(SolverError, match="clause encoding"):
        prove_robustness(
            net, box, label, out_dir=tmp_path, stem="q", solver="cadical195", encoding="native"
        )


@pytest.mark.parametrize(
    ("printed", "ok", "result"),
    [("c parsing\r\ns VERIFIED\n", True, "verified"),
     ("\rs NOT VERIFIED\n", False, "rejected"),
     ("c nothing to say\n", False, "error")],
)  # fmt: skip
def test_drat_trim_output_is_parsed(tmp_path, monkeypatch, printed, ok, result):
    fake = tmp_path / "bin" / "drat-trim"  # stands in for drat-trim: prints like it, with \r
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nprintf '{printed.replace(chr(13), chr(92) + 'r')}'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    cnf, proof = tmp_path / "f.cnf", tmp_path / "f.drat"
    cnf.write_text("p cnf 1 1\n1 0\n")
    proof.write_text("0\n")

    outcome = check_drat(cnf, proof)

    assert (outcome.ok, outcome.result, outcome.checker) == (ok, result, "drat-trim")
