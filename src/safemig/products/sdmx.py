"""SDMX-CSV 2.0 of every published observation, with its data structure definition, written
with pysdmx (the BIS library, which writes SDMX-CSV 2.0 and SDMX-ML 3.0 structures and reads
both back).

Dimensions: ``INDICATOR``, ``RESPONSE`` (the answer category a share counts; ``_Z`` not
applicable) and one per catalogue disaggregation (``REGION``, ``MIGRATION_STAGE`` …; ``_T``
for all women). The measure ``OBS_VALUE`` is the estimate exactly as the results table holds
it (shares as proportions from 0 to 1, see ``UNIT_MEASURE``). Attributes: ``OBS_STATUS``
(``A`` normal, ``U`` low reliability, ``O`` missing: not published), ``CONF_STATUS`` (``F``
free, ``C`` confidential, ``D`` secondary confidentiality), ``OBS_FLAG`` (the symbol a reader
sees), the standard error, the 95% interval, the unweighted count, ``UNIT_MEASURE`` and
``DECIMALS``. Suppressed observations keep their key and status and carry no number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.products.folder import ResultsFolder
from safemig.products.wording import code_label

AGENCY = "SAFEMIG"
VERSION = "1.0"
SCHEME = "CS_SAFEMIG"
TOTAL, NOT_APPLICABLE = "_T", "_Z"
OBS_STATUS = {"published": "A", "caution": "U", "suppressed": "O", "secondary": "O"}
CONF_STATUS = {"published": "F", "caution": "F", "suppressed": "C", "secondary": "D"}
UNITS = {
    "proportion": (
        "PROPORTION",
        "Proportion (0 to 1; percent = 100 × value)",
        "Proportion (de 0 à 1 ; pourcentage = 100 × valeur)",
    ),
}
ATTRIBUTES = (
    ("OBS_STATUS", "Observation status", "Statut de l'observation", "string"),
    ("CONF_STATUS", "Confidentiality status", "Statut de confidentialité", "string"),
    ("OBS_FLAG", "Symbol shown to readers", "Signe montré aux lecteurs", "string"),
    ("UNIT_MEASURE", "Unit of measure", "Unité de mesure", "string"),
    ("DECIMALS", "Decimals", "Décimales", "integer"),
    ("SE", "Standard error", "Erreur type", "double"),
    (
        "CI_LOWER",
        "95% confidence interval, lower bound",
        "Borne inférieure de l'IC à 95 %",
        "double",
    ),
    (
        "CI_UPPER",
        "95% confidence interval, upper bound",
        "Borne supérieure de l'IC à 95 %",
        "double",
    ),
    ("N_OBS", "Respondents (unweighted)", "Répondantes (non pondéré)", "integer"),
)
NUMBER_ATTRIBUTES = {"SE": "se", "CI_LOWER": "ci_low", "CI_UPPER": "ci_high", "N_OBS": "n"}


@dataclass(frozen=True)
class SdmxFiles:
    """The data file, the structure file and the ids of the dimensions."""

    data: Path
    structure: Path
    dimensions: tuple[str, ...]


def code_id(value: str) -> str:
    """An SDMX code id for a value of the results table (``50+`` → ``50_PLUS``).

    >>> code_id("with_disability"), code_id("50+"), code_id("15-24")
    ('WITH_DISABILITY', '50_PLUS', '15-24')
    """
    return re.sub(r"[^A-Za-z0-9_@$-]", "_", value.replace("+", "_PLUS")).upper()


def dimension_id(name: str) -> str:
    """The dimension id of a disaggregation (``migration_stage`` → ``MIGRATION_STAGE``)."""
    return code_id(name)


def write_sdmx_files(folder: ResultsFolder, out: Path) -> SdmxFiles:
    """Write ``indicators.sdmx.csv`` and ``structure.sdmx.xml`` under ``out/sdmx``."""
    from pysdmx.io import write_sdmx
    from pysdmx.io.format import Format
    from pysdmx.io.pd import PandasDataset

    dimensions = ("INDICATOR", "RESPONSE", *(dimension_id(d) for d in folder.disaggregations))
    structures = _structures(folder, dimensions)
    frame = observations(folder, dimensions)
    target = out / "sdmx"
    target.mkdir(parents=True, exist_ok=True)
    data, structure = target / "indicators.sdmx.csv", target / "structure.sdmx.xml"
    dsd = structures[-1]
    dataset = PandasDataset(structure=dsd.to_schema(), data=frame)
    write_sdmx(dataset, sdmx_format=Format.DATA_SDMX_CSV_2_0_0, output_path=str(data))
    write_sdmx(structures, sdmx_format=Format.STRUCTURE_SDMX_ML_3_0, output_path=str(structure))
    return SdmxFiles(data, structure, dimensions)


def observations(folder: ResultsFolder, dimensions: tuple[str, ...]) -> Any:
    """One row per published cell (a pandas DataFrame): its key, value and attributes."""
    import pandas as pd

    records = [_record(row, folder) for row in folder.rows]
    columns = [*dimensions, "OBS_VALUE", *(a[0] for a in ATTRIBUTES)]
    return pd.DataFrame.from_records(records, columns=columns)


def _record(row: dict[str, Any], folder: ResultsFolder) -> dict[str, Any]:
    hidden = row["status"] in ("suppressed", "secondary")
    record: dict[str, Any] = {
        "INDICATOR": code_id(row["indicator"]),
        "RESPONSE": code_id(row["level"]) if row["level"] else NOT_APPLICABLE,
    }
    for name in folder.disaggregations:
        record[dimension_id(name)] = code_id(row[name]) if row[name] is not None else TOTAL
    record["OBS_VALUE"] = None if hidden else row["estimate"]
    record["OBS_STATUS"] = OBS_STATUS[row["status"]]
    record["CONF_STATUS"] = CONF_STATUS[row["status"]]
    record["OBS_FLAG"] = row["flag"] or None
    record["UNIT_MEASURE"] = _unit(row)
    record["DECIMALS"] = int(row["decimals"])
    for attribute, column in NUMBER_ATTRIBUTES.items():
        record[attribute] = None if hidden else row[column]
    return record


def _unit(row: dict[str, Any]) -> str:
    if row["statistic"] == "proportion":
        return "PROPORTION"
    return code_id(row["unit"])


def _name(en: str, fr: str) -> str:
    # pysdmx names are single strings: both languages in one, English first.
    return en if en == fr else f"{en} / {fr}"


def _structures(folder: ResultsFolder, dimensions: tuple[str, ...]) -> list[Any]:
    from pysdmx.model import Code, Codelist, Concept, ConceptScheme, DataType
    from pysdmx.model.dataflow import Component, Components, DataStructureDefinition, Role

    types = {"string": DataType.STRING, "double": DataType.DOUBLE, "integer": DataType.INTEGER}
    codelists = _codelists(folder, dimensions, Code, Codelist)
    names = _dimension_names(folder, dimensions)
    concepts = {d: _concept(Concept, d, names[d], DataType.STRING) for d in dimensions}
    concepts["OBS_VALUE"] = _concept(Concept, "OBS_VALUE", "Estimate / Estimation", DataType.DOUBLE)
    for attribute, en, fr, kind in ATTRIBUTES:
        concepts[attribute] = _concept(Concept, attribute, _name(en, fr), types[kind])
    scheme = ConceptScheme(
        id=SCHEME,
        agency=AGENCY,
        version=VERSION,
        name="safemig concepts / concepts safemig",
        items=list(concepts.values()),
    )
    components = [
        Component(
            id=d,
            required=True,
            role=Role.DIMENSION,
            concept=concepts[d],
            local_dtype=DataType.STRING,
            local_codes=codelists[d],
        )
        for d in dimensions
    ]
    components.append(
        Component(
            id="OBS_VALUE",
            required=False,
            role=Role.MEASURE,
            concept=concepts["OBS_VALUE"],
            local_dtype=DataType.DOUBLE,
        )
    )
    for attribute, _en, _fr, kind in ATTRIBUTES:
        components.append(
            Component(
                id=attribute,
                required=attribute in ("OBS_STATUS", "CONF_STATUS"),
                role=Role.ATTRIBUTE,
                concept=concepts[attribute],
                local_dtype=types[kind],
                attachment_level="O",
            )
        )
    title = folder.catalogue.title
    dsd = DataStructureDefinition(
        id=f"SAFEMIG_{code_id(folder.catalogue.name)}",
        agency=AGENCY,
        version=VERSION,
        name=_name(str(title), title.fr),
        components=Components(components),
    )
    return [*codelists.values(), scheme, dsd]


def _concept(concept: Any, identifier: str, name: str, dtype: Any) -> Any:
    urn = (
        f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{SCHEME}({VERSION})."
        f"{identifier}"
    )
    return concept(id=identifier, name=name, dtype=dtype, urn=urn)


def _dimension_names(folder: ResultsFolder, dimensions: tuple[str, ...]) -> dict[str, str]:
    names = {"INDICATOR": "Indicator / Indicateur", "RESPONSE": "Answer counted / Réponse comptée"}
    for name in folder.disaggregations:
        title = folder.catalogue.disaggregation(name).title
        names[dimension_id(name)] = _name(str(title), title.fr)
    return names


def _codelists(
    folder: ResultsFolder, dimensions: tuple[str, ...], code: Any, codelist: Any
) -> dict[str, Any]:
    values: dict[str, dict[str, str]] = {d: {} for d in dimensions}
    for indicator in folder.catalogue.indicators:
        values["INDICATOR"][code_id(indicator.id)] = _name(str(indicator.title), indicator.title.fr)
    for row in folder.rows:
        level = row["level"]
        if level:
            values["RESPONSE"][code_id(level)] = _name(
                code_label("levels", level, "en"), code_label("levels", level, "fr")
            )
        for name in folder.disaggregations:
            if row[name] is not None:
                values[dimension_id(name)][code_id(row[name])] = _name(
                    code_label(name, row[name], "en"), code_label(name, row[name], "fr")
                )
    values["RESPONSE"][NOT_APPLICABLE] = "Not applicable / Sans objet"
    for name in folder.disaggregations:
        values[dimension_id(name)][TOTAL] = "All women / Toutes les femmes"
    return {
        d: codelist(
            id=f"CL_{d}",
            agency=AGENCY,
            version=VERSION,
            name=f"Codes of {d} / codes de {d}",
            items=[code(id=k, name=v) for k, v in values[d].items()],
        )
        for d in dimensions
    }


def sdmx_texts(files: SdmxFiles) -> list[str]:
    """The names written in the structure file (for the narrative checker)."""
    import xml.etree.ElementTree as ElementTree  # noqa: S405 - our own file, just written

    root = ElementTree.parse(files.structure).getroot()
    return [e.text for e in root.iter() if e.tag.endswith("}Name") and e.text]
