"""The campaign summary from an estimates table (the synthetic survey's, as estimate wrote it)."""

from __future__ import annotations

import pytest

from safemig.errors import EvidenceError
from safemig.kits import campaign_summary

from .conftest import ESTIMATES


def test_summary_has_every_channel_question_for_the_region_and_its_stages() -> None:
    summary = campaign_summary(ESTIMATES, "agadez", synthetic=True)
    kinds = {(t.kind, t.stage) for t in summary.tables}
    assert kinds == {
        (k, s)
        for k in ("trusted", "used", "formats")
        for s in (None, "origin", "transit", "destination", "return")
    }
    trusted = summary.table("trusted")
    assert trusted is not None and trusted.figures[0].level == "family"
    assert trusted.figures[0].estimate == pytest.approx(0.426178203240059, rel=1e-12)
    assert [f.estimate for f in trusted.figures] == sorted(
        (f.estimate for f in trusted.figures), reverse=True
    )


def test_small_bases_are_suppressed_or_cautioned() -> None:
    summary = campaign_summary(ESTIMATES, "agadez")
    origin, back = summary.table("trusted", "origin"), summary.table("trusted", "return")
    assert origin is not None and origin.base == 9
    assert {f.reliability for f in origin.figures} == {"suppressed"}
    assert back is not None and back.base == 37
    assert {f.reliability for f in back.figures} == {"caution"}
    whole = summary.table("formats")
    assert whole is not None and {f.reliability for f in whole.figures} == {"ok"}


def test_a_suppressed_column_is_honoured(write_csv) -> None:
    header = "statistic,variable,level,by,stratum,estimate,ci_low,ci_high,n,suppressed"
    path = write_csv(
        "e.csv", header, "prop,predeparture-info_formats,oral,stratum,zinder,0.7,0.6,0.8,400,true"
    )
    figure = campaign_summary(path, "zinder").tables[0].figures[0]
    assert figure.reliability == "suppressed"


def test_missing_columns_are_named(write_csv) -> None:
    path = write_csv("e.csv", "variable,level,estimate", "x,y,0.5")
    with pytest.raises(EvidenceError, match="missing column.*statistic"):
        campaign_summary(path, "zinder")


def test_region_without_channel_estimates_is_an_error() -> None:
    with pytest.raises(EvidenceError, match="for region 'tahoua'"):
        campaign_summary(ESTIMATES, "tahoua")
