"""Quotations, legal citations and sentences."""

from __future__ import annotations

from safemig.narrative.contexts import legal_citation_spans, quotation_spans, sentence_spans


def _texts(text, spans):
    return [text[start:end] for start, end in spans]


def test_quotation_marks_of_both_languages_are_found():
    text = 'She said “no”, il a dit « non » and "maybe"; l’immigrée ‘quoted’.'
    assert _texts(text, quotation_spans(text)) == ["“no”", "« non »", '"maybe"', "‘quoted’"]


def test_capitalised_instrument_name_is_a_citation():
    text = "She applied under the Victims of Trafficking and Violence Protection Act of 2000."
    assert _texts(text, legal_citation_spans(text, "en")) == [
        "Victims of Trafficking and Violence Protection Act of 2000"
    ]


def test_sentence_start_capital_is_not_a_citation():
    assert legal_citation_spans("Victims of trafficking need an Act.", "en") == []


def test_french_law_with_number_runs_to_the_end_of_the_sentence():
    text = "Selon la loi n° 2015-36 relative au trafic illicite de migrants. Autre phrase."
    assert _texts(text, legal_citation_spans(text, "fr")) == [
        "loi n° 2015-36 relative au trafic illicite de migrants."
    ]


def test_abbreviation_does_not_end_a_sentence():
    text = "See Act No. 29 on victims. Next one."
    assert _texts(text, sentence_spans(text, "en")) == ["See Act No. 29 on victims.", " Next one."]
