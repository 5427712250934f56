"""The functions the dashboard's assessment page calls: the form in a language, submitted
fields parsed with every error named (English and French), saving under the user, and the
HTML fragment."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from safemig.assess import load_history
from safemig.assess.web import (
    answers_from_form,
    form_description,
    parse_form,
    render_assessment_fragment,
    save_form,
)
from safemig.errors import AnswersError, AssessmentHistoryError
from tests.assess.conftest import DATA


def _fields(small, **override):
    fields = {"programme": "Test programme"}
    fields.update({f"status.{c.id}": "fully" for c in small.criteria})
    fields.update(override)
    return fields


@pytest.mark.parametrize("language", ["en", "fr"])
def test_form_description_in_each_language(builtin, language):
    form = form_description(builtin, language)
    json.dumps(form)  # the page may send it as JSON
    assert [lesson["id"] for lesson in form["lessons"]] == [x.id for x in builtin.lessons]
    criteria = [c for lesson in form["lessons"] for c in lesson["criteria"]]
    assert [c["id"] for c in criteria] == [c.id for c in builtin.criteria]
    first = criteria[0]
    assert first["status_field"] == "status.voices.design"
    labels = [choice["label"] for choice in first["choices"]]
    assert labels == (
        ["Not started", "Partly", "Fully", "Not applicable"]
        if language == "en"
        else ["Pas commencé", "En partie", "Entièrement", "Sans objet"]
    )
    assert first["question"] == builtin.criteria[0].question.in_language(language)
    assert len(form["activities"]["objectives"]) == 23


def test_valid_form_gives_the_assessment(small):
    fields = _fields(
        small,
        **{
            "status.beta.one": "not_applicable",
            "reason.beta.one": "Women only",
            "evidence.alpha.one": "Minutes of the consultation",
            "activity.1.title": "Radio",
            "activity.1.gcm": ["3", "8"],
            "activity.2.title": "",
            "activity.2.gcm": "",
            "activity.3.title": "Kits",
            "activity.3.gcm": "15, 3",
        },
    )
    parsed = parse_form(small, fields)
    assert parsed.errors == {}
    assessment = parsed.assessment
    assert assessment is not None
    assert assessment.answer("beta.one").reason == "Women only"
    assert assessment.answer("alpha.one").evidence == "Minutes of the consultation"
    assert [(a.id, a.title, a.objectives) for a in assessment.activities] == [
        ("activity-1", "Radio", (3, 8)),
        ("activity-3", "Kits", (3, 15)),
    ]


def test_every_error_is_named_by_field_in_both_languages(small):
    fields = _fields(
        small,
        programme="",
        **{
            "status.alpha.two": "",
            "status.beta.one": "not_applicable",
            "activity.1.title": "Radio",
            "activity.1.gcm": "3, 40",
            "activity.2.gcm": "3",
        },
    )
    parsed = parse_form(small, fields)
    assert parsed.assessment is None
    assert set(parsed.errors) == {
        "programme",
        "status.alpha.two",
        "reason.beta.one",
        "activity.1.gcm",
        "activity.2.title",
    }
    french = parsed.messages("fr")
    assert french["status.alpha.two"].startswith("Critère 'alpha.two' : choisissez une réponse")
    assert french["reason.beta.one"] == "Critère 'beta.one' : dites pourquoi il ne s'applique pas."
    assert "'40' n'est pas un objectif du PMM" in french["activity.1.gcm"]
    assert parsed.messages("en")["programme"] == "Give the programme's name."
    with pytest.raises(AnswersError, match="status.alpha.two: Criterion 'alpha.two'"):
        answers_from_form(small, fields)


def test_save_form_records_the_user_and_time(project, small):
    assessment = answers_from_form(small, _fields(small, programme_fr="Programme d'essai"))
    when = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)
    save_form(project, assessment, "analyst@example.org", when)
    (saved,) = load_history(project, small)
    assert (saved.saved_by, saved.saved_at) == ("analyst@example.org", when)
    assert (saved.programme_in("en"), saved.programme_in("fr")) == (
        "Test programme",
        "Programme d'essai",
    )


def test_fragment_renders_in_each_language(project, small):
    with pytest.raises(AssessmentHistoryError):
        render_assessment_fragment(project, "en", small)
    first = _fields(small, **{"status.alpha.two": "not_started"})
    save_form(project, answers_from_form(small, first), "A", datetime(2026, 1, 1, tzinfo=UTC))
    save_form(
        project, answers_from_form(small, _fields(small)), "B", datetime(2026, 2, 1, tzinfo=UTC)
    )
    english = render_assessment_fragment(project, "en", small, chart=False)
    assert english.startswith('<div class="safemig-assessment" lang="en">')
    assert "<html" not in english and "<img" not in english
    assert '<tr class="improved" data-criterion="alpha.two">' in english
    french = render_assessment_fragment(project, "fr", small)
    assert "Tableau de bord par leçon" in french and 'src="data:image/png;base64,' in french
    assert "Score global : 100\u202f%" in french


def test_the_dashboard_functions_import_nothing_from_ingest(project, small):
    """The wall of DESIGN.md: no path from a web request to microdata."""
    import subprocess
    import sys

    save_form(project, answers_from_form(small, _fields(small)), "A")
    code = (
        "import sys\n"
        "from safemig.assess.web import render_assessment_fragment, form_description\n"
        "from safemig.assess import load_checklist\n"
        f"c = load_checklist({str(small.source and DATA / small.source)!r})\n"
        f"render_assessment_fragment({str(project)!r}, 'en', c, chart=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('safemig.ingest')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
