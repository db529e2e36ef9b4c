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
from bnnverify.bounds import Bounds
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.sink import ConstraintSink
from bnnverify.model import BinaryNetwork, Ints
from bnnverify.regions import InputBox
from bnnverify.results import Verdict


@dataclass(frozen=True, eq=False)
class Model:
    """A network and its packed engine (compiled once per process, reused by every query)."""

    net: BinaryNetwork
    packed: Any  # engine.packed.PackedNetwork

    @classmethod
    def of(cls, net: BinaryNetwork) -> Model:
        from bnnverify.engine.packed import PackedNetwork

        return cls(net, PackedNetwork(net))


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

    inputs: OrderInput
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
