"""The self-assessment page of the dashboard: analysts fill in the checklist, the answers are
saved under their name, and the second assessment shows the change from the first."""

from __future__ import annotations

from safemig.assess.files import builtin_checklist
from safemig.assess.history import load_history
from tests.web.conftest import form_token


def _fields(status: str, token: str) -> dict[str, str]:
    checklist = builtin_checklist()
    fields = {"csrf": token, "programme": "Pilot programme", "programme_fr": "Programme pilote"}
    for criterion in checklist.criteria:
        fields[f"status.{criterion.id}"] = status
    fields["activity.1.title"] = "Radio information sessions"
    fields["activity.1.gcm"] = "3, 7"
    return fields


def test_an_analyst_saves_two_assessments_and_sees_the_change(site, as_role) -> None:  # type: ignore[no-untyped-def]
    analyst = as_role("analyst")
    page = analyst.get("/assess")
    assert page.status_code == 200 and "Save the assessment" in page.text
    token = form_token(page.text)
    assert analyst.post("/assess", data=_fields("not_started", token)).status_code == 303
    first = analyst.get("/assess").text
    assert "the next one will show the change" in first
    assert analyst.post("/assess", data=_fields("partly", token)).status_code == 303
    second = analyst.get("/assess?lang=fr").text
    assert "Évolution depuis l&#39;évaluation précédente" in second
    saved = load_history(site.root, builtin_checklist())
    assert [a.saved_by for a in saved[-2:]] == ["ana", "ana"]
    assert saved[-1].activities[0].objectives == (3, 7)


def test_an_incomplete_form_is_refused_with_every_reason(as_role) -> None:  # type: ignore[no-untyped-def]
    analyst = as_role("analyst")
    token = form_token(analyst.get("/assess").text)
    fields = _fields("partly", token)
    first = next(k for k in fields if k.startswith("status."))
    fields[first] = "not_applicable"  # without its reason
    fields["programme"] = ""
    answer = analyst.post("/assess", data=fields)
    assert answer.status_code == 400
    assert "say why it does not apply" in answer.text
    assert "Give the programme" in answer.text


def test_viewers_cannot_assess_and_forms_need_the_token(as_role) -> None:  # type: ignore[no-untyped-def]
    assert as_role("viewer").get("/assess").status_code == 403
    analyst = as_role("analyst")
    assert analyst.post("/assess", data=_fields("fully", "forged")).status_code == 403
