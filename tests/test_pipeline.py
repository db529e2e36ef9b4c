"""One pipeline gives one behaviour: robustness and equivalence answer alike where they share a
step (issue 8: they used to disagree on both cases below).

- a constraint too large to encode: unknown, "formula too large: ...", for both properties;
- the deadline passing during encoding: unknown, "timeout", and the solver is never called.

Every query here is decidable in milliseconds, so only the case under test makes it unknown.
"""

from __future__ import annotations

import numpy as np
import pytest
from bnn_cases import random_network
from oracle import predict

import bnnverify.verify as verify
from bnnverify.encode import cardinality
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import WholeSpace, linf_ball
from bnnverify.results import Verdict
from bnnverify.transform import prune_weights
from bnnverify.verify import CheckConfig, run


def robustness_query():
    net = random_network(4, n_in=6, hidden=(6, 4), input_max=7)
    x0 = np.random.default_rng(4).integers(0, 8, 6)
    label = int(predict(net, x0[None])[0])
    return Robustness(Model.of(net), label), linf_ball(x0, 3)


def equivalence_query():
    net = random_network(5, n_in=5, hidden=(6, 4), input_max=3)
    other = prune_weights(net, 5, 0.3)
    return Equivalence(Model.of(net), Model.of(other), share_neurons=False), WholeSpace()


QUERIES = {"robustness": robustness_query, "equivalence": equivalence_query}


@pytest.mark.parametrize("name", QUERIES)
def test_each_query_is_decided_without_the_cases_below(name):
    prop, region = QUERIES[name]()
    config = CheckConfig(solver="cadical195", encoding="totalizer", timeout_s=60, attack=None)
    assert run(prop, region, config).verdict in (Verdict.HOLDS, Verdict.VIOLATED)


@pytest.mark.parametrize("name", QUERIES)
def test_an_oversized_constraint_is_unknown_for_every_property(name, monkeypatch):
    monkeypatch.setattr(cardinality, "MAX_CLAUSES_PER_CONSTRAINT", 1)
    prop, region = QUERIES[name]()
    config = CheckConfig(solver="cadical195", encoding="totalizer", timeout_s=60, attack=None)

    result = run(prop, region, config)

    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("formula too large: ")


@pytest.mark.parametrize("name", QUERIES)
def test_a_deadline_during_encoding_is_unknown_and_no_solver_runs(name, monkeypatch):
    def no_solver(*args, **kwargs):
        raise AssertionError("the solver was called after the deadline")

    monkeypatch.setattr(verify, "solve", no_solver)
    prop, region = QUERIES[name]()
    config = CheckConfig(solver="cadical195", encoding="totalizer", timeout_s=1e-9, attack=None)

    result = run(prop, region, config)

    assert result.verdict is Verdict.UNKNOWN and result.reason == "timeout"
    assert result.decided_by == "solver" and result.time_s >= 0


@pytest.mark.parametrize("name", QUERIES)
def test_a_deadline_past_after_encoding_is_unknown_and_no_solver_runs(name, monkeypatch):
    """The encoder's own checks never fire (patched out), so the deadline is found passed only
    after the formula is complete: the old equivalence path called the solver anyway."""
    from bnnverify.encode import neurons, sharing

    def no_solver(*args, **kwargs):
        raise AssertionError("the solver was called after the deadline")

    for module in (neurons, sharing):
        monkeypatch.setattr(module, "check_deadline", lambda deadline: None)
    monkeypatch.setattr(verify, "solve", no_solver)
    prop, region = QUERIES[name]()
    config = CheckConfig(solver="cadical195", encoding="totalizer", timeout_s=1e-9, attack=None)

    result = run(prop, region, config)

    assert result.verdict is Verdict.UNKNOWN and result.reason == "timeout"
    assert result.n_clauses > 0  # the formula was built
