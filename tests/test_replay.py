"""Replay compares the full outputs of both engines: doctored packed engines must raise.

Oracle: a packed engine whose output dots are changed on purpose (STYLE.md 2.10, test_replay):
once so that the argmax stays the same (only the scores differ), once so that it changes.
Either way replay must raise ReplayError instead of reporting a counterexample.
"""

from __future__ import annotations

import numpy as np
import pytest
from bnn_cases import random_network
from oracle import exact_scores, predict

from bnnverify.engine.packed import PackedNetwork
from bnnverify.errors import ReplayError
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import replay_difference
from bnnverify.properties.robustness import replay_robustness
from bnnverify.regions import linf_box
from bnnverify.replay import replay_engines


class DoctoredEngine(PackedNetwork):
    """The packed engine with `delta` added to the output dots of one class."""

    def __init__(self, net, c: int, delta: int) -> None:
        super().__init__(net)
        self.c, self.delta = c, delta

    def output_dots(self, x):
        dots = super().output_dots(x).copy()
        dots[:, self.c] += self.delta
        return dots


def case(seed: int = 4):
    """A network and an input at which the label wins, the runner-up, and the last class."""
    net = random_network(seed, n_in=5, hidden=(5, 4), n_classes=3)
    x = np.random.default_rng(seed).integers(0, 8, 5)
    scores = exact_scores(net, x[None])[0]
    order = sorted(range(3), key=lambda c: (-scores[c], c))
    return net, x, order


def doctored(net, x, c, delta, argmax_changes):
    engine = DoctoredEngine(net, c, delta)
    changed = int(engine.predict(x[None])[0]) != int(predict(net, x[None])[0])
    assert changed == argmax_changes  # the doctoring does what the test says
    return engine


@pytest.mark.parametrize("argmax_changes", [False, True], ids=["same-argmax", "new-argmax"])
def test_replay_engines_rejects_a_doctored_packed_engine(argmax_changes):
    net, x, (best, _, last) = case()
    delta = 1000 if argmax_changes else -1  # lowering the last class keeps the argmax
    engine = doctored(net, x, last, delta, argmax_changes)

    with pytest.raises(ReplayError, match="engines disagree"):
        replay_engines(net, engine, x)
    assert replay_engines(net, PackedNetwork(net), x) == best  # the honest engine replays


@pytest.mark.parametrize("argmax_changes", [False, True], ids=["same-argmax", "new-argmax"])
def test_replay_robustness_rejects_a_doctored_packed_engine(argmax_changes):
    net, x, (best, runner_up, last) = case()
    box = linf_box(net, x, 0)
    label = last  # x violates robustness at `last`: `best` beats it
    engine = doctored(
        net,
        x,
        runner_up if argmax_changes else last,
        1000 if argmax_changes else -1,
        argmax_changes,
    )

    with pytest.raises(ReplayError, match="engines disagree"):
        replay_robustness(Model(net, engine), x, box.lo, box.hi, label, [best, runner_up])
    replayed, predicted = replay_robustness(
        Model.of(net), x, box.lo, box.hi, label, [best, runner_up]
    )
    assert predicted == best and np.array_equal(replayed, x)


@pytest.mark.parametrize("argmax_changes", [False, True], ids=["same-argmax", "new-argmax"])
def test_replay_difference_rejects_a_doctored_packed_engine(argmax_changes):
    net, x, (_, _, last) = case()
    box = linf_box(net, x, 0)
    engine = doctored(net, x, last, 1000 if argmax_changes else -1, argmax_changes)

    with pytest.raises(ReplayError, match="engines disagree"):
        replay_difference(Model.of(net), Model(net, engine), x, box.lo, box.hi)
    with pytest.raises(ReplayError, match="both models predict"):  # honest engines: no difference
        replay_difference(Model.of(net), Model.of(net), x, box.lo, box.hi)
