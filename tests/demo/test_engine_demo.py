"""`safemig demo` runs the engine on the synthetic survey and writes what it says it writes."""

from __future__ import annotations

import json

from safemig.demo.engine_demo import run_demo


def test_demo_writes_exports_and_estimates(tmp_path):
    run = run_demo(tmp_path, size=330, full=False)
    assert run.data.exists() and (run.project / "data" / "form.xlsx").exists()
    assert (run.project / "safemig.toml").exists() and run.run is None
    rows = json.loads(run.estimates_json.read_text())
    assert len(rows) == len(run.results) > 100
    by_region = run.results.rows("prop", "predeparture-info_received", "stratum")
    assert {r["stratum"] for r in by_region} == {"agadez", "niamey", "zinder"}
    for r in by_region:
        assert 0 <= r["ci_low"] <= r["estimate"] <= r["ci_high"] <= 1
    shares = [r["estimate"] for r in run.results.rows("prop", "predeparture-info_received", "")]
    assert abs(sum(shares) - 1) < 1e-12  # levels of one variable add up to one


def test_full_demo_publishes_indicators_and_builds_kits(tmp_path):
    """`make demo` path: the project pipeline (catalogue through disclosure control into
    project/results), and the kits with evidence."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    run = run_demo(tmp_path, size=660)
    assert run.run is not None and run.run.respondents == 660
    results = pq.read_table(run.project / "results" / "indicators.parquet")
    assert pacsv.read_csv(run.indicators).num_rows == results.num_rows
    assert json.loads((run.project / "results" / "run.json").read_text())["synthetic"] is True
    published = pacsv.read_csv(run.indicators).to_pylist()
    assert {r["status"] for r in published} >= {"published", "suppressed"}
    for r in published:  # a suppressed cell carries its reason and no number
        if r["status"] in ("suppressed", "secondary"):
            assert r["estimate"] is None and r["reason_en"] and r["reason_fr"]
        else:
            assert r["n"] >= 25
    assert (run.kits / "site").exists() or any(run.kits.iterdir())
    # Two EXAMPLE self-assessments, the report showing the change from the first.
    assert run.assessment is not None
    assert len(list((run.project / "assessments" / "history").glob("*.yaml"))) == 2
    for language in ("en", "fr"):
        html = (run.assessment / language / "assessment.html").read_text(encoding="utf-8")
        assert 'id="example"' in html and 'class="improved"' in html
        assert (run.assessment / language / "assessment.pdf").stat().st_size > 0
    _voices_in_the_demo(run.project)
    _dashboard_serves_the_demo(run.project)


def _voices_in_the_demo(project) -> None:  # type: ignore[no-untyped-def]
    """Synthetic focus groups, coded themes, weighted theme prevalence of the open answers,
    and approved quotes in the report; never the unapproved one, never a word of the session
    without consent, never a masked name or number."""
    import pyarrow.parquet as pq

    voices = json.loads((project / "results" / "voices" / "voices.json").read_text())
    assert voices["synthetic"] is True and len(voices["sessions"]) == 4
    assert 0.6 < voices["agreement"]["pooled_kappa"] < 1
    themes = pq.read_table(project / "results" / "voices" / "themes.parquet").to_pylist()
    overall = [r for r in themes if r["disaggregation"] == "" and r["status"] == "published"]
    assert len(overall) >= 5 and all(0 < r["estimate"] < 1 and r["se"] > 0 for r in overall)
    assert {r["disaggregation"] for r in themes} >= {"region", "migration_stage"}
    assert voices["open_answers"][0]["coded"] == voices["open_answers"][0]["answered"] > 0
    quotes = {q["id"] for q in voices["quotes"]}
    assert quotes and "q-niamey-returnees:7" not in quotes
    assert not any(q.startswith("q-agadez-arrivals") for q in quotes)
    for language in ("en", "fr"):
        html = (project / "out" / language / "report.html").read_text(encoding="utf-8")
        assert 'id="voices"' in html and html.count('class="quote"') >= len(quotes)
        for leaked in ("Hadiza", "Kirkissoye", "00 11 22 33", "Entre femmes, on s'est entraid"):
            assert leaked not in html
        assert "We were held for weeks" not in html  # the session without consent


def _dashboard_serves_the_demo(project) -> None:  # type: ignore[no-untyped-def]
    """`safemig serve` on the demo project: every reading page in both languages, and the
    assessment page shows the two example assessments' change."""
    import re

    from fastapi.testclient import TestClient

    from safemig.web.accounts import Accounts
    from safemig.web.app import USERS_FILE, create_app

    Accounts(project / USERS_FILE).add("demo-admin", "admin", "demo-password-1")
    client = TestClient(create_app(project), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    login = {"user": "demo-admin", "password": "demo-password-1", "csrf": token.group(1)}
    assert client.post("/login", data=login).status_code == 303
    indicators = [i["id"] for i in client.get("/api/indicators").json()]
    assert len(indicators) >= 25
    for language in ("en", "fr"):
        pages = ["/", "/methods", "/quality", "/assess", "/admin/users", "/admin/audit"]
        pages += [f"/indicator/{i}?by=region" for i in indicators]
        for page in pages:
            answer = client.get(f"{page}{'&' if '?' in page else '?'}lang={language}")
            assert answer.status_code == 200, (page, language)
            assert f'<html lang="{language}">' in answer.text
    change = client.get("/assess?lang=en").text
    assert "Change since the previous assessment" in change
