"""The weights stage calibrates the design from ``safemig.toml`` and the published SEs are R's.

The oracle is R ``survey``'s ``rake(svydesign(id=~dnum, weights=~pw, fpc=~fpc, apiclus1),
list(~stype, ~sch.wide), ...)`` (golden case ``rake_clus1`` in tests/golden, made by
``make goldens``): the project declares the same raking in ``[weights.calibration]``, the
weights stage hands the calibrated design to ``estimate_catalogue``, and the mean of api00
overall and by school type must equal R's estimate and SE to 1e-8.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
import yaml

from safemig.errors import ProjectError
from safemig.indicators import estimate_catalogue, load_catalogue
from safemig.pipeline import weights_stage
from safemig.project import load_project

GOLDEN = Path(__file__).parents[1] / "golden"
TOML = """\
[project]
name = "apiclus1 raked"
languages = ["en", "fr"]

[design]
weights = "pw"
psu = "dnum"
fpc = "fpc"

[weights.calibration]
method = "rake"
margins = { stype = "pop_stype.csv", "sch.wide" = "pop_schwide.csv" }

[catalogue]
path = "api.yaml"
"""
CATALOGUE = {
    "catalogue": "api",
    "instrument": "survey",
    "title": {"en": "API", "fr": "API"},
    "disaggregations": {"stype": {"column": "stype", "title": {"en": "Type", "fr": "Type"}}},
    "indicators": [
        {
            "id": "api00",
            "title": {"en": "API 2000", "fr": "API 2000"},
            "description": {"en": "Mean API.", "fr": "API moyen."},
            "statistic": "mean",
            "expression": "api00",
            "unit": "number",
            "decimals": 1,
            "disaggregations": ["stype"],
            "frameworks": [],
        }
    ],
}


def _project(tmp_path: Path, toml: str = TOML):
    for name in ("pop_stype.csv", "pop_schwide.csv"):
        shutil.copy(GOLDEN / "data" / name, tmp_path / name)
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(CATALOGUE), encoding="utf-8")
    (tmp_path / "safemig.toml").write_text(toml, encoding="utf-8")
    return load_project(tmp_path)


def _golden_rows() -> dict[str, dict]:
    cases = json.loads((GOLDEN / "goldens.json").read_text(encoding="utf-8"))
    cases = cases["cases"] if isinstance(cases, dict) else cases
    (case,) = [c for c in cases if c["id"] == "rake_clus1"]
    rows = {}
    for row in case["rows"]:
        if row["statistic"] == "mean" and row["variable"] == "api00" and row["by"] in ("", "stype"):
            rows[row["by_values"].get("stype", "")] = row
    return rows


def test_published_se_of_a_raked_project_equals_r(tmp_path):
    project = _project(tmp_path)
    data = pacsv.read_csv(GOLDEN / "data" / "apiclus1.csv")
    weighted = weights_stage(project, data, project.design)
    assert weighted.design.calibration is not None
    assert weighted.design.calibration.method == "rake"
    catalogue = load_catalogue(tmp_path / "api.yaml")
    results = estimate_catalogue(weighted.table, weighted.design, catalogue)
    expected = _golden_rows()
    rows = results.table.to_pylist()
    got = {(r["stype"] or ""): r for r in rows if r["indicator"] == "api00"}
    assert set(expected) <= set(got) and len(expected) == 4
    for key, want in expected.items():
        assert got[key]["estimate"] == pytest.approx(want["estimate"], rel=1e-8)
        assert got[key]["se"] == pytest.approx(want["se"], rel=1e-8)
    assert set(weighted.reports) == {"en", "fr"}
    assert "Rapport de pondération" in weighted.reports["fr"]


@pytest.mark.parametrize(
    ("section", "fragment"),
    [
        ('method = "rake"\n', '[weights.calibration] margins is needed for method = "rake"'),
        (
            'method = "ratio"\nmargins = { stype = "pop_stype.csv" }\n',
            "[weights.calibration] method",
        ),
        (
            'method = "rake"\nmargins = { stype = "nowhere.csv" }\n',
            "[weights.calibration] margins stype = 'nowhere.csv': no such file",
        ),
        (
            'method = "linear"\nmargins = { stype = "pop_stype.csv" }\n',
            "[weights.calibration] totals is needed",
        ),
        (
            'method = "logit"\ntotals = "pop_stype.csv"\nbounds = [0.5]\n',
            "[weights.calibration] bounds",
        ),
        ('method = "rake"\nmargin = 1\n', "[weights.calibration] margin is not a setting"),
    ],
)
def test_bad_calibration_settings_name_file_section_and_key(tmp_path, section, fragment):
    toml = TOML.replace(
        'method = "rake"\nmargins = { stype = "pop_stype.csv", "sch.wide" = "pop_schwide.csv" }\n',
        section,
    )
    with pytest.raises(ProjectError) as info:
        _project(tmp_path, toml)
    message = str(info.value)
    assert str(tmp_path / "safemig.toml") in message
    assert fragment in message, message
    assert "voir docs/project.md" in info.value.message("fr")


def test_margins_that_miss_a_level_name_it(tmp_path):
    project = _project(tmp_path)
    (tmp_path / "pop_stype.csv").write_text("stype,Freq\nE,4421\nH,755\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="stype"):
        project = load_project(tmp_path)
        data = pacsv.read_csv(GOLDEN / "data" / "apiclus1.csv")
        weighted = weights_stage(project, data, project.design)
        estimate_catalogue(weighted.table, weighted.design, load_catalogue(tmp_path / "api.yaml"))
