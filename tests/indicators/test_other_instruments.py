"""The training-test and consultation-poll catalogues compute on small synthetic tables; the
paired knowledge gain and its standard error match SciPy's paired t-test."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from scipy import stats

from safemig import Design
from safemig.indicators import builtin_catalogue, estimate_catalogue

GROUPS = ["cso", "border_official", "social_worker"]


def _training(
    rng: np.random.Generator, people: int = 60, unpaired: bool = False
) -> tuple[pa.Table, np.ndarray]:
    pre = rng.integers(0, 5, people)
    post = np.minimum(pre + rng.integers(0, 3, people), 6)
    codes = [f"P-{i:03d}" for i in range(people)]
    group = [GROUPS[i % 3] for i in range(people)]
    # Unpaired: one participant missed the post test, another the pre test; both are left
    # out of the paired gain.
    post_codes = codes[:-1] + ["P-999"] if unpaired else codes
    table = pa.table(
        {
            "participant_code": codes + post_codes,
            "test_moment": ["pre"] * people + ["post"] * people,
            "participant_group": group + group,
            "test_score": np.concatenate([pre, post]),
            "w": np.ones(2 * people),
        }
    )
    return table, (post - pre)[:-1] if unpaired else post - pre


def test_knowledge_gain_is_the_paired_difference_with_the_paired_se():
    table, differences = _training(np.random.default_rng(3))
    design = Design(weights="w", psu=("participant_code",))
    results = estimate_catalogue(table, design, builtin_catalogue("training_test"))
    gain = next(r for r in results.rows("knowledge_gain") if r["disaggregation"] == "")
    oracle = stats.ttest_rel(differences, np.zeros_like(differences))
    assert gain["estimate"] == pytest.approx(differences.mean(), rel=1e-12)
    assert gain["estimate"] / gain["se"] == pytest.approx(oracle.statistic, rel=1e-9)
    unpaired, _ = _training(np.random.default_rng(3), unpaired=True)
    again = estimate_catalogue(unpaired, design, builtin_catalogue("training_test"))
    gain = next(r for r in again.rows("knowledge_gain") if r["disaggregation"] == "")
    assert gain["estimate"] == pytest.approx(differences[:-1].mean(), rel=1e-12)
    assert gain["n"] == 2 * (len(differences) - 1)
    assert {r["indicator"] for r in results.rows()} == {
        i.id for i in builtin_catalogue("training_test").indicators
    }


def test_consultation_poll_indicators_compute():
    rng = np.random.default_rng(5)
    agreement = ["strongly_agree", "agree", "neutral", "disagree"]
    n = 80
    table = pa.table(
        {
            "stakeholder_type": rng.choice(["government", "cso", "un_agency"], n),
            "poll_priorities": [
                " ".join(rng.choice(["information", "protection", "data", "services"], 2, False))
                for _ in range(n)
            ],
            "findings_useful": rng.choice(agreement, n),
            "voices_heard": rng.choice(agreement, n),
            "w": np.ones(n),
        }
    )
    results = estimate_catalogue(table, Design(weights="w"), builtin_catalogue("consultation_poll"))
    useful = next(r for r in results.rows("findings_useful") if r["disaggregation"] == "")
    agree = np.isin(table["findings_useful"].to_numpy(zero_copy_only=False), agreement[:2])
    assert useful["estimate"] == pytest.approx(agree.mean(), rel=1e-12)
    assert useful["n_numerator"] == int(agree.sum())
    assert len({r["indicator"] for r in results.rows()}) == 5
