"""Coding sheets, suggestions and decisions: what an analyst writes is read back exactly, a
decision is never lost, and every malformed row is named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from safemig.errors import CodingFileError
from safemig.voices.codebook import builtin_codebook
from safemig.voices.coding import (
    Suggestion,
    decide,
    final_codes,
    merge_suggestions,
    read_codes,
    read_suggestions,
    write_sheet,
    write_suggestions,
)
from safemig.voices.sources import Unit
from safemig.voices.suggest import fold, keyword_pattern, keyword_suggestions

BOOK = builtin_codebook()
UNITS = {
    "s:1": Unit("s:1", "turn", "s", "Les dangers de la route dans le désert"),
    "s:2": Unit("s:2", "turn", "s", "How to send money home safely"),
    "s:3": Unit("s:3", "turn", "s", "We sang together"),
}


def test_a_sheet_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "codes" / "aicha.csv"
    assert write_sheet(path, UNITS.values(), {"s:1": frozenset({"route_dangers"})}) == 3
    codes = read_codes(path, UNITS, BOOK)
    assert codes == {"s:1": frozenset({"route_dangers"}), "s:2": frozenset(), "s:3": frozenset()}


@pytest.mark.parametrize(
    ("body", "row", "column"),
    [
        ("s:9,route_dangers\n", 2, "unit"),
        ("s:1,route_dangers\ns:1,\n", 3, "unit"),
        ("s:1,route_dangers;flying\n", 2, "themes"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, body: str, row: int, column: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text("unit,themes\n" + body, encoding="utf-8")
    with pytest.raises(CodingFileError) as caught:
        read_codes(path, UNITS, BOOK)
    assert f"row {row}" in str(caught.value) and repr(column) in str(caught.value)
    assert f"ligne {row}" in caught.value.message("fr")


def test_a_sheet_without_its_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,codes\ns:1,x\n", encoding="utf-8")
    with pytest.raises(CodingFileError, match="'unit'"):
        read_codes(path, UNITS, BOOK)


def test_keywords_ignore_case_and_accents_and_match_stems_and_phrases() -> None:
    assert keyword_pattern("desert").search(fold("Le DÉSERT"))
    assert keyword_pattern("abandonn*").search(fold("ils nous ont abandonnées"))
    assert not keyword_pattern("aide").search(fold("aidez-moi"))
    assert not keyword_pattern("job").search(fold("jobless"))
    assert keyword_pattern("send money").search(fold("to send   money home"))
    assert keyword_pattern("j'ai décidé").search(fold("J\u2019ai décidé seule"))
    found = {(s.unit, s.theme) for s in keyword_suggestions(list(UNITS.values()), BOOK)}
    assert found == {("s:1", "route_dangers"), ("s:2", "money_home")}


def test_decisions_survive_new_suggestions_and_feed_the_final_codes(tmp_path: Path) -> None:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    first = keyword_suggestions(list(UNITS.values()), BOOK)
    decided = decide(first, "s:1", "route_dangers", "accepted", "Aïcha", at)
    decided = decide(decided, "s:2", "money_home", "rejected", "Aïcha", at)
    path = tmp_path / "suggestions.csv"
    write_suggestions(path, decided)
    earlier = read_suggestions(path, BOOK)
    assert {(s.unit, s.theme, s.decision, s.decided_by) for s in earlier} == {
        ("s:1", "route_dangers", "accepted", "Aïcha"),
        ("s:2", "money_home", "rejected", "Aïcha"),
    }
    # New rules no longer propose s:2, and propose something new: nothing decided is lost.
    fresh = [
        Suggestion("s:1", "route_dangers", "keyword", 1.0, "desert"),
        Suggestion("s:3", "agency", "embedding", 0.7, "x"),
    ]
    merged = {(s.unit, s.theme): s for s in merge_suggestions(fresh, earlier)}
    assert merged[("s:1", "route_dangers")].decision == "accepted"
    assert merged[("s:2", "money_home")].decision == "rejected"
    assert merged[("s:3", "agency")].decision == ""
    codes = final_codes([{"s:3": frozenset({"violence"})}], list(merged.values()))
    assert codes == {"s:1": frozenset({"route_dangers"}), "s:3": frozenset({"violence"})}


def test_bad_decisions_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CodingFileError):
        decide([], "s:1", "route_dangers", "accepted", "Aïcha")
    with pytest.raises(CodingFileError):
        decide([Suggestion("s:1", "agency", "keyword", 1, "x")], "s:1", "agency", "maybe", "A")
    path = tmp_path / "suggestions.csv"
    path.write_text("unit,theme,decision\ns:1,agency,yes\n", encoding="utf-8")
    with pytest.raises(CodingFileError, match="row 2"):
        read_suggestions(path, BOOK)
