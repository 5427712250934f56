"""De-identification of quotes: a corpus of English and French sentences with the exact text
expected, held-out sentences whose recall and precision are measured, and properties that
hold for any text (known names never survive, offsets point into the original)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from safemig.errors import DeidentificationError, VoicesError
from safemig.voices import deidentify as module
from safemig.voices.deidentify import Anonymised, deidentify, placeholder

DATA = Path(__file__).parent / "data"
CORPUS = yaml.safe_load((DATA / "deid_corpus.yaml").read_text(encoding="utf-8"))
HELDOUT = yaml.safe_load((DATA / "deid_heldout.yaml").read_text(encoding="utf-8"))
HELDOUT2 = yaml.safe_load((DATA / "deid_heldout2.yaml").read_text(encoding="utf-8"))
HELDOUT3 = yaml.safe_load((DATA / "deid_heldout3.yaml").read_text(encoding="utf-8"))
MARK = re.compile(r"\[(?:NAME|PHONE|EMAIL|PLACE|NUMBER|NOM|TÉLÉPHONE|COURRIEL|LIEU|NUMÉRO)\]")


def _run(case: dict) -> Anonymised:
    return deidentify(
        case["text"], case["lang"], names=case.get("names", ()), places=case.get("places", ())
    )


def _expected_spans(case: dict) -> list[tuple[int, int]]:
    """Where the expected text's placeholders sit in the original text."""
    literals = MARK.split(case["expected"])
    pattern = "(.+?)".join(re.escape(part) for part in literals)
    match = re.fullmatch(pattern, case["text"], re.DOTALL)
    assert match is not None, f"expected text does not align with {case['text']!r}"
    return [match.span(i) for i in range(1, len(literals))]


def recall_precision(cases: list[dict]) -> tuple[float, float, int, int]:
    """Recall: share of expected identifiers hidden entirely. Precision: share of
    replacements that touch an expected identifier. Also the two counts."""
    hidden = wanted = right = made = 0
    for case in cases:
        spans = _expected_spans(case)
        done = [(r.start, r.end) for r in _run(case).replacements]
        covered = {i for s, e in done for i in range(s, e)}
        wanted += len(spans)
        hidden += sum(all(i in covered for i in range(s, e)) for s, e in spans)
        made += len(done)
        right += sum(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in done)
    return hidden / wanted, (right / made if made else 1.0), wanted, made


# --- the corpus -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c["text"][:40])
def test_corpus_sentence_is_anonymised_exactly(case: dict):
    assert _run(case).text == case["expected"]


def test_corpus_covers_both_languages_and_clean_sentences():
    for language in ("en", "fr"):
        cases = [c for c in CORPUS if c["lang"] == language]
        assert len(cases) >= 40
        assert sum(c["text"] == c["expected"] for c in cases) >= 15  # no identifier at all
    kinds = {r.kind for c in CORPUS for r in _run(c).replacements}
    assert kinds == {"name", "phone", "email", "place", "number"}


def test_corpus_recall_and_precision_are_complete():
    assert recall_precision(CORPUS)[:2] == (1.0, 1.0)


def test_heldout_recall_and_precision_as_measured():
    # 30 sentences, 32 identifiers, written before the rules were run on them. First run
    # (commit 35bf615): recall 27/32 (a Tamasheq "walet" name split in two, "chief of X",
    # "Benin City" taken for Benin), precision 31/31. Since fixed: 32/32 and 32/32.
    recall, precision, wanted, made = recall_precision(HELDOUT)
    assert (wanted, made) == (32, 32)
    assert (recall, precision) == (1.0, 1.0)


def test_second_heldout_recall_and_precision_as_measured():
    # 40 transcript-like sentences, 40 identifiers, written before the rules of 4a77052 ran
    # on them. First run: recall 25/40 (names outside the list without a cue, lower-case
    # "hadiza", "his name is", "Our village, X"), precision 25/26. With the proper-noun and
    # lower-case rules since: recall 40/40, precision 40/42 (the money-transfer company
    # "Amana Transfert" is hidden as a place and as a name; it is also a woman's name).
    recall, precision, wanted, made = recall_precision(HELDOUT2)
    assert (wanted, made) == (40, 42)
    assert (recall, precision) == (1.0, 40 / 42)


def test_third_heldout_recall_and_precision_as_measured():
    # 30 sentences, 26 identifiers, run once on the rules of 304d5df and left untuned: the
    # honest estimate. Missed: a name outside the list opening a sentence ("Salifou, the
    # driver"), in each language. Hidden by mistake: brand and company names inside a
    # sentence (Radio Anfani, a Tecno phone, the bus company Rimbo), in each language.
    recall, precision, wanted, made = recall_precision(HELDOUT3)
    assert (wanted, made) == (26, 30)
    assert (recall, precision) == (24 / 26, 24 / 30)


def test_replacements_record_kind_offsets_and_placeholder():
    text = "Je m'appelle Amina, mon numéro est le 96 12 34 56."
    result = deidentify(text, "fr")
    assert [(r.kind, r.original, r.placeholder) for r in result.replacements] == [
        ("name", "Amina", "[NOM]"),
        ("phone", "96 12 34 56", "[TÉLÉPHONE]"),
    ]
    assert [text[r.start : r.end] for r in result.replacements] == ["Amina", "96 12 34 56"]


# --- options and errors -----------------------------------------------------------------


def test_public_places_given_replace_the_bundled_list():
    text = "We went from Agadez to Tabelot."
    assert deidentify(text, "en").text == "We went from Agadez to [PLACE]."
    assert deidentify(text, "en", public_places=[]).text == "We went from [PLACE] to [PLACE]."
    kept = deidentify(text, "en", public_places=["Agadez", "Tabelot"])
    assert kept.text == text and kept.replacements == ()


def test_known_names_are_replaced_whatever_their_case_and_accents():
    text = "AÏSSA et aissa et Aïssatou."
    result = deidentify(text, "fr", names=["Aïssa"])
    assert result.text == "[NOM] et [NOM] et [NOM]."  # Aïssatou is in the first-name list
    assert deidentify("Ali est venu.", "fr", names=["  "]).text == "[NOM] est venu."


@pytest.mark.parametrize(
    ("kind", "en", "fr"),
    [
        ("name", "[NAME]", "[NOM]"),
        ("phone", "[PHONE]", "[TÉLÉPHONE]"),
        ("email", "[EMAIL]", "[COURRIEL]"),
        ("place", "[PLACE]", "[LIEU]"),
        ("number", "[NUMBER]", "[NUMÉRO]"),
    ],
)
def test_placeholder_in_each_language(kind: str, en: str, fr: str):
    assert (placeholder(kind, "en"), placeholder(kind, "fr")) == (en, fr)


def test_unknown_language_is_a_bilingual_voices_error():
    with pytest.raises(DeidentificationError) as caught:
        deidentify("Amina", "ha")
    assert isinstance(caught.value, VoicesError)
    message = caught.value.args[0]
    assert "'ha'" in message and "'ha'" in message.fr and message != message.fr


def test_unknown_kind_is_a_bilingual_voices_error():
    with pytest.raises(DeidentificationError) as caught:
        placeholder("date", "en")
    assert "'date'" in caught.value.args[0].fr


# --- bundled lists ----------------------------------------------------------------------


def _fold(word: str) -> str:
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in word).lower()


def test_bundled_lists_are_strings_and_do_not_contradict_each_other():
    names = module._data("first_names.yaml")
    places = module._data("places.yaml")
    stops = module._data("stop_words.yaml")
    for table in (names, places, stops):
        assert all(isinstance(v, str) for values in table.values() for v in values)
    first = {n.lower() for values in names.values() for n in values}
    stop = {w.lower() for values in stops.values() for w in values}
    assert first & stop == set()
    assert {_fold(n) for n in first} & {_fold(p) for p in places["public"]} == set()
    assert {_fold(p) for p in places["small"]} & {_fold(p) for p in places["public"]} == set()


# --- properties -------------------------------------------------------------------------

PLACEHOLDER_WORDS = {"name", "phone", "email", "place", "number", "nom", "telephone"}
PLACEHOLDER_WORDS |= {"courriel", "lieu", "numero"}
known_word = st.text(alphabet="abdefhikmnorstuzéïAMKTZ", min_size=2, max_size=9).filter(
    lambda w: _fold(w) not in PLACEHOLDER_WORDS
)
known_value = st.lists(known_word, min_size=1, max_size=2).map(" ".join)
fragment = st.one_of(
    st.sampled_from([c["text"] for c in CORPUS]),
    st.sampled_from(["+227 96 12 34 56", "a@b.ne", "10PC45678", " d'", " à ", "'s ", ". "]),
    st.text(max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(known_value, max_size=3),
    places=st.lists(known_value, max_size=2),
    pieces=st.lists(st.one_of(fragment, known_value), max_size=8),
    language=st.sampled_from(["en", "fr"]),
)
def test_known_values_never_survive(names, places, pieces, language):
    text = " ".join(pieces)
    result = deidentify(text, language, names=names, places=places)
    folded = module._fold(result.text)
    for value in [*names, *places]:
        assert re.search(rf"(?<!\w){re.escape(module._fold(value))}(?!\w)", folded) is None


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.one_of(fragment, known_value), max_size=8),
    names=st.lists(known_value, max_size=2),
    language=st.sampled_from(["en", "fr"]),
)
def test_offsets_point_into_the_original_and_rebuild_the_output(pieces, names, language):
    text = "".join(pieces)
    result = deidentify(text, language, names=names)
    rebuilt, at = [], 0
    for r in result.replacements:
        assert text[r.start : r.end] == r.original and r.start >= at and r.end > r.start
        assert r.placeholder == placeholder(r.kind, language)
        rebuilt += [text[at : r.start], r.placeholder]
        at = r.end
    assert "".join([*rebuilt, text[at:]]) == result.text
    assert deidentify(text, language, names=list(reversed(names))) == result


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c["text"][:40])
def test_an_anonymised_quote_has_nothing_left_to_hide(case: dict):
    # safemig.voices.quotes refuses a quote whose approved text still has a replacement.
    again = deidentify(case["expected"], case["lang"], names=case.get("names", ()))
    assert again.replacements == ()


glued = st.sampled_from(["Kofi", "(rires) ", "Mme ", "in ", "de ", "d'", "Tecno", ":", "\n", "."])


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.one_of(fragment, known_value, glued), max_size=12),
    names=st.lists(known_value, max_size=2),
    language=st.sampled_from(["en", "fr"]),
)
def test_deidentifying_twice_changes_nothing_more(pieces, names, language):
    # Pieces glued without spaces ("56Amina", "d'My") once let a second pass find more.
    once = deidentify("".join(pieces), language, names=names)
    assert deidentify(once.text, language, names=names).text == once.text
