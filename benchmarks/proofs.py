"""Cost of certificates on the bundled model: proof size, solve time with and without proof
logging, and DRAT check time per checker (dratify pure Python, dratify + cdclkit native when
installed, drat-trim when on PATH), each check under a time limit.

    python benchmarks/proofs.py --samples 20 --eps 1 --check-limit 120

writes benchmarks/results/proofs.csv and benchmarks/results/proofs.md. Not imported by the package.
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from bnnverify.backends import make_sink
from bnnverify.backends.pysat import solve_cnf
from bnnverify.cli import default_model_path
from bnnverify.data import load_samples
from bnnverify.drat import check_drat, with_empty_clause, write_dimacs
from bnnverify.io import load_network
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import linf_ball
from bnnverify.verify import query_encoding

RESULTS = Path(__file__).resolve().parent / "results"
FIELDS = [
    "index", "label", "eps", "fixed_neurons", "total_neurons", "n_vars", "n_clauses",
    "cnf_bytes", "status", "solve_s", "solve_with_proof_s", "proof_lines", "proof_bytes",
    "check_dratify_python_s", "check_dratify_python", "check_dratify_native_s",
    "check_dratify_native", "check_drat_trim_s", "check_drat_trim",
]  # fmt: skip


def checkers() -> dict[str, str]:
    """Column name -> checker argument of check_drat, for the checkers installed here."""
    found = {"dratify_python": "dratify-python"}
    if find_spec("cdclkit") is not None:
        found["dratify_native"] = "dratify"
    if shutil.which("drat-trim"):
        found["drat_trim"] = "drat-trim"
    return found


def measure(model, x0, label, index, eps, args, work: Path) -> dict:
    builder = make_sink(args.solver, args.encoding)
    _, (bounds,) = query_encoding(Robustness(model, label), linf_ball(x0, eps), builder)
    row = {"index": index, "label": label, "eps": eps, "fixed_neurons": bounds.n_fixed,
           "total_neurons": bounds.n_total, "n_vars": builder.n_vars,
           "n_clauses": len(builder.clauses)}  # fmt: skip
    plain = solve_cnf(builder, args.solver)
    logged = solve_cnf(builder, args.solver, with_proof=True)
    row.update(status=plain.status.value, solve_s=round(plain.solve_time_s, 4),
               solve_with_proof_s=round(logged.solve_time_s, 4))  # fmt: skip
    if logged.status.value != "unsat":
        return row
    cnf, proof = work / f"q_{index}.cnf", work / f"q_{index}.drat"
    write_dimacs(cnf, builder.clauses, builder.n_vars)
    lines = with_empty_clause(logged.proof or [])
    proof.write_text("\n".join(lines) + "\n", encoding="utf-8")
    row.update(cnf_bytes=cnf.stat().st_size, proof_lines=len(lines),
               proof_bytes=proof.stat().st_size)  # fmt: skip
    for column, checker in checkers().items():
        outcome = check_drat(cnf, proof, checker=checker, time_limit_s=args.check_limit)
        row[f"check_{column}_s"] = round(outcome.time_s, 3)
        row[f"check_{column}"] = outcome.result
    return row


def median(rows: list[dict], key: str) -> str:
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float))]
    return f"{np.median(values):.3f}" if values else "-"


def startup_cost(work: Path, args) -> dict[str, float]:
    """Check time of a one-clause CNF per checker: child-process start-up and imports, paid
    by every check that runs under a time limit."""
    cnf, proof = work / "unit.cnf", work / "unit.drat"
    cnf.write_text("p cnf 1 2\n1 0\n-1 0\n")
    proof.write_text("0\n")
    return {column: check_drat(cnf, proof, checker=checker, time_limit_s=args.check_limit).time_s
            for column, checker in checkers().items()}  # fmt: skip


def write_markdown(rows: list[dict], args, command: str, path: Path, startup: dict) -> None:
    unsat = [r for r in rows if r["status"] == "unsat"]
    lines = [
        "# DRAT certificates on the bundled model", "",
        f"Command: `{command}`", "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, shared 2-core box (timings are rough upper bounds). "
        f"Solver {args.solver}, encoding {args.encoding}, eps {args.eps}, "
        f"check limit {args.check_limit} s per proof per checker.", "",
        f"{len(rows)} correctly classified bundled samples; {len(unsat)} unsat (holds, proof "
        "logged and checked); the others are sat (violated: nothing to certify).", "",
        "| metric (median over unsat queries) | value |", "|---|---|",
        f"| clauses | {median(unsat, 'n_clauses')} |",
        f"| plain solve (s) | {median(unsat, 'solve_s')} |",
        f"| solve with proof logging (s) | {median(unsat, 'solve_with_proof_s')} |",
        f"| proof lines | {median(unsat, 'proof_lines')} |",
        f"| proof bytes | {median(unsat, 'proof_bytes')} |",
    ]  # fmt: skip
    for column in checkers():
        done = [r for r in unsat if r.get(f"check_{column}") == "verified"]
        lines.append(f"| check {column} (s), verified {len(done)}/{len(unsat)} "
                     f"| {median(done, f'check_{column}_s')} |")  # fmt: skip
    lines += [
        "",
        "Every check runs in a child process (for the time limit) and parses the CNF "
        "text; the start-up alone, measured on a one-clause CNF, takes "
        + ", ".join(f"{c} {t:.2f} s" for c, t in startup.items())
        + ".",
    ]
    lines += ["", "Per query (times in s; a check past the limit reads `timeout`):", "",
              "| index | clauses | fixed | status | solve | solve+proof | proof lines | "
              + " | ".join(f"check {c}" for c in checkers()) + " |",
              "|---" * (7 + len(checkers())) + "|"]  # fmt: skip
    for r in rows:
        checks = [f"{r.get(f'check_{c}_s', '-')} ({r.get(f'check_{c}', '-')})" for c in checkers()]
        lines.append(
            f"| {r['index']} | {r['n_clauses']} | {r['fixed_neurons']}/{r['total_neurons']} "
            f"| {r['status']} | {r['solve_s']} | {r['solve_with_proof_s']} "
            f"| {r.get('proof_lines', '-')} | " + " | ".join(checks) + " |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--eps", type=int, default=1)
    parser.add_argument("--solver", default="cadical195")
    parser.add_argument("--encoding", default="totalizer")
    parser.add_argument("--check-limit", type=float, default=120.0)
    parser.add_argument("--out", default=str(RESULTS / "proofs"))
    args = parser.parse_args()
    net = load_network(default_model_path())
    model = Model.of(net)
    data = load_samples()
    x = net.flatten(data.x)
    correct = np.flatnonzero(model.packed.predict(x) == data.y)[: args.samples]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        startup = startup_cost(Path(tmp), args)
        for index in correct:
            started = time.perf_counter()
            row = measure(model, x[index], int(data.y[index]), int(index), args.eps, args,
                          Path(tmp))  # fmt: skip
            rows.append(row)
            print(f"[{index}] {row['status']} {time.perf_counter() - started:.1f} s: {row}",
                  file=sys.stderr, flush=True)  # fmt: skip
    out = Path(args.out)  # a stem: <out>.csv and <out>.md
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{out}.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=FIELDS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    command = "python benchmarks/proofs.py " + " ".join(sys.argv[1:])
    write_markdown(rows, args, command.strip(), Path(f"{out}.md"), startup)


if __name__ == "__main__":
    main()
