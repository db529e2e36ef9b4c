"""The state of the walk over an ONNX graph (onnx_convert), and the helpers its handlers share.

The graph must be a chain from its input to its output. Walking it, the current tensor is in
one of three states: `Raw` (the network input, moved by Transpose / Reshape only), `Signs`
(+-1 outputs of our last layer, times a positive scale from BipolarQuant), or `Pending` (the
exact pre-activation of a weighted node, onnx_pending).

Weights are constants (initializers, Constant nodes, BipolarQuant / Transpose of constants)
whose entries are +-s_u per output unit (zeros allowed: ternary); s_u goes into the exact
pre-activation. Layouts: see onnx_graph (`pos`); the input's layout is fixed by the first
weighted node: our input is the tensor it reads, and provenance records how to get it from
the ONNX input: `ours = onnx_x.transpose(onnx_input_perm).reshape(input_shape)`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError
from bnnverify.imports import onnx_graph as og
from bnnverify.imports.onnx_graph import Node, OnnxGraph
from bnnverify.imports.onnx_pending import Pending, fold_pending
from bnnverify.model import Layer


@dataclass(frozen=True)
class Raw:
    src: npt.NDArray[np.int64]  # per element: its flat index in the ONNX input (no batch)


@dataclass(frozen=True)
class Signs:
    pos: npt.NDArray[np.int64]
    scale: Fraction  # the ONNX values are scale * (our +-1 outputs)


class Walk:
    """The walk's mutable state: the layers so far and what the folds noticed."""

    def __init__(self, graph: OnnxGraph, domain: str, input_min: int, input_max: int) -> None:
        self.graph, self.domain = graph, domain
        self.magnitude = max(abs(input_min), abs(input_max))
        self.layers: list[Layer] = []
        self.enclosure, self.near_integer = 0.0, 0
        self.input_shape: tuple[int, ...] = ()
        self.input_perm: list[int] = []

    def constant(self, tensor: str) -> np.ndarray | None:
        """The value of a constant tensor (also BipolarQuant, Transpose, Identity of constants)."""
        if tensor in self.graph.constants:
            return self.graph.constants[tensor]
        node = self.graph.producer_of(tensor)
        if node is None:
            return None
        values = [self.constant(name) for name in node.inputs]
        if not node.inputs or any(v is None for v in values):
            return None
        if node.op == "BipolarQuant":
            x, scale = (np.asarray(v, dtype=np.float64) for v in values[:2])
            return np.where(x >= 0, 1.0, -1.0) * scale
        if node.op == "Transpose":
            return np.transpose(np.asarray(values[0]), node.attrs.get("perm"))
        if node.op == "Identity":
            return values[0]
        return None

    def operand(self, node: Node, tensor: str) -> np.ndarray:
        """The constant input of an elementwise node besides the activation `tensor`."""
        others = [name for name in node.inputs if name != tensor]
        value = self.constant(others[0]) if len(others) == 1 else None
        if value is None:
            raise DescriptionError(f"{node.label}: expected one constant operand")
        return value

    def fold(self, pending: Pending) -> None:
        folded = fold_pending(pending, self.domain, self.magnitude if pending.raw else 1)
        self.layers.extend(folded.layers)
        self.enclosure = max(self.enclosure, folded.enclosure)
        self.near_integer += folded.near_integer


def only_consumer(graph: OnnxGraph, tensor: str) -> Node:
    consumers = graph.consumers(tensor)
    if len(consumers) != 1:
        names = ", ".join(node.label for node in consumers) or "none"
        raise DescriptionError(
            f"tensor {tensor!r} feeds {len(consumers)} nodes ({names}); only a chain from the "
            "input to the output is supported"
        )
    return consumers[0]


def fix_input(walk: Walk, raw: Raw, node: Node) -> npt.NDArray[np.int64]:
    """The first weighted node reads `raw`: that tensor becomes our input; record the ONNX
    transpose that gives it and return its (identity) pos."""
    onnx_shape = walk.graph.input_shape[1:]
    flat = og.identity_pos(tuple(int(d) for d in onnx_shape if d is not None))
    for perm in itertools.permutations(range(flat.ndim)):
        if np.array_equal(flat.transpose(perm).reshape(-1), raw.src.reshape(-1)):
            walk.input_shape = tuple(int(d) for d in raw.src.shape)
            walk.input_perm = [int(p) for p in perm]
            return og.identity_pos(raw.src.shape)
    raise DescriptionError(
        f"{node.label}: the input reaches it rearranged beyond a transpose and reshape"
    )


def split_weight(value: np.ndarray, axis: int, node: Node) -> tuple[np.ndarray, list[Fraction]]:
    """(signs int8, s_u per unit along `axis`): every nonzero |w| of unit u equals s_u."""
    w = np.moveaxis(np.asarray(value), axis, 0)
    if w.dtype.kind != "f" or not np.isfinite(w).all():
        raise DescriptionError(f"{node.label}: the weights must be finite floats")
    magnitude = np.abs(w).reshape(w.shape[0], -1)
    scales = magnitude.max(axis=1)
    bad = ((magnitude != 0) & (magnitude != scales[:, None])).any(axis=1)
    if bad.any():
        u = int(np.flatnonzero(bad)[0])
        found = sorted({float(m) for m in magnitude[u] if m != 0})[:3]
        raise DescriptionError(
            f"{node.label}: the weights of output unit {u} are not +-s (|w| takes the values "
            f"{found}...); expected binarized weights (ones, or one scale per unit)"
        )
    signs = np.sign(w).astype(np.int8)
    return signs, [Fraction(float(s)) for s in scales]


def start_pending(
    walk: Walk, node: Node, state: Any, weight: np.ndarray, scales: list[Fraction],
    bias: list[Fraction], pos: npt.NDArray[np.int64], conv: dict[str, Any],
) -> Pending:  # fmt: skip
    """The pre-activation of a weighted node reading `state`."""
    if isinstance(state, Pending):
        raise DescriptionError(
            f"{node.label}: reads the real-valued output of {state.node.label} (no sign "
            "between them); expected binarized activations"
        )
    raw = isinstance(state, Raw)
    factor = Fraction(1) if raw else state.scale
    coefficients = tuple(
        (s * factor, b, Fraction(1), Fraction(1), Fraction(0))
        for s, b in zip(scales, bias, strict=True)
    )
    return Pending(node, weight, coefficients, pos, raw, conv)


def end_layer(walk: Walk, pending: Pending, scale: Fraction) -> Signs:
    """The sign after `pending`: its layers are folded; what follows reads +-1 * scale."""
    walk.fold(pending)
    return Signs(pending.pos, scale)


def move(state: Any, pos_function) -> Any:
    """Apply a layout move (transpose, reshape) to the state's pos / src."""
    if isinstance(state, Raw):
        return Raw(pos_function(state.src))
    return replace(state, pos=pos_function(state.pos))


def state_pos(state: Any) -> npt.NDArray[np.int64]:
    return state.src if isinstance(state, Raw) else state.pos


def conv_output(weight: np.ndarray, in_shape: tuple[int, ...], conv: dict) -> tuple[int, ...]:
    """(C_out, H_out, W_out) of a conv with our padding (top, bottom, left, right)."""
    top, bottom, left, right = conv["padding"]
    (sh, sw), (kh, kw) = conv["stride"], weight.shape[2:]
    h = (in_shape[1] + top + bottom - kh) // sh + 1
    w = (in_shape[2] + left + right - kw) // sw + 1
    return int(weight.shape[0]), int(h), int(w)


def n_units(shape: tuple[int, ...]) -> int:
    return math.prod(shape)
