"""The conversion is checked, not trusted: converted model vs the ONNX graph on many inputs.

Inputs: random points of the input box on the dyadic grid 2**-GRID_BITS (float32-representable
reals; only in the real domain), random integer points, the two corners, and any given inputs
(our layout). Each is run
  (a) on the converted layers, exactly: layer 0 over x = k / 2**G with integers k fires iff
      sum w * k >= ceil(threshold * 2**G) (an integer sum against the exact dyadic threshold),
      then every later layer on +-1 values with engine.reference, the prediction by the exact
      tie rule (model.predict_from_dots);
  (b) on onnx_reference, the literal float64 reading of the ONNX graph (also the margin: the
      smallest |pre-activation| at any sign, how close the check came to a boundary);
  (c) on onnxruntime (float32) when it is installed and can run the graph (not BipolarQuant).
Every prediction must agree; the result says how many did and the smallest margin.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.engine.reference import EVALUATE
from bnnverify.errors import DataError
from bnnverify.imports.onnx_graph import OnnxGraph, read_model_bytes
from bnnverify.imports.onnx_reference import predict_graph
from bnnverify.model import INT64_SAFE_BITS, predict_from_dots

GRID_BITS = 16  # random reals are k / 2**16: 8 + 16 bits, float32-representable in [0, 255]
DEFAULT_CHECKS = 200


@dataclass(frozen=True)
class ConversionCheck:
    """How many inputs were run and how many predictions agreed with each oracle."""

    n_inputs: int
    agree_reference: int
    agree_onnxruntime: int | None  # None: onnxruntime is missing or cannot run the graph
    min_margin: float
    disagreement: str = ""  # the first one, in words; "" when every prediction agreed

    @property
    def ok(self) -> bool:
        return not self.disagreement

    def summary(self) -> str:
        runtime = (
            "onnxruntime not run"
            if self.agree_onnxruntime is None
            else f"onnxruntime {self.agree_onnxruntime}/{self.n_inputs}"
        )
        return (
            f"conversion check: float64 reading {self.agree_reference}/{self.n_inputs}, "
            f"{runtime} agree; smallest margin {self.min_margin:.3g}"
        )


def exact_predict(model: Any, x: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Predictions of the converted layers (a Conversion or a BinaryNetwork) on inputs x of
    shape (batch, *input_shape), exactly: x must lie on a dyadic grid 2**-G (see module doc)."""
    array = np.asarray(x, dtype=np.float64)
    x = array.reshape(array.shape[0], -1)
    first = model.layers[0]
    bound = first.n_in * max(abs(model.input_min), abs(model.input_max), 1)
    bits = grid_bits(x, INT64_SAFE_BITS - 1 - bound.bit_length())
    scale = 1 << bits
    k = (x * scale).astype(np.int64)  # exact: x * 2**G is an integer below 2**53
    thresholds = np.array(
        [math.ceil(Fraction(float(t)) * scale) for t in first.threshold], dtype=np.int64
    )
    scaled: dict[str, Any] = {"threshold": thresholds}
    if first.kind == "conv2d":
        scaled["pad_value"] = int(first.pad_value) * scale
    h = EVALUATE[first.kind](dataclasses.replace(first, **scaled), k)
    for layer in model.layers[1:]:
        h = EVALUATE[layer.kind](layer, h)
    return predict_from_dots(h, model.layers[-1].bias)


def grid_bits(x: npt.NDArray[np.float64], most: int) -> int:
    """The least G with every x * 2**G an integer; DataError when G > most (int64 sums)."""
    fractions = {Fraction(float(v)).denominator for v in np.unique(x)}
    bits = max(d.bit_length() - 1 for d in fractions) if fractions else 0
    if bits > most:
        raise DataError(
            f"check inputs must be multiples of 2**-{most} (exact int64 sums), found one "
            f"needing 2**-{bits}"
        )
    return bits


def check_inputs(model: Any, n: int, seed: int, given: npt.ArrayLike | None) -> np.ndarray:
    """(N, *input_shape) float64: the corners, n random points (half on the 2**-GRID_BITS grid
    in the real domain, the rest integers), then the given ones."""
    rng = np.random.default_rng(seed)
    lo, hi = model.input_min, model.input_max
    shape = tuple(model.input_shape)
    corners = [np.full(shape, lo, np.float64), np.full(shape, hi, np.float64)]
    n_real = n // 2 if getattr(model, "input_domain", "integer") == "real" else 0
    grid = rng.integers(lo << GRID_BITS, (hi << GRID_BITS) + 1, size=(n_real, *shape))
    reals = grid.astype(np.float64) / (1 << GRID_BITS)
    ints = rng.integers(lo, hi + 1, size=(n - n_real, *shape)).astype(np.float64)
    parts = [np.stack(corners), reals, ints]
    if given is not None:
        extra = np.asarray(given, dtype=np.float64).reshape(-1, *shape)
        if extra.size and (extra.min() < lo or extra.max() > hi):
            raise DataError(f"check inputs must lie in [{lo}, {hi}]")
        parts.append(extra)
    return np.concatenate(parts)


def to_onnx_layout(model: Any, x: np.ndarray) -> np.ndarray:
    """Inverse of ours = onnx_x.transpose(perm).reshape(input_shape), per input."""
    onnx_shape = model.provenance["onnx_input_shape"]
    perm = model.provenance["onnx_input_perm"]
    moved = x.reshape(len(x), *[onnx_shape[p] for p in perm])
    return moved.transpose(0, *[1 + int(p) for p in np.argsort(perm)])


def run_onnxruntime(graph: OnnxGraph, source: Any, x: np.ndarray) -> np.ndarray | None:
    """argmax of onnxruntime's float32 output, or None when it is missing or cannot run it."""
    if any(node.domain not in ("", "ai.onnx") for node in graph.nodes):
        return None  # QONNX custom ops (BipolarQuant) are not onnxruntime operators
    try:
        import onnxruntime
    except ImportError:
        return None
    data = source if isinstance(source, bytes) else read_model_bytes(source)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])
    batch = 1 if graph.input_shape[0] == 1 else 64
    outputs = []
    for start in range(0, len(x), batch):
        feed = {graph.input_name: x[start : start + batch].astype(np.float32)}
        outputs.append(
            session.run([graph.output_name], feed)[0].reshape(len(feed[graph.input_name]), -1)
        )
    return np.concatenate(outputs).argmax(axis=1)


def check_conversion(
    model: Any,
    graph: OnnxGraph,
    source: Any,
    n_random: int = DEFAULT_CHECKS,
    seed: int = 0,
    inputs: npt.ArrayLike | None = None,
    use_onnxruntime: bool = True,
) -> ConversionCheck:
    """Compare the converted `model` (Conversion or BinaryNetwork) with `graph` on inputs.

    Args:
        model: the conversion of `graph` (its provenance maps our input to the ONNX input).
        graph: the ONNX graph (onnx_graph.load_graph).
        source: the ONNX file's path or its serialized bytes (for onnxruntime).
        n_random: random inputs besides the two corners.
        inputs: more inputs, shaped (N, *input_shape) in our layout.
    """
    x = check_inputs(model, n_random, seed, inputs)
    ours = exact_predict(model, x)
    onnx_x = to_onnx_layout(model, x)
    reference, margin = predict_graph(graph, onnx_x)
    runtime = run_onnxruntime(graph, source, onnx_x) if use_onnxruntime else None
    disagreement = ""
    for name, other in (("the float64 reading", reference), ("onnxruntime", runtime)):
        if other is not None and not disagreement and (other != ours).any():
            i = int(np.flatnonzero(other != ours)[0])
            disagreement = (
                f"input {i} of the check: the converted model predicts {int(ours[i])}, "
                f"{name} of the ONNX graph {int(other[i])} (margin {margin[i]:.3g})"
            )
    return ConversionCheck(
        n_inputs=len(x),
        agree_reference=int((reference == ours).sum()),
        agree_onnxruntime=None if runtime is None else int((runtime == ours).sum()),
        min_margin=float(margin.min(initial=np.inf)),
        disagreement=disagreement,
    )
