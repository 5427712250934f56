"""The report shows women's words only as the voices stage let them through: consented,
approved, de-identified; each beside the first indicator its theme explains."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from safemig.project_sections import VoicesSettings
from safemig.voices.quotes import Quote, approve, propose_quotes, write_quotes
from safemig.voices.sources import read_sessions
from tests.voices.test_quotes import AT, _codes, two_sessions


@pytest.fixture
def voices(tmp_path: Path) -> Path:
    return two_sessions(tmp_path)


def test_no_unapproved_or_unconsented_quote_reaches_the_report(voices: Path, results_dir) -> None:  # type: ignore[no-untyped-def]
    """The whole path: the voices stage writes only usable quotes; the report shows them."""
    from safemig.design import Design
    from safemig.disclosure import preset
    from safemig.products.folder import read_results_folder
    from safemig.products.report import report_context
    from safemig.products.templating import render_template
    from safemig.voices.coding import write_sheet
    from safemig.voices.stage import voices_results

    sessions = read_sessions(voices / "sessions")
    units = [u for _, us in sessions for u in us]
    write_sheet(voices / "codes" / "a.csv", units, _codes())
    quotes = propose_quotes(sessions, _codes(), [])
    quotes = approve(quotes, "q-agreed:1", "Analyst", AT)
    quotes.append(
        approve(
            [
                Quote(
                    "q-no",
                    "declined:1",
                    ("information_gap",),
                    "en",
                    "Nobody told me the job did not exist.",
                )
            ],
            "q-no",
            "A",
            AT,
        )[0]
    )
    write_quotes(voices / "quotes.yaml", quotes)
    files = voices_results(VoicesSettings(voices), None, Design(weights="w"), None, preset("dhs"))  # type: ignore[arg-type]
    folder, _ = results_dir
    copy = voices.parent / "results"
    shutil.copytree(folder, copy)
    (copy / "voices").mkdir()
    (copy / "voices" / "voices.json").write_text(
        json.dumps(files["voices/voices.json"]), encoding="utf-8"
    )
    assert [q["id"] for q in files["voices/voices.json"]["quotes"]] == ["q-agreed:1"]
    assert files["voices/voices.json"]["quotes_not_usable"] == 3
    results = read_results_folder(copy)
    for language in ("en", "fr"):
        html = render_template("report.html.j2", report_context(results, language, None))
        assert 'id="voices"' in html
        assert "[NAME] told me the desert road was dangerous." in html
        assert "Zeinabou" not in html
        for text in ("I decided myself", "We saved money", "job did not exist"):
            assert text not in html
        # The approved quote sits beside the first indicator of its theme.
        article = html.split('id="any_violence_journey"')[1].split("</article>")[0]
        assert "[NAME] told me the desert road" in article
