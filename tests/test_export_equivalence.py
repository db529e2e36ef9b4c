"""Exported equivalence miters, solved by independent solvers, against brute force."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bnnverify.cli import main
from bnnverify.export import render
from bnnverify.export_equivalence import Region, encode_region
from bnnverify.io import save_network
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.regions import linf_box, whole_space
from bnnverify.transform import negate_neurons, permute_hidden, prune_weights

from bnn_cases import random_network
from oracle import box_inputs, predict
from test_export import SOLVE, decode_input


def pair(seed: int):
    net = random_network(seed, n_in=4, hidden=(4, 3), input_max=3, binarize=seed % 2 == 1)
    if seed % 3 == 0:
        other = negate_neurons(permute_hidden(net, seed), seed)
    else:
        other = prune_weights(net, seed, 0.4)
    return net, other


@pytest.mark.parametrize("fmt", ["dimacs", "opb", "smt2"])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("eps", [None, 1])
def test_miter_instance_is_satisfiable_iff_the_models_differ(fmt, seed, eps):
    net_a, net_b = pair(seed)
    x0 = np.full(4, 2)
    box = whole_space(net_a) if eps is None else linf_box(net_a, x0, eps)
    prop = Equivalence(Model.of(net_a), Model.of(net_b))
    instance = encode_region(prop, Region(None if eps is None else 0, eps, box), fmt, "totalizer")
    text = render(instance, fmt, ["test"], "unknown")
    solve, mark = SOLVE[fmt]
    true_vars = solve(text)
    x = box_inputs(box.lo, box.hi)
    differ = bool((predict(net_a, x) != predict(net_b, x)).any())
    assert (true_vars is not None) == differ
    if differ:  # the named input variables give a separating input inside the region
        cex = decode_input(text, mark, true_vars, box.center)
        assert box.contains(cex)
        assert predict(net_a, cex[None])[0] != predict(net_b, cex[None])[0]


def test_export_command_writes_equivalence_instances(tmp_path, capsys):
    net = random_network(4, n_in=4, hidden=(4, 3), input_max=3)
    save_network(net, tmp_path / "a.npz")
    save_network(permute_hidden(net, 1), tmp_path / "b.npz")
    argv = [
        "export",
        "--property",
        "equivalence",
        "--model",
        str(tmp_path / "a.npz"),
        "--other",
        str(tmp_path / "b.npz"),
        "--format",
        "dimacs",
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(argv) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["property"] == "equivalence"
    assert [q["file"] for q in manifest["queries"]] == ["eq_0_whole.cnf"]
    assert manifest["queries"][0]["verdict"] == "holds"
    assert main(argv[:-4] + ["--format", "opb", "--out", str(tmp_path / "o")]) == 0
    assert (
        main(
            [
                "export",
                "--property",
                "equivalence",
                "--model",
                str(tmp_path / "a.npz"),
                "--format",
                "opb",
                "--out",
                str(tmp_path / "x"),
            ]
        )
        == 2
    )
    assert "needs --other" in capsys.readouterr().err
