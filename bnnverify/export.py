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

from pysat.formula import IDPool

from bnnverify import __version__, defaults
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.backends.text import OpbSink, SmtSink
from bnnverify.bounds import Bounds
from bnnverify.encode.sink import ConstraintSink
from bnnverify.errors import UsageError
from bnnverify.model import BinaryNetwork
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import RobustnessQuery
from bnnverify.regions import InputBox
from bnnverify.verify import CheckConfig, query_encoding, run

FORMATS: dict[str, str] = {"dimacs": "cnf", "opb": "opb", "smt2": "smt2"}  # format -> extension
COMMENT: dict[str, str] = {"dimacs": "c", "opb": "*", "smt2": ";"}
MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = 1


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


def encode_instance(model: Model, query: RobustnessQuery, fmt: str, encoding: str) -> Instance:
    """The query's formula exactly as `check` builds it (verify.query_encoding: linf ball,
    bounds, then the property's encoders)."""
    sink = make_sink(fmt, encoding)
    prop, region = query.on(model), query.region()
    _, bounds = query_encoding(prop, region, sink)
    return Instance(sink, region.box(model.net), bounds[0], prop.checked_targets())


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


def instance_name(query: RobustnessQuery, fmt: str) -> str:
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
    encoding: str = defaults.EXPORT_ENCODING
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


def expected_verdict(model: Model, query: RobustnessQuery, config: CheckConfig | None) -> str:
    """The verifier's verdict on the query ("holds" / "violated" / "unknown"), or "not run"."""
    if config is None:
        return "not run"
    return run(query.on(model), query.region(), config, query.index).verdict.value


def header_lines(
    model: ModelInfo, query: RobustnessQuery, instance: Instance, settings: ExportSettings,
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
    queries: Sequence[RobustnessQuery],
    settings: ExportSettings,
    out_dir: str | Path,
    model: ModelInfo,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Write one instance per correctly classified query and DIR/manifest.json; return it.

    Misclassified inputs, and inputs whose label is the only target class, are skipped (DESIGN.md
    section 3) and listed as such in the manifest.
    """
    make_sink(settings.fmt, settings.encoding)  # refuse a bad format / encoding before any work
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    compiled = Model.of(net)
    rows = []
    for query in queries:
        row: dict = {"index": query.index, "label": query.label, "eps": query.eps}
        classified = query.on(compiled).classify(query.region().box(net))
        if classified.verdict is not None:  # misclassified, or the label is the only target
            predicted = classified.details["predicted"]
            why = classified.reason or f"misclassified (predicted {predicted})"
            rows.append({**row, "file": None, "skipped": why})
            continue
        instance = encode_instance(compiled, query, settings.fmt, settings.encoding)
        verdict = expected_verdict(compiled, query, settings.verdicts)
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
