"""`bnnverify check`: options -> queries -> results file, counterexample files, summary.

Rows are written (and flushed) as each query finishes, so an interrupt keeps every finished row.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import numpy as np

from bnnverify.errors import UsageError

DEFAULT_EPS = 2
DEFAULT_SAMPLES = 100
DEFAULT_SOLVER = "portfolio"
DEFAULT_ENCODING = "native"
DEFAULT_PROOF_SOLVER = "cadical195"
DEFAULT_PROOF_ENCODING = "kmtotalizer"  # the fastest clause encoding measured (encodings/)


def add_check_parsers(commands, add_data_options: Callable) -> None:
    from bnnverify.cli import EPILOG

    check = commands.add_parser("check", help="decide a property (robustness, equivalence)",
                                epilog=EPILOG)
    check.add_argument("--property", choices=("robustness", "equivalence"), default="robustness")
    check.add_argument("--other", help="the second model (equivalence)")
    add_region_options(check, add_data_options)
    check.add_argument("--solver", default=DEFAULT_SOLVER,
                       help="portfolio, a python-sat solver name, z3 or cpsat "
                       f"(default {DEFAULT_SOLVER})")
    check.add_argument("--encoding", default=DEFAULT_ENCODING,
                       help="native, seqcounter, totalizer, totalizer2, mtotalizer, kmtotalizer, "
                       f"cardnetwork or sortnetwork (default {DEFAULT_ENCODING})")
    check.add_argument("--timeout", type=float, default=60.0,
                       help="seconds per query; past it the verdict is unknown (default 60)")
    check.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    check.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    check.add_argument("--no-bounds", action="store_true",
                       help="encode every neuron (no interval fixing); for baselines")
    check.add_argument("--seed", type=int, default=0, help="seed of the attack")
    check.add_argument("--out", help="results file (JSON Lines), one row per query")
    check.add_argument("--cex-dir", help="write counterexamples here (<index>.npy, <index>.png)")
    check.add_argument("--json", action="store_true", help="print one JSON summary")
    check.add_argument("--proof", metavar="DIR",
                       help="for each holds verdict, write the CNF and a DRAT proof of its "
                       "unsatisfiability here and check it with an independent checker")
    check.add_argument("--proof-solver", default=DEFAULT_PROOF_SOLVER,
                       help=f"DRAT-logging solver for --proof (default {DEFAULT_PROOF_SOLVER})")
    check.add_argument("--proof-encoding", default=DEFAULT_PROOF_ENCODING,
                       help=f"clause encoding for --proof (default {DEFAULT_PROOF_ENCODING})")
    check.set_defaults(run=run_check)


def add_region_options(parser: argparse.ArgumentParser, add_data_options: Callable) -> None:
    """The model and the inputs whose eps-balls are the regions (check, export, certify)."""
    parser.add_argument("--model", help="model file (default: the bundled model)")
    parser.add_argument("--eps", type=int, default=None,
                        help=f"L-infinity radius in input units (default {DEFAULT_EPS})")
    parser.add_argument("--samples", type=int, default=None,
                        help=f"the first N inputs (default {DEFAULT_SAMPLES})")
    parser.add_argument("--indices", help="inputs, e.g. 3,5,10-12")
    parser.add_argument("--target", help="targeted robustness: only these classes, e.g. 2,4")
    add_data_options(parser)


def parse_targets(text: str | None, n_classes: int) -> tuple[int, ...] | None:
    """--target '2,4' -> (2, 4), each a class of the model; None when not given."""
    from bnnverify.cli import parse_indices

    if not text:
        return None
    targets = tuple(parse_indices(text))
    bad = [c for c in targets if not 0 <= c < n_classes]
    if bad:
        raise UsageError(f"--target classes must lie in [0, {n_classes - 1}], got {bad[0]}")
    return targets


def select_indices(args: argparse.Namespace, n_available: int) -> list[int]:
    if args.indices and args.samples is not None:
        raise UsageError("give either --samples or --indices, not both")
    if args.indices:
        from bnnverify.cli import parse_indices

        indices = parse_indices(args.indices)
    else:
        n = DEFAULT_SAMPLES if args.samples is None else args.samples
        if n < 1:
            raise UsageError(f"--samples must be at least 1, got {n}")
        indices = list(range(min(n, n_available)))
    bad = [i for i in indices if not 0 <= i < n_available]
    if bad:
        raise UsageError(f"--indices must lie in [0, {n_available - 1}], got {bad[0]}")
    return indices


def run_check(args: argparse.Namespace) -> int:
    if args.property == "equivalence":
        from bnnverify.equivalence_command import run_equivalence

        return run_equivalence(args)
    return run_robustness(args)


def build_check_config(args: argparse.Namespace):  # -> CheckConfig
    from bnnverify.attack import AttackConfig
    from bnnverify.solvers import check_solver
    from bnnverify.verify import CheckConfig

    check_solver(args.solver, args.encoding)
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout}")
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    attack = None if args.no_attack else AttackConfig(seed=args.seed)
    return CheckConfig(solver=args.solver, encoding=args.encoding, timeout_s=args.timeout,
                       use_bounds=not args.no_bounds, attack=attack)


def run_robustness(args: argparse.Namespace) -> int:
    from bnnverify.cli import check_input_shape, default_model_path, load_eval_data
    from bnnverify.io import ResultsWriter, file_sha256, load_network
    from bnnverify.verify import RobustnessQuery, encoding_name, summarize, validate_eps

    model_path = Path(args.model) if args.model else default_model_path()
    net = load_network(model_path)
    eps = DEFAULT_EPS if args.eps is None else args.eps
    validate_eps(net, eps)
    config = build_check_config(args)
    dataset = load_eval_data(args)
    check_input_shape(net, dataset.x, dataset.source)
    targets = parse_targets(args.target, net.n_classes)
    queries = [
        RobustnessQuery(index=i, x0=net.flatten(dataset.x[i])[0], label=int(dataset.y[i]),
                        eps=eps, targets=targets)
        for i in select_indices(args, len(dataset))
    ]
    if args.proof:
        check_proof_options(args)
    sha = file_sha256(model_path)
    results = []
    progress = Progress(len(queries))
    by_index = {query.index: query for query in queries}
    proofs_checked = 0
    with ResultsWriter(args.out) as writer:
        for result in run_queries(model_path, queries, config, args.workers):
            cex_path = None
            if result.counterexample is not None and args.cex_dir:
                cex_path = str(write_cex(args.cex_dir, net, dataset.x, result))
            row = result.to_row(sha, cex_path)
            if args.proof and result.verdict.value == "holds":
                row.update(certify_holds(net, by_index[result.index], args, config.timeout_s))
                proofs_checked += row["proof_checked"] is True
            writer.write(row)
            results.append(result)
            progress.update(result.verdict.value)
    progress.close()
    summary = summarize(results)
    summary.update(model=str(model_path), model_sha256=sha, eps=eps, solver=config.solver,
                   encoding=encoding_name(config), data=dataset.source)
    if args.proof:
        summary["proofs_checked"] = proofs_checked
        if summary["result"] == "holds" and proofs_checked < summary["verdicts"]["holds"]:
            summary["result"] = "unknown"  # a holds verdict asked to be certified, and is not
    print_summary(summary, args.json)
    return {"holds": 0, "violated": 1, "unknown": 3}[summary["result"]]


def check_proof_options(args: argparse.Namespace) -> None:
    from bnnverify.proofs import available_checker, check_proof_solver

    check_proof_solver(args.proof_solver)
    if args.proof_encoding == "native":
        raise UsageError("--proof-encoding must be a clause encoding (native is no CNF)")
    from bnnverify.solvers import check_solver

    check_solver(args.proof_solver, args.proof_encoding)
    available_checker()


def certify_holds(net, query, args: argparse.Namespace, timeout_s: float | None) -> dict:
    """Re-decide a holds query with a DRAT-logging solver; check the proof; the row fields."""
    from bnnverify.bounds import linf_box
    from bnnverify.errors import SolverError
    from bnnverify.proofs import prove_robustness

    record = prove_robustness(
        net, linf_box(net, query.x0, query.eps), query.label, query.targets,
        encoding=args.proof_encoding, solver=args.proof_solver, out_dir=args.proof,
        stem=f"q_{query.index}_eps_{query.eps}", timeout_s=timeout_s,
    )
    if record.status == "sat":  # two solvers disagree: a bug, never a result
        raise SolverError(
            f"query {query.index}: the proof solver found the holds query satisfiable; "
            "please report this"
        )
    return record.to_row()


def write_cex(directory: str, net, x: np.ndarray, result) -> Path:
    from bnnverify.io import write_counterexample

    original = np.asarray(x[result.index])
    perturbed = result.counterexample.reshape(original.shape).astype(original.dtype)
    return write_counterexample(directory, result.index, original, perturbed,
                                net.input_min, net.input_max)


def print_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(f"{name} {count}" for name, count in summary["verdicts"].items())
    print(f"model:     {summary['model']}")
    print(f"queries:   {summary['queries']} at eps {summary['eps']} "
          f"({summary['solver']}, {summary['encoding']})")
    print(f"verdicts:  {counts}")
    print(f"attack:    decided {summary['decided_by_attack']} violated queries")
    if "proofs_checked" in summary:
        print(f"proofs:    {summary['proofs_checked']} of {summary['verdicts']['holds']} holds "
              "verdicts have a checked DRAT proof")
    print(f"time:      median {summary['median_time_s']:.4f} s, max {summary['max_time_s']:.4f} s,"
          f" total {summary['total_time_s']:.2f} s")
    print(f"result: {summary['result']}")


def print_equivalence_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(f"{name} {count}" for name, count in summary["verdicts"].items()
                       if name != "misclassified")
    print(f"models:    {summary['model']} vs {summary['other']}")
    print(f"region:    {summary['region']} ({summary['queries']} queries, "
          f"{summary['solver']}, {summary['encoding']})")
    print(f"verdicts:  {counts}")
    print(f"time:      median {summary['median_time_s']:.4f} s, max {summary['max_time_s']:.4f} s")
    print(f"result: {summary['result']}")


class Progress:
    """A one-line progress display on stderr (a line every 10% when stderr is not a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.counts = total, 0, {}
        self.is_tty = sys.stderr.isatty()

    def update(self, verdict: str) -> None:
        self.done += 1
        self.counts[verdict] = self.counts.get(verdict, 0) + 1
        step = max(1, self.total // 10)
        if self.is_tty or self.done % step == 0 or self.done == self.total:
            counts = " ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            end = "" if self.is_tty else "\n"
            print(f"\r[{self.done}/{self.total}] {counts}", end=end, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.is_tty:
            print(file=sys.stderr)


def run_queries(model_path: Path, queries: list, config, workers: int) -> Iterator:
    """Yield CheckResults as they finish: in order with one worker, else as completed."""
    if workers == 1 or len(queries) <= 1:
        _init_worker(str(model_path))
        for query in queries:
            yield _check_one(query, config)
        return
    # forkserver, not fork: a fork of a process whose numba/OpenMP threads already ran can
    # crash the child (seen in the test suite); forkserver children start from a clean process.
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(str(model_path),))
    try:
        pending = {pool.submit(_check_one, query, config) for query in queries}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


# Per-process state of a query worker: the network and its packed engine, loaded once.
_worker_state: dict = {}


def _init_worker(model_path: str) -> None:
    from bnnverify.engine.packed import PackedNetwork
    from bnnverify.io import load_network

    from bnnverify.engine import packed

    if packed.HAS_NUMBA:
        # A query evaluates small batches, where thread start-up costs more than it saves
        # (measured: 1 image 39 ms with 2 threads on a busy machine, 0.3 ms with 1);
        # parallelism goes across queries instead (--workers).
        packed.numba.set_num_threads(1)
    stat = Path(model_path).stat()
    key = (model_path, stat.st_mtime_ns, stat.st_size)
    if _worker_state.get("key") != key:
        net = load_network(model_path)
        engine = PackedNetwork(net)
        engine.predict(np.full((1, net.n_inputs), net.input_min))  # compile before any timing
        _worker_state.update(key=key, net=net, packed=engine)


def _check_one(query, config):
    from bnnverify.verify import check_robustness

    return check_robustness(_worker_state["net"], _worker_state["packed"], query, config)
