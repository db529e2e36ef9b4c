"""A campaign: many queries of one property run through the worker pool, row by row.

run_campaign does what `bnnverify check` does after its options are read, for every property:
skip the queries a results file already records (--resume: the same model(s), property, region
and configuration, outputs.QUERY_KEY_FIELDS), run the others in runner.QueryRunner workers
(each calls verify.run, jobs.run_job), write each row as its query finishes
(outputs.ResultsWriter: an interrupt keeps every finished row), write counterexample files, and
summarize (results.summarize). No printing: progress goes to the caller's Progress.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from bnnverify.errors import Interrupted, UsageError
from bnnverify.jobs import Job, ProofOptions

if TYPE_CHECKING:
    from bnnverify.model import BinaryNetwork
    from bnnverify.properties.robustness import RobustnessQuery
    from bnnverify.results import Result
    from bnnverify.verify import CheckConfig


class Progress(Protocol):
    """What a campaign reports to: one update per finished query, then close()."""

    def update(self, verdict: str) -> None: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[int], Progress]  # the number of queries to run -> a Progress


@dataclass(frozen=True)
class Outputs:
    results: str | None = None  # results file (JSON Lines); None: none written
    resume: bool = False  # append to `results`, skipping the queries it records
    cex_dir: str | None = None  # counterexample files (io.write_counterexample)


@dataclass(frozen=True)
class Query:
    """One query of a campaign: the job a worker runs, the row fields that name it for
    --resume (outputs.QUERY_KEY_FIELDS), and the input as given (counterexample files)."""

    job: Job
    fields: dict
    original: np.ndarray
    cex_name: str  # counterexample files DIR/<cex_name>.npy and .png


@dataclass(frozen=True)
class Outcome:
    """results: the recorded rows first (as results, without arrays), then the new ones in the
    order they finished. summary: results.summarize plus "resumed" (when rows were recorded)
    and, with proofs, "proofs_checked" and "proofs_tried"."""

    results: list
    summary: dict
    model_sha256: str  # of the (first) model


def model_shas(paths: Sequence[str | Path]) -> list[str]:
    from bnnverify.io import file_sha256

    return [file_sha256(path) for path in paths]


def robustness_query(
    query: RobustnessQuery,
    original: np.ndarray,
    sha: str,
    config: CheckConfig,
    proof: ProofOptions | None,
) -> Query:
    """The campaign query of one input's eps-ball (or L0 ball) keeping its label."""
    from bnnverify.properties.robustness import Robustness

    bind = functools.partial(Robustness.bind, label=query.label, targets=query.targets)
    job = Job(bind, query.region(), config, query.index, proof)
    fields = {
        "property": "robustness", "model_sha256": sha, "index": query.index, "eps": query.eps,
        "l0": query.l0, "label": query.label,
        "targets": None if query.targets is None else list(query.targets),
        "input_sha256": input_sha256(query.x0), **config_fields(config),
        "proof_with": None if proof is None else f"{proof.solver}/{proof.encoding}",
    }  # fmt: skip
    return Query(job, fields, np.asarray(original), str(query.index))


def equivalence_query(
    net: BinaryNetwork,
    index: int | None,
    eps: int | None,
    original: np.ndarray | None,
    shas: Sequence[str],
    config: CheckConfig,
) -> Query:
    """Two models predict alike on the eps-ball around `original` (input `index`), or on the
    whole input space when index is None."""
    from bnnverify.properties.equivalence import Equivalence
    from bnnverify.regions import WholeSpace, linf_ball

    if index is None or original is None or eps is None:
        region = WholeSpace()
        center = region.box(net).center
        original, x0, name = np.asarray(center).reshape(net.input_shape), None, "whole"
    else:
        x0 = net.flatten(original)[0]
        region, name = linf_ball(x0, eps), str(index)  # type: ignore[assignment]
    job = Job(Equivalence.bind, region, config, index)
    fields = {
        "property": "equivalence", "model_sha256": shas[0], "other_sha256": shas[1],
        "index": index, "eps": eps, "label": None, "targets": None,
        "input_sha256": input_sha256(x0), **config_fields(config), "proof_with": None,
    }  # fmt: skip
    return Query(job, fields, np.asarray(original), name)


def input_sha256(x: np.ndarray | None) -> str | None:
    """sha256 of the input as contiguous int64 (the query's center); None for None."""
    if x is None:
        return None
    return hashlib.sha256(np.ascontiguousarray(x, dtype=np.int64).tobytes()).hexdigest()


def config_fields(config: CheckConfig) -> dict:
    from bnnverify.backends import encoding_name

    return {
        "solver": config.solver, "encoding": encoding_name(config.solver, config.encoding),
        "timeout_s": config.timeout_s, "use_bounds": config.use_bounds,
        "attack_seed": None if config.attack is None else config.attack.seed,
    }  # fmt: skip


def run_campaign(
    model_paths: Sequence[str | Path],
    net: BinaryNetwork,
    queries: Sequence[Query],
    outputs: Outputs,
    workers: int,
    progress: ProgressFactory | None = None,
) -> Outcome:
    """Decide every query (the recorded ones are read back, not re-run); see the module doc.

    Args:
        net: the first model (its input range, for the counterexample images).
        workers: processes (at most one per query is started).
        progress: called with the number of queries to run, before they run.
    """
    from bnnverify.jobs import task

    shas = model_shas(model_paths)
    recorded, resume_at, left = split_recorded(outputs, queries)
    by_index = {query.job.index: query for query in left}

    def finish(result: Result) -> tuple[Result, dict]:
        query = by_index[result.index]
        cex_path = None
        if result.counterexample is not None and outputs.cex_dir:
            cex_path = str(write_cex(outputs.cex_dir, net, query, result.counterexample))
        return result, result.to_row(shas, cex_path) | query.fields

    results = [recorded_result(row) for row in recorded]
    results += run_jobs(task(*model_paths), [q.job for q in left], finish, outputs, resume_at,
                        workers, len(results), progress)  # fmt: skip
    summary = summarize(results, len(recorded))
    if any(query.job.proof is not None for query in queries):
        tried = sum("proof_status" in row for row in recorded)
        tried += sum(result.proof is not None for result in results[len(recorded) :])
        summary.update(proofs_checked=summary["verdicts"]["holds"], proofs_tried=tried)
    return Outcome(results, summary, shas[0])


def run_jobs(
    task,  # runner.WorkerTask
    jobs: list,
    finish: Callable,
    outputs: Outputs,
    resume_at: int | None,
    workers: int,
    n_done: int,
    progress: ProgressFactory | None,
) -> list:
    """Run `jobs` in `workers` processes; finish(answer) -> (result, row) per answer, each row
    written at once. On an interrupt, Interrupted names how many of the n_done + len(jobs)
    queries finished and where their rows are."""
    from bnnverify.outputs import ResultsWriter
    from bnnverify.runner import QueryRunner

    display = None if progress is None else progress(len(jobs))
    results = []
    try:
        with (
            ResultsWriter(outputs.results, resume_at) as writer,
            QueryRunner(task, min(workers, len(jobs))) as runner,
        ):
            for answer in runner.map(jobs):
                result, row = finish(answer)
                writer.write(row)
                results.append(result)
                if display is not None:
                    display.update(result.verdict.value)
    except Interrupted as stop:
        if display is not None:
            display.close()
        detail = finished_detail(n_done + len(results), n_done + len(jobs), outputs.results)
        raise Interrupted(stop.signum, detail) from None
    if display is not None:
        display.close()
    return results


def summarize(results: list, n_resumed: int) -> dict:
    from bnnverify.results import summarize as summarize_results

    summary = summarize_results(results)
    if n_resumed:
        summary["resumed"] = n_resumed
    return summary


def finished_detail(finished: int, total: int, out: str | None) -> str:
    kept = f"rows kept in {out}" if out else "no --out file given"
    return f"{finished} of {total} queries finished, {kept}"


def split_recorded(outputs: Outputs, queries: Sequence[Query]) -> tuple:
    """--resume: (the rows of the results file recorded for these queries, the byte length of
    its complete rows, the queries still to run); without resume: ([], None, queries)."""
    from bnnverify.outputs import query_key, read_recorded

    if not outputs.resume:
        return [], None, list(queries)
    if outputs.results is None:
        raise UsageError("--resume needs --out FILE (the results file to resume)")
    rows, resume_at = read_recorded(outputs.results)
    by_key = {query_key(row): row for row in rows}
    recorded, left = [], []
    for query in queries:
        key = query_key(json.loads(json.dumps(query.fields)))
        if key in by_key:
            recorded.append(by_key[key])
        else:
            left.append(query)
    return recorded, resume_at, left


def recorded_result(row: dict) -> Result:
    """A Result from a recorded row, for the summary (no arrays)."""
    from bnnverify.properties import detail_names
    from bnnverify.results import Result

    return Result.from_row(row, detail_names(row["property"]))


def check_proof_options(proof: ProofOptions) -> None:
    """A DRAT-logging solver, a clause encoding it accepts, and an installed proof checker."""
    from bnnverify.backends import check_solver
    from bnnverify.drat import available_checker
    from bnnverify.proofs import check_proof_solver

    check_proof_solver(proof.solver)
    if proof.encoding == "native":
        raise UsageError("--proof-encoding must be a clause encoding (native is no CNF)")
    check_solver(proof.solver, proof.encoding)
    available_checker()


def write_cex(directory: str, net: BinaryNetwork, query: Query, counterexample: np.ndarray) -> Path:
    """A counterexample as DIR/<name>.npy and .png, in the shape (and dtype) of the input."""
    from bnnverify.io import write_counterexample

    original = query.original
    perturbed = counterexample.reshape(original.shape).astype(original.dtype)
    return write_counterexample(
        directory, query.cex_name, original, perturbed, net.input_min, net.input_max
    )
