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
        print_equivalence_summary,
        select_indices,
    )
    from bnnverify.engine.packed import PackedNetwork
    from bnnverify.equivalence import check_comparable
    from bnnverify.io import ResultsWriter, file_sha256, load_network, write_counterexample
    from bnnverify.verify import check_equivalence, summarize, validate_eps

    if not args.other:
        raise UsageError("--property equivalence needs --other MODEL (the second model)")
    path_a = Path(args.model) if args.model else default_model_path()
    path_b = Path(args.other)
    net_a, net_b = load_network(path_a), load_network(path_b)
    check_comparable(net_a, net_b)
    config = build_check_config(args)
    packed_a, packed_b = PackedNetwork(net_a), PackedNetwork(net_b)
    if args.eps is None:
        regions = [(None, whole_space(net_a), None)]
        original = None
    else:
        validate_eps(net_a, args.eps)
        dataset = load_eval_data(args)
        check_input_shape(net_a, dataset.x, dataset.source)
        regions = [(i, linf_box(net_a, net_a.flatten(dataset.x[i])[0], args.eps), i)
                   for i in select_indices(args, len(dataset))]
        original = dataset.x
    sha_a, sha_b = file_sha256(path_a), file_sha256(path_b)
    results = []
    progress = Progress(len(regions))
    with ResultsWriter(args.out) as writer:
        for index, box, _ in regions:
            result = check_equivalence(net_a, packed_a, net_b, packed_b, box, config,
                                       index=index, eps=args.eps)
            cex_path = None
            if result.counterexample is not None and args.cex_dir:
                shape = net_a.input_shape
                before = (original[index] if original is not None
                          else np.asarray(box.center).reshape(shape))
                cex_path = str(write_counterexample(
                    args.cex_dir, "whole" if index is None else index, before,
                    result.counterexample.reshape(shape), net_a.input_min, net_a.input_max))
            writer.write(result.to_row(sha_a, sha_b, cex_path))
            results.append(result)
            progress.update(result.verdict.value)
    progress.close()
    summary = summarize(results)
    summary.update(model=str(path_a), other=str(path_b), eps=args.eps, solver=config.solver,
                   encoding=config.encoding,
                   region="whole input space" if args.eps is None else f"eps-balls, eps {args.eps}")
    print_equivalence_summary(summary, args.json)
    return {"holds": 0, "violated": 1, "unknown": 3}[summary["result"]]
