"""The torch-free batch-norm fold, against a 60-digit decimal evaluation of the float batch norm."""

from __future__ import annotations

import logging
from decimal import Decimal, localcontext

import numpy as np
import pytest

from bnnverify.errors import DescriptionError
from bnnverify.model.fold import BatchNorm, fold_batchnorm


def fires_by_decimal(dot: int, gamma, beta, mean, var, eps: float, scale: float) -> bool:
    """sign(gamma * (scale * dot - mean) / sqrt(var + eps) + beta) == +1, with sign(0) = +1,
    evaluated on the exact stored values with 60 significant digits (the sqrt is the only
    rounding; every case here is either far from 0 or exactly 0)."""
    with localcontext() as context:
        context.prec = 60
        s = (Decimal(float(var)) + Decimal(float(eps))).sqrt()
        v = Decimal(float(gamma)) * (
            Decimal(float(scale)) * dot - Decimal(float(mean))
        ) / s + Decimal(float(beta))
        return v >= 0


def fires_folded(layer, j: int, dot: int, row_sign: int) -> bool:
    """The folded neuron on an input whose dot with the original row is `dot`."""
    return row_sign * dot >= int(layer.threshold[j])


def random_batchnorm(seed: int, n: int, dtype) -> BatchNorm:
    rng = np.random.default_rng(seed)
    gamma = rng.uniform(-2, 2, n)
    gamma[0], gamma[1] = 0.0, -0.0  # constant neurons: beta decides
    return BatchNorm(
        gamma=gamma.astype(dtype),
        beta=rng.uniform(-3, 3, n).astype(dtype),
        mean=rng.uniform(-6, 6, n).astype(dtype),
        var=rng.uniform(0.01, 4, n).astype(dtype),
        eps=1e-5,
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(6))
def test_fold_matches_decimal_batchnorm_on_every_dot(seed, dtype):
    n_out, n_in = 12, 9
    weight = np.random.default_rng(seed).choice(np.array([-1, 1], dtype=np.int8), (n_out, n_in))
    bn = random_batchnorm(seed, n_out, dtype)

    layer = fold_batchnorm(weight, bn, input_scale=1.0, magnitude=1)

    for j in range(n_out):
        row_sign = int(layer.weight[j, 0]) * int(weight[j, 0])  # -1 where the row was negated
        assert (layer.weight[j] == row_sign * weight[j]).all()
        for dot in range(-n_in, n_in + 1):
            expected = fires_by_decimal(
                dot, bn.gamma[j], bn.beta[j], bn.mean[j], bn.var[j], bn.eps, 1.0
            )
            assert fires_folded(layer, j, dot, row_sign) == expected, (j, dot)


def test_fold_fires_at_an_exact_zero():
    """sign(0) = +1 at the threshold itself. s = sqrt(3 + 1) = 2; neuron 0: v = (dot - 1) / 2 - 1
    is 0 at dot = 3; neuron 1: v = -2 * (dot - 2) / 2 + 1 = 3 - dot is 0 at dot = 3."""
    bn = BatchNorm(
        gamma=np.array([1.0, -2.0]),
        beta=np.array([-1.0, 1.0]),
        mean=np.array([1.0, 2.0]),
        var=np.array([3.0, 3.0]),
        eps=1.0,
    )
    weight = np.ones((2, 6), dtype=np.int8)

    layer = fold_batchnorm(weight, bn, input_scale=1.0, magnitude=1)

    # neuron 0 fires iff dot >= 3; neuron 1 iff dot <= 3, i.e. -dot >= -3
    assert layer.threshold.tolist() == [3, -3]
    assert layer.weight[0].tolist() == [1] * 6 and layer.weight[1].tolist() == [-1] * 6


def test_fold_with_a_raw_input_scale_matches_decimal():
    rng = np.random.default_rng(7)
    n_out, n_in, scale = 20, 4, 1.0 / 256.0
    weight = rng.integers(-1, 2, (n_out, n_in)).astype(np.int8)
    weight[:, 0] = 1  # keeps the row sign readable from column 0
    bn = BatchNorm(
        gamma=rng.uniform(-1, 1, n_out),
        beta=rng.uniform(-1, 1, n_out),
        mean=rng.uniform(-2, 2, n_out),
        var=rng.uniform(0.1, 2, n_out),
        eps=1e-5,
    )

    layer = fold_batchnorm(weight, bn, input_scale=scale, magnitude=255)

    for j in range(n_out):
        row_sign = int(layer.weight[j, 0])
        for dot in range(-4 * 255, 4 * 255 + 1, 7):
            expected = fires_by_decimal(
                dot, bn.gamma[j], bn.beta[j], bn.mean[j], bn.var[j], bn.eps, scale
            )
            assert fires_folded(layer, j, dot, row_sign) == expected, (j, dot)


def test_fold_clamps_unreachable_thresholds_and_warns(caplog):
    """A threshold far outside [-n, n] becomes -n (always fires) or n + 1 (never fires)."""
    bn = BatchNorm(
        gamma=np.array([1.0, 1.0, 0.0, 0.0]),
        beta=np.array([0.0, 0.0, 1.0, -1.0]),
        mean=np.array([-1e9, 1e9, 0.0, 0.0]),
        var=np.ones(4),
        eps=1e-5,
    )
    weight = np.ones((4, 5), dtype=np.int8)

    with caplog.at_level(logging.WARNING, logger="bnnverify.model.fold"):
        layer = fold_batchnorm(weight, bn, input_scale=1.0, magnitude=1, name="layer x")

    assert layer.threshold.tolist() == [-5, 6, -5, 6]
    assert "2 neurons have gamma = 0" in caplog.text
    assert "2 neurons are constant" in caplog.text


@pytest.mark.parametrize("bad", ["nan", "shape", "var"])
def test_fold_rejects_bad_statistics_in_one_line(bad):
    gamma = np.array([1.0, np.nan]) if bad == "nan" else np.ones(2)
    mean = np.zeros(3) if bad == "shape" else np.zeros(2)
    var = np.array([-1.0, 1.0]) if bad == "var" else np.ones(2)
    bn = BatchNorm(gamma=gamma, beta=np.zeros(2), mean=mean, var=var, eps=0.0)

    with pytest.raises(DescriptionError, match="layer 3: batch norm") as raised:
        fold_batchnorm(np.ones((2, 3), dtype=np.int8), bn, 1.0, 1, name="layer 3")
    assert "\n" not in str(raised.value)
