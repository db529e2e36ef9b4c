"""bnnverify import: ONNX BNNs converted exactly, checked against the float64 reading of the
graph (onnx_reference) and onnxruntime on random, integer and corner inputs."""

from __future__ import annotations

import decimal
import glob
import math
from fractions import Fraction

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from bnnverify.cli import main  # noqa: E402
from bnnverify.errors import DataError, DescriptionError  # noqa: E402
from bnnverify.imports import onnx_check  # noqa: E402
from bnnverify.imports.onnx_check import check_conversion, exact_predict  # noqa: E402
from bnnverify.imports.onnx_convert import convert_onnx, has_real_domain, to_network  # noqa: E402
from bnnverify.imports.onnx_graph import graph_from_model, load_graph  # noqa: E402
from bnnverify.model.fold import fold_affine_threshold, real_affine_threshold  # noqa: E402

BENCHMARK = "/work/shared/benchmarks/vnncomp2023-traffic-signs/onnx"
QONNX = "qonnx.custom_op.general"
TO_NCHW, TO_NHWC = [0, 3, 1, 2], [0, 2, 3, 1]


class Builder:
    """A chain of ONNX nodes over input "x"; every tensor and node gets a fresh name."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.nodes: list = []
        self.inits: dict[str, np.ndarray] = {}
        self.count = 0

    def _name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def const(self, value) -> str:
        name = self._name("c")
        array = np.asarray(value)
        self.inits[name] = array.astype(np.int64 if array.dtype.kind in "iu" else np.float32)
        return name

    def op(self, op: str, inputs: list[str], domain: str = "", **attrs) -> str:
        out = self._name("t")
        node = helper.make_node(op, inputs, [out], name=self._name(op.lower()), **attrs)
        node.domain = domain
        self.nodes.append(node)
        return out

    def signs(self, *shape) -> np.ndarray:
        return self.rng.choice([-1.0, 1.0], size=shape).astype(np.float32)

    def sign(self, x: str) -> str:
        """Larq's Sign(Sign(x) + 0.1)."""
        inner = self.op("Sign", [x])
        return self.op("Sign", [self.op("Add", [inner, self.const(np.float32(0.1))])])

    def bn(self, x: str, n: int, mean_scale: float, positive: bool = False) -> str:
        gamma = self.rng.uniform(0.5, 2, n) * (1 if positive else self.rng.choice([-1, 1], n))
        beta, var = self.rng.uniform(-2, 2, n), self.rng.uniform(0.3, 20, n)
        mean = self.rng.uniform(-mean_scale, mean_scale, n)
        params = [self.const(v.astype(np.float32)) for v in (gamma, beta, mean, var)]
        return self.op("BatchNormalization", [x, *params], epsilon=1e-3)

    def save(self, out: str, in_shape: list, path, qonnx: bool = False) -> str:
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", *in_shape])
        y = helper.make_tensor_value_info(out, TensorProto.FLOAT, None)
        inits = [numpy_helper.from_array(v, k) for k, v in self.inits.items()]
        graph = helper.make_graph(self.nodes, "g", [x], [y], inits)
        opsets = [helper.make_opsetid("", 15)] + ([helper.make_opsetid(QONNX, 1)] * qonnx)
        model = helper.make_model(graph, opset_imports=opsets, producer_name="test")
        model.ir_version = 8
        onnx.save(model, str(path))
        return str(path)


def larq_nhwc(b: Builder, path) -> str:
    """Larq / tf2onnx: NHWC, Conv -> MaxPool -> BN (positive gamma) -> sign, Conv (padded) ->
    BN -> NHWC flatten -> sign, MatMul -> Mul + Add batch norm -> sign, MatMul + bias, Softmax."""
    t = b.op("Transpose", ["x"], perm=TO_NCHW)
    t = b.op("Conv", [t, b.const(b.signs(3, 2, 3, 3))], kernel_shape=[3, 3])
    t = b.op("MaxPool", [t], kernel_shape=[2, 2], strides=[2, 2])
    t = b.op("Transpose", [b.bn(t, 3, 30, positive=True)], perm=TO_NHWC)
    t = b.op("Transpose", [b.sign(t)], perm=TO_NCHW)
    t = b.op("Conv", [t, b.const(b.signs(4, 3, 2, 2))], kernel_shape=[2, 2], pads=[0, 1, 0, 0])
    t = b.op("Transpose", [b.bn(t, 4, 4)], perm=TO_NHWC)
    t = b.sign(b.op("Reshape", [t, b.const(np.array([-1, 4 * 1 * 2]))]))
    t = b.op("MatMul", [t, b.const(b.signs(8, 6))])
    t = b.op("Mul", [t, b.const(b.rng.uniform(-1, 1, 6).astype(np.float32))])
    t = b.sign(b.op("Add", [t, b.const(b.rng.uniform(-4, 4, 6).astype(np.float32))]))
    t = b.op("MatMul", [t, b.const(b.signs(6, 4))])
    t = b.op("Add", [t, b.const(b.rng.uniform(-2, 2, 4).astype(np.float32))])
    return b.save(b.op("Softmax", [t], axis=-1), [7, 7, 2], path)


def larq_plain(b: Builder, path) -> str:
    """The 30x30 traffic-signs pattern: +-1 convs, no batch norm (thresholds 0: sign(0) = +1
    matters on integer inputs), an NHWC Flatten, MatMul, Softmax."""
    t = b.op("Transpose", ["x"], perm=TO_NCHW)
    t = b.op("Conv", [t, b.const(b.signs(3, 2, 2, 2))], kernel_shape=[2, 2])
    t = b.op("Transpose", [b.sign(b.op("Transpose", [t], perm=TO_NHWC))], perm=TO_NCHW)
    t = b.op("Conv", [t, b.const(b.signs(2, 3, 2, 2))], kernel_shape=[2, 2])
    t = b.sign(b.op("Flatten", [b.op("Transpose", [t], perm=TO_NHWC)], axis=1))
    t = b.op("MatMul", [t, b.const(b.signs(2 * 3 * 3, 3))])
    return b.save(b.op("Softmax", [t], axis=1), [5, 5, 2], path)


def nchw_fused(b: Builder, path) -> str:
    """NCHW input, Conv with batch norm fused into +-s_o weights and a bias (stride 2, pads),
    MaxPool on +-1 values, Flatten, Gemm (transB, alpha, beta, C) + BatchNormalization, Gemm."""
    scales = b.rng.uniform(0.1, 3, (3, 1, 1, 1))
    weight = (b.signs(3, 2, 3, 3) * scales).astype(np.float32)
    bias = b.rng.uniform(-20, 20, 3).astype(np.float32)
    t = b.op("Conv", ["x", b.const(weight), b.const(bias)], strides=[2, 2], pads=[1, 1, 1, 1])
    t = b.op("MaxPool", [b.sign(t)], kernel_shape=[2, 2], strides=[1, 1])
    t = b.op("Flatten", [t], axis=1)
    c = b.const(b.rng.uniform(-3, 3, (1, 5)).astype(np.float32))
    t = b.op("Gemm", [t, b.const(b.signs(5, 3 * 3 * 3)), c], transB=1, alpha=0.75, beta=0.5)
    t = b.sign(b.bn(t, 5, 3))
    bias2 = b.const(b.rng.uniform(-1, 1, 3).astype(np.float32))
    return b.save(b.op("Gemm", [t, b.const(b.signs(5, 3)), bias2]), [2, 7, 7], path)


def mlp_scaled(b: Builder, path) -> str:
    """Flat input, MatMul + Add + BN, sign, MatMul + Add bias, Mul by a positive scalar."""
    t = b.op("MatMul", ["x", b.const(b.signs(10, 6))])
    t = b.op("Add", [t, b.const(b.rng.uniform(-5, 5, 6).astype(np.float32))])
    t = b.sign(b.bn(t, 6, 40))
    t = b.op("MatMul", [t, b.const(b.signs(6, 3))])
    t = b.op("Add", [t, b.const(np.float32([0.5, -1.25, 0.0]))])
    return b.save(b.op("Mul", [t, b.const(np.float32(0.5))]), [10], path)


def qonnx_bipolar(b: Builder, path) -> str:
    """QONNX / Brevitas: BipolarQuant of float latent weights and of activations (scale 2)."""
    latent = b.rng.normal(size=(10, 6)).astype(np.float32)
    w1 = b.op("BipolarQuant", [b.const(latent), b.const(np.float32(1.0))], domain=QONNX)
    t = b.bn(b.op("MatMul", ["x", w1]), 6, 40)
    t = b.op("BipolarQuant", [t, b.const(np.float32(2.0))], domain=QONNX)
    latent2 = b.rng.normal(size=(6, 3)).astype(np.float32)
    w2 = b.op("BipolarQuant", [b.const(latent2), b.const(np.float32(0.5))], domain=QONNX)
    t = b.op("Add", [b.op("MatMul", [t, w2]), b.const(np.float32([0.25, 0.0, -0.5]))])
    return b.save(t, [10], path, qonnx=True)


PATTERNS = {
    "larq_nhwc": (larq_nhwc, [2, 0, 1]),
    "larq_plain": (larq_plain, [2, 0, 1]),
    "nchw_fused": (nchw_fused, [0, 1, 2]),
    "mlp_scaled": (mlp_scaled, [0]),
    "qonnx_bipolar": (qonnx_bipolar, [0]),
}


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("domain", ["real", "integer"])
@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_conversion_matches_float64_reading_and_onnxruntime(pattern, domain, seed, tmp_path):
    build, perm = PATTERNS[pattern]
    path = build(Builder(seed), tmp_path / "m.onnx")
    conversion = convert_onnx(path, 0, 15, domain)
    assert conversion.provenance["onnx_input_perm"] == perm

    result = check_conversion(conversion, load_graph(path), path, n_random=60, seed=seed)

    assert result.ok, result.disagreement
    assert result.agree_reference == result.n_inputs == 62
    if pattern == "qonnx_bipolar":
        assert result.agree_onnxruntime is None  # onnxruntime cannot run BipolarQuant
    else:
        assert result.agree_onnxruntime == result.n_inputs
    if domain == "real" and has_real_domain() or domain == "integer":
        net = to_network(conversion)
        assert net.n_classes in (3, 4)


def test_layers_of_larq_nhwc_pattern(tmp_path):
    conversion = convert_onnx(larq_nhwc(Builder(0), tmp_path / "m.onnx"), 0, 15)
    kinds = [layer.kind for layer in conversion.layers]
    assert kinds == ["conv2d", "maxpool2d", "conv2d", "block", "output"]
    assert conversion.input_shape == (2, 7, 7)
    assert conversion.layers[0].threshold.dtype == np.float64  # real layer 0
    assert conversion.layers[2].threshold.dtype == np.int64
    assert conversion.layers[2].padding == (0, 0, 1, 0)  # ONNX [top, left, bottom, right]
    assert 0 <= conversion.provenance["threshold_enclosure"] < 1e-12


def test_sign_of_zero_is_plus_one_at_the_zero_input(tmp_path):
    """All-zero input: every conv sum is 0, Sign(Sign(0) + 0.1) = +1, so the first layer fires
    everywhere (a lone Sign would give 0)."""
    conversion = convert_onnx(larq_plain(Builder(1), tmp_path / "m.onnx"), 0, 3)
    assert conversion.layers[0].threshold.tolist() == [0.0, 0.0, 0.0]
    result = check_conversion(conversion, load_graph(tmp_path / "m.onnx"), tmp_path / "m.onnx", 0)
    assert result.ok and result.min_margin == 0.0  # the corner input sits on the boundary


def test_output_bias_is_divided_by_the_uniform_scale_exactly(tmp_path):
    conversion = convert_onnx(mlp_scaled(Builder(0), tmp_path / "m.onnx"), 0, 15)
    assert conversion.layers[-1].bias.tolist() == [0.5, -1.25, 0.0]


def _error(build_tail, tmp_path, in_shape=(10,)) -> str:
    b = Builder(0)
    path = b.save(build_tail(b), list(in_shape), tmp_path / "bad.onnx")
    with pytest.raises(DescriptionError) as info:
        convert_onnx(path, 0, 15)
    message = str(info.value)
    assert "\n" not in message
    return message


def _dense_op(b: Builder) -> str:
    return b.op("MatMul", ["x", b.const(b.signs(10, 2))])


def test_lone_sign_is_an_error_naming_the_node(tmp_path):
    message = _error(lambda b: b.op("Sign", [_dense_op(b)]), tmp_path)
    assert "'sign" in message and "(Sign)" in message and "lone Sign" in message


def test_unsupported_operator_names_the_node(tmp_path):
    message = _error(lambda b: b.op("Relu", [_dense_op(b)]), tmp_path)
    assert "(Relu): unsupported operator" in message


def test_unscaled_weights_are_an_error(tmp_path):
    weight = np.float32([[1.0, 0.5]] * 5 + [[0.5, 0.5]] * 5)  # column 0 mixes 1 and 0.5
    message = _error(lambda b: b.op("MatMul", ["x", b.const(weight)]), tmp_path)
    assert "(MatMul)" in message and "not +-s" in message


def test_negative_scale_after_maxpool_is_an_error(tmp_path):
    def tail(b):
        t = b.op("Conv", ["x", b.const(b.signs(2, 1, 2, 2))], kernel_shape=[2, 2])
        t = b.op("MaxPool", [t], kernel_shape=[2, 2], strides=[2, 2])
        t = b.op("Mul", [t, b.const(np.float32([-1.0, 2.0]).reshape(1, 2, 1, 1))])
        t = b.sign(t)
        return b.op("MatMul", [b.op("Flatten", [t]), b.const(b.signs(8, 2))])

    message = _error(tail, tmp_path, (1, 5, 5))
    assert "(Mul): a negative scale after" in message and "(MaxPool)" in message


def test_per_class_output_scale_is_an_error(tmp_path):
    def tail(b):
        t = b.sign(b.op("MatMul", ["x", b.const(b.signs(10, 4))]))
        t = b.op("MatMul", [t, b.const(b.signs(4, 3))])
        return b.op("Mul", [t, b.const(np.float32([1.0, 2.0, 1.0]))])

    assert "one positive scale for every class" in _error(tail, tmp_path)


def test_grouped_conv_and_branches_are_errors(tmp_path):
    grouped = _error(
        lambda b: b.op("Conv", ["x", b.const(b.signs(2, 1, 2, 2))], group=2), tmp_path, (2, 4, 4)
    )
    assert "(Conv): only group = 1" in grouped

    def branch(b):
        t = b.op("MatMul", ["x", b.const(b.signs(10, 2))])
        return b.op("Add", [t, b.op("Neg", [t])])

    assert "only a chain" in _error(branch, tmp_path)


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such ONNX file"):
        convert_onnx(tmp_path / "none.onnx", 0, 255)


@pytest.mark.parametrize("seed", range(20))
def test_fold_affine_threshold_matches_decimal_brute_force(seed):
    rng = np.random.default_rng(seed)
    a, b, g, r = (Fraction(float(v)) for v in rng.uniform(-3, 3, 4).astype(np.float32))
    q = Fraction(float(np.float32(rng.uniform(0.1, 5))))
    bound = 12
    threshold, sign, _ = fold_affine_threshold(a, b, g, q, r, bound)
    decimal.getcontext().prec = 60
    root = decimal.Decimal(q.numerator).sqrt() / decimal.Decimal(q.denominator).sqrt()
    dec = lambda f: decimal.Decimal(f.numerator) / decimal.Decimal(f.denominator)  # noqa: E731
    for d in range(-bound, bound + 1):
        fires = (dec(a * d + b) * dec(g) / root + dec(r)) >= 0
        assert fires == (sign * d >= threshold), (d, threshold, sign)


@pytest.mark.parametrize("seed", range(20))
def test_real_threshold_encloses_the_exact_one(seed):
    rng = np.random.default_rng(seed)
    a, b, g, r = (Fraction(float(v)) for v in rng.uniform(-3, 3, 4).astype(np.float32))
    q = Fraction(float(np.float32(rng.uniform(0.1, 5))))
    stored, sign, error = real_affine_threshold(a, b, g, q, r, 1000)
    decimal.getcontext().prec = 80
    root = decimal.Decimal(q.numerator).sqrt() / decimal.Decimal(q.denominator).sqrt()
    dec = lambda f: decimal.Decimal(f.numerator) / decimal.Decimal(f.denominator)  # noqa: E731
    exact = (dec(-r) * root / dec(g) - dec(b)) / dec(a)
    assert sign == (1 if a * g > 0 else -1)
    assert abs(decimal.Decimal(stored) - sign * exact) <= decimal.Decimal(error)
    assert error <= math.ulp(stored)  # the nearest float64, not a loose one


def test_check_catches_a_wrong_conversion(tmp_path):
    """A doctored threshold (layer 0 shifted) must make the check disagree."""
    import dataclasses

    path = larq_plain(Builder(2), tmp_path / "m.onnx")
    conversion = convert_onnx(path, 0, 3, "integer")
    first = conversion.layers[0]
    doctored = dataclasses.replace(first, threshold=first.threshold + 1)
    bad = dataclasses.replace(conversion, layers=(doctored, *conversion.layers[1:]))
    result = check_conversion(bad, load_graph(path), path, n_random=100)
    assert not result.ok and "predicts" in result.disagreement


def test_cli_import_writes_a_checked_model(tmp_path, capsys):
    path = larq_nhwc(Builder(0), tmp_path / "m.onnx")
    out = tmp_path / "m.npz"
    domain = "real" if has_real_domain() else "integer"
    argv = ["import", path, "--out", str(out), "--input-max", "15", "--checks", "40"]
    assert main([*argv, "--input-domain", domain, "--class-names", "a,b,c,d"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("conversion check: float64 reading 42/42, onnxruntime 42/42")
    from bnnverify.io import load_network

    net = load_network(out)
    assert net.class_names == ("a", "b", "c", "d")
    assert net.provenance["onnx_input_shape"] == [7, 7, 2]
    x = onnx_check.check_inputs(net, 10, 0, None)
    assert (exact_predict(net, x) == exact_predict(convert_onnx(path, 0, 15, domain), x)).all()


def test_cli_import_errors_leave_no_file(tmp_path, capsys, monkeypatch):
    path = larq_nhwc(Builder(0), tmp_path / "m.onnx")
    assert main(["import", path, "--out", str(tmp_path / "no" / "m.npz")]) == 2
    assert "does not exist" in capsys.readouterr().err

    failed = onnx_check.ConversionCheck(5, 4, 5, 0.1, "input 3 of the check: ...")
    monkeypatch.setattr(onnx_check, "check_conversion", lambda *args, **kw: failed)
    out = tmp_path / "m.npz"
    assert main(["import", path, "--out", str(out), "--input-domain", "integer"]) == 2
    assert "disagrees with the ONNX model" in capsys.readouterr().err
    assert not out.exists()


def _benchmark(prefix: str) -> str:
    found = glob.glob(f"{BENCHMARK}/{prefix}*.onnx.gz")
    if not found:
        pytest.skip("the traffic-signs benchmark files are not here")
    return found[0]


TRAFFIC_SIGNS = {
    "3_30_30": ["conv2d", "conv2d", "output"],
    "3_48_48": ["conv2d", "maxpool2d", "conv2d", "maxpool2d", "conv2d", "block", "output"],
    "3_64_64": ["conv2d", "maxpool2d"] * 3 + ["block", "output"],
}


@pytest.mark.parametrize("prefix", sorted(TRAFFIC_SIGNS))
def test_traffic_signs_layers(prefix):
    conversion = convert_onnx(_benchmark(prefix), 0, 255)
    assert [layer.kind for layer in conversion.layers] == TRAFFIC_SIGNS[prefix]
    assert conversion.provenance["onnx_input_perm"] == [2, 0, 1]
    assert conversion.layers[-1].n_out == 43


def test_traffic_signs_30_agrees_with_onnxruntime():
    path = _benchmark("3_30_30")
    result = check_conversion(convert_onnx(path, 0, 255), load_graph(path), path, n_random=30)
    assert result.ok and result.agree_onnxruntime == result.n_inputs == 32


@pytest.mark.slow
@pytest.mark.parametrize("domain", ["real", "integer"])
@pytest.mark.parametrize("prefix", sorted(TRAFFIC_SIGNS))
def test_traffic_signs_agree_on_hundreds_of_inputs(prefix, domain):
    path = _benchmark(prefix)
    graph = load_graph(path)
    result = check_conversion(convert_onnx(path, 0, 255, domain, graph), graph, path, 300)
    assert result.ok, result.disagreement
    assert result.agree_reference == result.agree_onnxruntime == result.n_inputs == 302


def test_graph_needs_one_input(tmp_path):
    b = Builder(0)
    b.op("MatMul", ["x", b.const(b.signs(10, 2))])
    graph = helper.make_graph(b.nodes, "g", [], [], [])
    with pytest.raises(DescriptionError, match="one graph input"):
        graph_from_model(helper.make_model(graph))
