"""Similarity suggestions from the bundled sentence-embedding model: reproducible, and close
to what a reader would propose on a small fixture."""

from __future__ import annotations

import pytest

from safemig.voices.codebook import builtin_codebook
from safemig.voices.sources import Unit
from safemig.voices.suggest import TOP, embedding_suggestions, suggestions

FIXTURE = {
    "u1": ("The driver left us in the middle of the desert without any water.", "route_dangers"),
    "u2": (
        "Every month I send part of my pay to my mother through a transfer agent.",
        "money_home",
    ),
    "u3": (
        "The employer took my passport and made me work every day without rest.",
        "work_conditions",
    ),
    "u4": (
        "When I came home my family did not welcome me and I had to start again.",
        "return_and_reintegration",
    ),
}
UNITS = [Unit(key, "turn", "s", text) for key, (text, _) in FIXTURE.items()]


def test_similarity_suggestions_are_reproducible_and_sensible() -> None:
    book = builtin_codebook()
    first = embedding_suggestions(UNITS, book, threshold=0.0)
    second = embedding_suggestions(list(reversed(UNITS)), book, threshold=0.0)
    assert sorted((s.unit, s.theme, round(s.score, 6)) for s in first) == sorted(
        (s.unit, s.theme, round(s.score, 6)) for s in second
    )
    for unit in UNITS:
        mine = [s for s in first if s.unit == unit.id]
        assert len(mine) == TOP and all(-1 <= s.score <= 1 for s in mine)
        best = max(mine, key=lambda s: s.score)
        assert best.theme == FIXTURE[unit.id][1], (unit.text, [(s.theme, s.score) for s in mine])
        assert best.method == "embedding" and best.evidence in book.theme(best.theme).phrases(
            "examples"
        )


def test_threshold_and_keyword_precedence() -> None:
    book = builtin_codebook()
    assert embedding_suggestions(UNITS, book, threshold=1.01) == []
    merged = suggestions(UNITS, book, threshold=0.3)
    # "desert" is a keyword of route_dangers: the keyword suggestion, naming its evidence, wins.
    desert = next(s for s in merged if s.unit == "u1" and s.theme == "route_dangers")
    assert desert.method == "keyword" and desert.evidence == "desert"
    assert {s.method for s in merged} == {"keyword", "embedding"}


@pytest.mark.parametrize("threshold", [0.3, 0.55])
def test_higher_thresholds_never_add_suggestions(threshold: float) -> None:
    book = builtin_codebook()
    lower = {(s.unit, s.theme) for s in embedding_suggestions(UNITS, book, threshold=threshold)}
    higher = {
        (s.unit, s.theme) for s in embedding_suggestions(UNITS, book, threshold=threshold + 0.2)
    }
    assert higher <= lower
