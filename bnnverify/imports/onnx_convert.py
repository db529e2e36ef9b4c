"""ONNX model -> BinaryNetwork, exactly (Larq / tf2onnx, QONNX / Brevitas; DESIGN.md 2, 5).

Supported: Transpose, Reshape / Flatten (layouts tracked: onnx_graph), Conv (group 1,
dilation 1, +-1 or +-s_o weights, bias), MatMul / Gemm, MaxPool (on +-1 values, or between a
Conv and its batch norm: onnx_pending), BatchNormalization, Mul / Add / Sub / Div by constants
(batch norm after a dense layer), Larq's `Sign(Sign(x) + c)` with 0 < c < 1 and QONNX's
`BipolarQuant` as the sign with sign(0) = +1, a final Softmax (dropped: monotone). The last
MatMul / Gemm (+ bias, + one positive scalar scale) is the output layer. Anything else is one
DescriptionError naming the node and its operator (onnx_nodes has one handler per operator).

Layer 0 reads the raw input. In the "real" input domain (VNN-LIB's reading) its thresholds
are the float64 nearest to the exact ones and provenance["threshold_enclosure"] bounds the
distance; in the "integer" domain they are ceil(t), exact like every later layer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bnnverify.errors import DescriptionError, UsageError
from bnnverify.imports.onnx_graph import OnnxGraph, identity_pos, load_graph
from bnnverify.imports.onnx_nodes import HANDLERS
from bnnverify.imports.onnx_pending import INTEGER, REAL, Pending, output_bias
from bnnverify.imports.onnx_walk import Raw, Walk, only_consumer
from bnnverify.model import BinaryNetwork, Layer, OutputLayer

INPUT_DOMAINS = (REAL, INTEGER)


@dataclass(frozen=True)
class Conversion:
    """What the graph converts to, before a BinaryNetwork is built (see to_network)."""

    layers: tuple[Layer, ...]
    input_shape: tuple[int, ...]
    input_min: int
    input_max: int
    input_domain: str
    provenance: dict[str, Any]


def convert_graph(
    graph: OnnxGraph, input_min: int, input_max: int, input_domain: str = REAL
) -> Conversion:
    """The layers, input shape and provenance of `graph` (one DescriptionError line naming the
    node and operator for anything unsupported)."""
    dims = graph.input_shape
    if len(dims) < 2 or any(d is None for d in dims[1:]):
        raise DescriptionError(
            f"input {graph.input_name!r}: expected a batch axis and fixed dims, got {list(dims)}"
        )
    onnx_shape = tuple(int(d) for d in dims[1:] if d is not None)
    walk = Walk(graph, input_domain, input_min, input_max)
    state: Any = Raw(identity_pos(onnx_shape))
    tensor, done = graph.input_name, False
    while tensor != graph.output_name:
        if done:
            raise DescriptionError(f"tensor {tensor!r}: nothing may follow the final Softmax")
        node = only_consumer(graph, tensor)
        handler = HANDLERS.get(node.op)
        if handler is None or (node.domain not in ("", "ai.onnx") and node.op != "BipolarQuant"):
            raise DescriptionError(f"{node.label}: unsupported operator (domain {node.domain!r})")
        state, tensor, done = handler(walk, node, tensor, state)
    if not isinstance(state, Pending) or not walk.layers:
        raise DescriptionError(
            f"output {graph.output_name!r}: expected class scores of a dense MatMul / Gemm "
            "after at least one binarized layer"
        )
    bias = output_bias(state)
    walk.layers.append(OutputLayer(weight=state.weight, bias=bias))
    provenance = {
        "importer": "bnnverify import (onnx)",
        "onnx_producer": graph.producer,
        "onnx_opset": graph.opset,
        "onnx_input_name": graph.input_name,
        "onnx_output_name": graph.output_name,
        "onnx_input_shape": list(onnx_shape),
        "onnx_input_perm": walk.input_perm,
        "threshold_enclosure": walk.enclosure,
        "near_integer_thresholds": walk.near_integer,
    }
    return Conversion(
        tuple(walk.layers), walk.input_shape, input_min, input_max, input_domain, provenance
    )


def convert_onnx(
    path: str | Path,
    input_min: int,
    input_max: int,
    input_domain: str = REAL,
    graph: OnnxGraph | None = None,
) -> Conversion:
    """Read (unless `graph` is given: path's graph) and convert an .onnx / .onnx.gz file;
    provenance names the file and its sha256."""
    from bnnverify.io import file_sha256

    if input_domain not in INPUT_DOMAINS:
        raise UsageError(f"input domain must be one of {INPUT_DOMAINS}, got {input_domain!r}")
    if input_min > input_max:
        raise UsageError(f"input_min must be <= input_max, got {input_min} > {input_max}")
    graph = load_graph(path) if graph is None else graph
    conversion = convert_graph(graph, input_min, input_max, input_domain)
    conversion.provenance.update(source_file=Path(path).name, source_sha256=file_sha256(path))
    return conversion


def has_real_domain() -> bool:
    """Whether this bnnverify's BinaryNetwork takes input_domain (the real input domain)."""
    return "input_domain" in {f.name for f in dataclasses.fields(BinaryNetwork)}


def to_network(conversion: Conversion, class_names: tuple[str, ...] = ()) -> BinaryNetwork:
    """The validated BinaryNetwork of a conversion."""
    extra: dict[str, Any] = {}
    if has_real_domain():
        extra["input_domain"] = conversion.input_domain
    elif conversion.input_domain != INTEGER:
        raise DescriptionError(
            "this bnnverify has no real input domain yet; import with the integer domain"
        )
    return BinaryNetwork(
        conversion.layers,
        conversion.input_shape,
        conversion.input_min,
        conversion.input_max,
        tuple(class_names),
        dict(conversion.provenance),
        **extra,
    )


def import_onnx(
    path: str | Path,
    input_min: int = 0,
    input_max: int = 255,
    class_names: tuple[str, ...] = (),
    input_domain: str = REAL,
) -> BinaryNetwork:
    """The exact BinaryNetwork of an ONNX BNN (not checked: see onnx_check.check_conversion)."""
    return to_network(convert_onnx(path, input_min, input_max, input_domain), class_names)
