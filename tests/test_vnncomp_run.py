"""VNN-COMP's interface end to end on the real traffic-signs model (DESIGN.md section 6).

`bnnverify vnncomp run_instance` on a benchmark instance whose answer is a counterexample (the
witness must lie in the spec's box exactly, and onnxruntime's float32 outputs at it must
violate the spec), and on boxes cut around that instance's image that are robust (a point,
and a box of width 1/2 whose bounds are off the integers): those must come out unsat. Also
`bnnverify check --vnnlib` with its exit statuses, and prepare_instance's cache.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("highspy")

from bnnverify.cli import main  # noqa: E402
from bnnverify.imports.vnnlib import read_vnnlib  # noqa: E402
from bnnverify.onnx_replay import onnxruntime_outputs  # noqa: E402
from bnnverify.vnncomp import VnnStatus, read_result  # noqa: E402

BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
TRAFFIC = BENCHMARK / "vnncomp2023-traffic-signs"
ONNX = TRAFFIC / "onnx" / "3_30_30_QConv_16_3_QConv_32_2_Dense_43_ep_30.onnx.gz"
SAT_SPEC = TRAFFIC / "vnnlib" / "model_30_idx_7040_eps_3.00000.vnnlib.gz"
OPEN_SPEC = TRAFFIC / "vnnlib" / "model_30_idx_8258_eps_1.00000.vnnlib.gz"  # robust?

pytestmark = pytest.mark.skipif(not ONNX.exists(), reason="the traffic-signs benchmark is absent")


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BNNVERIFY_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def spec_around(path: Path, image: np.ndarray, radius: Fraction, label: int) -> None:
    """A VNN-LIB file: the box |X_i - image_i| <= radius and 'some class >= the label'."""
    lines = [f"(declare-const X_{i} Real)" for i in range(image.size)]
    lines += [f"(declare-const Y_{j} Real)" for j in range(43)]
    for i, value in enumerate(image):
        lines.append(f"(assert (>= X_{i} {float(Fraction(float(value)) - radius)}))")
        lines.append(f"(assert (<= X_{i} {float(Fraction(float(value)) + radius)}))")
    others = " ".join(f"(and (>= Y_{j} Y_{label}))" for j in range(43) if j != label)
    lines.append(f"(assert (or {others}))")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_counterexample_is_written_as_vnncomp_scores_it(tmp_path: Path, capsys) -> None:
    result = tmp_path / "result.txt"
    assert main(["vnncomp", "run_instance", str(ONNX), str(SAT_SPEC), str(result), "60"]) == 0
    assert "confirmed by onnxruntime" in capsys.readouterr().out
    answer = read_result(result)
    spec = read_vnnlib(SAT_SPEC)
    assert answer.status is VnnStatus.SAT
    assert answer.x is not None and answer.y is not None
    assert spec.contains(answer.x.tolist())
    y = onnxruntime_outputs(ONNX, answer.x)
    assert y is not None and np.array_equal(y, answer.y)
    assert spec.is_unsafe_output(answer.y.tolist())


@pytest.mark.parametrize("radius", [Fraction(0), Fraction(1, 2)], ids=["point", "half"])
def test_robust_boxes_around_the_image_are_unsat(tmp_path: Path, radius: Fraction) -> None:
    spec = read_vnnlib(OPEN_SPEC)  # the image: the middle of its box (eps 1, inside 0..255)
    center = np.array([(lo + hi) / 2 for lo, hi in zip(spec.lo, spec.hi, strict=True)])
    image = np.round(center.astype(float))
    label = spec.as_robustness()[0]
    vnnlib = tmp_path / "small.vnnlib"
    spec_around(vnnlib, image, radius, label)
    result = tmp_path / "result.txt"
    assert main(["vnncomp", "run_instance", str(ONNX), str(vnnlib), str(result), "60"]) == 0
    assert read_result(result).status is VnnStatus.UNSAT
    assert main(["check", "--model", str(ONNX), "--vnnlib", str(vnnlib)]) == 0


def test_check_vnnlib_reports_the_counterexample(tmp_path: Path) -> None:
    out, cex = tmp_path / "rows.jsonl", tmp_path / "cex"
    argv = ["check", "--model", str(ONNX), "--vnnlib", str(SAT_SPEC), "--out", str(out)]
    assert main([*argv, "--cex-dir", str(cex)]) == 1
    x = np.load(cex / "0.npy")
    assert read_vnnlib(SAT_SPEC).contains(x.tolist())
    assert '"verdict": "violated"' in out.read_text()


def test_prepare_instance_caches_the_conversion(cache: Path, capsys) -> None:
    assert main(["vnncomp", "prepare_instance", str(ONNX), str(SAT_SPEC)]) == 0
    assert len(list((cache / "vnncomp").glob("*.npz"))) == 1
    assert "prepared" in capsys.readouterr().out


def test_a_missing_file_is_one_line(tmp_path: Path, capsys) -> None:
    argv = ["vnncomp", "run_instance", str(tmp_path / "none.onnx"), str(SAT_SPEC), "r", "5"]
    assert main(argv) == 2
    assert "none.onnx: no such file" in capsys.readouterr().err


def test_a_witness_onnxruntime_does_not_confirm_is_never_reported(tmp_path, monkeypatch, capsys):
    """If onnxruntime's float32 outputs at the exact witness satisfy the spec's safety (here:
    outputs faked to favour the label), the answer is unknown, never sat."""
    import bnnverify.onnx_replay as replay

    label = read_vnnlib(SAT_SPEC).as_robustness()[0]
    safe = np.where(np.arange(43) == label, 1.0, 0.0)
    monkeypatch.setattr(replay, "onnxruntime_outputs", lambda path, x, session=None: safe)
    result = tmp_path / "result.txt"
    assert main(["vnncomp", "run_instance", str(ONNX), str(SAT_SPEC), str(result), "60"]) == 0
    assert read_result(result).status is VnnStatus.UNKNOWN
    assert "not reported" in capsys.readouterr().out
    assert main(["check", "--model", str(ONNX), "--vnnlib", str(SAT_SPEC)]) == 3


def test_an_unwritable_result_path_is_one_line_before_any_work(tmp_path, capsys) -> None:
    result = tmp_path / "missing" / "result.txt"
    assert main(["vnncomp", "run_instance", str(ONNX), str(SAT_SPEC), str(result), "60"]) == 2
    err = capsys.readouterr().err
    assert "RESULT" in err and "does not exist" in err and len(err.strip().splitlines()) == 1
