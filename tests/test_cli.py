"""The command line, in-process: exit codes, one-line errors, --json keys, result files."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from bnnverify.cli import main
from bnnverify.io import save_network
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer


@pytest.fixture
def tiny_model(tmp_path):
    """A 16-input model over values 0..7 (shape (1, 4, 4)), and a labelled inputs file."""
    rng = np.random.default_rng(3)
    net = BinaryNetwork(
        layers=(
            BlockLayer(rng.integers(-1, 2, (8, 16)).astype(np.int8), rng.integers(-8, 9, 8)),
            OutputLayer(rng.integers(-1, 2, (3, 8)).astype(np.int8), np.array([0.0, 0.5, -0.5])),
        ),
        input_shape=(1, 4, 4),
        input_min=0,
        input_max=7,
    )
    save_network(net, tmp_path / "tiny.npz")
    x = rng.integers(0, 8, (12, 1, 4, 4)).astype(np.uint8)
    from bnnverify.engine import reference

    y = reference.predict(net, x)
    y[0] = (y[0] + 1) % 3  # one misclassified input
    np.savez(tmp_path / "inputs.npz", x=x, y=y)
    return tmp_path / "tiny.npz", tmp_path / "inputs.npz"


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("bnnverify: error: ")
    return err[0]


def test_info_json_names_architecture_and_hash(tiny_model, capsys):
    model, _ = tiny_model
    assert main(["info", str(model), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["architecture"] == "16-8-3"
    assert len(info["sha256"]) == 64 and info["input_range"] == [0, 7]


def test_eval_reports_both_engines_agreeing(tiny_model, capsys):
    model, inputs = tiny_model
    assert main(["eval", str(model), "--inputs", str(inputs), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["n"] == 12 and summary["engines_disagree"] == 0
    assert summary["reference_accuracy"] == summary["packed_accuracy"] == 11 / 12


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["info", "missing.npz"], "does not exist"),
        (["eval", "{model}", "--inputs", "missing.npz"], "inputs file missing.npz does not exist"),
        (["eval", "{model}", "--inputs", "{wrong_shape}"], "the model expects (1, 4, 4)"),
        (["eval", "{model}", "--inputs", "{out_of_range}"], "must lie in [0, 7]"),
        (["train", "--arch", "784", "--out", "m.npz"], "--arch needs an input size"),
        (["train", "--arch", "a-b", "--out", "m.npz"], "--arch must look like"),
        (["eval", "{model}", "--data", "{empty}", "--dataset", "fashion-mnist"], "has no t10k"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tiny_model, tmp_path, capsys, argv, message):
    model, _ = tiny_model
    np.savez(tmp_path / "wrong_shape.npz", x=np.zeros((2, 5), np.uint8), y=np.zeros(2, np.int64))
    np.savez(
        tmp_path / "out_of_range.npz", x=np.full((2, 16), 9, np.uint8), y=np.zeros(2, np.int64)
    )
    (tmp_path / "empty").mkdir()
    paths = {
        "model": model,
        "wrong_shape": tmp_path / "wrong_shape.npz",
        "out_of_range": tmp_path / "out_of_range.npz",
        "empty": tmp_path / "empty",
    }
    argv = [arg.format(**paths) for arg in argv]
    assert main(argv) == 2
    assert message in one_error_line(capsys)


def test_help_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "bnnverify", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "exit status" in done.stdout


def test_help_loads_no_solver_or_torch():
    code = (
        "import sys; from bnnverify.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('torch', 'z3', 'pysat', 'numba') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_exit_codes_are_the_documented_ones():
    from bnnverify import status
    from bnnverify.cli import common

    codes = [status.EXIT_OK, status.EXIT_VIOLATED, status.EXIT_ERROR, status.EXIT_UNKNOWN]
    assert codes == [0, 1, 2, 3]
    assert (status.EXIT_INTERRUPTED, status.EXIT_TERMINATED) == (130, 143)
    assert [status.exit_status(r) for r in ("holds", "violated", "unknown")] == [0, 1, 3]
    assert [status.exit_status(r) for r in ("certified", "uncertified")] == [0, 3]
    assert common.EPILOG == "exit status: 0 holds/ok, 1 violated, 2 error, 3 unknown"


def test_the_command_table_is_the_parser_and_no_command_imports_another():
    import argparse
    import ast
    from pathlib import Path

    from bnnverify import cli

    commands = next(
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    assert list(commands.choices) == list(cli.COMMANDS)
    command_modules = {module.__name__ for module in cli.COMMANDS.values()}
    for path in Path(cli.__file__).parent.glob("*.py"):
        if path.name == "__init__.py":
            continue
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
        assert not imported & command_modules, (path.name, imported & command_modules)
