"""The packed kernels, one class per layer type and input kind (engine.packed builds them).

Each maps what its layer reads to what it writes: raw integers (batch, n) or packed +-1
activations (batch, words) (bit set = +1, padding bits 0: bnnverify.engine.bits) in; packed
words, or the output layer's integer dots, out. A block neuron over +-1 inputs with ternary
weights counts the disagreements d = popcount((x XOR w) AND mask) over its nonzero weights
(nnz of them), so dot = nnz - 2 * d and

    dot >= threshold  <=>  2 * d <= nnz - threshold  <=>  d <= floor((nnz - threshold) / 2),

one integer compare per neuron, whose result is packed straight into the next layer's words.
The threshold is clamped into [-nnz, nnz + 1] first (engine.packed), so nnz - threshold cannot
wrap; a block over the raw input and binarize only compare.

The numba loops are in engine.compiled; the numpy path runs the same arithmetic with
np.bitwise_count. References: Hubara et al., NeurIPS 2016; Larq Compute Engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bnnverify.engine import bits, compiled
from bnnverify.engine.bits import Words
from bnnverify.model import BinarizeLayer, BlockLayer, Ints, OutputLayer, Signs

FLOAT32_EXACT = 2**24  # float32 holds every integer of magnitude <= 2**24 exactly
FLOAT64_EXACT = 2**53
# A raw-pixel first layer with at most this share of nonzero weights, on at most this many
# inputs, is summed over its nonzeros in int64 (exact, no thread start-up): verification
# evaluates small batches, where BLAS threads cost more than they save.
SPARSE_DENSITY = 0.5
SPARSE_MAX_BATCH = 512


@dataclass(frozen=True, eq=False)
class PackedLayer:
    """One weighted layer in packed form.

    words/mask are (n_out, k) for the numpy path and transposed to (k, n_out) for the numba
    kernels, whose inner loop runs over output neurons (contiguous, so LLVM vectorizes it).
    """

    words: Words  # sign bits (w > 0)
    mask: Words  # nonzero bits (w != 0); unused when dense
    dense: bool  # no zero weight: the mask is all ones and can be skipped
    nnz: Ints  # (n_out,) nonzero weights per row
    limit: Ints  # (n_out,) fire iff disagreements <= limit; zeros for the output layer
    n_in: int
    n_out: int

    @classmethod
    def from_weight(cls, weight: Signs, threshold: Ints | None, transposed: bool) -> PackedLayer:
        nonzero = weight != 0
        nnz = nonzero.sum(axis=1, dtype=np.int64)
        # fire <=> d <= floor((nnz - threshold) / 2): module docstring. `//` floors in numpy.
        limit = np.zeros_like(nnz) if threshold is None else (nnz - threshold) // 2
        words, mask = bits.pack_signs(weight), bits.pack_bits(nonzero)
        dense = bool(nonzero.all())
        if transposed:
            words, mask = np.ascontiguousarray(words.T), np.ascontiguousarray(mask.T)
        if dense and transposed:
            mask = words  # a placeholder of the right shape; the numba kernels never read it
        n_out, n_in = weight.shape
        return cls(words, mask, dense, nnz, limit.astype(np.int64), n_in, n_out)

    @property
    def nbytes(self) -> int:
        """Packed weight bytes: the sign words, plus the mask words for ternary layers."""
        return self.words.nbytes + (0 if self.dense else self.mask.nbytes)


class Kernel(Protocol):
    """One layer of a PackedNetwork: x (what the layer reads) -> y (what it writes)."""

    nbytes: int  # packed weight bytes (the deployable size)
    extra_bytes: int  # working copies beyond nbytes (e.g. float32 weights for BLAS)

    def __call__(self, x: np.ndarray, /) -> np.ndarray: ...


def _threshold_pack(dots: np.ndarray, threshold: np.ndarray, backend: str) -> Words:
    """pack(dots >= threshold) row by row: (batch, n) -> (batch, words)."""
    if backend == "numba":
        out = np.empty((dots.shape[0], bits.n_words(dots.shape[1])), dtype=np.uint64)
        pack = (
            compiled.threshold_rows
            if compiled.runs_serially(len(dots))
            else compiled.threshold_pack
        )
        pack(np.ascontiguousarray(dots), threshold, out)
        return out
    return bits.pack_bits(dots >= threshold)


class BinarizeKernel:
    """Raw integers -> packed bits: x >= t, or x <= t when flip (compared as stored: no t + 1
    that could wrap). (batch, n) -> (batch, words)."""

    nbytes = 0
    extra_bytes = 0

    def __init__(self, layer: BinarizeLayer, backend: str) -> None:
        self.threshold = np.ascontiguousarray(layer.threshold)
        self.flip = np.ascontiguousarray(layer.flip)
        self.backend = backend

    def __call__(self, flat: np.ndarray) -> Words:
        if self.backend == "numba":
            out = np.empty((flat.shape[0], bits.n_words(flat.shape[1])), dtype=np.uint64)
            compiled.binarize_pack(flat, self.threshold, self.flip, out)
            return out
        return bits.pack_bits(np.where(self.flip, flat <= self.threshold, flat >= self.threshold))


class RawBlockKernel:
    """Raw integers -> packed bits of dot(weight[j], x) >= threshold[j], the dots exact.

    |partial sum| <= sum_i |w_i| * max |x_i| <= l1 * magnitude, so when that is below 2**24
    (2**53) every partial sum, the rounding of x and the sum are exact in float32 (float64).
    Thresholds are clamped to +-2**24 (+-2**53) first: |dot| is below that, so a clamped
    threshold fires exactly when the original does, and is itself exact.
    """

    def __init__(self, layer: BlockLayer, backend: str) -> None:
        self.backend = backend
        self.weight = np.ascontiguousarray(layer.weight.T, dtype=np.float32)  # (n_in, n_out)
        self.threshold = layer.threshold
        self.l1 = int(np.abs(layer.weight.astype(np.int64)).sum(axis=1).max())
        # Only its size is used (nbytes): the compare runs on the exact dots.
        self.nbytes = PackedLayer.from_weight(layer.weight, None, False).nbytes
        self.extra_bytes = self.weight.nbytes
        rows, cols = np.nonzero(layer.weight)  # row-major: CSR order
        self.ptr = np.searchsorted(rows, np.arange(layer.n_out + 1)).astype(np.int64)
        self.idx = cols.astype(np.int64)
        self.sign = layer.weight[rows, cols].astype(np.int64)
        self.sparse = cols.size <= SPARSE_DENSITY * layer.weight.size

    def __call__(self, flat: np.ndarray) -> Words:
        if self.backend == "numba" and self.sparse and len(flat) <= SPARSE_MAX_BATCH:
            dots_t = np.empty((self.ptr.shape[0] - 1, flat.shape[0]), dtype=np.int64)
            flat_t = np.ascontiguousarray(flat.T, dtype=np.int64)
            compiled.sparse_dots(flat_t, self.ptr, self.idx, self.sign, dots_t)
            return _threshold_pack(np.ascontiguousarray(dots_t.T), self.threshold, self.backend)
        magnitude = max(abs(int(flat.min(initial=0))), abs(int(flat.max(initial=0))))
        bound = max(self.l1, 1) * magnitude
        if bound < FLOAT32_EXACT:
            dots: np.ndarray = flat.astype(np.float32) @ self.weight  # (batch, n_out)
            cut = np.clip(self.threshold, -FLOAT32_EXACT, FLOAT32_EXACT).astype(np.float32)
            return _threshold_pack(dots, cut, self.backend)
        if bound < FLOAT64_EXACT:
            dots = (flat.astype(np.float64) @ self.weight.astype(np.float64)).astype(np.int64)
        else:
            dots = flat.astype(np.int64) @ self.weight.astype(np.int64)
        return _threshold_pack(dots, self.threshold, self.backend)


class BlockKernel:
    """Packed +-1 words -> packed +-1 words: fire iff d <= floor((nnz - threshold) / 2)."""

    extra_bytes = 0

    def __init__(self, layer: BlockLayer, threshold: Ints, backend: str) -> None:
        self.packed = PackedLayer.from_weight(layer.weight, threshold, backend == "numba")
        self.nbytes = self.packed.nbytes
        self.backend = backend

    def __call__(self, words: Words) -> Words:
        layer = self.packed
        if self.backend == "numba":
            out = np.empty((words.shape[0], bits.n_words(layer.n_out)), dtype=np.uint64)
            args = (layer.words, layer.mask, layer.dense, layer.limit, out)
            if compiled.runs_serially(len(words)):
                compiled.block_rows(words, 0, len(words), *args)
            else:
                compiled.block_pack(words, *args)
            return out
        d = bits.disagreements(words, layer.words, layer.mask)
        return bits.pack_bits(d <= layer.limit)


class OutputKernel:
    """Packed +-1 words -> the integer dots nnz - 2 * d: (batch, words) -> (batch, C) int64."""

    extra_bytes = 0

    def __init__(self, layer: OutputLayer, backend: str) -> None:
        self.packed = PackedLayer.from_weight(layer.weight, None, backend == "numba")
        self.nbytes = self.packed.nbytes
        self.backend = backend

    def __call__(self, words: Words) -> Ints:
        layer = self.packed
        if self.backend == "numba":
            out = np.empty((words.shape[0], layer.n_out), dtype=np.int64)
            args = (layer.words, layer.mask, layer.dense, layer.nnz, out)
            if compiled.runs_serially(len(words)):
                compiled.output_rows(words, 0, len(words), *args)
            else:
                compiled.output_dots(words, *args)
            return out
        return layer.nnz - 2 * bits.disagreements(words, layer.words, layer.mask)
