"""Files: the model file (.npz, DESIGN.md section 2), results (JSON Lines), counterexamples.

A model file is read with allow_pickle=False: loading a model never runs code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from bnnverify.errors import DescriptionError
from bnnverify.model import (
    FORMAT_NAME,
    FORMAT_VERSIONS,
    INPUT_DOMAINS,
    INTEGER_DOMAIN,
    LAYER_TYPES,
    REAL_DOMAIN,
    BinaryNetwork,
    Layer,
    constant_neurons,
    next_input_shape,
)
from bnnverify.png import write_comparison_png

logger = logging.getLogger(__name__)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_network(net: BinaryNetwork, path: str | Path) -> None:
    """Write `net` as a bnnverify-model .npz file (uncompressed, deterministic arrays).

    Version 2 (with "input_domain") when it has a conv2d / maxpool2d layer or real inputs,
    else version 1 exactly as before, so an MLP's file and its sha256 never change.
    """
    version = net.format_version
    meta: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": version,
        "input_shape": list(net.input_shape),
        "input_min": net.input_min,
        "input_max": net.input_max,
        "class_names": list(net.class_names),
        "layers": [layer_meta(layer) for layer in net.layers],
        "provenance": net.provenance,
    }
    if version >= 2:
        meta["input_domain"] = net.input_domain
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for k, layer in enumerate(net.layers):
        for name in layer.ARRAYS:
            arrays[f"layer{k}.{name}"] = getattr(layer, name)
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)  # type: ignore[arg-type]


def layer_meta(layer: Layer) -> dict[str, Any]:
    """A layer's entry in meta.layers: its type, widths and its own scalars (layer.META; a
    tuple as a JSON list)."""
    scalars = {key: _json_scalar(getattr(layer, key)) for key in layer.META}
    return {"type": layer.kind, "n_in": layer.n_in, "n_out": layer.n_out, **scalars}


def _json_scalar(value: Any) -> Any:
    """A meta value as plain JSON: tuples of ints as lists, numpy integers as int."""
    if isinstance(value, (tuple, list)):
        return [_json_scalar(v) for v in value]
    return int(value) if isinstance(value, np.integer) else value


def load_network(path: str | Path, *, warn: bool = True) -> BinaryNetwork:
    """Read and validate a model file; any problem is one DescriptionError line.

    warn: log one line when the model has constant neurons (False where a process loads a
    model the user was already warned about, e.g. a query worker).
    """
    path = Path(path)
    if path.is_dir():
        raise DescriptionError(f"model file {path} is a directory, expected a model file (.npz)")
    if not path.is_file():
        raise DescriptionError(f"model file {path} does not exist")
    if path.stat().st_size == 0:
        raise DescriptionError(f"{path} is empty, not a bnnverify model (.npz)")
    try:
        archive = np.load(path, allow_pickle=False)
    except PermissionError as error:
        raise DescriptionError(f"cannot read model file {path}: {error.strerror}") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        # numpy's own messages would suggest allow_pickle=True, which runs code: never say that
        raise DescriptionError(
            f"{path} is not a bnnverify model (.npz): not a NumPy .npz archive"
        ) from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise DescriptionError(f"{path} is not a bnnverify model (.npz archive), got a .npy array")
    with archive:
        arrays = {name: _read_array(archive, name, path) for name in archive.files}
    net = network_from_arrays(arrays, source=str(path))
    if warn:
        _warn_constant_neurons(net, path)
    return net


def _warn_constant_neurons(net: BinaryNetwork, path: Path) -> None:
    """STYLE 2.8: one warning line per model naming the layers with constant neurons (legal:
    real batch-norm statistics produce them, and bounds fix them at once)."""
    counts = constant_neurons(net)
    if counts:
        per_layer = ", ".join(f"layer{k} {n}" for k, n in counts.items())
        logger.warning(
            "%s: %d constant neurons (threshold outside the layer's sum range): %s",
            path,
            sum(counts.values()),
            per_layer,
        )


def _read_array(archive: Any, name: str, path: Path) -> np.ndarray:
    try:
        return np.asarray(archive[name])
    except ValueError:  # object arrays refuse to load without pickle (and must stay refused)
        raise DescriptionError(
            f"{path}: array {name} cannot be read: it holds Python objects (a model file holds "
            "numeric and string arrays only)"
        ) from None
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error):
        raise DescriptionError(
            f"{path}: array {name} cannot be read: the archive is damaged"
        ) from None


def network_from_arrays(arrays: Mapping[str, np.ndarray], source: str = "model") -> BinaryNetwork:
    meta = _parse_meta(arrays, source)
    input_shape = tuple(meta["input_shape"])
    layers: list[Layer] = []
    for k, spec in enumerate(meta["layers"]):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind not in LAYER_TYPES:
            raise DescriptionError(
                f"meta.layers[{k}].type must be one of {sorted(LAYER_TYPES)}, got {kind!r}"
            )
        cls = LAYER_TYPES[kind]
        _check_layer_meta(k, spec, cls, meta["version"])
        derived: dict[str, Any] = {}
        if "in_shape" in {field.name for field in dataclasses.fields(cls)}:  # never stored
            bounds = (meta["input_min"], meta["input_max"])
            real = meta.get("input_domain") == REAL_DOMAIN
            derived["in_shape"] = next_input_shape(layers, cls, input_shape, *bounds, real)
        layers.append(_read_layer(arrays, k, spec, source, derived))
    net = BinaryNetwork(
        layers=tuple(layers),
        input_shape=input_shape,
        input_min=meta["input_min"],
        input_max=meta["input_max"],
        class_names=tuple(str(c) for c in meta.get("class_names", ())),
        provenance=dict(meta.get("provenance") or {}),
        input_domain=meta.get("input_domain", INTEGER_DOMAIN),
    )
    for k, spec in enumerate(meta["layers"]):
        for size in ("n_in", "n_out"):
            if size in spec and spec[size] != getattr(net.layers[k], size):
                raise DescriptionError(
                    f"meta.layers[{k}].{size} is {spec[size]} but the arrays give "
                    f"{getattr(net.layers[k], size)}"
                )
    return net


def _check_layer_meta(k: int, spec: dict[str, Any], cls: type[Layer], version: int) -> None:
    """A layer type of the file's version; in version 2, no unknown key and every meta key
    without a default (maxpool2d's kernel) present."""
    if cls.SINCE_VERSION > version:
        raise DescriptionError(
            f"meta.layers[{k}].type {cls.kind} needs meta.version {cls.SINCE_VERSION}, "
            f"got {version}"
        )
    if version < 2:
        return  # version 1 files are read exactly as before
    allowed = ("type", "n_in", "n_out", *cls.META)
    unknown = sorted(set(spec) - set(allowed))
    if unknown:
        raise DescriptionError(
            f"meta.layers[{k}] has unknown key {unknown[0]!r} (a {cls.kind} entry holds "
            f"{', '.join(allowed)})"
        )
    for field in dataclasses.fields(cls):
        required = field.default is dataclasses.MISSING
        if field.name in cls.META and required and field.name not in spec:
            raise DescriptionError(
                f"meta.layers[{k}].{field.name} is missing (a {cls.kind} layer needs it)"
            )


def _read_layer(
    arrays: Mapping[str, np.ndarray],
    k: int,
    spec: dict[str, Any],
    source: str,
    derived: dict[str, Any],
) -> Layer:
    """Layer k from its arrays (layer{k}.<name>, one per cls.ARRAYS), its meta scalars and
    the fields derived from the chain (in_shape)."""
    cls = LAYER_TYPES[spec["type"]]
    fields: dict[str, Any] = dict(derived)
    for name in cls.ARRAYS:
        key = f"layer{k}.{name}"
        if key not in arrays:
            raise DescriptionError(f"{source}: missing array {key} (a {cls.kind} layer)")
        fields[name] = arrays[key]
    for name in cls.META:
        if name in spec:  # absent: the layer type's default
            fields[name] = spec[name]
    return cls(**fields)


def _parse_meta(arrays: Mapping[str, np.ndarray], source: str) -> dict[str, Any]:
    if "meta" not in arrays:
        raise DescriptionError(f"{source}: missing array meta (the JSON header)")
    raw = arrays["meta"]
    if raw.shape != () or raw.dtype.kind != "U":
        raise DescriptionError(f"meta must be a 0-d str array, got {raw.dtype} {raw.shape}")
    try:
        meta = json.loads(str(raw))
    except json.JSONDecodeError as error:
        raise DescriptionError(f"meta is not valid JSON: {error}") from None
    if not isinstance(meta, dict):
        raise DescriptionError(f"meta must be a JSON object, got {type(meta).__name__}")
    if meta.get("format") != FORMAT_NAME:
        raise DescriptionError(f"meta.format must be {FORMAT_NAME!r}, got {meta.get('format')!r}")
    version = meta.get("version")
    if isinstance(version, bool) or version not in FORMAT_VERSIONS:
        readable = " or ".join(map(str, FORMAT_VERSIONS))
        raise DescriptionError(
            f"meta.version must be {readable} (this bnnverify reads versions "
            f"{readable}), got {version!r}"
        )
    domain = meta.get("input_domain", INTEGER_DOMAIN)
    if domain not in INPUT_DOMAINS or (version < 2 and domain != INTEGER_DOMAIN):
        raise DescriptionError(
            f"meta.input_domain must be one of {list(INPUT_DOMAINS)} (real in version 2 "
            f"only), got {domain!r}"
        )
    for key, kind in (
        ("input_shape", list),
        ("input_min", int),
        ("input_max", int),
        ("layers", list),
    ):
        if not isinstance(meta.get(key), kind) or isinstance(meta.get(key), bool):
            raise DescriptionError(
                f"meta.{key} must be a JSON {kind.__name__}, got {meta.get(key)!r}"
            )
    if not meta["input_shape"] or not all(
        isinstance(d, int) and d > 0 for d in meta["input_shape"]
    ):
        raise DescriptionError(
            f"meta.input_shape must be positive integers, got {meta['input_shape']}"
        )
    return meta


def read_results(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def write_counterexample(
    directory: str | Path,
    index: int | str,
    original: np.ndarray,
    perturbed: np.ndarray,
    input_min: int,
    input_max: int,
) -> Path:
    """Write <index>.npy (the perturbed input) and <index>.png (original | perturbed | diff)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    npy = directory / f"{index}.npy"
    np.save(npy, perturbed)
    write_comparison_png(directory / f"{index}.png", original, perturbed, input_min, input_max)
    return npy
