"""What is coded: focus-group transcripts and notes (plain text, Markdown, DOCX) with their
session metadata, and open-ended survey answers, cut into *units*.

A transcript starts with its metadata as YAML front matter between two ``---`` lines (a DOCX
file, or any file, may instead have it in a sidecar ``<file name>.yaml``)::

    ---
    session: niamey-returnees-1
    site: Niamey
    date: 2026-03-14
    group: Returnee women, 18 to 35
    language: fr
    consent_quotes: "yes"          # every participant agreed that anonymised words be quoted
    attributes: {region: niamey, migration_stage: return}
    identifiers: {names: [Amina], places: [Tchirozérine], keep: [Radio Anfani]}
    synthetic: "yes"
    ---
    F: Qu'est-ce que vous saviez avant de partir ?
    P1: Rien. Personne ne m'avait dit que la route était si dangereuse.

``identifiers``: ``names`` and ``places`` are always masked in quotes; ``keep`` lists words
the analyst decided may stay (a radio station's or an organisation's name that the
de-identifier would otherwise take for a person).

Each speaker turn (``P1:``, ``Participante 2 :``) is one unit; the facilitator's turns
(``F:``, ``Facilitator:``, ``Animatrice :`` …) give context and are not coded. Without speaker
labels each paragraph is a unit. Unit ids are ``<session>:<number>``.

An open answer unit is one distinct answer text of a question (case, accents-preserving,
spaces normalised): the same words from forty women are coded once and count forty times.
Its id is ``<question>:<hash of the text>``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from safemig.errors import TranscriptError
from safemig.i18n import Text

SUFFIXES = (".txt", ".md", ".docx")
FACILITATOR_LABELS = frozenset(
    {
        "f",
        "fac",
        "facilitator",
        "facilitatrice",
        "animatrice",
        "animateur",
        "moderator",
        "moderatrice",
        "interviewer",
        "enqueteur",
        "enquetrice",
        "q",
    }
)
_FIELDS = {
    "session",
    "site",
    "date",
    "group",
    "language",
    "consent_quotes",
    "attributes",
    "identifiers",
    "synthetic",
    "notes",
}
_REQUIRED = ("site", "date", "language", "consent_quotes")
_TURN = re.compile(r"^\s*(?P<label>[^\W\d_][\w.\- ]{0,24}?)\s*:\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class Session:
    """A focus group or interview: where, when, who, and whether words may be quoted."""

    id: str
    file: Path
    site: str
    date: date
    language: str
    consent_quotes: bool
    group: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    names: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    synthetic: bool = False

    def attribute(self, name: str) -> str | None:
        """A session attribute (``site`` and ``language`` included), or None."""
        if name in ("site", "language", "group"):
            return str(getattr(self, name))
        return dict(self.attributes).get(name)


@dataclass(frozen=True)
class Unit:
    """One thing to code: a speaker turn of a session or one distinct open answer.

    ``count`` is how many answers share the text (1 for a speaker turn); ``keys`` the
    interviews (``_key``) that gave it, for open answers.
    """

    id: str
    kind: str  # "turn" or "answer"
    source: str  # session id, or the question's column name
    text: str
    speaker: str = ""
    line: int = 0
    count: int = 1
    keys: tuple[str, ...] = field(default=(), repr=False)


def read_sessions(folder: str | Path) -> list[tuple[Session, list[Unit]]]:
    """Every transcript of ``folder`` (``.txt``, ``.md``, ``.docx``), sorted by file name.

    Raises
    ------
    TranscriptError
        When a file cannot be read, its metadata are missing or malformed, or two files
        claim the same session id; the message names the file and the field.
    """
    folder = Path(folder)
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES)
    sessions = [read_transcript(p) for p in files]
    seen: dict[str, Path] = {}
    for session, _ in sessions:
        if session.id in seen:
            raise TranscriptError(
                Text(
                    f"{session.file}: session {session.id!r} is also the session of "
                    f"{seen[session.id].name}; give each file its own 'session' id.",
                    f"{session.file} : la séance {session.id!r} est aussi celle de "
                    f"{seen[session.id].name} ; donnez à chaque fichier son propre identifiant "
                    "'session'.",
                )
            )
        seen[session.id] = session.file
    return sessions


def read_transcript(path: str | Path) -> tuple[Session, list[Unit]]:
    """One transcript and its units.

    Raises
    ------
    TranscriptError
        As :func:`read_sessions`.
    """
    path = Path(path)
    lines = _lines(path)
    meta, body_start = _front_matter(path, lines)
    sidecar = path.with_name(path.name + ".yaml")
    if meta is None and sidecar.exists():
        meta = _yaml(sidecar, sidecar.read_text(encoding="utf-8"))
    if meta is None:
        raise TranscriptError(
            Text(
                f"{path}: no session metadata; start the file with YAML front matter between "
                f"two '---' lines, or write {sidecar.name} (fields: {', '.join(_REQUIRED)} …).",
                f"{path} : pas de métadonnées de séance ; commencez le fichier par un en-tête "
                f"YAML entre deux lignes '---', ou écrivez {sidecar.name} (champs : "
                f"{', '.join(_REQUIRED)} …).",
            )
        )
    session = _session(path, meta)
    return session, _units(session, lines[body_start:], body_start)


def open_answer_units(
    keys: Sequence[str], answers: Sequence[str | None], question: str
) -> list[Unit]:
    """The distinct answers of one open question, each with the interviews that gave it.

    Parameters
    ----------
    keys
        The interviews' ``_key`` values.
    answers
        Their answers to ``question`` (None or blank: no answer, not a unit).
    question
        The question's column name (e.g. ``predeparture-wished_known``).
    """
    by_norm: dict[str, list[tuple[str, str]]] = {}
    for key, answer in zip(keys, answers, strict=True):
        if answer is None or not str(answer).strip():
            continue
        by_norm.setdefault(normalise(str(answer)), []).append((str(key), str(answer).strip()))
    units = []
    for norm, given in sorted(by_norm.items()):
        text = Counter(t for _, t in given).most_common(1)[0][0]
        units.append(
            Unit(
                id=f"{question}:{answer_hash(norm)}",
                kind="answer",
                source=question,
                text=text,
                count=len(given),
                keys=tuple(k for k, _ in given),
            )
        )
    return units


def normalise(text: str) -> str:
    """Text as compared: Unicode NFC, case folded, runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def answer_hash(normalised: str) -> str:
    """A short, stable id for a normalised answer text."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:10]


def _lines(path: Path) -> list[str]:
    try:
        if path.suffix.lower() == ".docx":
            import docx

            return [p.text for p in docx.Document(str(path)).paragraphs]
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise TranscriptError(
            Text(
                f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8.",
                f"{path} : le texte n'est pas en UTF-8 (octet {exc.start}) ; enregistrez-le "
                "en UTF-8.",
            )
        ) from exc
    except Exception as exc:  # python-docx raises several unrelated types on a bad file
        raise TranscriptError(
            Text(
                f"{path}: cannot be read ({exc}).",
                f"{path} : illisible ({exc}).",
            )
        ) from exc


def _front_matter(path: Path, lines: list[str]) -> tuple[dict[str, Any] | None, int]:
    if not lines or lines[0].strip() != "---":
        return None, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return _yaml(path, "\n".join(lines[1:end])), end + 1
    raise TranscriptError(
        Text(
            f"{path}: the front matter opened by '---' on line 1 is never closed.",
            f"{path} : l'en-tête ouvert par '---' à la ligne 1 n'est jamais fermé.",
        )
    )


def _yaml(path: Path, text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TranscriptError(
            Text(
                f"{path}: the session metadata are not valid YAML ({exc}).",
                f"{path} : les métadonnées de séance ne sont pas du YAML valide ({exc}).",
            )
        ) from exc
    if not isinstance(data, dict):
        raise TranscriptError(
            Text(
                f"{path}: the session metadata must be a mapping of fields.",
                f"{path} : les métadonnées de séance doivent être une table de champs.",
            )
        )
    return data


def _session(path: Path, meta: dict[str, Any]) -> Session:
    unknown = sorted(set(meta) - _FIELDS)
    if unknown:
        _bad(
            path,
            unknown[0],
            f"is not a session field (fields: {', '.join(sorted(_FIELDS))})",
            f"n'est pas un champ de séance (champs : {', '.join(sorted(_FIELDS))})",
        )
    for name in _REQUIRED:
        if meta.get(name) in (None, ""):
            _bad(path, name, "is missing", "manque")
    if isinstance(meta.get("session"), bool):  # YAML reads a bare yes/no/on/off as a boolean
        _bad(
            path,
            "session",
            "must be a name; put it in quotes",
            "doit être un nom ; mettez-le entre guillemets",
        )
    consent = _yes_no(path, "consent_quotes", meta["consent_quotes"])
    synthetic = _yes_no(path, "synthetic", meta.get("synthetic", "no"))
    when = meta["date"]
    if isinstance(when, str):
        try:
            when = date.fromisoformat(when)
        except ValueError:
            _bad(
                path,
                "date",
                f"{when!r} is not a date YYYY-MM-DD",
                f"{when!r} n'est pas une date AAAA-MM-JJ",
            )
    if not isinstance(when, date):
        _bad(path, "date", "must be a date YYYY-MM-DD", "doit être une date AAAA-MM-JJ")
    attributes = meta.get("attributes") or {}
    if not isinstance(attributes, dict):
        _bad(path, "attributes", "must be a mapping", "doit être une table")
    identifiers = meta.get("identifiers") or {}
    if not isinstance(identifiers, dict) or set(identifiers) - {"names", "places", "keep"}:
        _bad(
            path,
            "identifiers",
            "must be a mapping with 'names', 'places' and/or 'keep' lists",
            "doit être une table avec des listes 'names', 'places' et/ou 'keep'",
        )
    return Session(
        id=str(meta.get("session") or path.stem),
        file=path,
        site=str(meta["site"]),
        date=when,
        language=str(meta["language"]),
        consent_quotes=consent,
        group=str(meta.get("group") or ""),
        attributes=tuple((str(k), str(v)) for k, v in attributes.items()),
        names=_strings(path, "identifiers.names", identifiers.get("names")),
        places=_strings(path, "identifiers.places", identifiers.get("places")),
        keep=_strings(path, "identifiers.keep", identifiers.get("keep")),
        synthetic=synthetic,
    )


def _yes_no(path: Path, name: str, value: Any) -> bool:
    # YAML reads a bare yes as True; both spellings are accepted, nothing else.
    if value is True or str(value).strip().lower() in ("yes", "oui"):
        return True
    if value is False or str(value).strip().lower() in ("no", "non"):
        return False
    return _bad(
        path, name, f"must be yes or no, not {value!r}", f"doit être yes ou no, pas {value!r}"
    )


def _strings(path: Path, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _bad(path, name, "must be a list of texts", "doit être une liste de textes")
    return tuple(value)


def _units(session: Session, body: list[str], offset: int) -> list[Unit]:
    """Speaker turns (facilitator's left out), or paragraphs when nobody is labelled."""
    turns: list[tuple[str, int, list[str]]] = []  # speaker, first line, text lines
    labelled = any(_TURN.match(line) for line in body)
    for number, raw in enumerate(body, start=offset + 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not labelled and turns and turns[-1][2]:
                turns.append(("", 0, []))
            continue
        match = _TURN.match(line) if labelled else None
        if match:
            turns.append((match["label"].strip(), number, [match["text"].strip()]))
        elif turns and (turns[-1][2] or not labelled):
            speaker, first, text = turns[-1]
            turns[-1] = (speaker, first or number, [*text, line])
        elif not labelled:
            turns.append(("", number, [line]))
    units: list[Unit] = []
    for speaker, first, text in turns:
        if not text or _fold(speaker) in FACILITATOR_LABELS:
            continue
        units.append(
            Unit(
                id=f"{session.id}:{len(units) + 1}",
                kind="turn",
                source=session.id,
                text=" ".join(text),
                speaker=speaker,
                line=first,
            )
        )
    return units


def _fold(label: str) -> str:
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return plain.casefold().strip(" .")


def session_table(sessions: Iterable[Session]) -> list[dict[str, str]]:
    """Sessions as rows for a table (id, site, date, group, language, consent, attributes)."""
    return [
        {
            "session": s.id,
            "site": s.site,
            "date": s.date.isoformat(),
            "group": s.group,
            "language": s.language,
            "consent_quotes": "yes" if s.consent_quotes else "no",
            **dict(s.attributes),
        }
        for s in sessions
    ]


def _bad(path: Path, name: str, en: str, fr: str) -> Any:
    raise TranscriptError(
        Text(
            f"{path}: session field {name!r} {en}.",
            f"{path} : le champ de séance {name!r} {fr}.",
        )
    )
