"""Narrative rules: loaded from YAML files, one per theme and language.

A rule file (``rules/<theme>.<language>.yaml``) looks like::

    theme: legal-status
    language: en
    title: {en: Legal status, fr: Statut juridique}
    rules:
      - id: legal-status.illegal-migrant
        match: stem                 # stem: any inflection; exact: these forms only
        terms:
          - illegal migrant|immigrant|alien
        suggestions: [migrant in an irregular situation, undocumented migrant]
        rationale: {en: "...", fr: "..."}
        source: "UN General Assembly resolution 3449 (XXX), 1975"
        unless:                     # optional; this is the default
          inside: [quotation, legal_citation]
          sentence_mentions: []     # words that lift the rule for the whole sentence

In a term, ``a|b`` gives alternatives for one word slot and ``*?`` one optional word of any
kind; suggestions are written in the
rule's language (they replace words in the text), the rationale in both.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from safemig.errors import RuleFileError
from safemig.narrative.wordforms import WORD, keys_for_rule_word

LANGUAGES = ("en", "fr")
CONTEXT_NAMES = frozenset({"quotation", "legal_citation"})
_DEFAULT_INSIDE = ("quotation", "legal_citation")
_REQUIRED = ("id", "terms", "suggestions", "rationale", "source")
Phrase = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Rule:
    """One narrative rule: what to flag, what to write instead, and why."""

    id: str
    theme: str
    language: str
    match: str
    terms: tuple[str, ...]
    suggestions: tuple[str, ...]
    rationale: dict[str, str] = field(hash=False, compare=False)
    source: str
    theme_title: dict[str, str] = field(hash=False, compare=False)
    allowed_inside: frozenset[str] = frozenset(_DEFAULT_INSIDE)
    lifted_by: tuple[str, ...] = ()
    phrases: tuple[Phrase, ...] = ()

    @property
    def lifting_keys(self) -> frozenset[str]:
        """Stem keys of the words that lift the rule for a whole sentence."""
        return frozenset(
            key
            for word in self.lifted_by
            for key in keys_for_rule_word(word, self.language, "stem")
        )


def bundled_rule_files() -> list[Traversable]:
    """Return the rule files shipped with safemig, sorted by name."""
    folder = resources.files("safemig.narrative").joinpath("rules")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def load_rules(files: list[Path] | list[Traversable] | None = None) -> tuple[Rule, ...]:
    """Load and check rule files (the bundled ones by default).

    Raises
    ------
    RuleFileError
        If a file is not valid YAML, lacks a field, or repeats a rule id; the message names
        the file, the rule and the field.
    """
    rules: list[Rule] = []
    for rule_file in files if files is not None else bundled_rule_files():
        rules.extend(_rules_of_file(rule_file))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(f"rule id {rule.id!r} is defined twice; ids must be unique")
        seen.add(rule.id)
    return tuple(rules)


def _rules_of_file(rule_file: Path | Traversable) -> list[Rule]:
    name = rule_file.name
    try:
        data = yaml.safe_load(rule_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{name}: cannot be read as YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleFileError(f"{name}: expected a mapping with a 'rules' list")
    theme, language = data.get("theme"), data.get("language")
    if language not in LANGUAGES or not theme or name != f"{theme}.{language}.yaml":
        raise RuleFileError(
            f"{name}: 'theme' and 'language' ({', '.join(LANGUAGES)}) must be set and match "
            "the file name <theme>.<language>.yaml"
        )
    title = _bilingual(name, "title", data.get("title"))
    return [_rule(name, theme, language, title, entry) for entry in data["rules"]]


def _bilingual(where: str, field_name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGUAGES):
        raise RuleFileError(f"{where}: field {field_name!r} needs non-empty 'en' and 'fr' texts")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def _rule(name: str, theme: str, language: str, title: dict[str, str], entry: Any) -> Rule:
    missing = [key for key in _REQUIRED if not (isinstance(entry, dict) and entry.get(key))]
    if missing:
        rule_id = entry.get("id", "?") if isinstance(entry, dict) else "?"
        raise RuleFileError(f"{name}: rule {rule_id!r} lacks field(s) {', '.join(missing)}")
    where = f"{name}: rule {entry['id']!r}"
    if not str(entry["id"]).startswith(f"{theme}."):
        raise RuleFileError(f"{where}: the id must start with the theme, '{theme}.'")
    match = entry.get("match", "stem")
    if match not in ("stem", "exact"):
        raise RuleFileError(f"{where}: field 'match' must be 'stem' or 'exact'")
    unless = entry.get("unless") or {}
    inside = frozenset(unless.get("inside", _DEFAULT_INSIDE))
    if not inside <= CONTEXT_NAMES:
        raise RuleFileError(f"{where}: 'unless.inside' may only name {sorted(CONTEXT_NAMES)}")
    terms = tuple(str(term) for term in entry["terms"])
    return Rule(
        id=str(entry["id"]),
        theme=theme,
        language=language,
        match=match,
        terms=terms,
        suggestions=tuple(str(s) for s in entry["suggestions"]),
        rationale=_bilingual(where, "rationale", entry["rationale"]),
        source=str(entry["source"]).strip(),
        theme_title=title,
        allowed_inside=inside,
        lifted_by=tuple(unless.get("sentence_mentions", ())),
        phrases=_phrases(terms, language, match),
    )


def _phrases(terms: tuple[str, ...], language: str, match: str) -> tuple[Phrase, ...]:
    """Turn terms into phrases: one set of accepted word keys per word position.

    A slot ``*?`` is one optional word of any kind ("a flood of *? migrants" also catches
    "a flood of illegal migrants"); an empty set of keys stands for "any word".
    """
    phrases: set[Phrase] = set()
    for term in terms:
        slots = [["", "*"] if slot == "*?" else slot.split("|") for slot in term.split()]
        for choice in itertools.product(*slots):
            phrases.add(tuple(key for alt in choice for key in _slot_keys(alt, language, match)))
    return tuple(sorted(phrases, key=lambda p: (-len(p), [sorted(keys) for keys in p])))


def _slot_keys(alternative: str, language: str, match: str) -> list[frozenset[str]]:
    if alternative == "*":
        return [frozenset()]
    return [keys_for_rule_word(word, language, match) for word in WORD.findall(alternative)]
