"""Rule files: every bundled file is complete and bilingual; malformed files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from safemig.errors import RuleFileError
from safemig.narrative import bundled_rules, load_rules
from safemig.narrative.rules import bundled_rule_files

THEMES = {"legal-status", "victimhood", "person-first", "metaphors", "gendered-assumptions"}


def test_one_file_per_theme_and_language():
    assert {f.name for f in bundled_rule_files()} == {
        f"{theme}.{lang}.yaml" for theme in THEMES for lang in ("en", "fr")
    }


@pytest.mark.parametrize("rule", bundled_rules(), ids=lambda r: r.id)
def test_every_rule_has_terms_suggestions_bilingual_rationale_and_source(rule):
    assert rule.phrases and rule.suggestions and rule.source
    assert rule.rationale["en"] != rule.rationale["fr"]
    assert rule.theme_title["en"] and rule.theme_title["fr"]


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_missing_field_names_file_rule_and_field(tmp_path):
    path = _write(
        tmp_path,
        "demo.en.yaml",
        """
theme: demo
language: en
title: {en: Demo, fr: Démo}
rules:
  - id: demo.no-source
    terms: [bad word]
    suggestions: [good word]
    rationale: {en: Why, fr: Pourquoi}
""",
    )
    with pytest.raises(
        RuleFileError, match=r"demo\.en\.yaml: rule 'demo\.no-source' lacks .*source"
    ):
        load_rules([path])


def test_rationale_must_exist_in_both_languages(tmp_path):
    path = _write(
        tmp_path,
        "demo.fr.yaml",
        """
theme: demo
language: fr
title: {en: Demo, fr: Démo}
rules:
  - {id: demo.x, terms: [mot], suggestions: [autre], rationale: {fr: Pourquoi}, source: S}
""",
    )
    with pytest.raises(RuleFileError, match="'rationale' needs non-empty 'en' and 'fr'"):
        load_rules([path])


def test_file_name_must_match_theme_and_language(tmp_path):
    path = _write(tmp_path, "demo.en.yaml", "theme: other\nlanguage: en\nrules: []\n")
    with pytest.raises(RuleFileError, match="must be set and match the file name"):
        load_rules([path])


def test_unknown_context_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "demo.en.yaml",
        """
theme: demo
language: en
title: {en: Demo, fr: Démo}
rules:
  - id: demo.x
    terms: [word]
    suggestions: [other]
    rationale: {en: Why, fr: Pourquoi}
    source: S
    unless: {inside: [footnote]}
""",
    )
    with pytest.raises(RuleFileError, match="'unless.inside' may only name"):
        load_rules([path])


def test_invalid_yaml_is_refused(tmp_path):
    path = _write(tmp_path, "demo.en.yaml", "rules: [unclosed\n")
    with pytest.raises(RuleFileError, match="demo.en.yaml: cannot be read as YAML"):
        load_rules([path])


def test_custom_rules_replace_the_bundled_ones(tmp_path):
    from safemig.narrative import check_text

    path = _write(
        tmp_path,
        "demo.en.yaml",
        """
theme: demo
language: en
title: {en: Demo, fr: Démo}
rules:
  - {id: demo.x, terms: [bad word], suggestions: [fine word],
     rationale: {en: Why, fr: Pourquoi}, source: S}
""",
    )
    rules = load_rules([path])
    assert [
        f.rule.id for f in check_text("A bad word and illegal migrants.", "en", rules=rules)
    ] == ["demo.x"]
