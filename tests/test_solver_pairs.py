"""Every solver x encoding pair the tool accepts, end to end, against the brute-force oracle.

For each pair: a few tiny random robustness queries (both verdicts) and explicit output ties
(identical output rows, biases that equalize two classes at a point, labels on both sides of
the tied class), each decided by the pipeline (bnn_cases.solve_box) and compared with
tests/oracle.py, which computes exact scores from the arrays and shares no code with
bnnverify. A few pairs also decide equivalence against brute force.
"""

from __future__ import annotations

import dataclasses
import functools
from fractions import Fraction

import numpy as np
import pytest
from bnn_cases import random_network, solve_box
from oracle import box_inputs, exact_scores, is_violated_in_ball, predict, violations

from bnnverify.backends import BACKENDS, check_solver
from bnnverify.encode.cardinality import CNF_ENCODINGS
from bnnverify.errors import SolverError
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.regions import box_region, linf_box, whole_space
from bnnverify.results import Verdict
from bnnverify.transform import prune_weights
from bnnverify.verify import CheckConfig, run


def accepted_pairs() -> list[tuple[str, str]]:
    """(solver, encoding) for every solver that reads the encoding and every encoding it
    accepts; the others (z3, cpsat) once."""
    pairs = []
    for solver, row in BACKENDS.items():
        if not row.takes_encoding:
            pairs.append((solver, "totalizer"))  # encoding not read
            continue
        for encoding in CNF_ENCODINGS:
            try:
                check_solver(solver, encoding)
            except SolverError:
                continue
            pairs.append((solver, encoding))
    return pairs


PAIRS = accepted_pairs()
PAIR_IDS = [f"{solver}-{encoding}" for solver, encoding in PAIRS]
RANDOM_SEEDS = (0, 1, 8, 9)  # robust (0, 1) and violated (8, 9); raw (even) and binarize (odd)


def test_every_solver_and_encoding_is_covered():
    names = {solver for solver, _ in PAIRS}
    for solver in ("gluecard3", "gluecard4", "minicard", "portfolio", "cadical195", "glucose4",
                   "z3", "cpsat"):  # fmt: skip
        assert solver in names, solver
    for encoding in ("seqcounter", "totalizer", "totalizer2", "mtotalizer", "kmtotalizer",
                     "cardnetwork", "sortnetwork", "native"):  # fmt: skip
        assert any(e == encoding for _, e in PAIRS), encoding
    assert {e for s, e in PAIRS if s == "gluecard3"} == set(CNF_ENCODINGS)
    assert len(PAIRS) > 100


@functools.cache
def random_query(seed: int):
    net = random_network(seed, n_in=4, hidden=(4, 3), n_classes=3, binarize=seed % 2 == 1)
    x0 = np.random.default_rng(seed + 50).integers(0, 8, 4)
    eps, label = 1, int(predict(net, x0[None])[0])
    return net, x0, eps, label, None, is_violated_in_ball(net, x0, eps, label)


def with_bias(net: BinaryNetwork, bias) -> BinaryNetwork:
    output = OutputLayer(net.output.weight, np.array(bias, dtype=np.float64))
    return dataclasses.replace(net, layers=(*net.layers[:-1], output))


@functools.cache
def identical_rows_query(label: int, nudge: float):
    """Output rows 1 and 2 identical: score_1 - score_2 = bias_1 - bias_2 everywhere."""
    weight = np.array([[1, -1, 1], [-1, 1, 0], [1, 1, -1]], dtype=np.int8)
    rows = np.array([[-1, -1, -1], [1, -1, 1], [1, -1, 1]], dtype=np.int8)
    net = BinaryNetwork(
        (
            BlockLayer(weight, np.array([4, 2, 0], dtype=np.int64)),
            OutputLayer(rows, np.array([-9.0, 0.5, 0.5 + nudge])),
        ),
        (3,),
        0,
        3,
    )
    x0 = np.array([1, 2, 3])
    return net, x0, 3, label, None, is_violated_in_ball(net, x0, 3, label)


@functools.cache
def equalized_query(seed: int, side: str, nudge: float, eps: int):
    """bias[c] set so that score_c == score_label (+ nudge) exactly at x0; c below or above."""
    net = random_network(seed, n_in=4, hidden=(4, 3), n_classes=3)
    x0 = np.random.default_rng(seed + 70).integers(0, 8, 4)
    label = 1
    c = 0 if side == "below" else 2
    scores = exact_scores(net, x0[None])[0]
    bias = [Fraction(float(b)) for b in net.output.bias]
    bias[c] += scores[label] - scores[c] + Fraction(nudge)
    bias[3 - c - label] = Fraction(-100)  # the third class never competes
    net = with_bias(net, [float(b) for b in bias])
    tie = exact_scores(net, x0[None])[0]
    assert tie[c] - tie[label] == Fraction(nudge)  # the tie (or the near-tie) is exact
    return net, x0, eps, label, None, is_violated_in_ball(net, x0, eps, label)


TIE_QUERIES = [
    ("rows-tie-label1", lambda: identical_rows_query(1, 0.0)),  # tie with the class after
    ("rows-tie-label2", lambda: identical_rows_query(2, 0.0)),  # tie with the class before
    ("rows-short-label1", lambda: identical_rows_query(1, -(2.0**-20))),
    ("bias-tie-below", lambda: equalized_query(5, "below", 0.0, 0)),
    ("bias-tie-above", lambda: equalized_query(5, "above", 0.0, 0)),
    ("bias-short-above", lambda: equalized_query(5, "above", -(2.0**-20), 0)),
    ("bias-tie-above-eps1", lambda: equalized_query(6, "above", 0.0, 1)),
    ("targets-skip-the-tie", lambda: identical_rows_query(1, 0.0)[:4] + ((0,), None)),
]


def expected(query) -> bool:
    net, x0, eps, label, targets, violated = query
    if targets is not None:
        violated = is_violated_in_ball(net, x0, eps, label, targets)
    return violated


def test_tie_queries_are_what_they_claim():
    verdicts = {name: expected(make()) for name, make in TIE_QUERIES}
    assert verdicts["rows-tie-label1"] and verdicts["rows-tie-label2"]
    assert not verdicts["rows-short-label1"] and not verdicts["bias-short-above"]
    assert verdicts["bias-tie-below"] and verdicts["bias-tie-above"]
    assert not verdicts["targets-skip-the-tie"]  # class 0 never reaches the label
    random = [random_query(seed)[-1] for seed in RANDOM_SEEDS]
    assert any(random) and not all(random)


def decide(solver: str, encoding: str, query):
    net, x0, eps, label, targets, _ = query
    box = linf_box(net, x0, eps)
    outcome = solve_box(net, box, label, targets, solver=solver, encoding=encoding)
    violated = expected(query)
    assert outcome.verdict is (Verdict.VIOLATED if violated else Verdict.HOLDS)
    if violated:  # the decoded input lies in the ball and violates, by the oracle
        x = outcome.counterexample
        assert np.abs(x - x0).max() <= eps
        assert net.input_min <= x.min() and x.max() <= net.input_max
        assert violations(net, x[None], label, targets)[0]


@pytest.mark.parametrize(("solver", "encoding"), PAIRS, ids=PAIR_IDS)
def test_pair_robustness_matches_brute_force(solver, encoding):
    if solver == "cpsat":
        pytest.importorskip("ortools")
    for seed in RANDOM_SEEDS:
        decide(solver, encoding, random_query(seed))
    for _, make in TIE_QUERIES:
        decide(solver, encoding, make())


EQUIVALENCE_PAIRS = [("gluecard3", "sortnetwork"), ("cadical153", "mtotalizer"),
                     ("glucose42", "kmtotalizer"), ("portfolio", "native"),
                     ("maplecm", "cardnetwork"), ("cpsat", "totalizer")]  # fmt: skip


@pytest.mark.parametrize(
    ("solver", "encoding"), EQUIVALENCE_PAIRS, ids=[f"{s}-{e}" for s, e in EQUIVALENCE_PAIRS]
)
def test_pair_equivalence_matches_brute_force(solver, encoding):
    if solver == "cpsat":
        pytest.importorskip("ortools")
    config = CheckConfig(solver=solver, encoding=encoding, timeout_s=60, attack=None)
    net = random_network(8, n_in=4, hidden=(4, 3), input_max=3)
    box = whole_space(net)
    bias = net.output.bias.copy()
    bias[1] = bias[0]  # B = A with classes 0 and 1 tied in bias: the tie rule decides
    others = [prune_weights(net, 8, 0.3), with_bias(net, bias), with_bias(net, bias + 2.0**-30)]
    for other in others:
        x = box_inputs(box.lo, box.hi)
        differ = bool((predict(net, x) != predict(other, x)).any())
        result = run(Equivalence(Model.of(net), Model.of(other)), box_region(box), config)
        assert result.verdict is (Verdict.VIOLATED if differ else Verdict.HOLDS)
        if differ:
            cex = result.counterexample[None]
            assert predict(net, cex)[0] != predict(other, cex)[0]
