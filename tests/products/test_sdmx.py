"""SDMX-CSV 2.0: it parses back with pysdmx against its own structure, and every observation
equals the results table; suppressed observations carry a status and no number."""

from __future__ import annotations

import math

import pytest
from pysdmx.io import get_datasets, read_sdmx

from safemig.products.sdmx import NOT_APPLICABLE, TOTAL, code_id, dimension_id
from tests.products.conftest import Built


@pytest.fixture(scope="module")
def dataset(built: Built):  # type: ignore[no-untyped-def]
    sdmx = built.out / "sdmx"
    return get_datasets(str(sdmx / "indicators.sdmx.csv"), str(sdmx / "structure.sdmx.xml"))


def test_the_file_is_sdmx_csv_2_0(built: Built) -> None:
    header = (built.out / "sdmx" / "indicators.sdmx.csv").read_text(encoding="utf-8").split("\n")[0]
    assert header.startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,RESPONSE,REGION")
    assert "OBS_VALUE,OBS_STATUS,CONF_STATUS" in header


def test_the_structure_parses_with_dimensions_from_the_catalogue(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    message = read_sdmx(str(built.out / "sdmx" / "structure.sdmx.xml"))
    dsds = [s for s in message.structures if type(s).__name__ == "DataStructureDefinition"]
    assert len(dsds) == 1
    dimensions = [c.id for c in dsds[0].components.dimensions]
    assert dimensions == [
        "INDICATOR",
        "RESPONSE",
        *(dimension_id(d) for d in folder.disaggregations),
    ]
    assert {"OBS_STATUS", "CONF_STATUS", "SE", "CI_LOWER", "CI_UPPER", "N_OBS"} <= {
        c.id for c in dsds[0].components.attributes
    }


def _key(row, folder) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    key = [code_id(row["indicator"]), code_id(row["level"]) if row["level"] else NOT_APPLICABLE]
    key += [code_id(row[d]) if row[d] is not None else TOTAL for d in folder.disaggregations]
    return tuple(key)


def test_every_observation_equals_the_results_table(dataset, folder) -> None:  # type: ignore[no-untyped-def]
    frame = dataset[0].data
    dims = ["INDICATOR", "RESPONSE", *(dimension_id(d) for d in folder.disaggregations)]
    parsed = {tuple(r[d] for d in dims): r for r in frame.to_dict("records")}
    assert len(parsed) == len(frame) == len(folder.rows)
    numbers = {"OBS_VALUE": "estimate", "SE": "se", "CI_LOWER": "ci_low", "CI_UPPER": "ci_high"}
    for row in folder.rows:
        observation = parsed[_key(row, folder)]
        hidden = row["status"] in ("suppressed", "secondary")
        assert observation["OBS_STATUS"] == {"published": "A", "caution": "U"}.get(
            row["status"], "O"
        )
        assert observation["CONF_STATUS"] == {"suppressed": "C", "secondary": "D"}.get(
            row["status"], "F"
        )
        for attribute, column in numbers.items():
            value = observation[attribute]
            if hidden or row[column] is None:
                assert _missing(value), (row["indicator"], attribute)
            else:
                assert float(value) == row[column]  # written with full precision
        assert _missing(observation["N_OBS"]) if hidden else int(observation["N_OBS"]) == row["n"]


def _missing(value) -> bool:  # type: ignore[no-untyped-def]
    return (
        value is None
        or value == ""
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "nan")
    )


def test_code_ids_are_valid_sdmx_ids() -> None:
    assert code_id("50+") == "50_PLUS"
    assert code_id("with_disability") == "WITH_DISABILITY"
    assert code_id("a b/c") == "A_B_C"
