"""VNN-LIB reading: the traffic-signs benchmark, malformed files, linear forms, layouts.

Oracles: a naive line-by-line reading of the benchmark files (written here, sharing no code
with the reader), hand-computed coefficients, a direct evaluator of random and/or formulas, and
explicit index loops for the layout permutation.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import os
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bnnverify.errors import UsageError
from bnnverify.imports.vnnlib import (
    LinearConstraint,
    Spec,
    from_layout,
    parse_vnnlib,
    read_vnnlib,
    to_layout,
)

REPO = Path(__file__).resolve().parents[1]
BENCHMARK_NAME = "benchmarks/vnncomp2023-traffic-signs"


def benchmark_dir() -> Path | None:
    """The shared benchmark copy: $BNNVERIFY_TRAFFIC_SIGNS, or shared/ in or beside the repo."""
    env = os.environ.get("BNNVERIFY_TRAFFIC_SIGNS")
    candidates = [Path(env)] if env else []
    candidates += [REPO / "shared" / BENCHMARK_NAME, REPO.parent / "shared" / BENCHMARK_NAME]
    return next((p for p in candidates if (p / "vnnlib").is_dir()), None)


BENCHMARK = benchmark_dir()
VNNLIB_FILES = sorted((BENCHMARK / "vnnlib").glob("*.vnnlib.gz")) if BENCHMARK else []
needs_benchmark = pytest.mark.skipif(BENCHMARK is None, reason="traffic-signs benchmark absent")
N_INPUTS = {30: 30 * 30 * 3, 48: 48 * 48 * 3, 64: 64 * 64 * 3}  # NHWC images, 3 channels
NAME = re.compile(r"model_(\d+)_idx_(\d+)_eps_([\d.]+)\.vnnlib\.gz")


@functools.cache
def benchmark_spec(path: Path) -> Spec:
    """Each benchmark file read once per session (a Spec is an immutable value)."""
    return read_vnnlib(path)


def naive_read(
    path: Path,
) -> tuple[dict[int, Fraction], dict[int, Fraction], list[tuple[int, int]]]:
    """Bounds and (>= Y_j Y_y) pairs, line by line, the way the files are laid out."""
    lo: dict[int, Fraction] = {}
    hi: dict[int, Fraction] = {}
    pairs = []
    for line in gzip.open(path, "rt"):
        if m := re.fullmatch(r"\(assert \((<=|>=) X_(\d+) (\S+)\)\)\s*", line):
            (hi if m[1] == "<=" else lo)[int(m[2])] = Fraction(m[3])
        elif m := re.fullmatch(r"\s*\(and \(>= Y_(\d+) Y_(\d+)\)\)\s*", line):
            pairs.append((int(m[1]), int(m[2])))
    return lo, hi, pairs


@needs_benchmark
def test_the_benchmark_has_45_properties():
    assert len(VNNLIB_FILES) == 45
    listed = (BENCHMARK / "instances.csv").read_text().split()
    assert sorted(Path(row.split(",")[1]).name + ".gz" for row in listed) == [
        p.name for p in VNNLIB_FILES
    ]


@needs_benchmark
@pytest.mark.parametrize("path", VNNLIB_FILES, ids=lambda p: p.name.removesuffix(".vnnlib.gz"))
def test_traffic_signs_property_is_an_integer_box_and_a_robustness_query(path):
    model, _, eps = NAME.fullmatch(path.name).groups()

    spec = benchmark_spec(path)

    assert (spec.n_inputs, spec.n_outputs) == (N_INPUTS[int(model)], 43)
    robustness = spec.as_robustness()
    assert robustness is not None
    label, targets = robustness
    assert targets == tuple(j for j in range(43) if j != label)
    assert all(b.denominator == 1 and 0 <= b <= 255 for b in spec.lo + spec.hi)
    width = spec.hi_float - spec.lo_float  # exact: the bounds are small integers
    assert width.min() >= 0 and width.max() <= 2 * float(eps)
    np.testing.assert_array_equal(spec.lo_float, np.array([int(b) for b in spec.lo], float))
    np.testing.assert_array_equal(spec.hi_float, np.array([int(b) for b in spec.hi], float))


@needs_benchmark
@pytest.mark.parametrize("model", [30, 48, 64])
def test_traffic_signs_reading_matches_a_naive_line_reader(model):
    path = BENCHMARK / "vnnlib" / f"model_{model}_idx_7040_eps_3.00000.vnnlib.gz"
    lo, hi, pairs = naive_read(path)

    spec = read_vnnlib(path)

    assert spec.lo == tuple(lo[i] for i in range(len(lo)))
    assert spec.hi == tuple(hi[i] for i in range(len(hi)))
    assert spec.as_robustness() == (pairs[0][1], tuple(j for j, _ in pairs))


@needs_benchmark
def test_traffic_signs_labels_agree_per_image_and_boxes_grow_with_eps():
    specs = {NAME.fullmatch(p.name).groups(): benchmark_spec(p) for p in VNNLIB_FILES}
    for (model, idx, eps), spec in specs.items():
        same_image = [s for (_, i, _), s in specs.items() if i == idx]
        assert {s.as_robustness()[0] for s in same_image} == {spec.as_robustness()[0]}
        for (m, i, e), s in specs.items():
            if (m, i) == (model, idx) and float(e) < float(eps):  # the smaller box lies inside
                assert (s.lo_float >= spec.lo_float).all() and (s.hi_float <= spec.hi_float).all()


def write(tmp_path: Path, text: str, name: str = "p.vnnlib") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


DECLS = "".join(f"(declare-const {v} Real)\n" for v in ("X_0", "X_1", "Y_0", "Y_1"))
BOX = "(assert (>= X_0 0))\n(assert (<= X_0 1))\n(assert (>= X_1 0))\n(assert (<= X_1 1))\n"
GOOD_OUT = "(assert (>= Y_1 Y_0))\n"
BASE = DECLS + BOX  # lines 1-8; a line appended to it is line 9

MALFORMED = {  # name -> (text, line, words the message must contain)
    "unknown command": (BASE + "(define-fun f () Real 1.0)\n", 9, "command 'define-fun'"),
    "undeclared output": (BASE + "(assert (>= Y_2 Y_0))\n", 9, "'Y_2' is used but not declared"),
    "undeclared input": (BASE + "(assert (<= X_7 1))\n", 9, "'X_7' is used but not declared"),
    "no upper bound": (BASE.replace("(assert (<= X_1 1))\n", ""), 2, "X_1 has no upper bound"),
    "no lower bound": (BASE.replace("(assert (>= X_0 0))\n", ""), 1, "X_0 has no lower bound"),
    "lo > hi": (BASE + "(assert (>= X_1 2))\n", 9, "X_1 has an empty range: lower bound 2 >"),
    "nonlinear": (BASE + "(assert (>= (* Y_0 Y_1) 0))\n", 9, "nonlinear term"),
    "division by a variable": (BASE + "(assert (>= (/ 1 Y_1) 0))\n", 9, "nonlinear term"),
    "never closed": (BASE + "(assert (or\n (and (>= Y_1 Y_0))\n", 9, "'(' never closed"),
    "extra close": (BASE + "(assert (>= Y_1 Y_0)))\n", 9, "')' without '('"),
    "mixed": (BASE + "(assert (>= X_0 Y_0))\n", 9, "mixing inputs and outputs"),
    "input in or": (BASE + "(assert (or (<= X_0 0.5) (>= Y_1 Y_0)))\n", 9, "inside (or ...)"),
    "several inputs": (BASE + "(assert (<= (+ X_0 X_1) 1))\n", 9, "several inputs"),
    "strict input": (BASE + "(assert (< X_0 1))\n", 9, "strict input bound"),
    "sort": ("(declare-const X_0 Int)\n", 1, "only Real variables"),
    "name": ("(declare-const foo Real)\n", 1, "X_<i> or Y_<j>, got 'foo'"),
    "declared twice": (DECLS + "(declare-const X_1 Real)\n", 5, "declared twice (first on line 2)"),
    "not consecutive": (DECLS.replace("X_1", "X_2"), 2, "X_2 is declared but X_1 is not"),
    "command inside": (DECLS + "(assert (or\n(assert (>= X_0 0))\n))\n", 6, "the '(' of line 5"),
    "atom at top level": (DECLS + "assert\n", 5, "expected '(' at top level"),
    "unknown operator": (BASE + "(assert (not (>= Y_1 Y_0)))\n", 9, "formula operator 'not'"),
    "bad number": (BASE + "(assert (>= Y_1 1.2.3))\n", 9, "'1.2.3' is used but not declared"),
}  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_file_gives_one_line_error_naming_file_and_line(tmp_path, case):
    text, line, words = MALFORMED[case]
    path = write(tmp_path, text)

    with pytest.raises(UsageError) as raised:
        read_vnnlib(path)

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message, message


def test_unreadable_files_give_one_line_errors(tmp_path):
    with pytest.raises(UsageError, match="cannot read"):
        read_vnnlib(tmp_path / "missing.vnnlib")
    (tmp_path / "bad.vnnlib.gz").write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(UsageError, match="not a valid gzip file"):
        read_vnnlib(tmp_path / "bad.vnnlib.gz")


def test_gzipped_plain_and_implied_gz_paths_read_the_same(tmp_path):
    text = DECLS + BOX + GOOD_OUT
    plain = write(tmp_path, text)
    with gzip.open(tmp_path / "z.vnnlib.gz", "wt") as f:
        f.write(text)

    assert read_vnnlib(plain) == read_vnnlib(tmp_path / "z.vnnlib.gz")
    assert read_vnnlib(tmp_path / "z.vnnlib") == read_vnnlib(plain)  # VNN-COMP's .gz fallback


def constraint(coeffs: dict[int, Fraction | int], constant, strict=False) -> LinearConstraint:
    items = tuple(sorted((j, Fraction(a)) for j, a in coeffs.items()))  # floats here are exact
    return LinearConstraint(items, Fraction(constant), strict)


Y3 = "(declare-const X_0 Real)\n" + "".join(f"(declare-const Y_{j} Real)\n" for j in range(3))
X_BOX = "(assert (<= X_0 1))\n(assert (>= X_0 0))\n"


@pytest.mark.parametrize(
    ("condition", "disjuncts"),
    [
        ("(assert (<= Y_0 Y_1))", (((-1, 1, 0), 0, False),)),
        ("(assert (>= Y_0 0.5))", (((1, 0, 0), Fraction(-1, 2), False),)),
        ("(assert (< Y_2 -1e-3))", (((0, 0, -1), Fraction(-1, 1000), True),)),
        ("(assert (> (- Y_0 (* 2.5 Y_1)) (/ Y_2 4)))", (((1, -2.5, -0.25), 0, True),)),
        ("(assert (<= (+ Y_0 Y_1 3) (- Y_2)))", (((-1, -1, -1), -3, False),)),
        ("(assert (>= Y_0 Y_1 Y_2))", (((1, -1, 0), 0, False), ((0, 1, -1), 0, False))),
        ("(assert (= Y_0 1.5E+2))", (((-1, 0, 0), 150, False), ((1, 0, 0), -150, False))),
    ],
)  # fmt: skip
def test_single_output_constraints_parse_to_exact_coefficients(condition, disjuncts):
    spec = parse_vnnlib(Y3 + X_BOX + condition)

    (got,) = spec.disjuncts
    expected = tuple(
        constraint({j: a for j, a in enumerate(coeffs) if a != 0}, k, strict)
        for coeffs, k, strict in disjuncts
    )
    assert got == expected


def test_or_of_ands_and_several_asserts_form_the_dnf_product():
    text = (
        Y3
        + X_BOX
        + (
            "(assert (or (and (<= (+ (* 2 Y_0) (- Y_1)) 1e-3) (> Y_2 -.5)) (and (< 3 Y_1))))\n"
            "(assert (<= Y_0 10))\n"
        )
    )

    spec = parse_vnnlib(text)

    cap = constraint({0: -1}, 10)
    assert spec.disjuncts == (
        (
            constraint({0: -2, 1: 1}, Fraction(1, 1000)),
            constraint({2: 1}, Fraction(1, 2), True),
            cap,
        ),
        (constraint({1: 1}, -3, True), cap),
    )
    assert spec.as_robustness() is None


def test_constant_comparisons_are_decided():
    text = (
        Y3
        + X_BOX
        + (
            "(assert (or (and (<= 2 1) (>= Y_0 Y_1)) (and (< 1 1) (>= Y_0 Y_2))"
            " (and (<= 1 1) (> 1 0.5) (>= Y_2 Y_1))))"
        )
    )

    spec = parse_vnnlib(text)

    assert spec.disjuncts == ((constraint({1: -1, 2: 1}, 0),),)


def test_input_bounds_are_exact_intersected_and_read_in_every_form():
    decls = (
        "".join(f"(declare-const X_{i} Real)\n" for i in range(4)) + "(declare-const Y_0 Real)\n"
    )
    text = decls + (
        "(assert (>= X_0 0.1))\n(assert (<= X_0 1.5e1))\n(assert (>= X_0 -2.5E-1))\n"
        "(assert (= X_1 3))\n"
        "(assert (and (<= 0 X_2) (<= (* 2 X_2) 7) (>= Y_0 1)))\n"
        "(assert (<= X_3 1)) ; a comment (with parentheses)\n(assert (>= X_3 .5))\n"
        "(check-sat)\n"
    )

    spec = parse_vnnlib(text)

    assert spec.lo == (Fraction(1, 10), Fraction(3), Fraction(0), Fraction(1, 2))
    assert spec.hi == (Fraction(15), Fraction(3), Fraction(7, 2), Fraction(1))
    assert spec.lo_float.tolist() == [0.1, 3.0, 0.0, 0.5]
    assert spec.disjuncts == ((constraint({0: 1}, -1),),)


def test_robustness_query_and_its_tie_rule():
    text = Y3 + X_BOX + "(assert (or (and (>= Y_1 Y_0)) (and (<= Y_0 Y_2))))"

    spec = parse_vnnlib(text)

    assert spec.as_robustness() == (0, (1, 2))
    assert spec.is_unsafe_output([1, 1, 0])  # a tie with the label is a violation
    assert spec.is_unsafe_output([0.5, 0.25, 0.5])
    assert not spec.is_unsafe_output([2, 1, 1.9999999999999998])


@pytest.mark.parametrize(
    "condition",
    [
        "(assert (or (and (> Y_1 Y_0)) (and (>= Y_2 Y_0))))",  # strict
        "(assert (or (and (>= Y_1 Y_0)) (and (>= Y_2 Y_1))))",  # two labels
        "(assert (or (and (>= Y_1 Y_0) (>= Y_2 Y_0))))",  # a conjunction
        "(assert (or (and (>= Y_1 (+ Y_0 1)))))",  # a margin
        "(assert (>= (* 2 Y_1) Y_0))",  # not a difference
    ],
)
def test_other_conditions_are_not_robustness_queries(condition):
    assert parse_vnnlib(Y3 + X_BOX + condition).as_robustness() is None


def random_formula(rng: np.random.Generator, depth: int) -> str:
    if depth == 0 or rng.random() < 0.3:
        op = rng.choice(["<=", ">=", "<", ">", "="])
        j, k = rng.integers(0, 3, 2)
        c = int(rng.integers(-2, 3))
        return f"({op} (+ Y_{j} {c}) (* {int(rng.integers(-2, 3))} Y_{k}))"
    head = rng.choice(["and", "or"])
    return (
        f"({head} "
        + " ".join(random_formula(rng, depth - 1) for _ in range(rng.integers(1, 4)))
        + ")"
    )


def evaluate(node: list | str, y: list[int]) -> bool:
    """A direct evaluator of the formulas random_formula writes."""
    head, *args = node
    if head in ("and", "or"):
        values = [evaluate(a, y) for a in args]
        return all(values) if head == "and" else any(values)
    (_, yj, c), (_, k, yk) = args
    left, right = y[int(yj[2:])] + int(c), int(k) * y[int(yk[2:])]
    compare = {"<=": left <= right, ">=": left >= right, "<": left < right, ">": left > right}
    return left == right if head == "=" else compare[head]


def to_tree(text: str) -> list | str:
    tokens = re.findall(r"[()]|[^\s()]+", text)
    stack: list[list] = [[]]
    for t in tokens:
        if t == "(":
            stack.append([])
        elif t == ")":
            done = stack.pop()
            stack[-1].append(done)
        else:
            stack[-1].append(t)
    return stack[0][0]


@pytest.mark.parametrize("seed", range(20))
def test_output_condition_matches_direct_evaluation(seed):
    rng = np.random.default_rng(seed)
    formulas = [random_formula(rng, 3) for _ in range(int(rng.integers(1, 3)))]
    spec = parse_vnnlib(Y3 + X_BOX + "".join(f"(assert {f})\n" for f in formulas))

    for y in itertools.product(range(-2, 3), repeat=3):  # small integers: ties happen often
        expected = all(evaluate(to_tree(f), list(y)) for f in formulas)
        assert spec.is_unsafe_output(y) == expected, (formulas, y)


def test_layout_permutation_matches_index_loops():
    h, w, c = 2, 3, 4
    x = np.arange(h * w * c)  # VNN-LIB order: C-order flattening of (1, H, W, C)

    ours = to_layout(x, (0, 3, 1, 2), (1, h, w, c))  # (1, C, H, W)

    for i, j, k in itertools.product(range(h), range(w), range(c)):
        assert ours[k * h * w + i * w + j] == x[i * w * c + j * c + k]
    np.testing.assert_array_equal(from_layout(ours, (0, 3, 1, 2), (1, h, w, c)), x)


def test_box_in_order_permutes_both_bounds_exactly():
    decls = (
        "".join(f"(declare-const X_{i} Real)\n" for i in range(6)) + "(declare-const Y_0 Real)\n"
    )
    bounds = "".join(f"(assert (>= X_{i} {i}))\n(assert (<= X_{i} {i}.25))\n" for i in range(6))
    spec = parse_vnnlib(decls + bounds)

    moved = spec.box_in_order((2, 0, 1), (1, 2, 3))  # (H=1, W=2, C=3) -> (C, H, W)

    assert moved.lo == tuple(Fraction(i) for i in (0, 3, 1, 4, 2, 5))
    assert moved.hi == tuple(Fraction(i) + Fraction(1, 4) for i in (0, 3, 1, 4, 2, 5))
    assert moved.lo_float.tolist() == [0, 3, 1, 4, 2, 5]
    assert moved.disjuncts == spec.disjuncts
    with pytest.raises(UsageError, match="permutation"):
        spec.box_in_order((0, 0, 1), (1, 2, 3))
    with pytest.raises(UsageError, match="does not hold 6 inputs"):
        spec.box_in_order((0, 1), (2, 2))


def test_spec_validates_its_fields():
    with pytest.raises(UsageError, match="lo must be <= hi"):
        Spec(1, 1, (Fraction(2),), (Fraction(1),), ())
    with pytest.raises(UsageError, match="beyond Y_0"):
        Spec(1, 1, (Fraction(0),), (Fraction(1),), ((constraint({3: 1}, 0),),))
    box = Spec(2, 1, (Fraction(0), Fraction(0)), (Fraction(1), Fraction(1, 10)), ())
    assert box.contains([1.0, 0.0999]) and not box.contains([1.0, 0.1])  # the float 0.1 > 1/10
    assert box.lo_float.tolist() == [0.0, 0.0] and box.hi_float.tolist() == [1.0, 0.1]
