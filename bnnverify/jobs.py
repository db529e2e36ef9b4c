"""What a worker of `bnnverify check` does (runner.WorkerTask setups and runs), for every property.

A setup loads the model file(s) once per worker and compiles the packed engines before any
query is timed; a run binds the job's property to those models and calls verify.run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
class Job:
    """One query: `bind(models)` makes its property (a picklable callable, e.g.
    functools.partial(Robustness.bind, label=3, targets=None)); region, config, row index."""

    bind: Callable[[Sequence[Any]], Any]  # models -> properties.base.Property
    region: Any  # regions.Region
    config: Any  # verify.CheckConfig
    index: int | None
    proof: ProofOptions | None = None


def task(*model_paths: str | Path) -> WorkerTask:
    """The worker task of a run over these model files (one for robustness, two for
    equivalence)."""
    return WorkerTask(load_models, tuple(str(path) for path in model_paths), run_job)


def load_models(*model_paths: str) -> list:
    """A properties.base.Model per model file, each engine compiled (numba) before any query
    is timed."""
    from bnnverify.engine import packed
    from bnnverify.io import load_network
    from bnnverify.properties.base import Model

    if packed.HAS_NUMBA:
        # A query evaluates small batches, where thread start-up costs more than it saves
        # (measured: 1 image 39 ms with 2 threads on a busy machine, 0.3 ms with 1);
        # parallelism goes across queries instead (--workers).
        packed.numba.set_num_threads(1)
    models = []
    for path in model_paths:
        net = load_network(path, warn=False)  # the command has warned already
        model = Model(net, packed.PackedNetwork(net))
        model.packed.predict(np.full((1, net.n_inputs), net.input_min))
        models.append(model)
    return models


def run_job(models: list, job: Job) -> Any:  # -> results.Result
    from bnnverify.proofs import ProofRequest
    from bnnverify.verify import run

    proof = None
    if job.proof is not None:
        eps = job.region.recorded_eps
        stem = f"q_{job.index}_eps_{eps}" if eps is not None else f"q_{job.index}"
        proof = ProofRequest(job.proof.solver, job.proof.encoding, job.proof.out_dir, stem)
    return run(job.bind(models), job.region, job.config, job.index, proof)
