"""Robustness queries as standard instance files (DIMACS, OPB, SMT-LIB 2) plus a manifest.

Every instance is the decision problem `check` solves (bounds first, the same layer encoders,
the same targets): it is satisfiable iff the property is violated at that input. Derivations of
the OPB and SMT-LIB forms are in encodings/FORMATS.md:

- DIMACS: the clauses of a CnfBuilder (any clause encoding; "native" has no DIMACS form).
- OPB: y <-> sum(lits) >= k as two linear constraints over positive variables,
  sum(lits) + k * not y >= k  and  sum(not lits) + (n - k + 1) * y >= n - k + 1,
  with each negative literal not x written 1 - x (its coefficient moves to the right side).
- SMT-LIB 2 (QF_LIA): Bool constants v<id>, sums of (ite v 1 0) terms, (= y (>= sum k)).

Files are byte-identical on regeneration: no timestamps, sorted keys, fixed order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pysat.formula import IDPool

from bnnverify import __version__
from bnnverify.bounds import Bounds, InputBox, linf_box, propagate
from bnnverify.encode.cnf import CnfBuilder
from bnnverify.encode.network import encode_robustness, robustness_targets
from bnnverify.errors import UsageError
from bnnverify.formula import ConstraintSink, trivial_atleast, weighted_terms
from bnnverify.model import BinaryNetwork, Ints
from bnnverify.verify import CheckConfig, RobustnessQuery, check_robustness

if TYPE_CHECKING:
    from bnnverify.engine.packed import PackedNetwork

FORMATS: dict[str, str] = {"dimacs": "cnf", "opb": "opb", "smt2": "smt2"}  # format -> extension
COMMENT: dict[str, str] = {"dimacs": "c", "opb": "*", "smt2": ";"}
MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = 1

Term = tuple[int, int]  # (coefficient, positive variable id)


def linear_atleast(weighted: Sequence[tuple[int, int]], bound: int) -> tuple[list[Term], int]:
    """sum_j m_j [lit_j] >= bound over literals, as sum a_v x_v >= b over positive variables.

    A negative literal not x = 1 - x: m [not x] = m - m x, so its term is -m x and m moves to the
    right side (b = bound - m). Terms on one variable are merged; zero coefficients dropped.
    """
    coeffs: dict[int, int] = {}
    rhs = int(bound)
    for lit, m in weighted:
        var = abs(lit)
        if lit > 0:
            coeffs[var] = coeffs.get(var, 0) + m
        else:
            coeffs[var] = coeffs.get(var, 0) - m
            rhs -= m
    return [(a, var) for var, a in coeffs.items() if a != 0], rhs


class OpbSink:
    """A ConstraintSink writing linear constraints  sum a_v x_v >= b  (OPB, x_v in {0, 1})."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self.pool = pool if pool is not None else IDPool()
        self.constraints: list[tuple[list[Term], int]] = []

    def _add(self, weighted: Sequence[tuple[int, int]], bound: int) -> None:
        terms, rhs = linear_atleast(weighted, bound)
        if sum(a for a, _ in terms if a < 0) >= rhs:
            return  # true for every assignment
        self.constraints.append((terms, rhs))

    def add_clause(self, clause: Sequence[int]) -> None:
        self._add([(lit, 1) for lit in clause], 1)

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        # when -> sum >= k  <=>  sum(lits) + k * [not when] >= k (vacuous when `when` is false).
        value = trivial_atleast(len(lits), k)
        if value is False:
            self.add_clause([-when])
        elif value is None:
            self._add([*weighted_terms(lits), (-when, k)], k)

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        # not out -> sum(lits) <= k - 1  <=>  not out -> sum(not lits) >= n - k + 1.
        self.add_implied_atleast(out, lits, k)
        self.add_implied_atleast(-out, [-lit for lit in lits], len(lits) - k + 1)

    @property
    def n_vars(self) -> int:
        return max(int(self.pool.top), 1)

    @property
    def n_constraints(self) -> int:
        return len(self.constraints)

    def body(self) -> list[str]:
        lines = []
        for terms, rhs in self.constraints:
            if not terms:  # 0 >= rhs > 0: no assignment satisfies it; OPB needs a term
                lines += ["+1 x1 >= 1 ;", "-1 x1 >= 0 ;"]
                continue
            lhs = " ".join(f"{a:+d} x{var}" for a, var in terms)
            lines.append(f"{lhs} >= {rhs} ;")
        return lines


def _smt_int(value: int) -> str:
    return str(value) if value >= 0 else f"(- {-value})"


class SmtSink:
    """A ConstraintSink writing SMT-LIB 2 QF_LIA assertions over Bool constants v<id>."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self.pool = pool if pool is not None else IDPool()
        self.assertions: list[str] = []

    @staticmethod
    def lit(lit: int) -> str:
        return f"v{lit}" if lit > 0 else f"(not v{-lit})"

    def _atleast(self, lits: Sequence[int], k: int) -> str:
        """(>= sum k) with sum = sum of m * (ite v 1 0), (ite v 0 1) for a negative literal."""
        parts = []
        for lit, m in weighted_terms(lits):
            term = f"(ite v{lit} 1 0)" if lit > 0 else f"(ite v{-lit} 0 1)"
            parts.append(term if m == 1 else f"(* {m} {term})")
        total = parts[0] if len(parts) == 1 else f"(+ {' '.join(parts)})"
        return f"(>= {total} {_smt_int(k)})"

    def add_clause(self, clause: Sequence[int]) -> None:
        if len(clause) == 1:
            self.assertions.append(f"(assert {self.lit(clause[0])})")
        else:
            self.assertions.append(f"(assert (or {' '.join(self.lit(x) for x in clause)}))")

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is False:
            self.add_clause([-when])
        elif value is None:
            self.assertions.append(f"(assert (=> {self.lit(when)} {self._atleast(lits, k)}))")

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is not None:
            self.add_clause([out if value else -out])
        else:
            self.assertions.append(f"(assert (= {self.lit(out)} {self._atleast(lits, k)}))")

    @property
    def n_vars(self) -> int:
        return int(self.pool.top)

    @property
    def n_constraints(self) -> int:
        return len(self.assertions)


@dataclass(frozen=True)
class ExportQuery:
    """One robustness query to write: input `x0` (flat) with true label, radius, targets."""

    index: int
    x0: Ints
    label: int
    eps: int
    targets: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Instance:
    """A query's formula, in the sink it was encoded into, and how its inputs are named."""

    sink: ConstraintSink
    box: InputBox
    bounds: Bounds
    targets: list[int]


def make_sink(fmt: str, encoding: str) -> CnfBuilder | OpbSink | SmtSink:
    if fmt == "dimacs":
        if encoding == "native":
            raise UsageError(
                "--format dimacs needs a clause encoding: 'native' AtMost constraints have no "
                "DIMACS form (use --format opb for native pseudo-Boolean constraints)"
            )
        return CnfBuilder(encoding)
    if fmt in ("opb", "smt2"):
        return OpbSink() if fmt == "opb" else SmtSink()
    raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def encode_instance(net: BinaryNetwork, query: ExportQuery, fmt: str, encoding: str) -> Instance:
    """The query's formula exactly as `check` builds it: linf box, bounds, then the encoders."""
    sink = make_sink(fmt, encoding)
    box = linf_box(net, query.x0, query.eps)
    bounds = propagate(net, box)
    targets = robustness_targets(net, query.label, query.targets)
    encode_robustness(sink, net, box, query.label, targets, bounds)
    return Instance(sink, box, bounds, targets)


def variable_lines(pool: IDPool, box: InputBox) -> list[str]:
    """`box i lo hi`, `in i k var` (var <-> x_i >= lo_i + k) and `beats c var` lines."""
    inputs: dict[int, list[tuple[int, int]]] = {}
    beats = []
    for name, var in pool.obj2id.items():
        if _is_named(name, "in", 3):
            inputs.setdefault(int(name[1]), []).append((int(name[2]), int(var)))
        elif _is_named(name, "beats", 2):
            beats.append((int(name[1]), int(var)))
    lines = []
    for i in sorted(inputs):
        lines.append(f"box {i} {int(box.lo[i])} {int(box.hi[i])}")
        lines += [f"in {i} {k} {var}" for k, var in sorted(inputs[i])]
    lines += [f"beats {c} {var}" for c, var in sorted(beats)]
    return lines


def _is_named(name: Hashable, kind: str, length: int) -> bool:
    return isinstance(name, tuple) and len(name) == length and name[0] == kind


def render(instance: Instance, fmt: str, header: Sequence[str], status: str) -> str:
    """The instance file's text: comment header, variable names, then the formula."""
    sink = instance.sink
    mark = COMMENT[fmt]
    comments = [*header, *variable_lines(sink.pool, instance.box)]
    lines = [f"{mark} {line}" for line in comments]
    if isinstance(sink, CnfBuilder):
        lines.append(f"p cnf {sink.n_vars} {len(sink.clauses)}")
        lines += [" ".join(map(str, clause)) + " 0" for clause in sink.clauses]
    elif isinstance(sink, OpbSink):
        lines.insert(0, f"* #variable= {sink.n_vars} #constraint= {sink.n_constraints}")
        lines += sink.body()
    else:
        assert isinstance(sink, SmtSink)
        lines += ["(set-logic QF_LIA)", f"(set-info :status {status})"]
        lines += [f"(declare-const v{var} Bool)" for var in range(1, sink.n_vars + 1)]
        lines += sink.assertions
        lines += ["(check-sat)", "(exit)"]
    return "\n".join(lines) + "\n"


def instance_name(query: ExportQuery, fmt: str) -> str:
    """q_<index>_eps_<eps>[_target_<c>-<c>...].<ext>: the index is its own `_` token."""
    name = f"q_{query.index}_eps_{query.eps}"
    if query.targets is not None:
        name += "_target_" + "-".join(str(c) for c in sorted(query.targets))
    return f"{name}.{FORMATS[fmt]}"


def n_constraints(sink: ConstraintSink) -> int:
    if isinstance(sink, CnfBuilder):
        return len(sink.clauses)
    assert isinstance(sink, (OpbSink, SmtSink))
    return sink.n_constraints


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_manifest(out_dir: str | Path, manifest: dict) -> Path:
    path = Path(out_dir) / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class ExportSettings:
    """What to write: `fmt`, the clause `encoding` (DIMACS only), and how to fill the expected
    verdicts: `verdicts` is the verifier's CheckConfig, or None to leave them "unknown"."""

    fmt: str
    encoding: str = "totalizer"
    verdicts: CheckConfig | None = None

    @property
    def encoding_name(self) -> str:
        """The manifest's encoding: the clause encoding, or the native constraint language."""
        return {"dimacs": self.encoding, "opb": "pseudo-boolean", "smt2": "qf-lia"}[self.fmt]


@dataclass(frozen=True)
class ModelInfo:
    """The model file as the manifest names it (file name, not a machine-specific path)."""

    name: str
    sha256: str
    data: str  # where the inputs came from, e.g. "bundled samples"


EXPECTED_STATUS = {"holds": "unsat", "violated": "sat", "unknown": "unknown"}


def expected_verdict(
    net: BinaryNetwork, packed: PackedNetwork, query: ExportQuery, config: CheckConfig | None
) -> str:
    """The verifier's verdict on the query ("holds" / "violated" / "unknown"), or "not run"."""
    if config is None:
        return "not run"
    result = check_robustness(
        net,
        packed,
        RobustnessQuery(query.index, query.x0, query.label, query.eps, query.targets),
        config,
    )
    return result.verdict.value


def header_lines(
    model: ModelInfo, query: ExportQuery, instance: Instance, settings: ExportSettings,
    net: BinaryNetwork, verdict: str,
) -> list[str]:  # fmt: skip
    status = EXPECTED_STATUS.get(verdict, "unknown")
    return [
        f"bnnverify {__version__} robustness instance ({settings.fmt})",
        f"model_sha256 {model.sha256}",
        "property robustness",
        f"index {query.index}",
        f"label {query.label}",
        f"eps {query.eps}",
        f"targets {' '.join(str(c) for c in instance.targets)}",
        f"encoding {settings.encoding_name}",
        f"fixed_neurons {instance.bounds.n_fixed} of {instance.bounds.n_total}",
        f"expected {status} ({verdict})",
        f"meaning: satisfiable iff some integer x with |x_i - x0_i| <= eps, clipped to "
        f"[{net.input_min}, {net.input_max}], has score_c(x) >= score_label(x) for a target c",
        "names: 'box i lo hi' bounds pixel i; 'in i k var': var <-> x_i >= lo_i + k; "
        "'beats c var': var -> score_c >= score_label",
    ]


def export_robustness(
    net: BinaryNetwork,
    queries: Sequence[ExportQuery],
    settings: ExportSettings,
    out_dir: str | Path,
    model: ModelInfo,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Write one instance per correctly classified query and DIR/manifest.json; return it.

    Misclassified inputs, and inputs whose label is the only target class, are skipped (DESIGN.md
    section 3) and listed as such in the manifest.
    """
    from bnnverify.engine.packed import PackedNetwork

    make_sink(settings.fmt, settings.encoding)  # refuse a bad format / encoding before any work
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    packed = PackedNetwork(net)
    rows = []
    for query in queries:
        row: dict = {"index": query.index, "label": query.label, "eps": query.eps}
        predicted = int(packed.predict(query.x0[None])[0])
        if predicted != query.label:
            rows.append({**row, "file": None, "skipped": f"misclassified (predicted {predicted})"})
            continue
        if query.targets is not None and not set(query.targets) - {query.label}:
            rows.append(
                {**row, "file": None, "skipped": f"label {query.label} is the only target class"}
            )
            continue
        instance = encode_instance(net, query, settings.fmt, settings.encoding)
        verdict = expected_verdict(net, packed, query, settings.verdicts)
        status = EXPECTED_STATUS.get(verdict, "unknown")
        header = header_lines(model, query, instance, settings, net, verdict)
        text = render(instance, settings.fmt, header, status)
        name = instance_name(query, settings.fmt)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        rows.append({
            **row, "file": name, "targets": instance.targets, "verdict": verdict,
            "expected": status, "n_vars": int(instance.sink.pool.top),
            "n_constraints": n_constraints(instance.sink), "sha256": text_sha256(text),
            "fixed_neurons": instance.bounds.n_fixed, "total_neurons": instance.bounds.n_total,
        })  # fmt: skip
        if progress is not None:
            progress(f"{name}: {verdict}, {rows[-1]['n_constraints']} constraints")
    manifest = {
        "manifest_version": MANIFEST_VERSION, "tool": "bnnverify", "tool_version": __version__,
        "model": model.name, "model_sha256": model.sha256, "data": model.data,
        "property": "robustness", "format": settings.fmt, "encoding": settings.encoding_name,
        "satisfiable_means": "violated: a counterexample exists in the region",
        "verifier": None if settings.verdicts is None else {
            "solver": settings.verdicts.solver, "encoding": settings.verdicts.encoding},
        "queries": rows,
    }  # fmt: skip
    write_manifest(out, manifest)
    return manifest
