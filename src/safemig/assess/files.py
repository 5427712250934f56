"""Read checklists and answers: the built-in checklist, YAML files, and the Excel answer
template (written with XlsxWriter, read back with openpyxl)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from safemig.assess.model import Assessment, Checklist
from safemig.assess.schema import validate_answers, validate_checklist
from safemig.errors import AnswersError, ChecklistError
from safemig.i18n import Text

BUILTIN_CHECKLIST = Path(__file__).parent / "checklist.yaml"


@cache
def builtin_checklist() -> Checklist:
    """The checklist shipped with safemig (seven lessons, GCM guiding principles)."""
    return load_checklist(BUILTIN_CHECKLIST)


def load_checklist(path: str | Path | None = None) -> Checklist:
    """Read and validate a checklist file (the built-in one when ``path`` is None).

    Raises
    ------
    ChecklistError
        When the file cannot be read or a field breaks a rule (names file, criterion, field).
    """
    if path is None:
        return builtin_checklist()
    source = Path(path)
    return validate_checklist(_yaml(source, ChecklistError), source.name)


def load_answers(path: str | Path, checklist: Checklist | None = None) -> Assessment:
    """Read and validate an answers file: YAML (``.yaml``/``.yml``) or Excel (``.xlsx``, as
    :func:`safemig.assess.template.write_template` lays it out).

    Raises
    ------
    AnswersError
        When the file cannot be read or a field breaks a rule (names file, criterion, field).
    """
    source = Path(path)
    checklist = checklist or builtin_checklist()
    if source.suffix.lower() == ".xlsx":
        from safemig.assess.template import read_workbook

        data = read_workbook(source, checklist)
    elif source.suffix.lower() in (".yaml", ".yml"):
        data = _yaml(source, AnswersError)
    else:
        raise AnswersError(
            Text(
                f"Answers {source.name}: give a .yaml or .xlsx file (see docs/assess.md).",
                f"Réponses {source.name} : donnez un fichier .yaml ou .xlsx (voir docs/assess.md).",
            )
        )
    return validate_answers(data, source.name, checklist)


def _yaml(source: Path, error: type[ChecklistError] | type[AnswersError]) -> Any:
    kind = (
        ("Checklist", "Liste de contrôle") if error is ChecklistError else ("Answers", "Réponses")
    )
    try:
        return yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0]
        raise error(
            Text(
                f"{kind[0]} {source.name}: cannot be read ({detail}); give a YAML file laid out "
                "as docs/assess.md shows.",
                f"{kind[1]} {source.name} : illisible ({detail}) ; donnez un fichier YAML "
                "structuré comme le montre docs/assess.md.",
            )
        ) from exc
