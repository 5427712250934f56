"""Suggested codes, for an analyst to accept or reject: keyword rules and sentence similarity.

Keyword rules come from the codebook's ``keywords`` (a word or phrase; a stem ending in ``*``
matches any word it starts); matching ignores case and accents, so ``desert`` finds
"désert" and ``abandonn*`` finds "abandonnées". Similarity suggestions compare each unit with
the codebook's ``examples`` through a small sentence-embedding model installed with safemig
(:mod:`safemig.voices.embed`; it runs on the CPU and never reaches the network): a theme is
suggested when the cosine similarity to its closest example reaches ``threshold``. Either way
a suggestion is only a proposal; nothing is counted until an analyst accepts it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from safemig.voices.codebook import Codebook
from safemig.voices.coding import Suggestion
from safemig.voices.sources import Unit

#: Cosine similarity from which a theme is suggested. On the demonstration's 31 turns coded by
#: hand (coder_a as reference; the examples resemble some turns, so this is optimistic), 0.55
#: with two per unit gave 34 suggestions, 79% of them codes the coder chose, covering 59% of
#: her codes; 0.3 gave 63% and 72% (``python`` over ``embedding_suggestions``, 2026-11-28).
THRESHOLD = 0.55
#: At most this many similarity suggestions per unit.
TOP = 2


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain."""
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """The regular expression of one codebook keyword, over folded text."""
    stem = keyword.endswith("*")
    body = re.escape(fold(keyword.rstrip("*").strip())).replace(r"\ ", r"\s+")
    tail = r"\w*" if stem else ""
    return re.compile(r"(?<!\w)" + body + tail + r"(?!\w)")


def keyword_suggestions(units: Sequence[Unit], codebook: Codebook) -> list[Suggestion]:
    """A suggestion for every theme one of whose keywords occurs in a unit."""
    rules = [
        (theme.id, keyword, keyword_pattern(keyword))
        for theme in codebook.themes
        for keyword in theme.phrases("keywords")
    ]
    found: dict[tuple[str, str], Suggestion] = {}
    for unit in units:
        text = fold(unit.text)
        for theme, keyword, pattern in rules:
            if (unit.id, theme) not in found and pattern.search(text):
                found[(unit.id, theme)] = Suggestion(
                    unit.id, theme, "keyword", 1.0, keyword, text=unit.text
                )
    return list(found.values())


def embedding_suggestions(
    units: Sequence[Unit],
    codebook: Codebook,
    threshold: float = THRESHOLD,
    top: int = TOP,
) -> list[Suggestion]:
    """Themes whose closest example is similar enough to a unit (at most ``top`` per unit).

    Raises
    ------
    safemig.errors.ModelUnavailableError
        When the embedding model is not installed.
    """
    from safemig.voices.embed import Encoder, cosine

    examples = [(t.id, e) for t in codebook.themes for e in t.phrases("examples")]
    if not units or not examples:
        return []
    encoder = Encoder.load()
    similarity = cosine(
        encoder.encode([u.text for u in units]), encoder.encode([e for _, e in examples])
    )
    found = []
    for row, unit in enumerate(units):
        best: dict[str, tuple[float, str]] = {}
        for column, (theme, example) in enumerate(examples):
            score = float(similarity[row, column])
            if score > best.get(theme, (-2.0, ""))[0]:
                best[theme] = (score, example)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        for theme, (score, example) in ranked[:top]:
            if score >= threshold:
                found.append(
                    Suggestion(unit.id, theme, "embedding", score, example, text=unit.text)
                )
    return found


def suggestions(
    units: Sequence[Unit],
    codebook: Codebook,
    embeddings: bool = True,
    threshold: float = THRESHOLD,
) -> list[Suggestion]:
    """Keyword and (unless ``embeddings`` is false) similarity suggestions; where both
    propose the same theme for a unit, the keyword one is kept (it names its evidence)."""
    found = {(s.unit, s.theme): s for s in keyword_suggestions(units, codebook)}
    if embeddings:
        for s in embedding_suggestions(units, codebook, threshold):
            found.setdefault((s.unit, s.theme), s)
    return list(found.values())
