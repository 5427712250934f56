"""The voices page: analysts accept or reject suggested codes and approve quotes, shown
de-identified; each decision is recorded under their name; viewers cannot see or post."""

from __future__ import annotations

import shutil

import pytest

from safemig.voices.codebook import builtin_codebook
from safemig.voices.coding import read_suggestions, write_suggestions
from safemig.voices.demo import EXAMPLES
from safemig.voices.quotes import Quote, read_quotes, write_quotes
from safemig.voices.sources import read_sessions
from safemig.voices.suggest import keyword_suggestions
from tests.web.conftest import form_token


@pytest.fixture
def voices(site):  # type: ignore[no-untyped-def]
    folder = site.root / "voices"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(EXAMPLES / "sessions", folder / "sessions")
    turns = [u for _, units in read_sessions(folder / "sessions") for u in units]
    write_suggestions(folder / "suggestions.csv", keyword_suggestions(turns, builtin_codebook()))
    write_quotes(
        folder / "quotes.yaml",
        [
            Quote(
                "q-1", "niamey-returnees:1", ("route_dangers",), "fr", "Personne ne m'avait dit."
            ),
            Quote("q-2", "agadez-arrivals:1", ("violence",), "en", "We were held for weeks."),
        ],
    )
    yield folder
    shutil.rmtree(folder)


def test_an_analyst_decides_and_approves(voices, as_role) -> None:  # type: ignore[no-untyped-def]
    analyst = as_role("analyst")
    page = analyst.get("/voices")
    assert page.status_code == 200 and "Suggested codes" in page.text
    assert "Hadiza" not in page.text and "00 11 22 33" not in page.text  # masked on screen
    assert "We were held for weeks" not in page.text  # no consent: never offered
    assert "Personne ne m&#39;avait dit." in page.text
    token = form_token(page.text)
    first = read_suggestions(voices / "suggestions.csv", builtin_codebook())[0]
    answer = analyst.post(
        "/voices/decide",
        data={"csrf": token, "unit": first.unit, "theme": first.theme, "decision": "accepted"},
    )
    assert answer.status_code == 303
    decided = read_suggestions(voices / "suggestions.csv", builtin_codebook())[0]
    assert (decided.decision, decided.decided_by) == ("accepted", "ana")
    assert analyst.post("/voices/approve", data={"csrf": token, "quote": "q-1"}).status_code == 303
    approved = {q.id: q for q in read_quotes(voices / "quotes.yaml")}
    assert approved["q-1"].approved_by == "ana" and not approved["q-2"].approved_by
    assert "Paroles de femmes" in analyst.get("/voices?lang=fr").text


def test_viewers_cannot_and_forms_need_the_token(voices, as_role) -> None:  # type: ignore[no-untyped-def]
    viewer = as_role("viewer")
    assert viewer.get("/voices").status_code == 403
    assert viewer.post("/voices/approve", data={"quote": "q-1"}).status_code == 403
    analyst = as_role("analyst")
    refused = analyst.post("/voices/approve", data={"csrf": "wrong", "quote": "q-1"})
    assert refused.status_code == 403
    assert not read_quotes(voices / "quotes.yaml")[0].approved_by
