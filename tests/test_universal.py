"""Universal perturbations (properties/universal.py, cli/universal.py) against brute force.

The oracle enumerates every perturbation d in [-eps, eps]^n of a tiny network, reads input n
as clip(x0_n + d) and counts the fooled inputs with tests/oracle.py (exact scores from the
arrays; a class tying or beating the label fools), sharing no code with bnnverify. A query
(K) is violated iff some d fools at least K inputs. Every pipeline verdict is compared with
that for K = 1 .. N, and every d reported is counted again by the oracle.

Solver x encoding pairs: FAST_PAIRS (every CNF encoding, each with another python-sat solver;
native AtMost on minicard, gluecard4 and the portfolio; z3, CP-SAT and Exact) in the default
run; every pair of test_solver_pairs.PAIRS in the `slow` run.
"""

from __future__ import annotations

import functools
import itertools
import json

import numpy as np
import pytest
from bnn_cases import ConvSpec, random_conv_network, random_network
from oracle import predict, read_model, violations
from test_solver_pairs import PAIRS, PAIR_IDS

from bnnverify.cli import main
from bnnverify.encode.inputs import OrderInput
from bnnverify.errors import UsageError
from bnnverify.io import save_network
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.backends import make_sink
from bnnverify.properties.base import Model
from bnnverify.properties.universal import Copy, PerturbationBox, ShiftedInput, Universal
from bnnverify.results import Verdict
from bnnverify.verify import CheckConfig, run

FAST_PAIRS = [
    ("cadical195", "seqcounter"), ("glucose4", "totalizer"), ("minisat22", "cardnetwork"),
    ("maplecm", "sortnetwork"), ("cadical153", "mtotalizer"), ("glucose42", "kmtotalizer"),
    ("mergesat3", "totalizer2"), ("minicard", "native"), ("gluecard4", "native"),
    ("portfolio", "native"), ("z3", "totalizer"), ("cpsat", "totalizer"), ("exact", "totalizer"),
]  # fmt: skip
OPTIONAL = {"cpsat": "ortools", "exact": "exact"}  # solver -> the package it needs


def all_perturbations(n: int, eps: int) -> np.ndarray:
    """Every d in [-eps, eps]^n: (count, n) int64."""
    return np.array(list(itertools.product(range(-eps, eps + 1), repeat=n)), dtype=np.int64)


def oracle_fooled(net, x0: np.ndarray, labels: np.ndarray, d: np.ndarray) -> np.ndarray:
    """fooled[b, n]: input n is fooled at d[b] (the oracle, on clip(x0_n + d[b]))."""
    model = read_model(net)
    columns = [
        violations(model, np.clip(x + d, model.input_min, model.input_max), int(label))
        for x, label in zip(x0, labels, strict=True)
    ]
    return np.stack(columns, axis=1)


@functools.cache
def case(name: str):
    """(net, x0 (N, n), labels, eps, the most inputs any d fools, how many d = 0 fools)."""
    seed = int(name.split("-")[-1])
    rng = np.random.default_rng(seed + 300)
    if name.startswith("conv"):
        net = random_conv_network(seed, in_shape=(1, 2, 2), features=(ConvSpec(2, (2, 2)),),
                                  hidden=(3,), input_max=3)  # fmt: skip
    else:
        net = random_network(seed, n_in=3, hidden=(4, 3), input_max=3, binarize="bin" in name)
    x0 = rng.integers(0, net.input_max + 1, (3, net.n_inputs))
    labels = predict(net, x0)
    if name.startswith("wrong"):  # input 0 misclassified: it counts when fooled, at d = 0 too
        labels[0] = (labels[0] + 1) % net.n_classes
    eps = 1 + seed % 2
    return net, x0, labels, eps, *most_fooled(net, x0, labels, eps)


def most_fooled(net, x0: np.ndarray, labels: np.ndarray, eps: int) -> tuple[int, int]:
    """(the most inputs any d fools, how many d = 0 fools), by enumerating every d."""
    fooled = oracle_fooled(net, x0, labels, all_perturbations(net.n_inputs, eps)).sum(axis=1)
    at_zero = int(oracle_fooled(net, x0, labels, np.zeros((1, net.n_inputs), np.int64)).sum())
    return int(fooled.max()), at_zero


CASES = ["raw-0", "raw-1", "bin-2", "bin-3", "wrong-4", "conv-5", "conv-6"]
FAST_CASES = ["raw-1", "wrong-4", "conv-5"]


def test_cases_show_both_verdicts_and_a_misclassified_input():
    expected = [case(name)[4] >= k for name in CASES for k in (1, 2, 3)]
    assert any(expected) and not all(expected)
    fast = [case(name)[4] >= k for name in FAST_CASES for k in (1, 2, 3)]
    assert any(fast) and not all(fast)
    assert case("wrong-4")[5] >= 1  # the flipped label is fooled at d = 0


def check_answer(name: str, k: int, result) -> None:
    """The verdict is brute force's; a d reported lies in the box and fools >= k by the oracle."""
    net, x0, labels, eps, most, _ = case(name)
    assert result.verdict is (Verdict.VIOLATED if most >= k else Verdict.HOLDS), (name, k)
    if result.verdict is Verdict.VIOLATED:
        d = result.counterexample
        assert d.shape == (net.n_inputs,) and np.abs(d).max(initial=0) <= eps
        fooled = oracle_fooled(net, x0, labels, d[None])[0]
        assert fooled.sum() >= k and result.fooled == fooled.sum()
        assert result.fooled_inputs == tuple(np.flatnonzero(fooled).tolist())


def decide(prop: Universal, eps: int, config: CheckConfig):
    """The pipeline on the perturbation box (verify.run)."""
    return run(prop, PerturbationBox(eps), config)


def decide_all(solver: str, encoding: str, names, attack=None, **config):
    if solver in OPTIONAL:
        pytest.importorskip(OPTIONAL[solver])
    settings = CheckConfig(solver, encoding, None, attack=attack, **config)
    for name in names:
        net, x0, labels, eps, _, _ = case(name)
        for k in range(1, len(labels) + 1):
            prop = Universal(Model.of(net), x0, labels, k)
            check_answer(name, k, decide(prop, eps, settings))


@pytest.mark.parametrize(
    ("solver", "encoding"), FAST_PAIRS, ids=[f"{s}-{e}" for s, e in FAST_PAIRS]
)
def test_pipeline_verdict_matches_brute_force(solver, encoding):
    decide_all(solver, encoding, FAST_CASES)


@pytest.mark.slow
@pytest.mark.parametrize(("solver", "encoding"), PAIRS, ids=PAIR_IDS)
def test_pipeline_verdict_matches_brute_force_every_pair(solver, encoding):
    decide_all(solver, encoding, CASES)


def test_pipeline_without_bounds_matches_brute_force():
    decide_all("cadical195", "totalizer", FAST_CASES, use_bounds=False)


def test_pipeline_with_the_attack_matches_brute_force():
    from bnnverify.attack import AttackConfig

    attack = AttackConfig(random_points=16, greedy_rounds=2, greedy_batch=8)
    decide_all("portfolio", "native", FAST_CASES, attack=attack)


def test_attack_alone_finds_only_true_perturbations():
    from bnnverify.attack import AttackConfig

    for name in CASES:
        net, x0, labels, eps, _, at_zero = case(name)
        for k in range(1, len(labels) + 1):
            prop = Universal(Model.of(net), x0, labels, k)
            box = PerturbationBox(eps).box(net)
            d = prop.falsify(box, AttackConfig(16, 2, 8, seed=k))
            if k <= at_zero:
                assert d is not None and not d.any()  # d = 0 comes first
            if d is not None:
                assert oracle_fooled(net, x0, labels, d[None]).sum() >= k


@pytest.mark.parametrize("name", ["raw-0", "bin-3", "conv-6"])
def test_shifted_input_reads_the_perturbation_by_enumeration(name):
    """copy n's literal of x_i >= v is d's variable of d_i >= v - x0_i, or the constant truth
    on the copy's box; checked for every d_i in [-eps, eps] against clip(x0_i + d_i) >= v."""
    net, x0, _, eps, _, _ = case(name)
    sink = make_sink("cadical195", "totalizer")
    box = PerturbationBox(eps).box(net)
    perturbation = OrderInput(box, name="d")
    for x in x0:
        view = ShiftedInput(perturbation, Copy(net, None, x0=x))
        for i, v in itertools.product(range(net.n_inputs), range(-1, net.input_max + 3)):
            lit = view.at_least(sink, i, v)
            for d_i in range(-eps, eps + 1):
                truth = int(np.clip(x[i] + d_i, net.input_min, net.input_max)) >= v
                if isinstance(lit, bool):
                    assert lit == truth, (i, v, d_i)
                else:
                    kind, j, k = sink.pool.obj(lit)
                    assert (kind, j) == ("d", i) and (d_i >= -eps + k) == truth, (i, v, d_i)


def test_bad_queries_are_one_line_usage_errors():
    net, x0, labels, _, _, _ = case("raw-0")
    for k in (0, 4):
        with pytest.raises(UsageError, match="--min-fooled must be in"):
            Universal(Model.of(net), x0, labels, k)
    with pytest.raises(UsageError, match="real inputs"):
        Universal(Model.of(real_network()), np.zeros((1, 2)), np.zeros(1), 1)


def real_network() -> BinaryNetwork:
    layers = (BlockLayer(np.array([[1, -1]], np.int8), np.array([0.5])),
              OutputLayer(np.array([[1], [-1]], np.int8), np.zeros(2)))  # fmt: skip
    return BinaryNetwork(layers, (2,), 0, 4, input_domain="real")


@pytest.fixture
def tiny_files(tmp_path):
    net, x0, labels, _, _, _ = case("bin-3")
    save_network(net, tmp_path / "m.npz")
    np.savez(tmp_path / "inputs.npz", x=x0.astype(np.uint8), y=labels)
    return net, tmp_path


@pytest.mark.parametrize("k", [1, 2, 3])
def test_cli_writes_the_row_and_the_perturbation(tiny_files, capsys, k):
    net, tmp = tiny_files
    _, x0, labels, eps, most, _ = case("bin-3")
    out, cex = tmp / f"r{k}.jsonl", tmp / f"cex{k}"
    argv = ["universal", "--model", str(tmp / "m.npz"), "--inputs", str(tmp / "inputs.npz"),
            "--eps", str(eps), "--samples", "3", "--min-fooled", str(k), "--out", str(out),
            "--cex-dir", str(cex), "--solver", "cadical195", "--encoding", "totalizer",
            "--json"]  # fmt: skip
    status = main(argv)
    summary = json.loads(capsys.readouterr().out)
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert status == (1 if most >= k else 0)
    assert row["property"] == "universal" and row["verdict"] == summary["result"]
    assert (row["eps"], row["samples"], row["min_fooled"]) == (eps, 3, k)
    for key in ("time_s", "solver", "encoding", "n_vars", "n_clauses", "model_sha256"):
        assert key in row
    if most < k:
        assert row["fooled"] is None and row["counterexample"] is None and not cex.exists()
        return
    d = np.load(cex / "universal.npy")
    assert row["counterexample"] == str(cex / "universal.npy") and d.shape == net.input_shape
    assert row["fooled"] == oracle_fooled(net, x0, labels, d.reshape(1, -1)).sum() >= k
    assert (cex / "universal.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_errors_are_one_line(tiny_files, capsys):
    _, tmp = tiny_files
    save_network(real_network(), tmp / "real.npz")
    common = ["universal", "--inputs", str(tmp / "inputs.npz"), "--samples", "3"]
    runs = [
        (["--model", str(tmp / "m.npz"), "--min-fooled", "4"], "--min-fooled must be in [1, 3]"),
        (["--model", str(tmp / "real.npz"), "--min-fooled", "1"], "real inputs"),
    ]
    for extra, message in runs:
        assert main(common + extra) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("bnnverify: error: ") and message in err[0]


def bundled_run(tmp_path, capsys, n: int, k: int) -> dict:
    """`universal --eps 3 --samples n --min-fooled k` on the bundled model: violated, the row
    and DIR/universal.npy written, the d fooling k of the first n samples by the oracle."""
    out, cex = tmp_path / "r.jsonl", tmp_path / "cex"
    argv = ["universal", "--eps", "3", "--samples", str(n), "--min-fooled", str(k),
            "--out", str(out), "--cex-dir", str(cex)]  # fmt: skip
    status = main(argv)
    assert capsys.readouterr().out.strip().splitlines()[-1] == "result: violated"
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    d = np.load(cex / "universal.npy")
    assert status == 1 and d.shape == (1, 28, 28) and np.abs(d).max() <= 3
    from bnnverify.cli.common import default_model_path
    from bnnverify.data import load_samples

    samples = load_samples()
    x0, labels = samples.x[:n].reshape(n, -1).astype(np.int64), samples.y[:n]
    fooled = oracle_fooled(str(default_model_path()), x0, labels, d.reshape(1, -1))[0]
    assert row["fooled"] == fooled.sum() >= k
    return row


def test_cli_on_the_bundled_model(tmp_path, capsys):
    """Two of the first 20 samples are misclassified; the attack fools a third (~1 s)."""
    row = bundled_run(tmp_path, capsys, 20, 3)
    assert row["fooled_at_zero"] == 2 and row["decided_by"] == "attack"


@pytest.mark.slow
def test_cli_on_the_bundled_model_two_of_five(tmp_path, capsys):
    """Two inputs that no attack fools at once: the joint formula (~10-25 s on 2 cores)."""
    row = bundled_run(tmp_path, capsys, 5, 2)
    assert row["decided_by"] == "solver"


def test_replay_refuses_what_does_not_fool_enough():
    from bnnverify.errors import ReplayError

    name = next(name for name in CASES if case(name)[4] > case(name)[5])  # d = 0 fools fewer
    net, x0, labels, eps, most, _ = case(name)
    prop = Universal(Model.of(net), x0, labels, most)
    box = PerturbationBox(eps).box(net)
    every = all_perturbations(net.n_inputs, eps)
    counts = oracle_fooled(net, x0, labels, every).sum(axis=1)
    assert prop.replay(every[np.argmax(counts)], box)[1]["fooled"] == most
    with pytest.raises(ReplayError, match="fewer than"):
        prop.replay(every[np.argmin(counts)], box)
    with pytest.raises(ReplayError, match="leaves the region"):
        prop.replay(np.full(net.n_inputs, eps + 1), box)


@pytest.mark.parametrize("nudge", [0.0, -(2.0**-20)], ids=["tie", "short"])
@pytest.mark.parametrize(
    ("solver", "encoding"), [("cadical195", "totalizer"), ("portfolio", "native")]
)
def test_a_tie_with_the_label_fools(nudge, solver, encoding):
    """Output rows 1 and 2 identical: score_2 - score_1 = nudge everywhere. Label 1 with
    nudge 0 ties (fooled although argmax is 1, the lower index); a nudge below 0 never does,
    and class 0 (bias -9) never comes close."""
    rows = np.array([[-1, -1, -1], [1, -1, 1], [1, -1, 1]], dtype=np.int8)
    net = BinaryNetwork(
        (BlockLayer(np.array([[1, -1, 1], [-1, 1, 0], [1, 1, -1]], np.int8), np.array([4, 2, 0])),
         OutputLayer(rows, np.array([-9.0, 0.5, 0.5 + nudge]))),
        (3,), 0, 3,
    )  # fmt: skip
    x0, labels = np.array([[1, 2, 3], [0, 3, 1]]), np.array([1, 1])
    most, _ = most_fooled(net, x0, labels, 1)
    assert most == (2 if nudge == 0 else 0)
    config = CheckConfig(solver, encoding, None, attack=None)
    for k in (1, 2):
        result = decide(Universal(Model.of(net), x0, labels, k), 1, config)
        assert result.verdict is (Verdict.VIOLATED if most >= k else Verdict.HOLDS)
