"""The corpus: sentences that must be flagged with exact rule ids, and ones that must not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safemig.narrative import check_text

_CORPUS = yaml.safe_load((Path(__file__).parent / "corpus.yaml").read_text(encoding="utf-8"))
_CASES = [(lang, case["text"], case["flags"]) for lang in ("en", "fr") for case in _CORPUS[lang]]


@pytest.mark.parametrize(("language", "text", "expected"), _CASES, ids=[c[1][:40] for c in _CASES])
def test_corpus_sentence_is_flagged_exactly_as_expected(language, text, expected):
    assert [f.rule.id for f in check_text(text, language)] == expected


def test_corpus_covers_every_bundled_rule():
    from safemig.narrative import bundled_rules

    flagged = {rule_id for _, _, flags in _CASES for rule_id in flags}
    assert {rule.id for rule in bundled_rules()} - flagged == set()


def test_corpus_holds_sentences_that_must_not_be_flagged_in_both_languages():
    clean = {lang for lang, _, flags in _CASES if not flags}
    assert clean == {"en", "fr"}
