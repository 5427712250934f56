"""Catalogue validation: each broken field gives an error naming file, indicator and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from safemig.errors import CatalogueError, InputError
from safemig.indicators import builtin_catalogue, builtin_names, load_catalogue

GOOD = {
    "catalogue": "tiny",
    "instrument": "survey",
    "title": {"en": "Tiny", "fr": "Minuscule"},
    "disaggregations": {"region": {"column": "stratum", "title": {"en": "Region", "fr": "Région"}}},
    "indicators": [
        {
            "id": "informed",
            "title": {"en": "Informed", "fr": "Informées"},
            "description": {"en": "Share informed.", "fr": "Part informée."},
            "statistic": "proportion",
            "expression": '"predeparture-info_received"',
            "levels": "yes",
            "unit": "percent",
            "decimals": 1,
            "disaggregations": ["region"],
            "frameworks": ["GCM-3"],
        }
    ],
}


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_good_catalogue_loads(tmp_path):
    catalogue = load_catalogue(_write(tmp_path, GOOD))
    assert catalogue.indicator("informed").levels == ("yes",)


@pytest.mark.parametrize(
    ("field", "value", "fragment_fr"),
    [
        ("statistic", "median", "n'est pas parmi"),
        ("unit", "kg", "n'est pas parmi"),
        ("decimals", 9, "nombre entier"),
        ("title", {"en": "Only English"}, "'fr'"),
        ("frameworks", ["GCM-99"], "cadre connu"),
        ("disaggregations", ["sex"], "n'est pas défini"),
        ("expression", "a + (", "SQL valide"),
        ("levels", None, "nomme la ou les réponses"),
        ("p", 0.5, "ne s'applique pas"),
        ("colour", "red", "champ de catalogue"),
    ],
)
def test_bad_field_names_file_indicator_and_field(tmp_path, field, value, fragment_fr):
    data = copy.deepcopy(GOOD)
    data["indicators"][0][field] = value
    with pytest.raises(CatalogueError) as info:
        load_catalogue(_write(tmp_path, data))
    message = str(info.value)
    assert message.startswith(f"Catalogue tiny.yaml, indicator 'informed', field '{field}':")
    assert info.value.message("fr").startswith(
        f"Catalogue tiny.yaml, indicateur 'informed', champ '{field}' :"
    )
    assert fragment_fr in info.value.message("fr")


def test_ratio_needs_numerator_and_denominator(tmp_path):
    data = copy.deepcopy(GOOD)
    data["indicators"][0].update(statistic="ratio", numerator="a")
    del data["indicators"][0]["levels"]
    with pytest.raises(CatalogueError, match="field 'denominator': is required"):
        load_catalogue(_write(tmp_path, data))


def test_duplicate_ids_are_refused(tmp_path):
    data = copy.deepcopy(GOOD)
    data["indicators"].append(copy.deepcopy(data["indicators"][0]))
    with pytest.raises(CatalogueError, match="'informed', field 'id': is used twice"):
        load_catalogue(_write(tmp_path, data))


def test_unreadable_file_is_a_catalogue_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("indicators: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="broken.yaml: cannot be read") as info:
        load_catalogue(path)
    assert isinstance(info.value, InputError)


def test_builtin_catalogues_are_valid_and_cover_the_issue():
    assert builtin_names() == ("consultation_poll", "gender_migration", "training_test")
    survey = builtin_catalogue("gender_migration")
    assert len(survey.indicators) >= 25
    links = {f for i in survey.indicators for f in i.frameworks}
    for objective in (1, 3, 4, 6, 7, 10, 15, 20, 21, 22):
        assert f"GCM-{objective}" in links
    assert {"SDG-10.7.1", "SDG-5.2.2"} <= links
    cuts = {d for i in survey.indicators for d in i.disaggregations}
    assert {"region", "migration_stage", "age_group", "disability"} <= cuts


def test_unknown_builtin_is_named():
    with pytest.raises(CatalogueError, match="choose one of consultation_poll"):
        builtin_catalogue("nope")
