"""Key findings: significant gaps under the design, said in plain words."""

from __future__ import annotations

import math

from scipy import stats

from safemig.products.brief import finding_text, method_note
from safemig.products.findings import Gap, candidate_gaps, holm, significant_gaps
from tests.products.conftest import Built, pdf_text


def _gap(p: float) -> Gap:
    return Gap("x", "region", {}, {}, 0.1, 0.05, 30.0, p)


def test_holm_matches_the_textbook_example() -> None:
    # Holm (1979) step-down; the four p-values and adjusted values of R's
    # p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm"): 0.03 0.06 0.06 0.02.
    adjusted = [g.p_adjusted for g in holm([_gap(p) for p in (0.01, 0.04, 0.03, 0.005)])]
    assert [round(a, 12) for a in adjusted] == [0.03, 0.06, 0.06, 0.02]


def test_each_gap_is_a_t_test_on_the_published_numbers(folder) -> None:  # type: ignore[no-untyped-def]
    gaps = candidate_gaps(folder)
    assert len(gaps) > 50
    for gap in gaps:
        difference = gap.high["estimate"] - gap.low["estimate"]
        se = math.sqrt(gap.high["se"] ** 2 + gap.low["se"] ** 2)
        df = min(gap.high["df"], gap.low["df"])
        expected = 2 * stats.t.sf(abs(difference) / se, df)
        assert math.isclose(gap.p_value, expected, rel_tol=1e-12)
        assert gap.high["disaggregation"] == gap.low["disaggregation"] == gap.disaggregation
        assert difference >= 0


def test_findings_are_the_largest_significant_gap_of_their_indicator(folder) -> None:  # type: ignore[no-untyped-def]
    chosen = significant_gaps(folder)
    assert chosen, "the synthetic survey has real differences between groups"
    tested = holm(candidate_gaps(folder))
    for gap in chosen:
        assert gap.p_adjusted < 0.05
        rivals = [g for g in tested if g.indicator == gap.indicator and g.p_adjusted < 0.05]
        assert gap.difference == max(g.difference for g in rivals)
        low, high = gap.interval
        assert 0 < low < gap.difference < high
    assert [g.difference for g in chosen] == sorted((g.difference for g in chosen), reverse=True)


def test_the_brief_says_each_finding_in_plain_words(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    gap = significant_gaps(folder)[0]
    en = finding_text(gap, folder, "en")["body"]
    fr = finding_text(gap, folder, "fr")["body"]
    points = f"{gap.difference * 100:.1f}"
    assert f"A gap of {points} percentage points" in en
    assert f"Un écart de {points.replace('.', ',')} points de pourcentage" in fr
    text = pdf_text(built.out / "en" / "brief.pdf")[0]
    assert "Key findings" in text and "How the findings were chosen" in text
    assert f"A gap of {points} percentage points" in text


def test_the_method_note_says_what_the_test_assumes(folder) -> None:  # type: ignore[no-untyped-def]
    gaps = [g for g in candidate_gaps(folder) if g.disaggregation in ("region", "age_group")]
    note = " ".join(method_note(folder, gaps, "en"))
    assert "Groups of Region are strata of the survey, sampled independently" in note
    assert "Groups of Age group share sampling units" in note
    assert "ignores their covariance" in note
    note_fr = " ".join(method_note(folder, gaps, "fr"))
    assert "ignore leur covariance" in note_fr
