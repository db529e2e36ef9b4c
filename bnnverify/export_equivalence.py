"""Equivalence queries as instance files: the miter `check --property equivalence` decides.

Each instance is satisfiable iff some input of the region makes the two models predict different
classes (bnnverify.equivalence). The region is the whole input space (one instance, index 0) or
the eps-ball around each selected input (one instance per input, named by its index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bnnverify import __version__
from bnnverify.bounds import InputBox, propagate
from bnnverify.equivalence import encode_equivalence
from bnnverify.export import (
    EXPECTED_STATUS,
    FORMATS,
    MANIFEST_VERSION,
    ExportSettings,
    Instance,
    ModelInfo,
    make_sink,
    n_constraints,
    render,
    text_sha256,
    write_manifest,
)
from bnnverify.model import BinaryNetwork


@dataclass(frozen=True)
class Region:
    """index: the input whose eps-ball this is (None: the whole input space)."""

    index: int | None
    eps: int | None
    box: InputBox


def region_name(region: Region, fmt: str) -> str:
    """eq_<index>_eps_<eps>.<ext>, or eq_0_whole.<ext>: the index is its own `_` token."""
    if region.index is None:
        return f"eq_0_whole.{FORMATS[fmt]}"
    return f"eq_{region.index}_eps_{region.eps}.{FORMATS[fmt]}"


def encode_region(
    net_a: BinaryNetwork, net_b: BinaryNetwork, region: Region, fmt: str, encoding: str
) -> Instance:
    sink = make_sink(fmt, encoding)
    bounds_a, bounds_b = propagate(net_a, region.box), propagate(net_b, region.box)
    encoded = encode_equivalence(sink, net_a, net_b, region.box, bounds_a, bounds_b)
    encoded.sharing.flush()
    return Instance(sink, region.box, bounds_a, [])


def export_equivalence(
    net_a: BinaryNetwork,
    net_b: BinaryNetwork,
    regions: Sequence[Region],
    settings: ExportSettings,
    out_dir: str | Path,
    models: tuple[ModelInfo, ModelInfo],
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Write one miter instance per region and DIR/manifest.json; return the manifest."""
    from bnnverify.engine.packed import PackedNetwork
    from bnnverify.verify import check_equivalence

    make_sink(settings.fmt, settings.encoding)  # refuse a bad format / encoding before any work
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    packed_a, packed_b = PackedNetwork(net_a), PackedNetwork(net_b)
    rows = []
    for region in regions:
        instance = encode_region(net_a, net_b, region, settings.fmt, settings.encoding)
        verdict = "not run"
        if settings.verdicts is not None:
            verdict = check_equivalence(
                net_a, packed_a, net_b, packed_b, region.box, settings.verdicts
            ).verdict.value
        status = EXPECTED_STATUS.get(verdict, "unknown")
        header = [
            f"bnnverify {__version__} equivalence instance ({settings.fmt})",
            f"model_sha256 {models[0].sha256}",
            f"other_sha256 {models[1].sha256}",
            "property equivalence",
            f"index {'whole input space' if region.index is None else region.index}",
            f"eps {region.eps}",
            f"encoding {settings.encoding_name}",
            f"expected {status} ({verdict})",
            "meaning: satisfiable iff some integer x in the region (the 'box i lo hi' lines) "
            "has argmax A(x) != argmax B(x), ties to the lowest index",
        ]
        text = render(instance, settings.fmt, header, status)
        name = region_name(region, settings.fmt)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        rows.append(
            {
                "index": region.index,
                "eps": region.eps,
                "file": name,
                "verdict": verdict,
                "expected": status,
                "n_vars": int(instance.sink.pool.top),
                "n_constraints": n_constraints(instance.sink),
                "sha256": text_sha256(text),
            }
        )
        if progress is not None:
            progress(f"{name}: {verdict}, {rows[-1]['n_constraints']} constraints")
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "tool": "bnnverify",
        "tool_version": __version__,
        "model": models[0].name,
        "model_sha256": models[0].sha256,
        "other": models[1].name,
        "other_sha256": models[1].sha256,
        "data": models[0].data,
        "property": "equivalence",
        "format": settings.fmt,
        "encoding": settings.encoding_name,
        "satisfiable_means": "violated: an input in the region separates the two models",
        "verifier": None
        if settings.verdicts is None
        else {"solver": settings.verdicts.solver, "encoding": settings.verdicts.encoding},
        "queries": rows,
    }
    write_manifest(out, manifest)
    return manifest
