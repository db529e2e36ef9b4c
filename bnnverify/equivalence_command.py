"""`bnnverify check --property equivalence --model A --other B`: regions -> verdicts -> files.

The region is the whole input space unless --eps is given; then it is the eps-ball around each
selected input (labels are not used).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from bnnverify.errors import UsageError


def run_equivalence(args: argparse.Namespace) -> int:
    from bnnverify.bounds import linf_box, whole_space
    from bnnverify.cli import check_input_shape, default_model_path, load_eval_data
    from bnnverify.commands import (
        Progress,
        build_check_config,
        check_check_outputs,
        finished_detail,
        print_equivalence_summary,
        recorded_result,
        select_indices,
        split_recorded,
    )
    from bnnverify.equivalence import check_comparable
    from bnnverify.errors import Interrupted
    from bnnverify.io import file_sha256, load_network, write_counterexample
    from bnnverify.jobs import EquivalenceJob, equivalence_task
    from bnnverify.outputs import ResultsWriter
    from bnnverify.runner import QueryRunner
    from bnnverify.verify import EquivalenceResult, summarize, validate_eps

    check_check_outputs(args)
    if not args.other:
        raise UsageError("--property equivalence needs --other MODEL (the second model)")
    path_a = Path(args.model) if args.model else default_model_path()
    path_b = Path(args.other)
    net_a, net_b = load_network(path_a), load_network(path_b)
    check_comparable(net_a, net_b)
    config = build_check_config(args)
    if args.eps is None:
        jobs = [EquivalenceJob(None, whole_space(net_a), None, config)]
        original = None
    else:
        validate_eps(net_a, args.eps)
        dataset = load_eval_data(args)
        check_input_shape(net_a, dataset.x, dataset.source)
        jobs = [
            EquivalenceJob(
                i, linf_box(net_a, net_a.flatten(dataset.x[i])[0], args.eps), args.eps, config
            )
            for i in select_indices(args, len(dataset))
        ]
        original = dataset.x
    sha_a, sha_b = file_sha256(path_a), file_sha256(path_b)
    fields = {job.index: equivalence_fields(job, sha_a, sha_b) for job in jobs}
    recorded, resume_at, jobs = split_recorded(args, jobs, fields)
    results = [recorded_result(EquivalenceResult, row) for row in recorded]
    total = len(results) + len(jobs)
    boxes = {job.index: job.box for job in jobs}
    progress = Progress(len(jobs))
    try:
        with (
            ResultsWriter(args.out, resume_at) as writer,
            QueryRunner(equivalence_task(path_a, path_b), min(args.workers, len(jobs))) as runner,
        ):
            for result in runner.map(jobs):
                index = result.index
                cex_path = None
                if result.counterexample is not None and args.cex_dir:
                    shape = net_a.input_shape
                    before = (
                        original[index]
                        if original is not None
                        else np.asarray(boxes[index].center).reshape(shape)
                    )
                    cex_path = str(
                        write_counterexample(
                            args.cex_dir,
                            "whole" if index is None else index,
                            before,
                            result.counterexample.reshape(shape),
                            net_a.input_min,
                            net_a.input_max,
                        )
                    )
                writer.write(result.to_row(sha_a, sha_b, cex_path) | fields[index])
                results.append(result)
                progress.update(result.verdict.value)
    except Interrupted as stop:
        progress.close()
        raise Interrupted(stop.signum, finished_detail(len(results), total, args.out)) from None
    progress.close()
    summary = summarize(results)
    summary.update(
        model=str(path_a),
        other=str(path_b),
        eps=args.eps,
        solver=config.solver,
        encoding=config.encoding,
        region="whole input space" if args.eps is None else f"eps-balls, eps {args.eps}",
    )
    if recorded:
        summary["resumed"] = len(recorded)
    print_equivalence_summary(summary, args.json)
    return {"holds": 0, "violated": 1, "unknown": 3}[summary["result"]]


def equivalence_fields(job, sha_a: str, sha_b: str) -> dict:
    """The row fields that name an equivalence query for --resume (outputs.QUERY_KEY_FIELDS)."""
    import hashlib

    from bnnverify.commands import config_fields
    from bnnverify.verify import encoding_name

    center = None
    if job.index is not None:
        x0 = np.ascontiguousarray(job.box.center, dtype=np.int64)
        center = hashlib.sha256(x0.tobytes()).hexdigest()
    return {
        "property": "equivalence", "model_sha256": sha_a, "other_sha256": sha_b,
        "index": job.index, "eps": job.eps, "label": None, "targets": None,
        "input_sha256": center, **config_fields(job.config, encoding_name(job.config)),
        "proof_with": None,
    }  # fmt: skip
