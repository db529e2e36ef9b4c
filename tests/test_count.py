"""Counting violating inputs (bnnverify.count): every method against the brute-force oracle.

Oracle: tests/oracle.py (shares no code with bnnverify) on every point of tiny boxes. Exact
counts must be equal; ApproxMC's must lie within its stated factor (1 + epsilon), which is a
probabilistic guarantee (probability >= 1 - delta per seed): with delta = 0.05 over 5 seeds
the test asks it of at least 4 (all 5 held when it was written).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace

import numpy as np
import pytest

import oracle
from bnn_cases import random_network, tiny_box
from bnnverify import count, model_count
from bnnverify.cli import main
from bnnverify.cli import count as count_cli
from bnnverify.errors import SolverError
from bnnverify.io import save_network
from bnnverify.model import BinaryNetwork, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.regions import InputBox, box_region
from bnnverify.results import Verdict

SEEDS = range(8)


def needs(package: str) -> None:
    pytest.importorskip(package)


def tiny_case(seed: int, binarize: bool = False) -> tuple[BinaryNetwork, InputBox, int]:
    """A random 5-4-3-3 network, a box with 4 free inputs (4**4 = 256 points), a label."""
    net = random_network(seed, n_in=5, hidden=(4, 3), n_classes=3, input_max=3, binarize=binarize)
    return net, tiny_box(net, seed, n_free=4), seed % 3


def oracle_violations(net: BinaryNetwork, box: InputBox, label: int, targets=None) -> int:
    return int(oracle.violations(net, oracle.box_inputs(box.lo, box.hi), label, targets).sum())


def oracle_disagreements(net_a: BinaryNetwork, net_b: BinaryNetwork, box: InputBox) -> int:
    points = oracle.box_inputs(box.lo, box.hi)
    return int(np.count_nonzero(oracle.predict(net_a, points) != oracle.predict(net_b, points)))


def exact_formula_count(prop: count.Counted, box: InputBox, use_bounds: bool = True) -> int:
    """Ganak's count of the counting CNF itself (no check first, so counts of 0 run too)."""
    bounds = [m.bounds(box) if use_bounds else None for m in prop.models]
    formula = count.build_formula(prop, box, bounds, None)
    value = count.count_formula(formula, "exact", count.CountConfig(), None)
    assert value is not None
    return value


def robustness(net: BinaryNetwork, label: int, targets=None) -> count.Counted:
    return count.counted_property([Model.of(net)], label, targets)


def tied_output(net: BinaryNetwork, c: int, d: int) -> BinaryNetwork:
    """net with class d's output row and bias equal to class c's: the two always tie."""
    weight, bias = net.output.weight.copy(), net.output.bias.copy()
    weight[d], bias[d] = weight[c], bias[c]
    return replace(net, layers=(*net.layers[:-1], OutputLayer(weight, bias)))


@pytest.mark.parametrize("binarize", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_robustness_counts_match_oracle(seed, binarize):
    needs("pyganak")
    net, box, label = tiny_case(seed, binarize)
    prop = robustness(net, label)
    truth = oracle_violations(net, box, label)

    enumerated, point = count.count_by_enumeration(prop, box, None)

    assert enumerated == truth
    assert exact_formula_count(prop, box) == truth
    assert exact_formula_count(prop, box, use_bounds=False) == truth
    assert (point is None) == (truth == 0)


@pytest.mark.parametrize("label", [0, 1, 2])
def test_output_ties_count_as_violations_by_oracle(label):
    needs("pyganak")
    net, box, _ = tiny_case(3)
    tied = tied_output(net, 0, 1)  # classes 0 and 1 always tie: a label of 0 or 1 is violated
    prop = robustness(tied, label, targets=(0, 1) if label < 2 else None)
    truth = oracle_violations(tied, box, label, None if label == 2 else (0, 1))
    if label < 2:
        assert truth == count.region_size(box)

    assert count.count_by_enumeration(prop, box, None)[0] == truth
    assert exact_formula_count(prop, box) == truth


@pytest.mark.parametrize("seed", SEEDS)
def test_disagreement_counts_match_oracle(seed):
    needs("pyganak")
    net_a, box, _ = tiny_case(seed)
    net_b = random_network(seed + 100, n_in=5, hidden=(4, 3), n_classes=3, input_max=3)
    prop = count.counted_property([Model.of(net_a), Model.of(net_b)], None)
    truth = oracle_disagreements(net_a, net_b, box)

    assert count.count_by_enumeration(prop, box, None)[0] == truth
    assert exact_formula_count(prop, box) == truth


@pytest.mark.parametrize("seed", range(4))
def test_disagreement_with_tied_copy_follows_lowest_index_rule(seed):
    needs("pyganak")
    net, box, _ = tiny_case(seed)
    tied = tied_output(net, 0, 1)
    swapped_weight = tied.output.weight[[1, 0, 2]]  # the same classes, 0 and 1 swapped
    swapped = replace(
        tied, layers=(*tied.layers[:-1], OutputLayer(swapped_weight, tied.output.bias))
    )
    prop = count.counted_property([Model.of(tied), Model.of(swapped)], None)
    truth = oracle_disagreements(tied, swapped, box)

    assert count.count_by_enumeration(prop, box, None)[0] == truth
    assert exact_formula_count(prop, box) == truth


@pytest.mark.parametrize("seed", range(6))
def test_single_point_box_counts_by_oracle(seed):
    needs("pyganak")
    net, box, label = tiny_case(seed)
    point = InputBox(box.center, box.center)  # every neuron fixed: no input variable at all
    prop = robustness(net, label)
    truth = oracle_violations(net, point, label)

    assert count.count_by_enumeration(prop, point, None)[0] == truth
    assert exact_formula_count(prop, point) == truth


@pytest.mark.parametrize("method", ["enumerate", "exact", "auto"])
@pytest.mark.parametrize("seed", range(6))
def test_count_region_matches_oracle_and_verdict(seed, method):
    needs("pyganak")
    net, box, label = tiny_case(seed)
    truth = oracle_violations(net, box, label)

    result = count.count_region(robustness(net, label), box_region(box), count.CountConfig(method))

    assert result.property == "count"
    assert result.count == truth
    assert result.region_size == count.region_size(box) == len(oracle.box_inputs(box.lo, box.hi))
    assert result.fraction == truth / result.region_size
    assert result.guarantee is None
    assert result.verdict == (Verdict.VIOLATED if truth else Verdict.HOLDS)
    if truth:
        assert oracle.violations(net, result.counterexample[None], label)[0]


def approx_case() -> tuple[BinaryNetwork, InputBox, int, int]:
    """A 6-input network on its whole input space (4**6 = 4096 points), label 1: 1264 of
    them violate (found by the oracle; chosen so that the count is neither 0 nor all)."""
    net = random_network(8, n_in=6, hidden=(5, 4), n_classes=3, input_max=3)
    box = InputBox(np.zeros(6, np.int64), np.full(6, 3, np.int64))
    label = 1
    return net, box, label, oracle_violations(net, box, label)


def test_approx_count_is_within_its_stated_factor_on_most_seeds():
    needs("pyapproxmc")
    net, box, label, truth = approx_case()
    assert 1000 <= truth <= count.region_size(box) - 1000  # a non-trivial count
    epsilon, delta = 0.8, 0.05
    prop = robustness(net, label)
    formula = count.build_formula(prop, box, [Model.of(net).bounds(box)], None)

    held = 0
    for seed in range(5):
        config = count.CountConfig("approx", epsilon, delta, seed)
        estimate = count.count_formula(formula, "approx", config, None)
        assert estimate is not None
        held += truth / (1 + epsilon) <= estimate <= truth * (1 + epsilon)

    assert held >= 4


def test_count_region_approx_states_its_guarantee():
    needs("pyapproxmc")
    net, box, label, truth = approx_case()
    config = count.CountConfig("approx", 0.8, 0.05, seed=1)

    result = count.count_region(robustness(net, label), box_region(box), config)

    assert result.method == "approx"
    assert result.guarantee == {"epsilon": 0.8, "delta": 0.05}
    assert result.verdict is Verdict.VIOLATED
    assert truth / 1.8 <= result.count <= truth * 1.8


def test_missing_counter_is_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyganak", None)  # import pyganak raises ImportError

    with pytest.raises(SolverError, match=r"pip install 'bnnverify\[count\]'"):
        model_count.exact_count([[1]], 1, [1], None)


def _sleep_then_answer() -> int:
    time.sleep(30)
    return 1


def test_counter_child_is_stopped_at_its_deadline():
    start = time.perf_counter()

    assert model_count.in_child(_sleep_then_answer, (), 0.2) is None
    assert time.perf_counter() - start < 5


def test_cli_methods_are_the_library_methods():
    assert count_cli.METHODS == count.METHODS


def test_count_cli_on_bundled_model_by_json(capsys, tmp_path):
    needs("pyganak")
    out = tmp_path / "counts.jsonl"

    status = main(["count", "--eps", "1", "--samples", "2", "--json", "--out", str(out)])

    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert status == 0 and summary["result"] == "holds"  # both images are robust at eps 1
    assert [row["index"] for row in summary["counts"]] == [0, 1]
    for row in rows:
        assert oracle.ROW_KEYS <= row.keys()
        assert row["property"] == "count" and row["counted"] == "robustness"
        assert row["count"] == 0 and row["fraction"] == 0.0 and row["verdict"] == "holds"
        assert row["region_size"] > 2**900 and row["guarantee"] is None


def test_count_cli_refuses_a_large_region_to_enumerate(capsys):
    status = main(["count", "--eps", "1", "--samples", "1", "--method", "enumerate"])

    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1 and "more than the limit" in err[0]


def test_count_cli_refuses_approx_options_out_of_range(capsys):
    assert main(["count", "--eps", "1", "--samples", "1", "--delta", "1.5"]) == 2
    assert "--delta must lie in (0, 1)" in capsys.readouterr().err


def write_tiny(tmp_path, seeds=(1, 101)) -> tuple[list[str], str, np.ndarray, np.ndarray]:
    """Two tiny models and two inputs on disk (5 inputs in [0, 3]); returns paths and x, y."""
    paths = []
    for seed in seeds:
        path = tmp_path / f"net{seed}.npz"
        save_network(random_network(seed, n_in=5, hidden=(4, 3), n_classes=3, input_max=3), path)
        paths.append(str(path))
    x = np.array([[0, 1, 2, 3, 1], [3, 3, 0, 1, 2]], dtype=np.int64)
    y = np.array([0, 2], dtype=np.int64)
    np.savez(tmp_path / "inputs.npz", x=x, y=y)
    return paths, str(tmp_path / "inputs.npz"), x, y


@pytest.mark.parametrize("method", ["enumerate", "exact"])
def test_count_cli_on_tiny_models_matches_oracle(capsys, tmp_path, method):
    needs("pyganak")
    paths, inputs, x, y = write_tiny(tmp_path)
    common = ["--eps", "1", "--inputs", inputs, "--method", method, "--json"]

    main(["count", "--model", paths[0], *common])
    robust = json.loads(capsys.readouterr().out)["counts"]
    main(["count", "--model", paths[0], "--other", paths[1], *common])
    differ = json.loads(capsys.readouterr().out)["counts"]

    for i in range(len(x)):
        ball = oracle.ball_inputs(paths[0], x[i], 1)
        assert robust[i]["count"] == int(oracle.violations(paths[0], ball, int(y[i])).sum())
        disagree = oracle.predict(paths[0], ball) != oracle.predict(paths[1], ball)
        assert differ[i]["count"] == int(np.count_nonzero(disagree))
        assert robust[i]["region_size"] == differ[i]["region_size"] == len(ball)
