"""`bnnverify check` end to end on a tiny model: verdicts vs brute force, files, exit codes,
one-line errors, interrupts, replay of doctored solver answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bnnverify import verify
from bnnverify.bounds import linf_box
from bnnverify.cli import main
from bnnverify.engine import reference
from bnnverify.engine.packed import PackedNetwork
from bnnverify.errors import ReplayError
from bnnverify.formula import SolveStatus
from bnnverify.io import load_network, read_results, save_network
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.transform import permute_hidden, prune_weights

from bnn_cases import all_inputs, violations

ROW_KEYS = {"index", "label", "predicted", "property", "eps", "verdict", "time_s", "solver",
            "encoding", "n_vars", "n_clauses", "fixed_neurons", "total_neurons",
            "counterexample", "model_sha256"}


@pytest.fixture
def tiny(tmp_path):
    """A 6-input model over values 0..7 (shape (1, 2, 3)) and 16 labelled inputs, one of them
    misclassified on purpose."""
    rng = np.random.default_rng(11)
    net = BinaryNetwork(
        layers=(
            BlockLayer(rng.integers(-1, 2, (6, 6)).astype(np.int8), rng.integers(-6, 7, 6)),
            BlockLayer(rng.integers(-1, 2, (4, 6)).astype(np.int8), rng.integers(-2, 3, 4)),
            OutputLayer(rng.integers(-1, 2, (3, 4)).astype(np.int8), np.array([0.0, 0.5, -0.5])),
        ),
        input_shape=(1, 2, 3), input_min=0, input_max=7,
    )
    save_network(net, tmp_path / "tiny.npz")
    x = rng.integers(0, 8, (16, 1, 2, 3)).astype(np.uint8)
    y = reference.predict(net, x)
    y[0] = (y[0] + 1) % 3
    np.savez(tmp_path / "inputs.npz", x=x, y=y)
    return net, tmp_path


def run(tmp_path, *extra: str) -> int:
    return main(["check", "--model", str(tmp_path / "tiny.npz"), "--inputs",
                 str(tmp_path / "inputs.npz"), "--out", str(tmp_path / "r.jsonl"), *extra])


@pytest.mark.parametrize("eps", [0, 1, 2])
@pytest.mark.parametrize("solver", ["portfolio", "cadical195", "z3"])
def test_verdicts_match_brute_force(tiny, capsys, eps, solver):
    net, tmp_path = tiny
    encoding = "native" if solver == "portfolio" else "totalizer"
    status = run(tmp_path, "--eps", str(eps), "--solver", solver, "--encoding", encoding,
                 "--samples", "16", "--cex-dir", str(tmp_path / "cex"))
    rows = read_results(tmp_path / "r.jsonl")
    assert len(rows) == 16 and all(ROW_KEYS <= set(row) for row in rows)
    data = np.load(tmp_path / "inputs.npz")
    for row in rows:
        x0, label = net.flatten(data["x"][row["index"]])[0], int(data["y"][row["index"]])
        if reference.predict(net, x0)[0] != label:
            assert row["verdict"] == "misclassified"
            continue
        violated = violations(net, all_inputs(linf_box(net, x0, eps)), label).any()
        assert row["verdict"] == ("violated" if violated else "holds")
        if violated:
            cex = np.load(row["counterexample"])
            assert cex.shape == (1, 2, 3)
            assert np.abs(cex.astype(int) - data["x"][row["index"]]).max() <= eps
            assert violations(net, net.flatten(cex), label).all()
            assert (tmp_path / "cex" / f"{row['index']}.png").is_file()
    overall = "violated" if any(row["verdict"] == "violated" for row in rows) else "holds"
    assert status == (1 if overall == "violated" else 0)
    assert capsys.readouterr().out.strip().splitlines()[-1] == f"result: {overall}"


def test_json_summary_counts_every_verdict(tiny, capsys):
    _, tmp_path = tiny
    run(tmp_path, "--eps", "1", "--samples", "16", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["queries"] == 16 and sum(summary["verdicts"].values()) == 16
    assert summary["verdicts"]["misclassified"] >= 1
    assert {"median_time_s", "max_time_s", "result", "model_sha256"} <= set(summary)


def test_timeout_gives_unknown_and_exit_3(tiny, capsys, monkeypatch):
    _, tmp_path = tiny

    def out_of_time(*args, **kwargs):
        return verify_outcome(SolveStatus.UNKNOWN, None, "timeout")

    monkeypatch.setattr("bnnverify.solvers.solve_robustness", out_of_time)
    assert run(tmp_path, "--eps", "1", "--indices", "1,2", "--no-attack") == 3
    rows = read_results(tmp_path / "r.jsonl")
    assert [row["verdict"] for row in rows] == ["unknown", "unknown"]
    assert rows[0]["reason"] == "timeout"


def verify_outcome(status, x, reason):
    from bnnverify.solvers import SolveOutcome

    return SolveOutcome(status, x, reason, n_vars=0, n_clauses=0, fixed_neurons=0,
                        total_neurons=0, encode_time_s=0.0, solve_time_s=0.0)


def test_a_solver_answer_that_does_not_replay_is_an_error(tiny, monkeypatch):
    net, _ = tiny
    x0 = np.array([3, 3, 3, 3, 3, 3])
    label = int(reference.predict(net, x0)[0])
    bogus = x0.copy()  # the original input itself: no class beats the label there...
    if violations(net, x0[None], label).any():
        pytest.skip("seed gives a tie at x0")
    monkeypatch.setattr("bnnverify.solvers.solve_robustness",
                        lambda *a, **k: verify_outcome(SolveStatus.SAT, bogus, ""))
    query = verify.RobustnessQuery(index=0, x0=x0, label=label, eps=1)
    with pytest.raises(ReplayError, match="does not replay"):
        verify.check_robustness(net, PackedNetwork(net), query, verify.CheckConfig(attack=None))
    outside = x0 + 5  # ...and a point outside the box
    monkeypatch.setattr("bnnverify.solvers.solve_robustness",
                        lambda *a, **k: verify_outcome(SolveStatus.SAT, outside, ""))
    with pytest.raises(ReplayError, match="leaves the region"):
        verify.check_robustness(net, PackedNetwork(net), query, verify.CheckConfig(attack=None))


def test_interrupt_keeps_every_finished_row(tiny, capsys, monkeypatch):
    _, tmp_path = tiny
    real = verify.check_robustness
    calls = []

    def interrupted_on_the_fourth(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(verify, "check_robustness", interrupted_on_the_fourth)
    assert run(tmp_path, "--eps", "1", "--samples", "10") == 130
    rows = read_results(tmp_path / "r.jsonl")
    assert [row["index"] for row in rows] == [0, 1, 2]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--eps", "-1"], "--eps must be an integer in [0, 7]"),
        (["--eps", "9"], "--eps must be an integer in [0, 7]"),
        (["--solver", "nosuch"], "unknown solver 'nosuch'"),
        (["--solver", "kissat404"], "is not supported"),
        (["--solver", "cadical195", "--encoding", "native"], "native"),
        (["--indices", "99"], "--indices must lie in [0, 15]"),
        (["--samples", "3", "--indices", "1"], "either --samples or --indices"),
        (["--timeout", "0"], "--timeout must be positive"),
        (["--target", "7"], "target class"),
        (["--proof", "p", "--proof-solver", "minisat22"], "cannot produce checkable DRAT"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tiny, capsys, extra, message):
    _, tmp_path = tiny
    assert run(tmp_path, *extra) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_proofs_certify_every_holds_verdict(tiny, capsys):
    _, tmp_path = tiny
    status = run(tmp_path, "--eps", "1", "--samples", "16", "--proof", str(tmp_path / "proofs"))
    rows = read_results(tmp_path / "r.jsonl")
    holds = [row for row in rows if row["verdict"] == "holds"]
    assert holds and all(row["proof_checked"] is True for row in holds)
    for row in holds:
        assert (tmp_path / "proofs" / f"q_{row['index']}_eps_1.drat").is_file()
    assert status in (0, 1)


def test_equivalence_cli_on_permuted_and_pruned_copies(tiny, capsys):
    net, tmp_path = tiny
    save_network(permute_hidden(net, 1), tmp_path / "permuted.npz")
    save_network(prune_weights(net, 2, 0.5), tmp_path / "pruned.npz")
    base = ["check", "--property", "equivalence", "--model", str(tmp_path / "tiny.npz")]
    assert main([*base, "--other", str(tmp_path / "permuted.npz")]) == 0
    x = all_inputs(linf_box(net, np.zeros(6), 7))
    pruned = load_network(tmp_path / "pruned.npz")
    differs = (reference.predict(net, x) != reference.predict(pruned, x)).any()
    status = main([*base, "--other", str(tmp_path / "pruned.npz"), "--cex-dir",
                   str(tmp_path / "eqcex"), "--out", str(tmp_path / "eq.jsonl")])
    assert status == (1 if differs else 0)
    if differs:
        row = read_results(tmp_path / "eq.jsonl")[0]
        cex = np.load(row["counterexample"])
        assert reference.predict(net, cex.reshape(1, -1))[0] == row["predicted_a"]
        assert reference.predict(pruned, cex.reshape(1, -1))[0] == row["predicted_b"]
    assert main([*base]) == 2
    assert "needs --other" in capsys.readouterr().err


def test_workers_give_the_same_rows_as_one_process(tiny, capsys):
    _, tmp_path = tiny
    run(tmp_path, "--eps", "1", "--samples", "16")
    one = {row["index"]: row["verdict"] for row in read_results(tmp_path / "r.jsonl")}
    assert run(tmp_path, "--eps", "1", "--samples", "16", "--workers", "2") in (0, 1)
    two = {row["index"]: row["verdict"] for row in read_results(tmp_path / "r.jsonl")}
    assert one == two and len(two) == 16
