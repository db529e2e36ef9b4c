"""VNN-COMP result files and tool scripts: exact text, float round trip, the scorer's reading.

Oracles: hand-written expected text; bit patterns of float64 values; a re-implementation (here,
from its description) of how VNN-COMP's harness and scorer read a result file; a stub Python
that records the command line the scripts run.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bnnverify.errors import DataError, UsageError
from bnnverify.vnncomp import VnnStatus, format_result, parse_result, read_result, write_result

SCRIPTS = Path(__file__).resolve().parents[1] / "vnncomp_scripts"


def scorer_reading(text: str) -> tuple[str, list[float], list[float]]:
    """VNN-COMP's reading: first line without whitespace; for "sat" the rest, newlines as
    spaces, outer parentheses dropped, split at ')', each "(NAME NUMBER" split at one space,
    X_i and Y_j each numbered from 0 in order."""
    first, _, rest = text.partition("\n")
    result = "".join(first.split())
    xs: list[float] = []
    ys: list[float] = []
    if result == "sat":
        content = rest.replace("\n", " ").strip()
        assert content[0] == "(" and content[-1] == ")"
        for part in content[1:-1].split(")"):
            part = part.strip()
            if not part:
                continue
            assert part[0] == "("
            name, num = part[1:].split(" ")
            target = xs if name.startswith("X_") else ys
            assert name[:2] in ("X_", "Y_") and int(name[2:]) == len(target)
            target.append(float(num))
    return result, xs, ys


def test_sat_result_text_is_exact(tmp_path):
    path = tmp_path / "out.txt"

    write_result(path, VnnStatus.SAT, x=[1, -2.5], y=np.array([0.1, 1e-300]))

    assert path.read_text() == "sat\n((X_0 1.0)\n (X_1 -2.5)\n (Y_0 0.1)\n (Y_1 1e-300))\n"


@pytest.mark.parametrize(
    ("status", "line"),
    [
        (VnnStatus.UNSAT, "unsat"),
        ("holds", "unsat"),
        ("timeout", "timeout"),
        ("unknown", "unknown"),
    ],
)
def test_other_results_are_one_canonical_line(tmp_path, status, line):
    path = tmp_path / "out.txt"

    write_result(path, status)

    assert path.read_text() == line + "\n"
    assert read_result(path).status is VnnStatus(line)
    assert scorer_reading(path.read_text())[0] == line


def test_violated_is_written_as_sat():
    assert format_result("violated", [0.0], [1.0]).splitlines()[0] == "sat"


@pytest.mark.parametrize("seed", range(5))
def test_witness_floats_round_trip_bit_for_bit(tmp_path, seed):
    rng = np.random.default_rng(seed)
    special = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1 / 3, 0.1]
    x = np.concatenate([special, rng.standard_normal(50) * 10.0 ** rng.integers(-30, 30, 50)])
    x32 = rng.uniform(0, 255, 40).astype(np.float32).astype(np.float64)  # what the scorer casts
    y = rng.standard_normal(43)
    path = tmp_path / "out.txt"

    write_result(path, "sat", x=np.concatenate([x, x32]), y=y)
    got = read_result(path)

    assert got.status is VnnStatus.SAT
    np.testing.assert_array_equal(got.x.view(np.uint64), np.concatenate([x, x32]).view(np.uint64))
    np.testing.assert_array_equal(got.y.view(np.uint64), y.view(np.uint64))
    result, xs, ys = scorer_reading(path.read_text())
    assert result == "sat" and xs == got.x.tolist() and ys == got.y.tolist()


def test_write_replaces_the_harness_placeholder_atomically(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("no_result_in_file\n")

    write_result(path, "unsat")

    assert path.read_text() == "unsat\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary left
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("status", "x", "y", "words"),
    [
        ("sat", None, None, "needs the witness"),
        ("sat", [1.0], None, "needs the witness"),
        ("sat", [], [1.0], "needs inputs and outputs"),
        ("sat", [1.0, float("nan")], [1.0], "X_1 must be finite"),
        ("sat", [1.0], [float("inf")], "Y_0 must be finite"),
        ("unsat", [1.0], [1.0], "only a sat result carries a witness"),
        ("safe", None, None, "must be sat, unsat, timeout or unknown"),
    ],
)
def test_bad_results_are_refused_and_leave_the_file_alone(tmp_path, status, x, y, words):
    path = tmp_path / "out.txt"
    path.write_text("no_result_in_file\n")

    with pytest.raises(UsageError, match=words):
        write_result(path, status, x=x, y=y)

    assert path.read_text() == "no_result_in_file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("no_result_in_file\n", "must be sat, unsat"),
        ("sat\n", "needs a witness"),
        ("sat\n((X_1 1.0) (Y_0 2.0))\n", "expected X_0, got X_1"),
        ("sat\n((X_0 1.0) (Y_0 2.0) (X_1 1.0))\n", "X_1 after the outputs"),
        ("sat\n((X_0 1.0) junk (Y_0 2.0))\n", "unexpected text"),
        ("sat\n((X_0 abc) (Y_0 2.0))\n", "not a number"),
        ("sat\n((X_0 nan) (Y_0 2.0))\n", "not finite"),
        ("sat\n((X_0 1.0))\n", "both inputs X_i and outputs Y_j"),
        ("unsat\n((X_0 1.0) (Y_0 2.0))\n", "nothing after line 1"),
    ],
)
def test_malformed_result_files_are_refused(text, words):
    with pytest.raises(DataError, match=words):
        parse_result(text)


def test_reader_accepts_other_tools_spacing_and_synonyms():
    got = parse_result(" violated \n(\n(X_0   0.5)\n(X_1 1e3)\n(Y_0 -1)\n)\n")

    assert got.status is VnnStatus.SAT
    assert got.x.tolist() == [0.5, 1000.0] and got.y.tolist() == [-1.0]
    assert parse_result("holds").status is VnnStatus.UNSAT


@pytest.fixture
def stub_python(tmp_path):
    """An executable that records its arguments, standing in for the Python the scripts run."""
    log = tmp_path / "argv.txt"
    stub = tmp_path / "python-stub"
    stub.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\n')
    stub.chmod(0o755)
    env = {**os.environ, "BNNVERIFY_PYTHON": str(stub)}
    return env, log


@pytest.mark.parametrize(
    ("script", "args", "command"),
    [
        (
            "prepare_instance.sh",
            ["v1", "traffic", "net.onnx", "p q.vnnlib"],
            ["prepare_instance", "net.onnx", "p q.vnnlib"],
        ),
        (
            "run_instance.sh",
            ["v1", "traffic", "net.onnx", "p.vnnlib", "out.txt", "480.0"],
            ["run_instance", "net.onnx", "p.vnnlib", "out.txt", "480.0"],
        ),
    ],
)
def test_scripts_pass_their_arguments_to_bnnverify_vnncomp(stub_python, script, args, command):
    env, log = stub_python

    done = subprocess.run([SCRIPTS / script, *args], env=env, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == ["-m", "bnnverify", "vnncomp", *command]


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("install_tool.sh", ["v2"]),
        ("install_tool.sh", []),
        ("prepare_instance.sh", ["v1", "b", "n.onnx"]),
        ("run_instance.sh", ["v0", "b", "n.onnx", "p.vnnlib", "out.txt", "60"]),
    ],
)
def test_scripts_check_the_version_and_argument_count(stub_python, script, args):
    env, log = stub_python

    done = subprocess.run([SCRIPTS / script, *args], env=env, capture_output=True, text=True)

    assert done.returncode == 1
    assert "usage:" in done.stderr and not log.exists()


def test_scripts_are_executable_strict_bash():
    for name in ("install_tool.sh", "prepare_instance.sh", "run_instance.sh"):
        path = SCRIPTS / name
        assert path.stat().st_mode & stat.S_IXUSR, name
        text = path.read_text()
        assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text, name
        assert subprocess.run(["bash", "-n", path]).returncode == 0, name
    install = (SCRIPTS / "install_tool.sh").read_text()
    assert '-m pip install "${TOOL_DIR}[onnx,onnxruntime]"' in install
