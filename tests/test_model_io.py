"""The model file: validation errors (one line naming the array), round trip, exact scores."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from bnnverify.engine import reference
from bnnverify.errors import DescriptionError
from bnnverify.io import load_network, network_from_arrays, save_network
from bnnverify.model import (
    BiasScale,
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    OutputLayer,
    beats_bound,
    predict_from_dots,
)


def tiny_network(seed: int = 0, binarize: bool = False) -> BinaryNetwork:
    rng = np.random.default_rng(seed)
    n_in = 6
    layers: list = []
    if binarize:
        layers.append(BinarizeLayer(rng.integers(0, 9, n_in), rng.random(n_in) < 0.5))
    layers += [
        BlockLayer(rng.integers(-1, 2, (5, n_in)).astype(np.int8), rng.integers(-6, 8, 5)),
        BlockLayer(rng.integers(-1, 2, (4, 5)).astype(np.int8), rng.integers(-5, 6, 4)),
        OutputLayer(rng.integers(-1, 2, (3, 4)).astype(np.int8), np.array([0.5, -0.25, 0.1])),
    ]
    return BinaryNetwork(
        layers=tuple(layers),
        input_shape=(n_in,),
        input_min=0,
        input_max=7,
        class_names=("a", "b", "c"),
        provenance={"seed": seed},
    )


def arrays_of(net: BinaryNetwork, tmp_path) -> dict:
    path = tmp_path / "m.npz"
    save_network(net, path)
    with np.load(path, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


@pytest.mark.parametrize("binarize", [False, True])
def test_round_trip_keeps_every_array_and_prediction(tmp_path, binarize):
    net = tiny_network(1, binarize)
    save_network(net, tmp_path / "m.npz")
    loaded = load_network(tmp_path / "m.npz")
    assert loaded.input_shape == net.input_shape and loaded.class_names == net.class_names
    assert loaded.provenance == {"seed": 1}
    for a, b in zip(net.layers, loaded.layers, strict=True):
        assert a.kind == b.kind
        for name in ("weight", "threshold", "flip", "bias"):
            if hasattr(a, name):
                np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
                assert getattr(a, name).dtype == getattr(b, name).dtype
    x = np.random.default_rng(0).integers(0, 8, (200, 6))
    np.testing.assert_array_equal(reference.predict(net, x), reference.predict(loaded, x))


def test_meta_is_json_with_the_documented_keys(tmp_path):
    meta = json.loads(str(arrays_of(tiny_network(), tmp_path)["meta"]))
    assert meta["format"] == "bnnverify-model" and meta["version"] == 1
    assert meta["input_shape"] == [6] and (meta["input_min"], meta["input_max"]) == (0, 7)
    assert [layer["type"] for layer in meta["layers"]] == ["block", "block", "output"]


def doctor(arrays: dict, key: str, value) -> dict:
    changed = dict(arrays)
    changed[key] = value
    return changed


def doctor_meta(arrays: dict, **changes) -> dict:
    meta = json.loads(str(arrays["meta"]))
    meta.update(changes)
    return doctor(arrays, "meta", np.array(json.dumps(meta)))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda a: doctor_meta(a, format="onnx"), "meta.format must be 'bnnverify-model'"),
        (lambda a: doctor_meta(a, version=3), "meta.version must be 1 or 2"),
        (lambda a: doctor_meta(a, input_shape=[]), "meta.input_shape"),
        (lambda a: doctor_meta(a, input_min=9), "input_min must be <= input_max"),
        (
            lambda a: {k: v for k, v in a.items() if k != "layer1.threshold"},
            "missing array layer1.threshold",
        ),
        (lambda a: {k: v for k, v in a.items() if k != "meta"}, "missing array meta"),
        (
            lambda a: doctor(a, "layer0.weight", a["layer0.weight"].astype(np.int32)),
            "layer0.weight must be int8, got int32",
        ),
        (
            lambda a: doctor(a, "layer1.weight", np.ones((4, 6), np.int8)),
            "layer1.weight must have 5 columns",
        ),
        (
            lambda a: doctor(a, "layer0.weight", np.full((5, 6), 2, np.int8)),
            "layer0.weight must hold values in {-1, 0, +1}, got 2",
        ),
        (
            lambda a: doctor(a, "layer1.threshold", np.array([0, 0, 99, 0], np.float64)),
            "layer1.threshold must be int64, got float64",
        ),  # any int64 is legal: test_thresholds
        (lambda a: doctor_meta(a, input_max=2**62), "input_min and input_max must lie in"),
        (lambda a: doctor_meta(a, input_max=2**61), "layer0: 6 inputs in [0, 2305843009213693952]"),
        (
            lambda a: doctor(a, "layer2.bias", np.array([0.0, np.nan, 1.0])),
            "layer2.bias must be finite",
        ),
        (lambda a: doctor(a, "layer2.bias", np.zeros(4)), "layer2.bias must have shape (3,)"),
        (lambda a: doctor(a, "meta", np.array("{not json")), "meta is not valid JSON"),
        (lambda a: doctor_meta(a, class_names=["x"]), "class_names must have 3 entries"),
        (lambda a: doctor_meta(a, layers=[{"type": "conv"}]), "meta.layers[0].type must be"),
    ],
)
def test_malformed_model_gives_one_line_naming_the_problem(tmp_path, make, message):
    arrays = make(arrays_of(tiny_network(), tmp_path))
    with pytest.raises(DescriptionError) as error:
        network_from_arrays(arrays)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_layer_order_is_validated():
    net = tiny_network(0, binarize=True)
    with pytest.raises(DescriptionError, match="binarize may only be the first layer"):
        BinaryNetwork(
            layers=(net.layers[1], net.layers[0], *net.layers[2:]),
            input_shape=(6,),
            input_min=0,
            input_max=7,
        )
    with pytest.raises(DescriptionError, match="the last layer must be output"):
        BinaryNetwork(layers=net.layers[:2], input_shape=(6,), input_min=0, input_max=7)


def test_load_rejects_missing_text_npy_and_pickled_files(tmp_path):
    with pytest.raises(DescriptionError, match="does not exist"):
        load_network(tmp_path / "absent.npz")
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(DescriptionError, match="is not a bnnverify model"):
        load_network(tmp_path / "text.npz")
    np.save(tmp_path / "array.npy", np.zeros(3))
    with pytest.raises(DescriptionError, match="not a bnnverify model"):
        load_network(tmp_path / "array.npy")
    arrays = arrays_of(tiny_network(), tmp_path)
    arrays["layer0.weight"] = np.array([object()], dtype=object)
    np.savez(tmp_path / "pickled.npz", **arrays)
    with pytest.raises(DescriptionError, match="layer0.weight cannot be read"):
        load_network(tmp_path / "pickled.npz")


def test_bias_scale_is_exact_for_tiny_and_large_biases():
    bias = np.array([1e-30, 0.0, 2.0**-60, 3.5])
    scale = BiasScale.from_bias(bias)
    for b, numerator in zip(bias, scale.numerators, strict=True):
        assert Fraction(numerator, 2**scale.shift) == Fraction(float(b))
    dots = np.array([[0, 0, 0, -4], [5, 5, 5, 1]])
    # 2**-60 > 1e-30 > 0 and 3.5 - 4 < 0. In row 2, float64 rounds 5 + 1e-30 and 5 + 2**-60
    # to 5.0 (a three-way tie, class 0 by float argmax); the exact answer is class 2.
    assert (dots[1] + bias)[0] == (dots[1] + bias)[2]
    np.testing.assert_array_equal(predict_from_dots(dots, bias), [2, 2])


def test_prediction_ties_go_to_the_lowest_index():
    dots = np.array([[3, 3, 1], [1, 4, 4], [2, 2, 2]])
    np.testing.assert_array_equal(predict_from_dots(dots, np.zeros(3)), [0, 1, 0])
    # dot 2 + 0.25 == dot 1 + 1.25: an exact tie through the bias, class 0 wins.
    np.testing.assert_array_equal(
        predict_from_dots(np.array([[2, 1]]), np.array([0.25, 1.25])), [0]
    )


@pytest.mark.parametrize("bias", [(0.5, -0.25), (0.1, 0.3), (1e-30, 0.0), (2.0, 2.0)])
def test_beats_bound_matches_exact_comparison(bias):
    bias = np.array(bias)
    d = beats_bound(bias, 0, 1)
    for diff in range(-4, 5):  # diff = dot_0 - dot_1
        exact = Fraction(diff) + Fraction(float(bias[0])) >= Fraction(float(bias[1]))
        assert (diff >= d) == exact


@pytest.mark.parametrize("seed", range(5))
def test_predict_from_dots_matches_fraction_argmax(seed):
    rng = np.random.default_rng(seed)
    dots = rng.integers(-3, 4, (300, 4))
    # Biases with shared fractions (ties), tiny and huge magnitudes (the BiasScale fallback).
    bias = rng.choice([0.0, 0.5, -0.5, 1.5, 2.0**-60, 1e-30, -1.25], size=4)
    if seed == 4:
        bias[2] = 1e300
    exact = [
        max(range(4), key=lambda c, row=row: (Fraction(int(row[c])) + Fraction(float(bias[c])), -c))
        for row in dots
    ]
    np.testing.assert_array_equal(predict_from_dots(dots, bias), exact)
