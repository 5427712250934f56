"""The printable questionnaire renders in English and French, as HTML and as PDF."""

from __future__ import annotations

import pytest

from safemig.errors import TranslationError
from safemig.instrument import render_html, write_printable


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Do you have difficulty seeing", "Ask if", "Select all that apply"]),
        ("fr", ["Avez-vous des difficultés à voir", "Poser si", "Plusieurs réponses possibles"]),
    ],
)
def test_html_is_in_the_chosen_language(survey_schema, language, expected):
    html = render_html(survey_schema, language)
    for text in expected:
        assert text in html
    assert f'<html lang="{language}">' in html


def test_skip_instructions_name_question_numbers_not_variables(survey_schema):
    html = render_html(survey_schema, "en")
    assert "${" not in html and "Q4 = &#39;yes&#39;" in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf_renders(survey_schema, tmp_path, language):
    path = write_printable(survey_schema, tmp_path / f"q_{language}.pdf", language)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000


def test_language_absent_from_the_form_is_refused(survey_schema):
    with pytest.raises(TranslationError, match="no labels in 'ha'"):
        render_html(survey_schema, "ha")
