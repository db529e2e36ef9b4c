"""Equivalence queries as instance files: the miter `check --property equivalence` decides.

Each instance is satisfiable iff some input of the region makes the two models predict
different classes (bnnverify.properties.equivalence). The region is the whole input space (one
instance, index 0) or the eps-ball around each selected input (one instance per input, named by
its index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bnnverify import __version__
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
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.regions import InputBox, box_region
from bnnverify.verify import query_encoding, run


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


def encode_region(prop: Equivalence, region: Region, fmt: str, encoding: str) -> Instance:
    """The miter exactly as `check` builds it (verify.query_encoding), in a text sink."""
    sink = make_sink(fmt, encoding)
    _, bounds = query_encoding(prop, box_region(region.box), sink)
    return Instance(sink, region.box, bounds[0], [])


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
    make_sink(settings.fmt, settings.encoding)  # refuse a bad format / encoding before any work
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    prop = Equivalence(Model.of(net_a), Model.of(net_b))
    rows = []
    for region in regions:
        instance = encode_region(prop, region, settings.fmt, settings.encoding)
        verdict = "not run"
        if settings.verdicts is not None:
            answer = run(prop, box_region(region.box), settings.verdicts, region.index)
            verdict = answer.verdict.value
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
