"""The simple-language check: readability, sentence and word length, jargon, SMS size.

Each topic is measured (:mod:`.readability`), searched for the jargon of its language
(``jargon/<language>.yaml`` in the library, each term with plainer words to use instead), and
its SMS text is counted (:mod:`.sms`). :func:`check_library` returns one :class:`TopicCheck`
per topic with the problems found against :class:`Limits`; the service directory's findings
come along, since a kit is only as good as its phone numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from safemig.errors import KitContentError
from safemig.i18n import say
from safemig.kits.directory import DirectoryFinding, load_directory, validate_directory
from safemig.kits.readability import Readability, measure
from safemig.kits.settings import Limits
from safemig.kits.sms import SmsCount, count_segments
from safemig.kits.topics import Library, Topic

POLICIES = ("fail", "warn")


@dataclass(frozen=True)
class JargonHit:
    """A jargon word found in a topic, with the plainer words to use instead."""

    term: str
    found: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """One limit a topic goes past: ``code`` names it, ``value`` and ``limit`` say how far."""

    code: str
    value: float | str
    limit: float | str


@dataclass(frozen=True)
class TopicCheck:
    """The simple-language check of one topic in one language."""

    topic_id: str
    language: str
    path: Path
    readability: Readability
    sms: SmsCount
    jargon: tuple[JargonHit, ...]
    problems: tuple[Problem, ...]

    @property
    def passed(self) -> bool:
        """True when the topic is within every limit and has no jargon."""
        return not self.problems


@dataclass(frozen=True)
class LibraryCheck:
    """Every topic's check and the service directory's findings."""

    topics: tuple[TopicCheck, ...]
    directory: tuple[DirectoryFinding, ...]
    limits: Limits = field(default_factory=Limits)

    @property
    def passed(self) -> bool:
        """True when every topic passes and no directory entry has an error (stale is a warning)."""
        return all(t.passed for t in self.topics) and not any(
            f.severity == "error" for f in self.directory
        )


def load_jargon(folder: Path, language: str) -> dict[str, tuple[str, ...]]:
    """Return ``{term: plainer alternatives}`` of ``jargon/<language>.yaml`` (empty if absent)."""
    path = folder / "jargon" / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise KitContentError(
            say(
                "{path}: expected 'term: [plainer words]' lines",
                "{path} : lignes « terme: [mots plus simples] » attendues",
                path=path,
            )
        )
    return {str(k): tuple(str(a) for a in v) for k, v in data.items()}


def find_jargon(text: str, jargon: dict[str, tuple[str, ...]]) -> list[JargonHit]:
    """Return the jargon terms in ``text`` (whole words or phrases, any case, plural ``s``).

    >>> find_jargon("We facilitate remittances.", {"remittance": ("money sent home",)})
    [JargonHit(term='remittance', found='remittances', alternatives=('money sent home',))]
    """
    hits = []
    for term, alternatives in jargon.items():
        words = r"s?\s+".join(re.escape(w) for w in term.split())
        for match in re.finditer(rf"(?<!\w){words}s?(?!\w)", text, flags=re.IGNORECASE):
            hits.append(JargonHit(term, match.group(0), alternatives))
    return hits


def check_topic(topic: Topic, limits: Limits, jargon: dict[str, tuple[str, ...]]) -> TopicCheck:
    """Measure one topic against ``limits`` and search it (and its SMS) for jargon."""
    readability = measure(topic.prose_blocks(), topic.language)
    sms = count_segments(topic.sms)
    hits = tuple(find_jargon("\n".join([*topic.prose_blocks(), topic.sms]), jargon))
    problems = _limit_problems(readability, sms, limits)
    problems += [Problem("jargon", hit.found, " / ".join(hit.alternatives)) for hit in hits]
    return TopicCheck(topic.id, topic.language, topic.path, readability, sms, hits, tuple(problems))


def _limit_problems(r: Readability, sms: SmsCount, limits: Limits) -> list[Problem]:
    checks = [
        ("ease", r.ease, limits.min_ease, r.ease is not None and r.ease < limits.min_ease),
        (
            "words_per_sentence",
            round(r.words_per_sentence, 1),
            limits.max_words_per_sentence,
            r.words_per_sentence > limits.max_words_per_sentence,
        ),
        (
            "sentence_words",
            r.longest_sentence,
            limits.max_sentence_words,
            r.longest_sentence > limits.max_sentence_words,
        ),
        (
            "letters_per_word",
            round(r.letters_per_word, 2),
            limits.max_letters_per_word,
            r.letters_per_word > limits.max_letters_per_word,
        ),
        (
            "sms_segments",
            sms.segments,
            limits.max_sms_segments,
            sms.segments > limits.max_sms_segments,
        ),
    ]
    return [
        Problem(code, round(v, 1) if isinstance(v, float) else v or 0, limit)
        for code, v, limit, failed in checks
        if failed
    ]


def check_library(
    library: Library,
    limits: Limits | None = None,
    today: dt.date | None = None,
    languages: tuple[str, ...] | None = None,
) -> LibraryCheck:
    """Check every topic of ``library`` (in ``languages``, default all) and its directory.

    Parameters
    ----------
    library
        From :func:`safemig.kits.load_library`.
    limits
        The simple-language limits (defaults: :class:`Limits`).
    today
        The date directory verification ages are measured from (default: today).
    languages
        The languages to check.

    Returns
    -------
    LibraryCheck
        ``passed`` is False when a topic goes past a limit or a directory entry has an error.
    """
    limits = limits or Limits()
    languages = languages or library.languages()
    jargon = {lang: load_jargon(library.folder, lang) for lang in languages}
    topics = tuple(
        check_topic(t, limits, jargon[lang])
        for lang in languages
        for t in library.in_language(lang)
    )
    services = load_directory(library.folder / "services.csv")
    findings = validate_directory(services, today or dt.date.today(), languages)
    return LibraryCheck(topics, tuple(findings), limits)
