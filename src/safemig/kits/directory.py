"""The service directory: where women can get help, by region, as a CSV file partners edit.

Columns: ``id, type, region, address, phone, languages, last_verified, example``, and per
language ``name:<lang>`` and ``hours:<lang>`` (as XLSForm writes ``label::<lang>``).
``languages`` lists the languages spoken there (``fr;ha``). Bundled entries are examples:
``example`` is ``yes`` and their phone numbers use the reserved example form
``+227 00 00 00 NN``, which no real line has, so no one can mistake them for a real service.

:func:`validate_directory` checks phone formats and flags entries not verified for six months.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from safemig.errors import ServiceDirectoryError
from safemig.i18n import Text, say

SERVICE_TYPES = (
    "health",
    "legal",
    "shelter",
    "violence_response",
    "consular",
    "migrant_organisation",
)
_COLUMNS = ("id", "type", "region", "address", "phone", "languages", "last_verified", "example")
#: International format (E.164: "+", country code, 8 to 15 digits in all) with spaces, or a
#: short code of 3 to 6 digits (free hotlines).
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{0,2}(?: ?\d{1,4}){2,6}$")
_SHORT_CODE = re.compile(r"^\d{3,6}$")
#: Example numbers: a country code, then 00 00 00 and two digits (no such line exists).
EXAMPLE_PHONE = re.compile(r"^\+\d{1,3} 00 00 00 \d\d$")
STALE_AFTER_MONTHS = 6


@dataclass(frozen=True)
class Service:
    """One service: names and hours per language, where it is and how to reach it."""

    id: str
    type: str
    region: str
    names: dict[str, str]
    address: str
    phone: str
    languages: tuple[str, ...]
    hours: dict[str, str]
    last_verified: dt.date
    example: bool
    row: int


@dataclass(frozen=True)
class DirectoryFinding:
    """A problem with one entry: ``severity`` is ``"error"`` (phone) or ``"stale"``."""

    service_id: str
    row: int
    column: str
    severity: str
    message: Text


def load_directory(path: str | Path) -> tuple[Service, ...]:
    """Read a service directory CSV.

    Raises
    ------
    ServiceDirectoryError
        If the file is missing, lacks a column, or a row has an unknown type, a bad date or
        a bad ``example`` flag (the message names file, row and column).
    """
    path = Path(path)
    if not path.is_file():
        raise ServiceDirectoryError(
            say(
                "{path}: service directory not found",
                "{path} : annuaire des services introuvable",
                path=path,
            )
        )
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in _COLUMNS if c not in header]
        if missing:
            raise ServiceDirectoryError(
                say(
                    "{path}: missing column(s) {cols}",
                    "{path} : colonne(s) manquante(s) {cols}",
                    path=path,
                    cols=", ".join(missing),
                )
            )
        return tuple(_service(path, n, row) for n, row in enumerate(reader, start=2))


def _service(path: Path, row_number: int, row: dict[str, str]) -> Service:
    if row["type"] not in SERVICE_TYPES:
        raise ServiceDirectoryError(
            say(
                "{path}, row {row}, column type: {value!r} unknown; use {known}",
                "{path}, ligne {row}, colonne type : {value!r} inconnu ; utilisez {known}",
                path=path,
                row=row_number,
                value=row["type"],
                known=", ".join(SERVICE_TYPES),
            )
        )
    if row["example"] not in ("yes", "no"):
        raise ServiceDirectoryError(
            say(
                "{path}, row {row}, column example: write yes or no",
                "{path}, ligne {row}, colonne example : écrivez yes ou no",
                path=path,
                row=row_number,
            )
        )
    try:
        verified = dt.date.fromisoformat(row["last_verified"])
    except ValueError as exc:
        raise ServiceDirectoryError(
            say(
                "{path}, row {row}, column last_verified: {value!r} is not a date (YYYY-MM-DD)",
                "{path}, ligne {row}, colonne last_verified : {value!r} n'est pas une date "
                "(AAAA-MM-JJ)",
                path=path,
                row=row_number,
                value=row["last_verified"],
            )
        ) from exc
    return Service(
        id=row["id"],
        type=row["type"],
        region=row["region"],
        names=_by_language(row, "name"),
        address=row["address"],
        phone=row["phone"].strip(),
        languages=tuple(x for x in row["languages"].split(";") if x),
        hours=_by_language(row, "hours"),
        last_verified=verified,
        example=row["example"] == "yes",
        row=row_number,
    )


def _by_language(row: dict[str, str], field: str) -> dict[str, str]:
    prefix = f"{field}:"
    return {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix) and v}


def validate_directory(
    services: tuple[Service, ...], today: dt.date, languages: tuple[str, ...] = ("en", "fr")
) -> list[DirectoryFinding]:
    """Check phone formats and names in ``languages``, and flag entries verified too long ago.

    Parameters
    ----------
    services
        The entries, from :func:`load_directory`.
    today
        The date verification age is measured from.
    languages
        Languages in which every entry needs a name and hours.

    Returns
    -------
    list of DirectoryFinding
        Errors (bad phone, example number on a real entry or the reverse, missing name) and
        ``stale`` entries (not verified for six months or more).
    """
    findings: list[DirectoryFinding] = []
    for service in services:
        findings.extend(_phone_findings(service))
        findings.extend(_language_findings(service, languages))
        if service.last_verified <= months_before(today, STALE_AFTER_MONTHS):
            findings.append(
                _finding(
                    service,
                    "last_verified",
                    "stale",
                    say(
                        "last verified {date}, over {n} months ago; call them and update the date",
                        "vérifié le {date}, il y a plus de {n} mois ; appelez-les et mettez la "
                        "date à jour",
                        date=service.last_verified.isoformat(),
                        n=STALE_AFTER_MONTHS,
                    ),
                )
            )
    return findings


def _phone_findings(service: Service) -> list[DirectoryFinding]:
    phone = service.phone
    if not (_INTERNATIONAL.match(phone) or _SHORT_CODE.match(phone)):
        return [
            _finding(
                service,
                "phone",
                "error",
                say(
                    "{phone!r} is not +<country code> <number> (e.g. +227 00 00 00 01) "
                    "or a short code of 3 to 6 digits",
                    "{phone!r} n'est pas de la forme +<indicatif> <numéro> (par ex. "
                    "+227 00 00 00 01) ni un numéro court de 3 à 6 chiffres",
                    phone=phone,
                ),
            )
        ]
    if service.example and not EXAMPLE_PHONE.match(phone):
        return [
            _finding(
                service,
                "phone",
                "error",
                say(
                    "example entry has a real-looking number {phone!r}; use +227 00 00 00 NN",
                    "entrée d'exemple avec un numéro qui semble réel {phone!r} ; utilisez "
                    "+227 00 00 00 NN",
                    phone=phone,
                ),
            )
        ]
    if not service.example and EXAMPLE_PHONE.match(phone):
        return [
            _finding(
                service,
                "phone",
                "error",
                say(
                    "{phone!r} is an example number on an entry not marked example",
                    "{phone!r} est un numéro d'exemple sur une entrée qui n'est pas un exemple",
                    phone=phone,
                ),
            )
        ]
    return []


def _language_findings(service: Service, languages: tuple[str, ...]) -> list[DirectoryFinding]:
    return [
        _finding(
            service,
            f"{field}:{lang}",
            "error",
            say("no {field} in {lang!r}", "pas de {field} en {lang!r}", field=field, lang=lang),
        )
        for lang in languages
        for field, values in (("name", service.names), ("hours", service.hours))
        if lang not in values
    ]


def _finding(service: Service, column: str, severity: str, message: Text) -> DirectoryFinding:
    return DirectoryFinding(service.id, service.row, column, severity, message)


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` calendar months earlier (clamped to the month's end).

    >>> months_before(dt.date(2026, 8, 31), 6)
    datetime.date(2026, 2, 28)
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")  # pragma: no cover
