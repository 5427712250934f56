"""De-identification of quotes: names, phones, e-mails, small places and long numbers hidden.

A quote from a focus group or an open answer is shown to an analyst in this form, and reaches
a product only after the analyst approved it. Every identifier found is replaced by a
placeholder in the quote's language; the :class:`Anonymised` value keeps what was replaced,
and where, so the analyst can check each replacement.

Rules (English)
---------------
- ``names`` and ``places`` given for the session (participants, the village) are always
  replaced, whole words, ignoring case and accents, after an elision too (``d'Amina``);
  each word of a full name is also replaced on its own.
- E-mail addresses -> ``[EMAIL]``. Phone numbers -> ``[PHONE]``: international (``+227``,
  ``00227``, ``+234``, ``+218``, ``+33`` ... then groups of digits), Niger's 8-digit local
  numbers (``96123456``, ``96 12 34 56``, ``96.12.34.56``, ``9612-3456``), Nigerian local
  mobiles (``0803 123 4567``) and 10-digit local numbers (``091-234-5678``,
  ``06 12 34 56 78``).
- Any other run of 5 or more digits (ID card, passport, file numbers, letters allowed:
  ``10PC45678``) -> ``[NUMBER]``, except amounts of money (followed by FCFA, CFA, francs,
  naira, dinars, euros, dollars). Ages, years, counts and dates are kept: a date alone
  identifies nobody, and the session's date is in its metadata already.
- Personal names -> ``[NAME]``: a bundled first-name list (Hausa, Zarma, Tamasheq,
  Fulfulde, Kanuri, Arabic-origin, French and English names; ``data/first_names.yaml``), and
  capitalised words after a cue ("my name is", "called", "my husband", "Mrs", "Hadjia",
  "Alhaji" ...); the capitalised words that follow a name are taken as its surname
  (``Amina Moussa``, ``Rhissa ag Boula``). Titles are kept (``Madame [NAME]``). Names of
  the list that are no English or French word are found in lower case too (``hadiza``),
  and in capitals (a speaker label ``AMINA:``). Any other capitalised word inside a
  sentence (not after ``.``, ``:``, a quote mark, a dash or ``(laughs)``), that is no
  public place and
  not in the stop list, is a proper noun and hidden as a name: a person more often than
  not, and hiding an organisation's name by mistake costs less than showing a person's.
- Places -> ``[PLACE]``: the bundled list of Niger towns and communes, and capitalised words
  after a place cue ("in", "from", "at", "near", "village of") unless they are public places:
  Niger's regions and their capitals, Niamey, neighbouring countries and the main transit
  and destination countries and cities (``data/places.yaml``, or ``public_places``).
- Capitalised words that start sentences, months, weekdays, God/Dieu/Allah, languages,
  peoples, organisations (Red Cross, Croix-Rouge, acronyms such as IOM/OIM, NGO/ONG) are
  never taken for names or places (``data/stop_words.yaml``).
- Where findings overlap, the longest one gives the kind (then: given values, e-mail,
  phone, number, name, place, proper noun) and the placeholder covers them all, so no
  part of a finding stays. The result is the same for the same input, and a second pass
  over an anonymised text changes nothing (an approved quote is checked that way).
- Not found: names outside the list written in lower case, or capitalised at a sentence's
  start without a cue; places outside the list named without a cue.

Règles (français)
-----------------
- Les ``names`` et ``places`` connus pour la séance (participantes, village) sont toujours
  remplacés, mots entiers, sans tenir compte de la casse ni des accents, y compris après une
  élision (``d'Amina``) ; chaque mot d'un nom complet est aussi remplacé seul.
- Courriels -> ``[COURRIEL]``. Téléphones -> ``[TÉLÉPHONE]`` : internationaux (``+227``,
  ``00227``, ``+234``, ``+218``, ``+33`` ...), numéros nigériens à 8 chiffres (``96 12 34
  56``, ``96.12.34.56`` ...) et mobiles nigérians (``0803 123 4567``).
- Toute autre suite d'au moins 5 chiffres (carte d'identité, passeport, dossier :
  ``10PC45678``) -> ``[NUMÉRO]``, sauf les sommes d'argent (suivies de FCFA, francs, naira,
  dinars, euros...). Âges, années, effectifs et dates sont gardés.
- Noms de personnes -> ``[NOM]`` : liste de prénoms fournie (haoussa, zarma, tamasheq,
  peul, kanouri, d'origine arabe, français et anglais) et mots à majuscule après un indice
  (« je m'appelle », « appelée », « mon mari », « Mme », « Hadjia », « Alhaji »...) ; les
  mots à majuscule qui suivent un nom sont pris pour son nom de famille. Les titres restent.
  Les prénoms de la liste qui ne sont pas des mots français ou anglais sont aussi reconnus
  en minuscules (``hadiza``) et en capitales (``AMINA :``). Tout autre mot à majuscule au
  milieu d'une phrase, qui n'est ni un lieu public ni dans la liste d'exclusion, est un nom
  propre, masqué comme un nom : masquer par erreur une organisation coûte moins que
  montrer une personne.
- Lieux -> ``[LIEU]`` : la liste fournie de villes et communes du Niger, et les mots à
  majuscule après un indice de lieu (« à », « de », « près de », « village de »,
  « au quartier ») sauf les lieux publics : régions du Niger et leurs chefs-lieux, Niamey,
  pays voisins, pays et villes de transit et de destination.
- Les mots en début de phrase, mois, jours, Dieu/Allah, langues, peuples, organisations
  (Croix-Rouge, sigles comme OIM, ONG) ne sont jamais pris pour des noms ou des lieux.
- Quand des trouvailles se chevauchent, la plus longue donne le type et l'étiquette les
  couvre toutes. Le résultat est stable, et un second passage sur un texte anonymisé ne
  change plus rien (c'est ainsi qu'une citation approuvée est vérifiée).
- Non trouvés : noms hors liste écrits en minuscules, ou en début de phrase sans indice ;
  lieux hors liste nommés sans indice.

Why rules and no statistical model: spaCy's English model is not published on PyPI
(only unofficial re-uploads of unknown provenance are), its French model is (LGPL-LR,
16 MB, with spaCy and thinc), so one language would have had a model and the other not;
both are trained on news and Wikipedia text where Hausa, Zarma and Tamasheq first names are
rare (their recall on such names was not measured here), and Presidio's name recogniser
relies on them. Torch-based NER is too heavy for the
field laptops this runs on. A first-name list and cue phrases are transparent to the
analyst, who approves every quote anyway.

>>> deidentify("My name is Amina Moussa, call me on +227 96 12 34 56.", "en").text
'My name is [NAME], call me on [PHONE].'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from safemig.errors import DeidentificationError
from safemig.i18n import say

KINDS = ("name", "phone", "email", "place", "number")
PLACEHOLDERS = {
    "en": {
        "name": "[NAME]",
        "phone": "[PHONE]",
        "email": "[EMAIL]",
        "place": "[PLACE]",
        "number": "[NUMBER]",
    },
    "fr": {
        "name": "[NOM]",
        "phone": "[TÉLÉPHONE]",
        "email": "[COURRIEL]",
        "place": "[LIEU]",
        "number": "[NUMÉRO]",
    },
}
#: Order among findings of the same length: given values first, then the surest kinds.
_RANK = {"given": 0, "email": 1, "phone": 2, "number": 3, "name": 4, "place": 5, "guess": 6}


@dataclass(frozen=True)
class Replacement:
    """One identifier replaced: its kind, where it was in the original text, and by what."""

    kind: str
    start: int
    end: int
    original: str
    placeholder: str


@dataclass(frozen=True)
class Anonymised:
    """A quote with its identifiers replaced, and the list of replacements in text order."""

    text: str
    replacements: tuple[Replacement, ...]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    rank: int


def placeholder(kind: str, language: str) -> str:
    """The placeholder written for an identifier of ``kind`` in ``language``.

    Raises
    ------
    DeidentificationError
        ``language`` is not ``en`` or ``fr``, or ``kind`` is unknown.

    >>> placeholder("phone", "fr")
    '[TÉLÉPHONE]'
    """
    _check_language(language)
    if kind not in KINDS:
        raise DeidentificationError(
            say(
                "Unknown identifier kind {k!r}; use one of {all}.",
                "Type d'identifiant inconnu {k!r} ; utilisez l'un de {all}.",
                k=kind,
                all=", ".join(KINDS),
            )
        )
    return PLACEHOLDERS[language][kind]


def deidentify(
    text: str,
    language: str,
    *,
    names: Iterable[str] = (),
    places: Iterable[str] = (),
    public_places: Iterable[str] | None = None,
) -> Anonymised:
    """Replace names, phones, e-mails, small places and long numbers in ``text``.

    Parameters
    ----------
    text
        A quote, in English or French.
    language
        ``"en"`` or ``"fr"``: the cues looked for and the placeholders written.
    names, places
        Names and places known for this session; always replaced.
    public_places
        Places kept because they identify nobody; default: the bundled list.

    Returns
    -------
    Anonymised
        The new text and each replacement, with offsets in the original ``text``.

    Raises
    ------
    DeidentificationError
        ``language`` is not ``en`` or ``fr``.

    >>> deidentify("Je viens de Tabelot, près d'Agadez.", "fr").text
    "Je viens de [LIEU], près d'Agadez."
    """
    _check_language(language)
    folded = _fold(text)
    public = _public_spans(folded, public_places)
    found = [
        *_given_spans(folded, names, "name"),
        *_given_spans(folded, places, "place"),
        *_pattern_spans(text),
        *_name_spans(text, language, public),
        *_place_spans(text, folded, language, public),
    ]
    chosen = _resolve(_with_surnames(text, language, found, public))
    return _apply(text, language, chosen)


def _check_language(language: str) -> None:
    if language not in PLACEHOLDERS:
        raise DeidentificationError(
            say(
                "Unknown quote language {lang!r}; de-identification knows 'en' and 'fr'.",
                "Langue de citation inconnue {lang!r} ; la désidentification connaît 'en' et 'fr'.",
                lang=language,
            )
        )


# --- text helpers ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets stay valid."""
    return "".join(unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch for ch in text).translate(
        _APOSTROPHES
    )


def _capitalised(word: str) -> bool:
    # Acronyms (IOM, OIM, ONG) are organisations, not people or villages.
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _literal_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted({_fold(v.strip()) for v in values if v.strip()}, key=lambda v: (-len(v), v))
    if not folded:
        return None
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in folded)
    # Whole words: no letter on either side (a digit may touch: "56Amina" in a hurried note).
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


# --- bundled data -----------------------------------------------------------------------


@cache
def _data(name: str) -> dict[str, list[str]]:
    text = resources.files("safemig.voices").joinpath("data", name).read_text("utf-8")
    loaded: dict[str, list[str]] = yaml.safe_load(text)
    return loaded


@cache
def _first_names() -> frozenset[str]:
    return frozenset(n.lower() for group in _data("first_names.yaml").values() for n in group)


@cache
def _lowercase_first_names() -> frozenset[str]:
    """First names recognised even in lower case: those that are no English or French word."""
    groups = _data("first_names.yaml")
    ambiguous = {n.lower() for n in [*groups["french_english"], *groups["ambiguous_in_lower_case"]]}
    return _first_names() - ambiguous


@cache
def _stop_words(language: str) -> frozenset[str]:
    words = _data("stop_words.yaml")
    return frozenset(w.lower() for w in [*words["both"], *words[language]])


@cache
def _bundled_place_pattern(key: str) -> re.Pattern[str] | None:
    return _literal_pattern(_data("places.yaml")[key])


def _public_spans(folded: str, public_places: Iterable[str] | None) -> list[tuple[int, int]]:
    pattern = (
        _bundled_place_pattern("public")
        if public_places is None
        else _literal_pattern(public_places)
    )
    return [] if pattern is None else [m.span() for m in pattern.finditer(folded)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --- detectors --------------------------------------------------------------------------


def _given_spans(folded: str, values: Iterable[str], kind: str) -> Iterator[_Span]:
    values = [v for v in values if v.strip()]
    parts = [w for v in values for w in _WORD.findall(v) if len(w) > 1]
    pattern = _literal_pattern([*values, *parts])
    if pattern is not None:
        for match in pattern.finditer(folded):
            yield _Span(match.start(), match.end(), kind, _RANK["given"])


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Letters may touch a number written in a hurry ("Tel+227...", "...56Amina"): only digits
# around a number end it.
_PHONE = re.compile(
    r"(?:(?<!\+)\(?\+|(?<![\d+])\(?00)\s?\d{1,3}\)?(?:[ .-]?\d{1,4}){2,6}(?!\d)"  # +227 96...
    r"|(?<![\d+])(?:"
    r"\d{2}([ .-])\d{2}(?:\1\d{2}){2,3}"  # 96 12 34 56, 06 12 34 56 78
    r"|(?!(?:19|20)\d\d[ .-](?:19|20)\d\d)\d{4}[ .-]\d{4}|\d{8}"  # 9612 3456, not 2019-2023
    r"|0\d{2,3}[ .-]?\d{3}[ .-]?\d{4}"  # 0803 123 4567, 091-234-5678
    r")(?!\d)"
)
#: A run of ASCII letters and digits: hidden whole when it holds 5 digits or more.
_NUMBER = re.compile(r"[0-9A-Za-z]*[0-9][0-9A-Za-z]*")
#: Amounts of money are no identifiers: "150000 FCFA".
_MONEY = re.compile(r"\s*(?:FCFA|CFA|F\b|francs?|naira|dinars?|euros?|dollars?|€|\$)", re.I)


def _pattern_spans(text: str) -> Iterator[_Span]:
    for match in _EMAIL.finditer(text):
        yield _Span(match.start(), match.end(), "email", _RANK["email"])
    for match in _PHONE.finditer(text):
        if sum(ch.isdigit() for ch in match.group()) >= 8:
            yield _Span(match.start(), match.end(), "phone", _RANK["phone"])
    for match in _NUMBER.finditer(text):
        money = _MONEY.match(text, match.end()) is not None
        if sum(ch.isdigit() for ch in match.group()) >= 5 and not money:
            yield _Span(match.start(), match.end(), "number", _RANK["number"])


_TITLES = (
    r"mrs\.?|mr\.?|ms\.?|miss|madam|madame|mme\.?|mlle\.?|mademoiselle|monsieur|m\."
    r"|hadjia|hadja|hajia|hajiya|alhaji|alhadji|el\s+hadji?|elhadji?|mallam|malam"
    r"|dr\.?|doctor|docteur"
)
_KIN_EN = (
    r"husband|wife|sister|brother|daughter|son|mother|father|aunt|uncle|cousin|friend"
    r"|neighbou?r|co-wife|niece|nephew"
)
_KIN_FR = (
    r"mari|femme|sœur|soeur|frère|frere|fille|fils|mère|mere|père|pere|tante|oncle"
    r"|cousine?|amie?|voisine?|coépouse|co-épouse|nièce|neveu"
)
_NAME_CUES = {
    "en": re.compile(
        rf"(?<![^\W\d_])(?:(?:my|his|her|their)\s+name\s+is|(?:my|his|her)\s+name's"
        rf"|i\s+am\s+called|i'm\s+called|called|named|known\s+as|(?:my|our|her|his)\s+(?:{_KIN_EN})|{_TITLES})\s+",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        rf"(?<![^\W\d_])(?:je\s+m['’]appelle|je\s+me\s+nomme|s['’]appel(?:le|ait)|appelée?|nommée?"
        rf"|(?:mon|ma|notre|son|sa)\s+(?:{_KIN_FR})|chez|{_TITLES})\s+",
        re.IGNORECASE,
    ),
}
_PLACE_NOUNS = {
    "village", "town", "city", "place", "quarter", "neighbourhood", "neighborhood", "area",
    "camp", "ville", "quartier", "localité", "hameau", "site",
}  # fmt: skip
_PLACE_CUES = {
    "en": re.compile(
        r"(?<![^\W\d_])(?:in|from|at|near|to|towards|around|outside|via|through|of"
        r"|(?:village|town|city|place|quarter|neighbou?rhood|area|camp)\s+(?:of|called|named)"
        r"|(?:village|hometown|town|quarter|neighbou?rhood),)\s+",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"(?<![^\W\d_])(?:(?:à|au|de|du|vers|depuis|près\s+de|quartier|hameau)\s+|d['’]|près\s+d['’]"
        r"|(?:village|ville|quartier|localité|camp|hameau)(?:\s+(?:de\s+|d['’]|du\s+"
        r"|appelée?\s+|nommée?\s+|dit\s+)|,\s+))",
        re.IGNORECASE,
    ),
}
_PARTICLES = {"ag", "ould", "oult", "walet", "welet", "mint", "bint", "ben", "ibn", "dan"}


def _proper_words(text: str, start: int, language: str, limit: int = 4) -> tuple[int, int] | None:
    """The span of the capitalised words (at most ``limit``) that start at ``start``."""
    stop = _stop_words(language)
    end = start
    for match in _WORD.finditer(text, start):
        gap = text[end : match.start()]
        if gap not in (("",) if end == start else (" ", "-")):
            break
        if not _capitalised(match.group()) or match.group().lower() in stop:
            break
        end, limit = match.end(), limit - 1
        if limit == 0:
            break
    return (start, end) if end > start else None


def _name_spans(text: str, language: str, public: list[tuple[int, int]]) -> Iterator[_Span]:
    first, lower_ok, stop = _first_names(), _lowercase_first_names(), _stop_words(language)
    for match in _WORD.finditer(text):
        word, lower = match.group(), match.group().lower()
        if lower in stop or _inside(*match.span(), public):
            continue
        if (lower in first or any(part in first for part in lower.split("-"))) and (
            _capitalised(word)
            or (word.isupper() and len(word) > 2)  # a speaker label: AMINA
            or (word.islower() and lower in lower_ok)
        ):
            yield _Span(match.start(), match.end(), "name", _RANK["name"])
        elif len(word) > 1 and _capitalised(word) and not _sentence_start(text, match.start()):
            # A proper noun inside a sentence, not a public place: most often a person.
            yield _Span(match.start(), match.end(), "name", _RANK["guess"])
    for cue in _NAME_CUES[language].finditer(text):
        before = _WORD.findall(text[max(0, cue.start() - 20) : cue.start()])
        if before and before[-1].lower() in _PLACE_NOUNS:
            continue  # "a village called X" is a place
        span = _proper_words(text, cue.end(), language)
        if span is not None and not _inside(*span, public):
            yield _Span(*span, "name", _RANK["name"])


def _sentence_start(text: str, start: int) -> bool:
    """Whether only spaces separate ``start`` from the text's start or a sentence's end."""
    at = start - 1
    while at >= 0 and text[at].isspace():
        at -= 1
    # After "(laughs)" or "[inaudible]" a new utterance starts.
    return at < 0 or text[at] in ".!?:;…«“\"'([)]—–-*\n"


def _place_spans(
    text: str, folded: str, language: str, public: list[tuple[int, int]]
) -> Iterator[_Span]:
    small = _bundled_place_pattern("small")
    if small is not None:
        for match in small.finditer(folded):
            word = text[match.start() : match.end()]
            if _capitalised(word) and not _inside(*match.span(), public):
                yield _Span(match.start(), match.end(), "place", _RANK["place"])
    for cue in _PLACE_CUES[language].finditer(text):
        if _in_organisation_name(text, cue):
            continue
        span = _proper_words(text, cue.end(), language)
        if span is not None and not _inside(*span, public):
            yield _Span(*span, "place", _RANK["place"])


def _in_organisation_name(text: str, cue: re.Match[str]) -> bool:
    """``Ministry of Interior``, ``Caisse Nationale de Sécurité Sociale``: "of" or "de"
    right after a capitalised word of the stop list joins an organisation's name."""
    if cue.group().strip().lower().rstrip("'’") not in {"of", "de", "du", "d"}:
        return False
    before = re.search(r"([^\W\d_]+) $", text[max(0, cue.start() - 40) : cue.start()])
    if before is None:
        return False
    word = before.group(1)
    return _capitalised(word) and word.lower() in _stop_words("en") | _stop_words("fr")


_NEXT_WORD = re.compile(r" ([^\W\d_]+(?:-[^\W\d_]+)*)")


def _with_surnames(
    text: str, language: str, spans: list[_Span], public: list[tuple[int, int]]
) -> list[_Span]:
    """Name spans grown over the capitalised words after them (surnames, ``ag Boula``)."""
    stop = _stop_words(language)

    def surname(match: re.Match[str] | None) -> bool:
        if match is None:
            return False
        word = match.group(1)
        return (
            _capitalised(word) and word.lower() not in stop and not _inside(*match.span(1), public)
        )

    grown = []
    for span in spans:
        end = span.end
        while span.kind == "name":
            nxt = _NEXT_WORD.match(text, end)
            if nxt is not None and nxt.group(1).lower() in _PARTICLES:
                nxt = _NEXT_WORD.match(text, nxt.end())
            if not surname(nxt):
                break
            end = nxt.end() if nxt is not None else end
        grown.append(_Span(span.start, end, span.kind, span.rank))
    return grown


# --- choice and output ------------------------------------------------------------------


def _resolve(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans in text order. Longer spans are placed first (then by rank
    and position); a span overlapping placed ones joins them, under the longest one's
    kind, so that no part of any finding is left in the text."""
    chosen: dict[int, _Span] = {}
    owner = [-1] * max((s.end for s in spans), default=0)
    for key, span in enumerate(
        sorted(set(spans), key=lambda s: (s.start - s.end, s.rank, s.start, s.kind))
    ):
        met = sorted({owner[i] for i in range(span.start, span.end)} - {-1})
        if met:
            first = chosen[met[0]]
            joined = [chosen.pop(k) for k in met]
            start = min(span.start, *(j.start for j in joined))
            end = max(span.end, *(j.end for j in joined))
            span, key = _Span(start, end, first.kind, first.rank), met[0]
        chosen[key] = span
        owner[span.start : span.end] = [key] * (span.end - span.start)
    return sorted(chosen.values(), key=lambda s: s.start)


def _apply(text: str, language: str, spans: list[_Span]) -> Anonymised:
    pieces, replacements, at = [], [], 0
    for span in spans:
        mark = PLACEHOLDERS[language][span.kind]
        original = text[span.start : span.end]
        replacements.append(Replacement(span.kind, span.start, span.end, original, mark))
        pieces += [text[at : span.start], mark]
        at = span.end
    pieces.append(text[at:])
    return Anonymised("".join(pieces), tuple(replacements))
