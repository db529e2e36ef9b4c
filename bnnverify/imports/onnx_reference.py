"""A float64 numpy interpreter of the ONNX operators the importer supports: the conversion oracle.

It reads the nodes literally, with ONNX semantics, and shares no code with the conversion path
(onnx_walk / onnx_nodes / onnx_pending): Sign(0) = 0 (np.sign), BipolarQuant(x, s) =
where(x >= 0, +1, -1) * s, Conv / MaxPool / Gemm / BatchNormalization as the ONNX operator
documents say. Besides the outputs it records the margin: per input, the smallest |x| met by a
Sign or BipolarQuant of an activation, i.e. how close the input came to a sign boundary. The
outer Sign of Larq's Sign(Sign(x) + c) sees only +-1 + c and c, so it is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from bnnverify.errors import DescriptionError
from bnnverify.imports.onnx_graph import Node, OnnxGraph

Array = npt.NDArray[Any]


def run_conv(node: Node, x: Array, w: Array, b: Array | None = None) -> Array:
    """Y[n,o,i,j] = sum_{c,u,v} X_pad[n, c, i*SH + u, j*SW + v] * W[o,c,u,v] + B[o]."""
    attrs = node.attrs
    if int(attrs.get("group", 1)) != 1 or any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise DescriptionError(f"{node.label}: the reference runs group 1, dilation 1 only")
    top, left, bottom, right = attrs.get("pads", [0, 0, 0, 0])
    sh, sw = attrs.get("strides", [1, 1])
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    kh, kw = w.shape[2:]
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    y = np.einsum("nchwuv,ocuv->nohw", windows, w, optimize=True)
    return y if b is None else y + b.reshape(1, -1, 1, 1)


def run_maxpool(node: Node, x: Array) -> Array:
    kh, kw = node.attrs["kernel_shape"]
    sh, sw = node.attrs.get("strides", [1, 1])
    if any(node.attrs.get("pads", [0])) or node.attrs.get("ceil_mode", 0):
        raise DescriptionError(f"{node.label}: the reference runs unpadded floor-mode pools only")
    return sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw].max(axis=(4, 5))


def run_batchnorm(node: Node, x: Array, gamma, beta, mean, var) -> Array:
    """gamma * (x - mean) / sqrt(var + epsilon) + beta over axis 1."""
    shape = (1, -1) + (1,) * (x.ndim - 2)
    eps = float(np.float32(node.attrs.get("epsilon", 1e-5)))
    scale = gamma.reshape(shape) / np.sqrt(var.reshape(shape) + eps)
    return (x - mean.reshape(shape)) * scale + beta.reshape(shape)


def run_reshape(node: Node, x: Array, shape: Array) -> Array:
    """ONNX Reshape: 0 copies the input's dim (allowzero = 0), one -1 is inferred."""
    target = [x.shape[k] if int(d) == 0 else int(d) for k, d in enumerate(shape.reshape(-1))]
    return x.reshape(target)


def run_gemm(node: Node, a: Array, b: Array, c: Array | None = None) -> Array:
    """alpha * A' @ B' + beta * C."""
    attrs = node.attrs
    a = a.T if attrs.get("transA", 0) else a
    b = b.T if attrs.get("transB", 0) else b
    y = float(attrs.get("alpha", 1.0)) * (a @ b)
    return y if c is None else y + float(attrs.get("beta", 1.0)) * c


def run_softmax(node: Node, x: Array) -> Array:
    axis = int(node.attrs.get("axis", -1))
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


OPS: dict[str, Callable[..., Array]] = {
    "Transpose": lambda n, x: np.transpose(x, n.attrs.get("perm")),
    "Conv": run_conv,
    "MaxPool": run_maxpool,
    "BatchNormalization": run_batchnorm,
    "Sign": lambda n, x: np.sign(x),
    "BipolarQuant": lambda n, x, s: np.where(x >= 0, 1.0, -1.0) * s,
    "Add": lambda n, x, y: x + y,
    "Sub": lambda n, x, y: x - y,
    "Mul": lambda n, x, y: x * y,
    "Div": lambda n, x, y: x / y,
    "Reshape": run_reshape,
    "Flatten": lambda n, x: x.reshape(x.shape[0], -1),
    "MatMul": lambda n, x, y: x @ y,
    "Gemm": run_gemm,
    "Softmax": run_softmax,
    "Identity": lambda n, x: x,
}


def _float64(value: np.ndarray) -> np.ndarray:
    return value.astype(np.float64) if value.dtype.kind == "f" else value


def run_graph(graph: OnnxGraph, x: npt.ArrayLike) -> tuple[Array, Array]:
    """(output, margin) for a batch x in the ONNX input's layout: output (batch, ...) float64,
    margin (batch,) the smallest |pre-activation| at any sign (inf when there is none)."""
    values: dict[str, Array] = {k: _float64(v) for k, v in graph.constants.items()}
    values[graph.input_name] = np.asarray(x, dtype=np.float64)
    batch = values[graph.input_name].shape[0]
    margin = np.full(batch, np.inf)
    pending = [node for node in graph.nodes if node.op != "Constant"]
    while pending:
        ready = [node for node in pending if all(i in values for i in node.inputs if i)]
        if not ready:
            missing = pending[0]
            raise DescriptionError(f"{missing.label}: an input is never computed")
        for node in ready:
            op = OPS.get(node.op)
            if op is None:
                raise DescriptionError(f"{node.label}: the reference does not run this operator")
            args = [values[i] if i else None for i in node.inputs]
            if _is_activation_sign(graph, node):
                # one dim per input: the batch axis is first
                first = np.abs(np.asarray(args[0]))
                margin = np.minimum(margin, first.reshape(batch, -1).min(axis=1))
            values[node.outputs[0]] = op(node, *args)
        pending = [node for node in pending if node not in ready]
    return values[graph.output_name], margin


def _is_activation_sign(graph: OnnxGraph, node: Node) -> bool:
    """A Sign / BipolarQuant of a computed activation (not of a constant weight), other than
    the outer Sign of Sign(Sign(x) + c)."""
    if node.op not in ("Sign", "BipolarQuant") or node.inputs[0] in graph.constants:
        return False
    producer = graph.producer_of(node.inputs[0])
    if producer is None:
        return True
    if producer.op in ("BipolarQuant", "Transpose", "Identity") and all(
        i in graph.constants for i in producer.inputs
    ):
        return False  # a weight computed from constants
    if node.op == "Sign" and producer.op == "Add":
        feeders = [graph.producer_of(i) for i in producer.inputs]
        return not any(f is not None and f.op == "Sign" for f in feeders)
    return True


def predict_graph(graph: OnnxGraph, x: npt.ArrayLike, chunk: int = 16) -> tuple[Array, Array]:
    """(argmax of the output per input, first maximum; margin), run `chunk` inputs at a time."""
    x = np.asarray(x)
    predicted, margins = [], []
    for start in range(0, x.shape[0], chunk):
        out, margin = run_graph(graph, x[start : start + chunk])
        predicted.append(out.reshape(out.shape[0], -1).argmax(axis=1))
        margins.append(margin)
    return np.concatenate(predicted), np.concatenate(margins)
