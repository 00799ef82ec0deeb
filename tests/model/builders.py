"""Build tiny REAL Core ML models with coremltools' MIL builder (synthetic weights).

Each UNet-like model mirrors ml-stable-diffusion's layout on a small scale: inputs ``sample``
``[1, 4, L, L]``, ``timestep``, ``encoder_hidden_states`` ``[1, HIDDEN, 1, 77]`` (plus
``text_embeds`` and ``time_ids`` for SDXL), 1×1 conv projections, then one attention block in
the chosen implementation:

* ``einsum`` – MLSD SPLIT_EINSUM: per head, ``einsum(k_h, q_h)``, softmax, ``einsum(v_h, w)``;
* ``einsum_v2`` – the same with the query cut into chunks of 512 (key/value slices reused);
* ``matmul`` – ORIGINAL: ``matmul(q, k)``, softmax, ``matmul(w, v)``.

The weight element counts of every layer are exported (``WEIGHTS``) so tests derive their
expected figures from the construction, never from the inspector's output.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np

C = 16  # model width
HEADS = 2
DH = C // HEADS
TOKENS = 77
CHUNK = 512


def weights(hidden: int) -> dict[str, tuple[int, ...]]:
    """Layer name -> weight shape (all 1×1 convs)."""
    return {
        "proj_in": (C, 4, 1, 1),
        "to_q": (C, C, 1, 1),
        "to_k": (C, hidden, 1, 1),
        "to_v": (C, hidden, 1, 1),
        "to_out": (C, C, 1, 1),
        "proj_out": (4, C, 1, 1),
    }


def _ct():  # coremltools logs proxy warnings on Linux at import; they are expected
    logging.disable(logging.WARNING)
    try:
        import coremltools as ct
        from coremltools.converters.mil import Builder as mb
        from coremltools.converters.mil.mil import types
    finally:
        logging.disable(logging.NOTSET)
    return ct, mb, types


def build_unet(
    out: Path,
    *,
    attention: str = "einsum",
    latent: int = 32,
    hidden: int = 768,
    sdxl: bool = False,
    target: str = "iOS17",
    fp32: bool = False,
) -> Path:
    """Save a tiny UNet-like ``.mlpackage`` at ``out`` and return it."""
    ct, mb, types = _ct()
    dt = types.fp32 if fp32 else types.fp16
    npdt = np.float32 if fp32 else np.float16
    rng = np.random.default_rng(7)
    shapes = weights(hidden)
    w = {k: (rng.standard_normal(s) * 0.1).astype(npdt) for k, s in shapes.items()}
    q_len = latent * latent
    specs = [
        mb.TensorSpec(shape=(1, 4, latent, latent), dtype=dt),
        mb.TensorSpec(shape=(1,), dtype=dt),
        mb.TensorSpec(shape=(1, hidden, 1, TOKENS), dtype=dt),
    ]
    if sdxl:
        specs += [mb.TensorSpec(shape=(1, 8), dtype=dt), mb.TensorSpec(shape=(1, 6), dtype=dt)]
    opset = getattr(ct.target, target)

    def body(sample, timestep, encoder_hidden_states, text_embeds=None, time_ids=None):
        x = mb.conv(x=sample, weight=w["proj_in"], name="proj_in")
        x = mb.add(x=x, y=mb.reshape(x=timestep, shape=[1, 1, 1, 1]))
        if sdxl:
            extra = mb.add(x=mb.reduce_mean(x=text_embeds), y=mb.reduce_mean(x=time_ids))
            x = mb.add(x=x, y=extra)
        x = mb.reshape(x=x, shape=[1, C, 1, q_len])
        q = mb.conv(x=x, weight=w["to_q"], name="to_q")
        k = mb.conv(x=encoder_hidden_states, weight=w["to_k"], name="to_k")
        v = mb.conv(x=encoder_hidden_states, weight=w["to_v"], name="to_v")
        if attention == "matmul":
            attn = _matmul_attention(mb, q, k, v, q_len)
        else:
            attn = _einsum_attention(mb, q, k, v, q_len, chunked=attention == "einsum_v2")
        y = mb.conv(x=attn, weight=w["to_out"], name="to_out")
        y = mb.reshape(x=y, shape=[1, C, latent, latent])
        return mb.conv(x=y, weight=w["proj_out"], name="noise_pred")

    names = ["sample", "timestep", "encoder_hidden_states"] + (
        ["text_embeds", "time_ids"] if sdxl else []
    )
    if sdxl:

        @mb.program(input_specs=specs, opset_version=opset)
        def prog(sample, timestep, encoder_hidden_states, text_embeds, time_ids):
            return body(sample, timestep, encoder_hidden_states, text_embeds, time_ids)
    else:

        @mb.program(input_specs=specs, opset_version=opset)
        def prog(sample, timestep, encoder_hidden_states):
            return body(sample, timestep, encoder_hidden_states)

    model = _convert(ct, prog, opset, fp32)
    _rename_inputs(ct, model, names)
    return _save(model, out)


def _einsum_attention(mb, q, k, v, q_len: int, *, chunked: bool):
    heads = []
    chunks = max(q_len // CHUNK, 1) if chunked else 1
    size = q_len // chunks
    for h in range(HEADS):
        lo, hi = h * DH, (h + 1) * DH
        kh = mb.transpose(
            x=mb.slice_by_index(x=k, begin=[0, lo, 0, 0], end=[1, hi, 1, TOKENS]), perm=[0, 3, 2, 1]
        )
        vh = mb.slice_by_index(x=v, begin=[0, lo, 0, 0], end=[1, hi, 1, TOKENS])
        parts = []
        for c in range(chunks):
            qh = mb.slice_by_index(x=q, begin=[0, lo, 0, c * size], end=[1, hi, 1, (c + 1) * size])
            scores = mb.einsum(values=(kh, qh), equation="bkhc,bchq->bkhq")
            weights_ = mb.softmax(x=scores, axis=1)
            parts.append(mb.einsum(values=(vh, weights_), equation="bchk,bkhq->bchq"))
        heads.append(parts[0] if len(parts) == 1 else mb.concat(values=parts, axis=3))
    return mb.concat(values=heads, axis=1)


def _matmul_attention(mb, q, k, v, q_len: int):
    qh = mb.transpose(x=mb.reshape(x=q, shape=[1, HEADS, DH, q_len]), perm=[0, 1, 3, 2])
    kh = mb.reshape(x=k, shape=[1, HEADS, DH, TOKENS])
    vh = mb.reshape(x=v, shape=[1, HEADS, DH, TOKENS])
    scores = mb.softmax(x=mb.matmul(x=qh, y=kh), axis=-1)
    out = mb.matmul(x=scores, y=vh, transpose_y=True)
    return mb.reshape(x=mb.transpose(x=out, perm=[0, 1, 3, 2]), shape=[1, C, 1, q_len])


def _convert(ct, prog, opset, fp32: bool):
    logging.disable(logging.WARNING)
    try:
        precision = ct.precision.FLOAT32 if fp32 else ct.precision.FLOAT16
        return ct.convert(
            prog,
            convert_to="mlprogram",
            minimum_deployment_target=opset,
            compute_precision=precision,
        )
    finally:
        logging.disable(logging.NOTSET)


def _rename_inputs(ct, model, names: list[str]) -> None:
    spec = model.get_spec()
    for feature, name in zip(spec.description.input, names, strict=True):
        assert feature.name == name, (feature.name, name)


def _save(model, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    model.save(str(out))
    return out


def palettize(src: Path, out: Path, nbits: int | dict[str, int], threshold: int = 100) -> Path:
    """Uniform-mode palettization (no scikit-learn needed): one width, or per-layer widths."""
    ct, _mb, _types = _ct()
    import coremltools.optimize.coreml as cto

    logging.disable(logging.WARNING)
    try:
        model = ct.models.MLModel(str(src), skip_model_load=True)
        if isinstance(nbits, int):
            config = cto.OptimizationConfig(
                global_config=cto.OpPalettizerConfig(
                    mode="uniform", nbits=nbits, weight_threshold=threshold
                )
            )
        else:
            config = cto.OptimizationConfig(
                op_name_configs={
                    name: cto.OpPalettizerConfig(
                        mode="uniform", nbits=bits, weight_threshold=threshold
                    )
                    for name, bits in nbits.items()
                }
            )
        result = cto.palettize_weights(model, config)
    finally:
        logging.disable(logging.NOTSET)
    return _save(result, out)


def build_text_encoder(out: Path) -> Path:
    """Tiny CLIP-like text encoder: ``input_ids [1, 77]`` -> ``last_hidden_state``."""
    ct, mb, types = _ct()
    table = (np.random.default_rng(3).standard_normal((100, 768)) * 0.1).astype(np.float16)

    @mb.program(
        input_specs=[mb.TensorSpec(shape=(1, TOKENS), dtype=types.int32)],
        opset_version=ct.target.iOS17,
    )
    def prog(input_ids):
        return mb.gather(x=table, indices=input_ids, axis=0, name="last_hidden_state")

    return _save(_convert(ct, prog, ct.target.iOS17, False), out)


def build_vae_decoder(out: Path, latent: int = 32) -> Path:
    """Tiny VAE decoder: ``z [1, 4, L, L]`` -> ``image [1, 3, 8L, 8L]``."""
    ct, mb, types = _ct()
    weight = (np.random.default_rng(5).standard_normal((3, 4, 1, 1)) * 0.1).astype(np.float16)

    @mb.program(
        input_specs=[mb.TensorSpec(shape=(1, 4, latent, latent), dtype=types.fp16)],
        opset_version=ct.target.iOS17,
    )
    def prog(z):
        x = mb.conv(x=z, weight=weight)
        return mb.upsample_nearest_neighbor(
            x=x, scale_factor_height=8, scale_factor_width=8, name="image"
        )

    return _save(_convert(ct, prog, ct.target.iOS17, False), out)


#: name -> how it is built; every test module gets the same session-wide copies
MODELS = {
    "fp16": lambda d: build_unet(d / "fp16.mlpackage"),
    "pal6": lambda d: palettize(d / "fp16.mlpackage", d / "pal6.mlpackage", 6),
    "ios16": lambda d: build_unet(d / "ios16.mlpackage", target="iOS16"),
    "pal4_ios16": lambda d: palettize(d / "ios16.mlpackage", d / "pal4_ios16.mlpackage", 4),
    "ios18": lambda d: build_unet(d / "ios18.mlpackage", target="iOS18"),
    "mixed": lambda d: palettize(d / "ios18.mlpackage", d / "mixed.mlpackage", MIXED_BITS),
    "v2": lambda d: build_unet(d / "v2.mlpackage", attention="einsum_v2"),
    "short": lambda d: build_unet(d / "short.mlpackage", latent=16),
    "matmul": lambda d: build_unet(d / "matmul.mlpackage", attention="matmul"),
    "sdxl_mac": lambda d: build_unet(
        d / "sdxl_mac.mlpackage", attention="matmul", sdxl=True, latent=128, hidden=2048
    ),
    "sdxl_ios": lambda d: build_unet(d / "sdxl_ios.mlpackage", sdxl=True, latent=96, hidden=2048),
    "fp32": lambda d: build_unet(d / "fp32.mlpackage", fp32=True),
    "text_encoder": lambda d: build_text_encoder(d / "text_encoder.mlpackage"),
    "vae_decoder": lambda d: build_vae_decoder(d / "vae_decoder.mlpackage"),
}
#: per-layer widths of the "mixed" model (layers not named stay fp16)
MIXED_BITS = {"to_q": 2, "to_k": 4, "to_v": 6}
#: layers at or above palettize()'s weight_threshold of 100 elements (the rest stay fp16)
PALETTIZED_LAYERS = ("to_q", "to_k", "to_v", "to_out")


def build_all(root: Path) -> dict[str, Path]:
    """Build every model once under ``root`` plus an SD resource folder made of them."""
    root.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, make in MODELS.items():
        path = root / f"{name}.mlpackage"
        paths[name] = path if path.exists() else make(root)
    folder = root / "sd-folder"
    if not folder.exists():
        folder.mkdir()
        for src, dst in (
            ("pal6", "Unet"),
            ("text_encoder", "TextEncoder"),
            ("vae_decoder", "VAEDecoder"),
        ):
            shutil.copytree(paths[src], folder / f"{dst}.mlpackage")
        (folder / "merges.txt").write_text("#version: 0.2 (synthetic)\nt h\n", "utf-8")
        (folder / "vocab.json").write_text('{"the</w>": 0}\n', "utf-8")
    paths["sd-folder"] = folder
    return paths
