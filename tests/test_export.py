"""Exported instances (DIMACS, OPB, SMT-LIB 2) decide the same problem as `check`.

Oracles: brute force over the whole tiny box (satisfiable iff violated); every assignment for
the OPB linear forms; replay of the input decoded from the `in` comment lines; byte equality of
two exports and of the committed catalogue.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pysat.formula import CNF
from pysat.solvers import Solver

from bnnverify.backends.text import OpbSink
from bnnverify.cli import main
from bnnverify.export import encode_instance, header_lines, render
from bnnverify.io import save_network
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import RobustnessQuery
from bnnverify.regions import linf_box

from bnn_cases import random_network
from oracle import is_violated_in_ball, predict, violations

z3 = pytest.importorskip("z3")

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "encodings" / "catalogue"


def tiny_query(seed: int, eps: int, targets=None):
    net = random_network(seed, n_in=5, hidden=(4, 3), n_classes=3, input_max=5)
    x0 = np.random.default_rng(seed).integers(0, 6, 5)
    label = int(predict(net, x0[None])[0])
    return net, RobustnessQuery(seed, x0, label, eps, targets)


def rendered(net, query, fmt: str, encoding: str = "totalizer") -> str:
    instance = encode_instance(Model.of(net), query, fmt, encoding)
    return render(instance, fmt, ["test"], "unknown")


def decode_input(text: str, mark: str, true_vars: set[int], x0: np.ndarray) -> np.ndarray:
    """x from the comment lines: x_i = lo_i + number of true `in i k var` variables."""
    x = np.array(x0, dtype=np.int64)
    for line in text.splitlines():
        fields = line.split()
        if line.startswith(f"{mark} box "):
            x[int(fields[2])] = int(fields[3])
        elif line.startswith(f"{mark} in ") and int(fields[4]) in true_vars:
            x[int(fields[2])] += 1
    return x


def solve_dimacs(text: str) -> set[int] | None:
    with Solver(name="cadical195", bootstrap_with=CNF(from_string=text).clauses) as s:
        return {lit for lit in s.get_model() if lit > 0} if s.solve() else None


def parse_opb(text: str) -> tuple[int, list[tuple[list[tuple[int, int]], int]]]:
    lines = text.splitlines()
    n_vars, n_constraints = map(
        int, re.match(r"\* #variable= (\d+) #constraint= (\d+)$", lines[0]).groups()
    )
    constraints = []
    for line in lines:
        if line.startswith("*"):
            continue
        match = re.fullmatch(r"((?:[+-]\d+ x\d+ )+)>= (-?\d+) ;", line)
        assert match, line  # only `+a xN` terms over positive variables
        terms = [(int(a), int(v[1:])) for a, v in re.findall(r"([+-]\d+) (x\d+)", match[1])]
        assert all(1 <= v <= n_vars for _, v in terms)
        constraints.append((terms, int(match[2])))
    assert len(constraints) == n_constraints
    return n_vars, constraints


def solve_opb(text: str) -> set[int] | None:
    n_vars, constraints = parse_opb(text)
    xs = [z3.Bool(f"x{v}") for v in range(n_vars + 1)]
    s = z3.Solver()
    for terms, rhs in constraints:
        s.add(z3.PbGe([(xs[v], a) for a, v in terms], rhs))
    if s.check() != z3.sat:
        return None
    model = s.model()
    return {v for v in range(1, n_vars + 1) if z3.is_true(model.eval(xs[v], True))}


def solve_smt2(text: str) -> set[int] | None:
    assert "at-least" not in text and "pble" not in text and "(set-logic QF_LIA)" in text
    s = z3.Solver()
    s.add(z3.parse_smt2_string(text))
    if s.check() != z3.sat:
        return None
    model = s.model()
    return {int(d.name()[1:]) for d in model.decls() if z3.is_true(model[d])}


SOLVE = {"dimacs": (solve_dimacs, "c"), "opb": (solve_opb, "*"), "smt2": (solve_smt2, ";")}


@pytest.mark.parametrize("fmt", ["dimacs", "opb", "smt2"])
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("eps", [1, 2])
def test_instance_is_satisfiable_iff_brute_force_finds_a_violation(fmt, seed, eps):
    net, query = tiny_query(seed, eps)
    box = linf_box(net, query.x0, eps)
    text = rendered(net, query, fmt)
    solve, mark = SOLVE[fmt]

    true_vars = solve(text)

    assert (true_vars is not None) == is_violated_in_ball(net, query.x0, eps, query.label)
    if true_vars is not None:  # the comment lines name the inputs: decode and replay
        x = decode_input(text, mark, true_vars, query.x0)
        assert box.contains(x)
        assert violations(net, x[None], query.label)[0]


@pytest.mark.parametrize("fmt", ["dimacs", "opb", "smt2"])
@pytest.mark.parametrize("seed", range(6))
def test_targeted_instance_matches_brute_force(fmt, seed):
    net, query = tiny_query(seed, 2)
    query = RobustnessQuery(query.index, query.x0, query.label, 2, ((query.label + 1) % 3,))

    satisfiable = SOLVE[fmt][0](rendered(net, query, fmt)) is not None

    assert satisfiable == is_violated_in_ball(net, query.x0, 2, query.label, query.targets)


@pytest.mark.parametrize("n", range(0, 5))
def test_opb_reified_atleast_by_enumeration(n):
    base = [1, -2, 3, 3, -4][:n]  # mixed signs and a repeated literal
    for k in range(-1, n + 2):
        sink = OpbSink()
        for _ in range(5):
            sink.pool.id()
        out = sink.pool.id("out")
        sink.add_reified_atleast(out, base, k)
        for bits in itertools.product((0, 1), repeat=out):
            value = {v + 1: bit for v, bit in enumerate(bits)}
            count = sum(value[lit] if lit > 0 else 1 - value[-lit] for lit in base)
            holds = all(sum(a * value[v] for a, v in terms) >= rhs
                        for terms, rhs in sink.constraints)  # fmt: skip
            assert holds == (value[out] == (count >= k)), (n, k, bits)


def test_opb_header_counts_and_positive_variables():
    net, query = tiny_query(3, 2)
    n_vars, constraints = parse_opb(rendered(net, query, "opb"))
    assert n_vars >= max(v for terms, _ in constraints for _, v in terms)


def write_tiny_model(tmp_path: Path) -> tuple[Path, Path]:
    net = random_network(4, n_in=5, hidden=(4, 3), n_classes=3, input_max=5)
    x = np.random.default_rng(4).integers(0, 6, (6, 5))
    y = predict(net, x)
    y[2] = (y[2] + 1) % 3  # one misclassified input, to be skipped
    save_network(net, tmp_path / "tiny.npz")
    np.savez(tmp_path / "inputs.npz", x=x, y=y)
    return tmp_path / "tiny.npz", tmp_path / "inputs.npz"


@pytest.mark.parametrize("fmt", ["dimacs", "opb", "smt2"])
def test_export_command_is_deterministic_and_skips_misclassified(tmp_path, fmt):
    model, inputs = write_tiny_model(tmp_path)
    argv = ["export", "--model", str(model), "--inputs", str(inputs), "--format", fmt,
            "--samples", "6", "--eps", "1"]  # fmt: skip

    assert main([*argv, "--out", str(tmp_path / "a")]) == 0
    assert main([*argv, "--out", str(tmp_path / "b")]) == 0

    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    rows = {row["index"]: row for row in manifest["queries"]}
    assert rows[2]["file"] is None and "misclassified" in rows[2]["skipped"]
    assert manifest["format"] == fmt and len(manifest["model_sha256"]) == 64
    for index, row in rows.items():
        if index == 2:
            continue
        assert row["file"].split("_")[1] == str(index)  # the index is its own token
        assert row["expected"] in ("sat", "unsat") and row["n_vars"] > 0


def test_manifest_expected_matches_instance(tmp_path):
    model, inputs = write_tiny_model(tmp_path)
    assert (
        main(
            [
                "export",
                "--model",
                str(model),
                "--inputs",
                str(inputs),
                "--format",
                "dimacs",
                "--samples",
                "6",
                "--eps",
                "2",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    data = np.load(inputs)
    assert sum(bool(row["file"]) for row in manifest["queries"]) == 5
    for row in manifest["queries"]:
        if row["file"]:
            satisfiable = solve_dimacs((tmp_path / row["file"]).read_text()) is not None
            assert row["expected"] == ("sat" if satisfiable else "unsat")
            x0, label = data["x"][row["index"]], int(data["y"][row["index"]])
            violated = is_violated_in_ball(model, x0, 2, label)  # the oracle reads the file
            assert row["expected"] == ("sat" if violated else "unsat")


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--format", "dimacs", "--encoding", "native"], "native"),
     (["--format", "opb", "--encoding", "totalizer"], "--encoding applies")],
)  # fmt: skip
def test_export_refuses_bad_options_in_one_line(tmp_path, capsys, extra, message):
    model, inputs = write_tiny_model(tmp_path)
    code = main(["export", "--model", str(model), "--inputs", str(inputs), *extra,
                 "--out", str(tmp_path / "o")])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2 and message in err and len(err.splitlines()) == 1


def test_header_names_the_query():
    net, query = tiny_query(5, 1)
    instance = encode_instance(Model.of(net), query, "dimacs", "totalizer")
    from bnnverify.export import ExportSettings, ModelInfo

    lines = header_lines(ModelInfo("m.npz", "ab" * 32, "x"), query, instance,
                         ExportSettings("dimacs"), net, "holds")  # fmt: skip
    assert f"index {query.index}" in lines and f"label {query.label}" in lines
    assert "eps 1" in lines and "expected unsat (holds)" in lines


@pytest.mark.slow
def test_catalogue_regenerates_byte_identical(tmp_path):
    script = REPO / "encodings" / "regenerate.sh"
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(["bash", str(script), str(tmp_path)], check=True, capture_output=True, env=env)
    committed = sorted(p.relative_to(CATALOGUE) for p in CATALOGUE.rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert fresh == committed
    for rel in committed:
        assert (tmp_path / rel).read_bytes() == (CATALOGUE / rel).read_bytes(), rel


@pytest.mark.parametrize(
    "directory",
    ["dimacs-totalizer", "dimacs-totalizer2", "opb", "smt2", "opb-eps2", "smt2-eps2-target0"],
)
def test_catalogue_instances_have_their_expected_status(directory):
    manifest = json.loads((CATALOGUE / directory / "manifest.json").read_text())
    solve, _ = SOLVE[manifest["format"]]
    for row in manifest["queries"]:
        text = (CATALOGUE / directory / row["file"]).read_text()
        assert row["expected"] == ("sat" if solve(text) is not None else "unsat"), row["file"]


def test_command_formats_match_the_writers():
    from bnnverify.cli.export import EXPORT_FORMATS
    from bnnverify.export import FORMATS

    assert EXPORT_FORMATS == tuple(FORMATS)
