"""The bundled default model and sample images ship with the package (DESIGN.md section 7).

They are not optional: a missing or broken asset fails here instead of skipping. Oracle: the
brute-force oracle (tests/oracle.py) reads the model file's arrays itself and must predict the
bundled labels' predictions exactly as both engines do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from oracle import predict

from bnnverify.cli import default_model_path
from bnnverify.engine import reference
from bnnverify.engine.packed import PackedNetwork
from bnnverify.io import load_network

ASSETS = Path(__file__).resolve().parents[1] / "bnnverify" / "assets"


def test_the_bundled_model_and_samples_ship():
    assert (ASSETS / "default_model.npz").is_file()
    assert (ASSETS / "samples.npz").is_file()
    assert default_model_path().resolve() == (ASSETS / "default_model.npz").resolve()


def test_bundled_default_model_records_its_training():
    net = load_network(ASSETS / "default_model.npz")
    provenance = net.provenance
    assert provenance["command"].startswith("bnnverify train")
    assert provenance["disagreements"] <= 10
    assert provenance["exported_accuracy"] >= 0.8
    assert (ASSETS / "default_model.npz").stat().st_size < 1_000_000


def test_bundled_model_on_bundled_samples_matches_the_oracle():
    net = load_network(ASSETS / "default_model.npz")
    with np.load(ASSETS / "samples.npz", allow_pickle=False) as samples:
        x, y = samples["x"][:40], samples["y"]
    assert len(y) >= 100 and x.shape[1:] == net.input_shape

    expected = predict(ASSETS / "default_model.npz", x)  # from the file's arrays alone

    np.testing.assert_array_equal(reference.predict(net, x), expected)
    np.testing.assert_array_equal(PackedNetwork(net).predict(x), expected)
    assert (expected == y[:40]).mean() >= 0.6  # the model does classify its samples


def test_the_bundled_conv_model_ships_and_matches_the_oracle():
    """The second bundled model (issue 9): EEV's conv-small shape, format v2."""
    from bnnverify.cli.common import model_path

    path = model_path("bundled:conv")
    assert path.resolve() == (ASSETS / "conv_model.npz").resolve()
    net = load_network(path)
    assert net.format_version == 2 and [layer.kind for layer in net.layers] == [
        "conv2d", "conv2d", "block", "output"
    ]  # fmt: skip
    assert net.provenance["exported_accuracy"] >= 0.8
    with np.load(ASSETS / "samples.npz", allow_pickle=False) as samples:
        x, y = samples["x"][:40], samples["y"][:40]
    expected = predict(path, x)
    np.testing.assert_array_equal(reference.predict(net, x), expected)
    np.testing.assert_array_equal(PackedNetwork(net).predict(x), expected)
    assert (expected == y).mean() >= 0.6


def test_bundled_names_are_checked(capsys):
    from bnnverify.cli import main

    assert main(["info", "bundled:nope"]) == 2
    assert "the bundled models are bundled:default, bundled:conv" in capsys.readouterr().err
    assert main(["check", "--model", "bundled:conv", "--samples", "5", "--eps", "1"]) in (0, 1, 3)
    assert "conv_model.npz" in capsys.readouterr().out
