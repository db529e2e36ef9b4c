"""What verify.run asks of a property, and the compiled models a property is about.

A property is a value holding its models (a network with its packed engine) and its own
parameters (a label and targets, a second network, ...). The pipeline calls, in order:

1. `classify(box)`: a verdict that needs no search (misclassified, skipped), or none (go on),
   with the result fields known already (the prediction at the center, the targets checked);
2. `falsify(box, attack)`: a violating input found by cheap search on the packed engine, or None;
3. `encode(sink, box, bounds, deadline)`: constraints satisfiable iff the property is violated
   on the box, returning an `Encoding` (how to read a model back, sizes, an early refutation);
4. `replay(x, box)`: confirm a violating input on every engine (ReplayError if it does not
   replay) and return the property's fields for the result.

`details` and `violated_details` name the property's own result fields (results.Result).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np

from bnnverify.attack import AttackConfig
from bnnverify.bounds import Bounds, propagate
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.real import RealInput
from bnnverify.encode.sink import ConstraintSink
from bnnverify.model import BinaryNetwork, Ints
from bnnverify.model.grid import integer_view, threshold_band
from bnnverify.regions import InputBox
from bnnverify.results import Verdict


REAL_GRID_BITS = 8  # a real-domain model runs on the grid 1/256 (model.grid, encode.real)


@dataclass(frozen=True, eq=False)
class RealDomain:
    """A real-domain model (`net`) behind its integer view on the grid 2**-bits."""

    net: BinaryNetwork
    bits: int


@dataclass(frozen=True, eq=False)
class Model:
    """A network and its packed engine (compiled once per process, reused by every query).

    For a model with real inputs, `net` is its integer view on the grid 2**-REAL_GRID_BITS
    (model.grid.integer_view: inputs, boxes and counterexamples in grid units) and `real`
    holds the real-domain model, whose layer 0 the encoder reads as free signs."""

    net: BinaryNetwork
    packed: Any  # engine.packed.PackedNetwork
    real: RealDomain | None = None

    @classmethod
    def of(cls, net: BinaryNetwork) -> Model:
        from bnnverify.engine.packed import PackedNetwork

        if not net.real:
            return cls(net, PackedNetwork(net))
        view = integer_view(net, REAL_GRID_BITS)
        return cls(view, PackedNetwork(view), RealDomain(net, REAL_GRID_BITS))

    def bounds(self, box: InputBox) -> Bounds:
        """Interval bounds on `box`; a real model's layer 0 fixed only when a neuron clears
        its threshold's enclosure (model.grid.threshold_band)."""
        if self.real is None:
            return propagate(self.net, box)
        return propagate(self.net, box, threshold_band(self.real.net, self.real.bits))

    def input_encoding(self, box: InputBox) -> OrderInput | RealInput:
        """How the encoders read the box: order-encoded integers, or free layer-0 signs."""
        if self.real is None:
            return OrderInput(box)
        return RealInput(box, self.real.net, self.real.bits)


@dataclass(frozen=True)
class Classified:
    """What classify found: a verdict reached without search (None: search on), its reason,
    and the result's property fields known so far."""

    verdict: Verdict | None
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Encoding:
    """An encoded violation: `inputs` decodes a model to an input; `refuted` is True when the
    encoder itself refuted the formula (decided_by names how) and then `complete()` writes the
    constraints it held back (for export and proofs, which need the whole formula); `details`
    are size fields."""

    inputs: OrderInput | RealInput
    refuted: bool = False
    decided_by: str = "solver"
    details: dict[str, Any] = field(default_factory=dict)
    held_back: Callable[[], None] | None = None

    def complete(self) -> None:
        if self.held_back is not None:
            self.held_back()


class Property(Protocol):
    name: ClassVar[str]  # "robustness", "equivalence": the row's "property"

    @property
    def models(self) -> tuple[Model, ...]:
        """The compiled networks the property is about (the first one's input range rules)."""

    def details(self) -> dict[str, Any]:
        """The property's result fields common to every answer (None where undecided)."""

    def classify(self, box: InputBox) -> Classified: ...

    def falsify(self, box: InputBox, attack: AttackConfig) -> Ints | None: ...

    def encode(
        self,
        sink: ConstraintSink,
        box: InputBox,
        bounds: Sequence[Bounds] | None,
        deadline: float | None,
    ) -> Encoding: ...

    def replay(self, x: Ints, box: InputBox) -> tuple[Ints, dict[str, Any]]: ...


def as_flat(x: Any) -> Ints:
    return np.asarray(x, dtype=np.int64).reshape(-1)
