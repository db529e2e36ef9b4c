"""What a worker of `bnnverify check` does (runner.WorkerTask setups and runs).

A setup loads the model(s) once per worker and compiles the packed engine before any query is
timed; a run decides one query (and, for --proof, certifies a holds verdict).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bnnverify.runner import WorkerTask


@dataclass(frozen=True)
class ProofOptions:
    """--proof DIR with --proof-solver and --proof-encoding."""

    solver: str
    encoding: str
    out_dir: str


@dataclass(frozen=True)
class RobustnessJob:
    query: Any  # verify.RobustnessQuery
    config: Any  # verify.CheckConfig
    proof: ProofOptions | None = None


@dataclass(frozen=True)
class EquivalenceJob:
    index: int | None
    box: Any  # bounds.InputBox
    eps: int | None
    config: Any  # verify.CheckConfig


def robustness_task(model_path: str | Path) -> WorkerTask:
    return WorkerTask(load_engines, (str(model_path),), run_robustness)


def equivalence_task(path_a: str | Path, path_b: str | Path) -> WorkerTask:
    return WorkerTask(load_engines, (str(path_a), str(path_b)), run_equivalence)


def load_engines(*model_paths: str) -> list:
    """[net, packed] per model file, each engine compiled (numba) before any query is timed."""
    from bnnverify.engine import packed
    from bnnverify.io import load_network

    if packed.HAS_NUMBA:
        # A query evaluates small batches, where thread start-up costs more than it saves
        # (measured: 1 image 39 ms with 2 threads on a busy machine, 0.3 ms with 1);
        # parallelism goes across queries instead (--workers).
        packed.numba.set_num_threads(1)
    state: list = []
    for path in model_paths:
        net = load_network(path, warn=False)  # the command has warned already
        engine = packed.PackedNetwork(net)
        engine.predict(np.full((1, net.n_inputs), net.input_min))
        state.extend((net, engine))
    return state


def run_robustness(state: list, job: RobustnessJob) -> tuple[Any, Any]:
    """(CheckResult, for --proof and a holds verdict its proofs.ProofRecord, else None)."""
    from bnnverify.verify import Verdict, check_robustness

    net, packed = state
    result = check_robustness(net, packed, job.query, job.config)
    proof = None
    if job.proof is not None and result.verdict is Verdict.HOLDS:
        proof = certify_holds(net, job.query, job.proof, job.config.timeout_s)
    return result, proof


def certify_holds(net, query, proof: ProofOptions, timeout_s: float | None):  # -> ProofRecord
    """Re-decide a holds query with a DRAT-logging solver; check the proof: a ProofRecord."""
    from bnnverify.bounds import linf_box
    from bnnverify.errors import SolverError
    from bnnverify.proofs import prove_robustness

    record = prove_robustness(
        net, linf_box(net, query.x0, query.eps), query.label, query.targets,
        encoding=proof.encoding, solver=proof.solver, out_dir=proof.out_dir,
        stem=f"q_{query.index}_eps_{query.eps}", timeout_s=timeout_s,
    )  # fmt: skip
    if record.status == "sat":  # two solvers disagree: a bug, never a result
        raise SolverError(
            f"query {query.index}: the proof solver found the holds query satisfiable; "
            "please report this"
        )
    return record


def run_equivalence(state: list, job: EquivalenceJob):  # -> verify.EquivalenceResult
    from bnnverify.verify import check_equivalence

    net_a, packed_a, net_b, packed_b = state
    return check_equivalence(
        net_a, packed_a, net_b, packed_b, job.box, job.config, index=job.index, eps=job.eps
    )
