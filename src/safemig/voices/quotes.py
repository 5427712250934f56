"""Quotes: women's words in products, only with consent and after an analyst approved their
de-identified form.

``voices/quotes.yaml`` lists candidate quotes. ``safemig voices quotes propose`` adds one for
every coded unit of a session whose participants agreed to be quoted, with names, phone
numbers, e-mails, small places and long numbers already replaced by placeholders
(:mod:`safemig.voices.deidentify`) and the session's own ``identifiers`` masked. The analyst
reads and, if needed, edits the ``text``, then approves it (``safemig voices quotes approve
ID --by NAME``): the approval records who, when, and a fingerprint (SHA-256) of the text
approved.

:func:`usable_quotes` is the only way quotes reach a product. A quote is usable when its
session still consents, it was approved, its text is exactly the text approved (an edit
after approval needs a new approval), and de-identifying it again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from safemig.errors import CodingFileError, QuoteError
from safemig.i18n import Text
from safemig.voices.sources import Session, Unit

if TYPE_CHECKING:
    from safemig.voices.deidentify import Anonymised

#: Longest unit proposed as a quote, in characters (a quote is a few sentences).
LONGEST = 400
_FIELDS = (
    "id",
    "unit",
    "themes",
    "language",
    "text",
    "approved_by",
    "approved_at",
    "approved_sha256",
)


@dataclass(frozen=True)
class Quote:
    """A candidate quote and its approval."""

    id: str
    unit: str
    themes: tuple[str, ...]
    language: str
    text: str
    approved_by: str = ""
    approved_at: str = ""
    approved_sha256: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why a quote cannot be used (for ``safemig voices quotes list``)."""

    quote: str
    reason: Text


def fingerprint(text: str) -> str:
    """SHA-256 of the quote text, as approved."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_quotes(path: str | Path) -> list[Quote]:
    """The quotes file (empty when it does not exist yet).

    Raises
    ------
    CodingFileError
        When the file is not a list of quotes with the fields of :class:`Quote`.
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CodingFileError(
            Text(
                f"{path}: cannot be read as YAML ({exc}).",
                f"{path} : illisible comme YAML ({exc}).",
            )
        ) from exc
    if not isinstance(data, list):
        raise CodingFileError(
            Text(
                f"{path}: expected a list of quotes.",
                f"{path} : une liste de citations est attendue.",
            )
        )
    quotes, seen = [], set()
    for number, raw in enumerate(data, start=1):
        if (
            not isinstance(raw, dict)
            or set(raw) - set(_FIELDS)
            or not raw.get("id")
            or not raw.get("unit")
        ):
            raise CodingFileError(
                Text(
                    f"{path}, quote {number}: needs 'id', 'unit' and 'text', and only the fields "
                    f"{', '.join(_FIELDS)}.",
                    f"{path}, citation {number} : il faut 'id', 'unit' et 'text', et seulement "
                    f"les champs {', '.join(_FIELDS)}.",
                )
            )
        if raw["id"] in seen:
            raise CodingFileError(
                Text(
                    f"{path}, quote {number}: id {raw['id']!r} is used twice.",
                    f"{path}, citation {number} : l'identifiant {raw['id']!r} est utilisé "
                    "deux fois.",
                )
            )
        seen.add(raw["id"])
        quotes.append(
            Quote(
                id=str(raw["id"]),
                unit=str(raw["unit"]),
                themes=tuple(str(t) for t in raw.get("themes") or ()),
                language=str(raw.get("language") or ""),
                text=str(raw.get("text") or ""),
                approved_by=str(raw.get("approved_by") or ""),
                approved_at=str(raw.get("approved_at") or ""),
                approved_sha256=str(raw.get("approved_sha256") or ""),
            )
        )
    return quotes


def write_quotes(path: str | Path, quotes: Sequence[Quote]) -> None:
    """Write the quotes file, one mapping per quote, readable and editable by hand."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = [{**asdict(q), "themes": list(q.themes)} for q in quotes]
    path.write_text(
        yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )


def propose_quotes(
    sessions: Sequence[tuple[Session, Sequence[Unit]]],
    codes: Mapping[str, frozenset[str]],
    existing: Sequence[Quote],
) -> list[Quote]:
    """The existing quotes, plus a de-identified candidate for every coded turn of a
    consenting session that has none yet (not longer than :data:`LONGEST` characters)."""

    have = {q.unit for q in existing}
    quotes = list(existing)
    for session, units in sessions:
        if not session.consent_quotes:
            continue
        for unit in units:
            themes = codes.get(unit.id)
            if not themes or unit.id in have or len(unit.text) > LONGEST:
                continue
            clean = mask(unit.text, session)
            quotes.append(
                Quote(
                    id=f"q-{unit.id}",
                    unit=unit.id,
                    themes=tuple(sorted(themes)),
                    language=session.language,
                    text=clean.text,
                )
            )
    return quotes


def mask(text: str, session: Session) -> Anonymised:
    """De-identify ``text`` with the session's own identifiers, keeping the words its
    ``keep`` list allows (whole replacements only, compared without case)."""
    from safemig.voices.deidentify import Anonymised, deidentify

    found = deidentify(text, session.language, names=session.names, places=session.places)
    kept = {k.casefold() for k in session.keep}
    if not kept or not found.replacements:
        return found
    replacements = tuple(r for r in found.replacements if r.original.casefold() not in kept)
    pieces, end = [], 0
    for r in sorted(replacements, key=lambda r: r.start):
        pieces += [text[end : r.start], r.placeholder]
        end = r.end
    return Anonymised("".join([*pieces, text[end:]]), replacements)


def approve(
    quotes: Sequence[Quote], quote_id: str, by: str, at: datetime | None = None
) -> list[Quote]:
    """Record an analyst's approval of the quote's current text.

    Raises
    ------
    QuoteError
        When there is no such quote or ``by`` is empty.
    """
    if not by.strip():
        raise QuoteError(
            Text(
                "An approval names who approved (--by).",
                "Une approbation nomme qui approuve (--by).",
            )
        )
    if quote_id not in {q.id for q in quotes}:
        raise QuoteError(
            Text(
                f"No quote {quote_id!r} in the quotes file.",
                f"Aucune citation {quote_id!r} dans le fichier des citations.",
            )
        )
    when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    return [
        replace(q, approved_by=by.strip(), approved_at=when, approved_sha256=fingerprint(q.text))
        if q.id == quote_id
        else q
        for q in quotes
    ]


def usable_quotes(
    quotes: Sequence[Quote], sessions: Sequence[tuple[Session, Sequence[Unit]]]
) -> tuple[list[Quote], list[Refusal]]:
    """The quotes a product may show, and why each other quote may not."""

    session_of = {u.id: s for s, units in sessions for u in units}
    usable, refused = [], []
    for quote in quotes:
        session = session_of.get(quote.unit)
        reason = None
        if session is None:
            reason = Text(
                f"its unit {quote.unit} is no longer in any transcript",
                f"son unité {quote.unit} n'est plus dans aucune transcription",
            )
        elif not session.consent_quotes:
            reason = Text(
                f"session {session.id} has no consent to quotation",
                f"la séance {session.id} n'a pas le consentement pour les citations",
            )
        elif not quote.approved_by or not quote.approved_sha256:
            reason = Text("not approved by an analyst", "non approuvée par une analyste")
        elif fingerprint(quote.text) != quote.approved_sha256:
            reason = Text(
                "its text changed after approval; approve it again",
                "son texte a changé après l'approbation ; approuvez-la de nouveau",
            )
        elif mask(quote.text, session).replacements:
            reason = Text(
                "it still contains a name, number or place to mask",
                "elle contient encore un nom, un numéro ou un lieu à masquer",
            )
        if reason is None:
            usable.append(quote)
        else:
            refused.append(Refusal(quote.id, reason))
    return usable, refused


def require_usable(quote: Quote, sessions: Sequence[tuple[Session, Sequence[Unit]]]) -> Quote:
    """The quote itself when usable.

    Raises
    ------
    QuoteError
        Naming the quote and why it cannot be used.
    """
    _, refused = usable_quotes([quote], sessions)
    if refused:
        reason = refused[0].reason
        raise QuoteError(
            Text(
                f"Quote {quote.id} cannot be used: {reason}.",
                f"La citation {quote.id} ne peut pas être utilisée : {reason.fr}.",
            )
        )
    return quote
