"""One handler per supported ONNX operator, for the walk of onnx_convert.

handler(walk, node, tensor, state) -> (state, next tensor, done): `tensor` is the activation
input of `node`; done is True after the final Softmax. Every unsupported attribute or operand
is one DescriptionError naming the node and its operator.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from bnnverify.errors import DescriptionError
from bnnverify.imports import onnx_graph as og
from bnnverify.imports.onnx_walk import (
    Raw,
    Signs,
    Walk,
    conv_output,
    end_layer,
    fix_input,
    move,
    split_weight,
    start_pending,
    state_pos,
)
from bnnverify.imports.onnx_graph import Node
from bnnverify.imports.onnx_pending import Pending, Pool
from bnnverify.model import MaxPool2dLayer

Result = tuple[Any, str, bool]
SIGN_IDIOM = "Larq's Sign(Sign(x) + c), 0 < c < 1"


def _out(node: Node) -> str:
    return node.outputs[0]


def handle_transpose(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    return move(state, lambda pos: og.transpose_pos(pos, node)), _out(node), False


def handle_reshape(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    shape = walk.constant(node.inputs[1]) if len(node.inputs) > 1 else None
    if shape is None or node.inputs[0] != tensor:
        raise DescriptionError(f"{node.label}: the target shape must be a constant")
    return move(state, lambda pos: og.reshape_pos(pos, shape, node)), _out(node), False


def handle_flatten(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    return move(state, lambda pos: og.flatten_pos(pos, node)), _out(node), False


def handle_identity(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    return state, _out(node), False


def _reads(walk: Walk, node: Node, state: Any, ndim: int) -> np.ndarray:
    """The pos of the tensor a weighted node reads, which must be ndim-D (and, for a conv,
    exactly our layout); the raw input fixes our input here."""
    pos = state_pos(state)
    what = "a (batch, C, H, W) input" if ndim == 3 else "a flat (batch, n) input"
    if pos.ndim != ndim:
        raise DescriptionError(f"{node.label}: needs {what}, got {list(pos.shape)} per input")
    if isinstance(state, Raw):
        return fix_input(walk, state, node)
    if ndim == 3 and not og.is_identity(pos):
        raise DescriptionError(
            f"{node.label}: reads channels in another order than the layer before wrote them"
        )
    return pos


def _weight(walk: Walk, node: Node, index: int) -> np.ndarray:
    value = walk.constant(node.inputs[index]) if len(node.inputs) > index else None
    if value is None:
        raise DescriptionError(f"{node.label}: input {index} (the weights) must be a constant")
    return value


def _bias(walk: Walk, node: Node, index: int, n: int, factor: Fraction = Fraction(1)) -> list:
    if len(node.inputs) <= index or not node.inputs[index]:
        return [Fraction(0)] * n
    value = walk.constant(node.inputs[index])
    if value is None or value.dtype.kind != "f" or not np.isfinite(value).all():
        raise DescriptionError(f"{node.label}: the bias must be a finite float constant")
    if value.size not in (1, n):
        raise DescriptionError(f"{node.label}: the bias must have {n} entries")
    spread = np.broadcast_to(value.reshape(-1), (n,))
    return [Fraction(float(v)) * factor for v in spread]


def handle_conv(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    attrs = node.attrs
    if int(attrs.get("group", 1)) != 1 or any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise DescriptionError(f"{node.label}: only group = 1 and dilations = 1 are supported")
    if attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", b"VALID", "NOTSET", "VALID"):
        raise DescriptionError(f"{node.label}: auto_pad {attrs['auto_pad']!r} is not supported")
    if node.inputs[0] != tensor:
        raise DescriptionError(f"{node.label}: the activation must be input 0")
    value = _weight(walk, node, 1)
    if value.ndim != 4:
        raise DescriptionError(f"{node.label}: only 2-D convolution is supported")
    pos = _reads(walk, node, state, 3)
    weight, scales = split_weight(value, 0, node)
    top, left, bottom, right = [int(p) for p in attrs.get("pads", [0, 0, 0, 0])]
    conv = {
        "in_shape": tuple(int(d) for d in pos.shape),
        "stride": tuple(int(s) for s in attrs.get("strides", [1, 1])),
        "padding": (top, bottom, left, right),
        "pad_value": 0,  # ONNX pads with zeros
    }
    if weight.shape[1] != pos.shape[0]:
        raise DescriptionError(
            f"{node.label}: the weights expect {weight.shape[1]} channels, got {pos.shape[0]}"
        )
    bias = _bias(walk, node, 2, weight.shape[0])
    out = og.identity_pos(conv_output(weight, tuple(pos.shape), conv))
    return start_pending(walk, node, state, weight, scales, bias, out, conv), _out(node), False


def _dense(walk: Walk, node: Node, state: Any, value: np.ndarray, bias: list) -> Any:
    """A dense layer over the flat tensor: ONNX element k (our index pos[k]) meets row k of
    value (n_in, n_out), so our weight[j, pos[k]] = sign(value[k, j])."""
    pos = _reads(walk, node, state, 1)
    if value.ndim != 2 or value.shape[0] != pos.shape[0]:
        raise DescriptionError(
            f"{node.label}: the weights must be ({pos.shape[0]}, n_out), got {list(value.shape)}"
        )
    signs, scales = split_weight(value, 1, node)  # (n_out, n_in) in ONNX order
    weight = np.zeros_like(signs)
    weight[:, pos] = signs
    out = og.identity_pos((weight.shape[0],))
    return start_pending(walk, node, state, weight, scales, bias, out, {})


def handle_matmul(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    if node.inputs[0] != tensor:
        raise DescriptionError(f"{node.label}: the activation must be input A (x @ W)")
    value = _weight(walk, node, 1)
    n_out = value.shape[-1] if value.ndim else 0
    return _dense(walk, node, state, value, [Fraction(0)] * n_out), _out(node), False


def handle_gemm(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    attrs = node.attrs
    if int(attrs.get("transA", 0)) or node.inputs[0] != tensor:
        raise DescriptionError(f"{node.label}: the activation must be input A, not transposed")
    value = _weight(walk, node, 1)
    value = value.T if int(attrs.get("transB", 0)) else value
    alpha = Fraction(float(attrs.get("alpha", 1.0)))
    beta = Fraction(float(attrs.get("beta", 1.0)))
    pending = _dense(walk, node, state, value, _bias(walk, node, 2, value.shape[1], beta))
    if alpha != 1:
        pending = pending.multiply([alpha] * pending.units, node)
    return pending, _out(node), False


def handle_maxpool(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    attrs = node.attrs
    kernel_list = [int(k) for k in attrs.get("kernel_shape", [])]
    stride_list = [int(s) for s in attrs.get("strides", [1] * len(kernel_list))]
    plain = (
        len(kernel_list) == 2
        and len(stride_list) == 2
        and not any(attrs.get("pads", [0]))
        and not attrs.get("ceil_mode", 0)
        and all(d == 1 for d in attrs.get("dilations", [1, 1]))
        and attrs.get("auto_pad", b"NOTSET") in (b"NOTSET", b"VALID", "NOTSET", "VALID")
        and len(node.outputs) == 1
    )
    if not plain:
        raise DescriptionError(
            f"{node.label}: only 2-D max-pool without padding, dilation or ceil_mode"
        )
    pos = state_pos(state)
    if isinstance(state, Raw) or pos.ndim != 3 or not og.is_identity(pos):
        raise DescriptionError(f"{node.label}: needs the (C, H, W) output of a conv layer")
    (kh, kw), (sh, sw) = kernel_list, stride_list
    kernel, stride = (kh, kw), (sh, sw)
    pooled = (pos.shape[0], (pos.shape[1] - kh) // sh + 1, (pos.shape[2] - kw) // sw + 1)
    if isinstance(state, Signs):  # on +-1 values the max is an OR: a layer of its own
        walk.layers.append(MaxPool2dLayer(tuple(pos.shape), kernel, stride))
        return Signs(og.identity_pos(pooled), state.scale), _out(node), False
    if not state.conv or state.pool is not None:
        raise DescriptionError(f"{node.label}: expected one max-pool after a Conv")
    pool = Pool(kernel, stride, node)
    return state.with_pool(pool, og.identity_pos(pooled)), _out(node), False


def _pending(node: Node, state: Any) -> Pending:
    if not isinstance(state, Pending):
        where = "the raw input" if isinstance(state, Raw) else "binarized activations"
        raise DescriptionError(
            f"{node.label}: applied to {where}; only the pre-activation of a Conv / MatMul / "
            "Gemm may be scaled or shifted"
        )
    return state


def handle_batchnorm(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    pending = _pending(node, state)
    if node.inputs[0] != tensor or int(node.attrs.get("training_mode", 0)):
        raise DescriptionError(f"{node.label}: only inference-mode batch norm of input 0")
    params = [walk.constant(name) for name in node.inputs[1:5]]
    if len(params) != 4 or any(p is None for p in params):
        raise DescriptionError(f"{node.label}: scale, B, mean and var must be constants")
    rank = pending.pos.ndim + 1
    values = [
        pending.unit_values(np.asarray(p).reshape((1, -1) + (1,) * (rank - 2)), node)
        for p in params
    ]
    eps = Fraction(float(np.float32(node.attrs.get("epsilon", 1e-5))))
    return pending.batchnorm(values, eps, node), _out(node), False


def handle_arithmetic(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    pending = _pending(node, state)
    values = pending.unit_values(walk.operand(node, tensor), node)
    first = node.inputs[0] == tensor
    if node.op == "Add":
        return pending.add(values), _out(node), False
    if node.op == "Mul":
        return pending.multiply(values, node), _out(node), False
    if node.op == "Sub":
        if first:
            return pending.add([-v for v in values]), _out(node), False
        negated = pending.multiply([Fraction(-1)] * pending.units, node)
        return negated.add(values), _out(node), False
    if not first or any(v == 0 for v in values):
        raise DescriptionError(f"{node.label}: only division by a nonzero constant")
    return pending.multiply([1 / v for v in values], node), _out(node), False


def handle_sign(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    """Larq's idiom Sign(Sign(x) + c) with 0 < c < 1: +1 iff x >= 0 (x = 0: Sign gives 0,
    0 + c > 0, Sign gives +1; x > 0: 1 + c > 0; x < 0: -1 + c < 0)."""
    lone = f"{node.label}: a lone Sign maps 0 to 0, which no layer expresses; expected {SIGN_IDIOM}"
    add = walk.graph.consumers(_out(node))
    if len(add) != 1 or add[0].op != "Add":
        raise DescriptionError(lone)
    value = walk.operand(add[0], _out(node)) if len(add[0].inputs) == 2 else None
    outer = walk.graph.consumers(_out(add[0]))
    if value is None or value.size != 1 or not 0 < float(value.reshape(-1)[0]) < 1:
        raise DescriptionError(lone)
    if len(outer) != 1 or outer[0].op != "Sign":
        raise DescriptionError(lone)
    return end_layer(walk, _pending(node, state), Fraction(1)), _out(outer[0]), False


def handle_bipolar(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    """BipolarQuant(x, s) = where(x >= 0, +1, -1) * s on activations, s a positive scalar."""
    scale = walk.constant(node.inputs[1]) if len(node.inputs) > 1 else None
    if node.inputs[0] != tensor or scale is None or scale.size != 1:
        raise DescriptionError(f"{node.label}: the scale must be a constant scalar")
    s = Fraction(float(scale.reshape(-1)[0]))
    if s <= 0:
        raise DescriptionError(f"{node.label}: the activation scale must be > 0, got {float(s)}")
    return end_layer(walk, _pending(node, state), s), _out(node), False


def handle_softmax(walk: Walk, node: Node, tensor: str, state: Any) -> Result:
    pending = _pending(node, state)
    axis = int(node.attrs.get("axis", -1))
    if pending.pos.ndim != 1 or axis not in (-1, 1) or _out(node) != walk.graph.output_name:
        raise DescriptionError(f"{node.label}: only a final Softmax over the class axis")
    return pending, _out(node), True


HANDLERS: dict[str, Callable[[Walk, Node, str, Any], Result]] = {
    "Transpose": handle_transpose, "Reshape": handle_reshape, "Flatten": handle_flatten,
    "Identity": handle_identity, "Conv": handle_conv, "MatMul": handle_matmul,
    "Gemm": handle_gemm, "MaxPool": handle_maxpool, "BatchNormalization": handle_batchnorm,
    "Add": handle_arithmetic, "Sub": handle_arithmetic, "Mul": handle_arithmetic,
    "Div": handle_arithmetic, "Sign": handle_sign, "BipolarQuant": handle_bipolar,
    "Softmax": handle_softmax,
}  # fmt: skip
