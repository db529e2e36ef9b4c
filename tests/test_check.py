"""`bnnverify check` end to end on a tiny model: verdicts vs brute force, files, exit codes,
one-line errors, interrupts, replay of doctored solver answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bnnverify import verify
from bnnverify.backends import Answer, SolveStatus
from bnnverify.cli import main
from bnnverify.errors import ReplayError
from bnnverify.io import read_results, save_network
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import RobustnessQuery
from bnnverify.regions import linf_box
from bnnverify.transform import permute_hidden, prune_weights

from oracle import ROW_KEYS, box_inputs, is_violated_in_ball, predict, violations


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
        input_shape=(1, 2, 3),
        input_min=0,
        input_max=7,
    )
    save_network(net, tmp_path / "tiny.npz")
    x = rng.integers(0, 8, (16, 1, 2, 3)).astype(np.uint8)
    y = predict(net, x)
    y[0] = (y[0] + 1) % 3
    np.savez(tmp_path / "inputs.npz", x=x, y=y)
    return net, tmp_path


def run(tmp_path, *extra: str) -> int:
    return main(
        [
            "check",
            "--model",
            str(tmp_path / "tiny.npz"),
            "--inputs",
            str(tmp_path / "inputs.npz"),
            "--out",
            str(tmp_path / "r.jsonl"),
            *extra,
        ]
    )


@pytest.mark.parametrize("eps", [0, 1, 2])
@pytest.mark.parametrize("solver", ["portfolio", "cadical195", "z3"])
def test_verdicts_match_brute_force(tiny, capsys, eps, solver):
    net, tmp_path = tiny
    encoding = {
        "portfolio": ["--encoding", "native"],
        "cadical195": ["--encoding", "totalizer"],
        "z3": [],
    }[solver]  # z3 reads the constraints natively: no --encoding
    status = run(
        tmp_path,
        "--eps",
        str(eps),
        "--solver",
        solver,
        *encoding,
        "--samples",
        "16",
        "--cex-dir",
        str(tmp_path / "cex"),
    )
    rows = read_results(tmp_path / "r.jsonl")
    assert len(rows) == 16 and all(ROW_KEYS <= set(row) for row in rows)
    data = np.load(tmp_path / "inputs.npz")
    for row in rows:
        x0, label = net.flatten(data["x"][row["index"]])[0], int(data["y"][row["index"]])
        if predict(net, x0[None])[0] != label:
            assert row["verdict"] == "misclassified"
            continue
        violated = is_violated_in_ball(tmp_path / "tiny.npz", x0, eps, label)  # the file's arrays
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


def test_timeout_gives_unknown_and_exit_3(tiny, capsys):
    """A real budget (queries run in worker processes, where no monkeypatch reaches)."""
    _, tmp_path = tiny
    assert run(tmp_path, "--eps", "1", "--indices", "1,2", "--no-attack", "--timeout", "1e-9") == 3
    rows = read_results(tmp_path / "r.jsonl")
    assert [row["verdict"] for row in rows] == ["unknown", "unknown"]
    assert rows[0]["reason"] == "timeout"


def answer_at(x, box):
    """A fake `verify.solve`: sat, with the model whose order-encoded inputs ("in", i, k)
    describe exactly the point x of `box` (every other variable false)."""

    def fake_solve(sink, solver, **kwargs):
        def is_true(var: int) -> bool:
            name = sink.pool.id2obj.get(var)
            if isinstance(name, tuple) and len(name) == 3 and name[0] == "in":
                _, i, k = name
                return int(x[i]) >= int(box.lo[i]) + k
            return False

        return Answer(SolveStatus.SAT, is_true, "", 0.0)

    return fake_solve


def test_a_solver_answer_that_does_not_replay_is_an_error(tiny, monkeypatch):
    """Doctored solver answers, through verify.run in this process (check's workers are
    subprocesses, where no monkeypatch reaches)."""
    net, _ = tiny
    x0 = np.array([3, 3, 3, 3, 3, 3])
    label = int(predict(net, x0[None])[0])
    bogus = x0.copy()  # the original input itself: no class beats the label there...
    if violations(net, x0[None], label).any():
        pytest.skip("seed gives a tie at x0")
    query = RobustnessQuery(index=0, x0=x0, label=label, eps=1)
    prop, region = query.on(Model.of(net)), query.region()
    config = verify.CheckConfig(attack=None)
    box = linf_box(net, x0, 1)
    monkeypatch.setattr("bnnverify.verify.solve", answer_at(bogus, box))
    with pytest.raises(ReplayError, match="does not replay"):
        verify.run(prop, region, config, query.index)
    # ...and a point outside the box: no model of the order encoding decodes to one, so the
    # decoded point itself is doctored (the step between the solver's answer and the replay)
    outside = x0 + 5
    monkeypatch.setattr(
        "bnnverify.encode.inputs.OrderInput.decode", lambda self, sink, is_true: outside
    )
    with pytest.raises(ReplayError, match="leaves the region"):
        verify.run(prop, region, config, query.index)


# Interrupts (real signals, real subprocesses): tests/test_interrupt.py


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
        # the default check (portfolio, native AtMost) has no DRAT form: the row says so
        assert row["proof_route"].startswith("re-encoded and re-solved (portfolio/native")
    assert status in (0, 1)


def test_equivalence_cli_on_permuted_and_pruned_copies(tiny, capsys):
    net, tmp_path = tiny
    save_network(permute_hidden(net, 1), tmp_path / "permuted.npz")
    save_network(prune_weights(net, 2, 0.5), tmp_path / "pruned.npz")
    base = ["check", "--property", "equivalence", "--model", str(tmp_path / "tiny.npz")]
    assert main([*base, "--other", str(tmp_path / "permuted.npz")]) == 0
    x = box_inputs(np.zeros(6), np.full(6, 7))
    differs = (predict(tmp_path / "tiny.npz", x) != predict(tmp_path / "pruned.npz", x)).any()
    status = main(
        [
            *base,
            "--other",
            str(tmp_path / "pruned.npz"),
            "--cex-dir",
            str(tmp_path / "eqcex"),
            "--out",
            str(tmp_path / "eq.jsonl"),
        ]
    )
    assert status == (1 if differs else 0)
    if differs:
        row = read_results(tmp_path / "eq.jsonl")[0]
        cex = np.load(row["counterexample"])
        assert predict(tmp_path / "tiny.npz", cex.reshape(1, -1))[0] == row["predicted_a"]
        assert predict(tmp_path / "pruned.npz", cex.reshape(1, -1))[0] == row["predicted_b"]
    assert main([*base]) == 2
    assert "needs --other" in capsys.readouterr().err


def test_workers_give_the_same_rows_as_one_process(tiny, capsys):
    _, tmp_path = tiny
    run(tmp_path, "--eps", "1", "--samples", "16")
    one = {row["index"]: row["verdict"] for row in read_results(tmp_path / "r.jsonl")}
    assert run(tmp_path, "--eps", "1", "--samples", "16", "--workers", "2") in (0, 1)
    two = {row["index"]: row["verdict"] for row in read_results(tmp_path / "r.jsonl")}
    assert one == two and len(two) == 16
