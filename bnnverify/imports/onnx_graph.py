"""Reading an ONNX model: nodes, initializers, and where each ONNX tensor element lives in ours.

The `onnx` package is an optional extra, imported only inside these functions. A model is a
list of `Node`s (in file order) and a dict of constant arrays (initializers and the values of
Constant nodes, exactly as stored: float32 stays float32).

Layouts (NHWC / NCHW). ONNX models are often channel-last; the model file is channel-first
(DESIGN.md section 2). Every activation tensor met while walking the graph carries `pos`, an
int64 array of the tensor's shape without the batch axis, whose entry is the flat C-order index
of that element in OUR tensor (the output of the last layer, or the input). Transpose and
Reshape / Flatten move `pos` along; a constant broadcast against the tensor is scattered into
our order with it; a dense layer reading a flat tensor gets its weight columns permuted by it.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DataError, DescriptionError, UsageError

ONNX_EXTRA = "the 'onnx' extra is needed: pip install 'bnnverify[onnx]'"
GZIP_MAGIC = b"\x1f\x8b"


def require_onnx() -> Any:
    """The onnx module, or one UsageError line naming the extra."""
    try:
        import onnx
    except ImportError:
        raise UsageError(ONNX_EXTRA) from None
    return onnx


@dataclass(frozen=True)
class Node:
    """One ONNX node: op_type in its domain ("" for the standard one), inputs, outputs, attrs."""

    name: str
    op: str
    domain: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How an error names it: node 'conv1' (Conv)."""
        return f"node {self.name!r} ({self.op})"


@dataclass(frozen=True)
class OnnxGraph:
    """A model's main graph: nodes in file order, constants by tensor name, one input, one output.

    input_shape: the ONNX input's dims with the batch axis first (None where symbolic).
    """

    nodes: tuple[Node, ...]
    constants: dict[str, np.ndarray]
    input_name: str
    input_shape: tuple[int | None, ...]
    output_name: str
    producer: str
    opset: int

    def consumers(self, tensor: str) -> list[Node]:
        return [node for node in self.nodes if tensor in node.inputs]

    def producer_of(self, tensor: str) -> Node | None:
        return next((node for node in self.nodes if tensor in node.outputs), None)


def read_model_bytes(path: str | Path) -> bytes:
    """The serialized model; `.onnx.gz` (or any gzip stream) is decompressed."""
    source = Path(path)
    if not source.is_file():
        raise DataError(f"{source}: no such ONNX file")
    data = source.read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise DescriptionError(f"{source}: not a readable gzip file ({error})") from None
    return data


def load_graph(path: str | Path) -> OnnxGraph:
    """Parse an .onnx / .onnx.gz file into an OnnxGraph (one DescriptionError line if it is not
    a model with one input and one output)."""
    onnx = require_onnx()
    data = read_model_bytes(path)
    try:
        model = onnx.load_from_string(data)
    except Exception as error:  # protobuf raises its own DecodeError types
        raise DescriptionError(f"{path}: not an ONNX model ({type(error).__name__})") from None
    return graph_from_model(model, str(path))


def graph_from_model(model: Any, source: str = "model") -> OnnxGraph:
    """An OnnxGraph from an onnx.ModelProto."""
    onnx = require_onnx()
    from onnx import numpy_helper

    graph = model.graph
    constants = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    inputs = [i for i in graph.input if i.name not in constants]
    if len(inputs) != 1 or len(graph.output) != 1:
        raise DescriptionError(
            f"{source}: expected one graph input and one output, got {len(inputs)} inputs "
            f"and {len(graph.output)} outputs"
        )
    dims = tuple(
        d.dim_value if d.HasField("dim_value") else None
        for d in inputs[0].type.tensor_type.shape.dim
    )
    nodes = []
    for k, proto in enumerate(graph.node):
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in proto.attribute}
        node = Node(
            proto.name or f"#{k}",
            proto.op_type,
            proto.domain,
            tuple(proto.input),
            tuple(proto.output),
            attrs,
        )
        if node.op == "Constant" and "value" in attrs:
            constants[node.outputs[0]] = numpy_helper.to_array(attrs["value"])
        nodes.append(node)
    opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
    producer = f"{model.producer_name} {model.producer_version}".strip()
    return OnnxGraph(
        tuple(nodes), constants, inputs[0].name, dims, graph.output[0].name, producer, opset
    )


def identity_pos(shape: tuple[int, ...]) -> npt.NDArray[np.int64]:
    """pos of a tensor laid out exactly as ours: element (i, j, ...) is flat index (i, j, ...)."""
    return np.arange(math.prod(shape), dtype=np.int64).reshape(shape)


def is_identity(pos: npt.NDArray[np.int64]) -> bool:
    return bool(np.array_equal(pos, identity_pos(pos.shape)))


def transpose_pos(pos: npt.NDArray[np.int64], node: Node) -> npt.NDArray[np.int64]:
    """Transpose with `perm` (batch axis kept first)."""
    perm = list(node.attrs.get("perm", range(pos.ndim + 1)[::-1]))
    if sorted(perm) != list(range(pos.ndim + 1)) or perm[0] != 0:
        raise DescriptionError(
            f"{node.label}: perm must keep the batch axis first over {pos.ndim + 1} axes, "
            f"got {perm}"
        )
    return pos.transpose([p - 1 for p in perm[1:]])


def reshape_pos(
    pos: npt.NDArray[np.int64], shape: npt.NDArray[np.integer], node: Node
) -> npt.NDArray[np.int64]:
    """Reshape to `shape` (ONNX rules: 0 copies the input dim, one -1 is inferred), the first
    entry being the batch axis (-1, 0, or 1 with a batch of 1)."""
    target = [int(d) for d in np.asarray(shape).reshape(-1)]
    full = (-1, *pos.shape)  # the batch axis is whatever it is
    if not target or target[0] not in (-1, 0, 1):
        raise DescriptionError(
            f"{node.label}: the target shape must keep the batch axis first, got {target}"
        )
    rest = [full[k] if d == 0 and k < len(full) else d for k, d in enumerate(target)][1:]
    if target[0] == -1 and -1 in rest or rest.count(-1) > 1:
        raise DescriptionError(f"{node.label}: the target shape {target} infers two dims")
    try:
        return pos.reshape(rest)
    except ValueError:
        raise DescriptionError(
            f"{node.label}: cannot reshape {list(pos.shape)} (per input) to {target}"
        ) from None


def flatten_pos(pos: npt.NDArray[np.int64], node: Node) -> npt.NDArray[np.int64]:
    """Flatten with axis 1: (batch, ...) -> (batch, n)."""
    axis = int(node.attrs.get("axis", 1))
    if axis != 1:
        raise DescriptionError(f"{node.label}: only axis 1 (keep the batch axis) is supported")
    return pos.reshape(-1)


def scatter_constant(pos: npt.NDArray[np.int64], value: np.ndarray, node: Node) -> npt.NDArray[Any]:
    """A constant broadcast against the tensor (batch axis of size 1), in OUR flat order:
    out[pos[e]] = broadcast(value)[e]."""
    batch_shape = (1, *pos.shape)
    value = np.asarray(value)
    try:
        spread = np.broadcast_to(value, np.broadcast_shapes(value.shape, batch_shape))
    except ValueError:
        raise DescriptionError(
            f"{node.label}: the constant of shape {list(value.shape)} does not broadcast "
            f"against the tensor {list(batch_shape)}"
        ) from None
    if spread.shape != batch_shape:
        raise DescriptionError(
            f"{node.label}: the constant of shape {list(value.shape)} would change the "
            f"tensor's shape {list(batch_shape)}"
        )
    ours = np.empty(pos.size, dtype=value.dtype)
    ours[pos.reshape(-1)] = spread.reshape(-1)
    return ours
