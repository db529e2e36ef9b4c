"""The fast twin of engine.reference: XNOR/popcount on packed uint64 words, bit-exact.

One kernel per layer type (KERNELS: (net, k, backend) -> a kernel of engine.kernels), each
mapping what layer k reads (model.layer_input) to what it writes: raw integers for layer 0,
packed +-1 activations after it (bnnverify.engine.bits), the integer dots at the output.

- binarize: x >= t, or x <= t when flip, compared as stored (no t + 1 that could wrap).
- block over the raw input: one exact matrix product (float32 BLAS when every partial sum is
  an integer below 2**24 in magnitude, float64 below 2**53, else int64), or a sparse int64 sum
  over its nonzeros for small batches, then the threshold compare.
- block over +-1 inputs: fire iff d <= floor((nnz - threshold) / 2), d the disagreements.
  Thresholds may be any int64 (DESIGN.md section 2): each is first clamped into its sum range
  [-nnz, nnz + 1] (model.clamp_thresholds; every neuron fires as before), so nnz - threshold
  cannot wrap.
- output: dot = nnz - 2 * d.
- conv2d over +-1 inputs: XNOR/popcount over packed patches (channels packed per position),
  the padding folded into a limit per output position and channel (engine.convolution); over
  the raw input: exact float32 / float64 / int64 window sums, then the compare
  (engine.raw_conv). maxpool2d: an OR of the window's bits. Activations stay packed in C order
  (c, h, w) between layers, so any layer reads what any other wrote.

Kernels are numba-compiled on first use (engine.compiled, cache=True) and run over the batch in
parallel; without numba (ImportError) the same arithmetic runs in numpy with np.bitwise_count.
References: Hubara et al., NeurIPS 2016; Larq Compute Engine.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from bnnverify.engine import bits
from bnnverify.engine.bits import Words
from bnnverify.engine.compiled import HAS_NUMBA
from bnnverify.engine.convolution import ConvKernel, MaxPoolKernel
from bnnverify.engine.kernels import (
    BinarizeKernel,
    BlockKernel,
    Kernel,
    OutputKernel,
    RawBlockKernel,
)
from bnnverify.engine.raw_conv import RawConvKernel
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    Ints,
    MaxPool2dLayer,
    OutputLayer,
    Signs,
    clamp_thresholds,
    layer_input,
    predict_from_dots,
    sum_range,
)

if HAS_NUMBA:
    import numba  # noqa: F401  (re-exported: bnnverify.jobs sets its thread count)

BACKENDS = ("auto", "numba", "numpy")


def binarize_kernel(net: BinaryNetwork, k: int, backend: str) -> Kernel:
    """Raw integers -> packed bits (binarize reads the raw input only)."""
    layer = net.layers[k]
    assert isinstance(layer, BinarizeLayer) and layer_input(net, k).raw
    return BinarizeKernel(layer, backend)


def block_kernel(net: BinaryNetwork, k: int, backend: str) -> Kernel:
    """Over the raw input the exact product; over +-1 inputs XNOR/popcount, with dot in
    [-nnz, nnz] and the threshold clamped into [-nnz, nnz + 1] first (no int64 wrap)."""
    layer = net.layers[k]
    assert isinstance(layer, BlockLayer)
    if layer_input(net, k).raw:
        return RawBlockKernel(layer, backend)
    return BlockKernel(layer, clamp_thresholds(layer.threshold, *sum_range(net, k)), backend)


def output_kernel(net: BinaryNetwork, k: int, backend: str) -> Kernel:
    """Packed +-1 words -> the integer dots (the output reads +-1 activations only)."""
    layer = net.layers[k]
    assert isinstance(layer, OutputLayer) and not layer_input(net, k).raw
    return OutputKernel(layer, backend)


def conv2d_kernel(net: BinaryNetwork, k: int, backend: str) -> Kernel:
    """Over the raw input exact window sums (engine.raw_conv); over +-1 inputs XNOR/popcount
    per patch, thresholds clamped into [-nnz, nnz + 1] (engine.convolution)."""
    layer = net.layers[k]
    assert isinstance(layer, Conv2dLayer)
    if layer_input(net, k).raw:
        return RawConvKernel(layer, backend)
    return ConvKernel(layer, backend)


def maxpool2d_kernel(net: BinaryNetwork, k: int, backend: str) -> Kernel:
    """Packed +-1 words -> packed words: the OR of each window (max-pool reads +-1 only)."""
    layer = net.layers[k]
    assert isinstance(layer, MaxPool2dLayer) and not layer_input(net, k).raw
    return MaxPoolKernel(layer, backend)


KERNELS: dict[str, Callable[[BinaryNetwork, int, str], Kernel]] = {
    "binarize": binarize_kernel,
    "block": block_kernel,
    "conv2d": conv2d_kernel,
    "maxpool2d": maxpool2d_kernel,
    "output": output_kernel,
}


class PackedNetwork:
    """A BinaryNetwork whose weights were packed once, at construction: one kernel per layer.

    Same contracts as engine.reference; x is an integer array (batch, *input_shape) or
    (batch, n_inputs). backend: "numba" (compiled kernels), "numpy" (np.bitwise_count), or
    "auto" (numba when importable).
    """

    def __init__(self, net: BinaryNetwork, backend: str = "auto") -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        if backend == "numba" and not HAS_NUMBA:
            raise ImportError("backend 'numba' needs numba, which is not installed")
        self.net = net
        self.backend = "numba" if backend == "auto" and HAS_NUMBA else backend
        if self.backend == "auto":
            self.backend = "numpy"
        self._kernels = [
            KERNELS[layer.kind](net, k, self.backend) for k, layer in enumerate(net.layers)
        ]

    @property
    def weight_bytes(self) -> int:
        """Bytes of the packed weights of every weighted layer, masks of ternary layers included.

        A raw-pixel first layer is counted packed too (its deployable size); the engine also
        keeps a float32 working copy of it for BLAS, see `working_bytes`.
        """
        return sum(kernel.nbytes for kernel in self._kernels)

    @property
    def working_bytes(self) -> int:
        """weight_bytes plus the kernels' working copies (a raw-pixel layer's float32 weights)."""
        return self.weight_bytes + sum(kernel.extra_bytes for kernel in self._kernels)

    def hidden_activations(self, x: npt.ArrayLike) -> list[Signs]:
        """The +-1 output of every hidden layer (every block and conv), in order: (batch, n_out)
        int8, flat in C order."""
        h = self._flatten(x)
        out = []
        for layer, kernel in zip(self.net.layers[:-1], self._kernels[:-1], strict=True):
            h = kernel(h)
            if layer.hidden:
                out.append(bits.unpack_signs(h, layer.n_out))
        return out

    def output_dots(self, x: npt.ArrayLike) -> Ints:
        """dot(weight[c], h) of the output layer, without the bias: (batch, n_classes) int64."""
        words = self.binary_layers_words(self.first_layer_words(x))
        return self.output_dots_from_words(words)

    def predict(self, x: npt.ArrayLike) -> Ints:
        """argmax of the exact scores (real bias), ties to the lowest index: (batch,) int64."""
        return predict_from_dots(self.output_dots(x), self.net.output.bias)

    def first_layer_words(self, x: npt.ArrayLike) -> Words:
        """Layer 0 on the raw input: the packed +-1 input of the first XNOR/popcount layer."""
        return self._kernels[0](self._flatten(x))

    def binary_layers_words(self, words: Words) -> Words:
        """Every layer between layer 0 and the output, on packed activations: words -> words."""
        for kernel in self._kernels[1:-1]:
            words = kernel(words)
        return words

    def output_dots_from_words(self, words: Words) -> Ints:
        """The output layer on packed +-1 activations: (batch, k) words -> (batch, C) int64."""
        return self._kernels[-1](words)

    def _flatten(self, x: npt.ArrayLike) -> np.ndarray:
        """(batch, *input_shape) or (batch, n_inputs) -> contiguous (batch, n_inputs) integers."""
        array = np.asarray(x)
        if array.ndim == len(self.net.input_shape):
            array = array[None]
        array = array.reshape(array.shape[0], self.net.n_inputs)
        if array.dtype.kind not in "iu":
            array = array.astype(np.int64)  # as net.flatten does for the reference engine
        return np.ascontiguousarray(array)
