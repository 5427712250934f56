"""``safemig.toml``: every section read into its value; every mistake named by file, section,
key and why, in English and French; unknown sections and keys refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from safemig.design import Design, Replicates
from safemig.disclosure import preset
from safemig.errors import ProjectError
from safemig.project import PROJECT_FILE, init_project, load_project
from safemig.project_toml import SECTIONS

DOCS = Path(__file__).parents[1] / "docs" / "project.md"
FULL = """
[project]
name = "Niger 2024"
name_fr = "Niger 2024 (enquête)"
languages = ["fr", "en"]
form = "form.xlsx"

[[sources]]
path = "data/a.csv"
encoding = "latin-1"
delimiter = ";"

[[sources]]
path = "data/b.csv"

[design]
weights = "w"
strata = "region"
psu = ["ea", "_key"]
fpc = ["N_ea", "N_women"]
lonely_psu = "adjust"
nest = "yes"

[weights]
final = "w_final"

[catalogue]
builtin = "gender_migration"
disaggregations = ["region", "disability"]

[disclosure]
preset = "statcan"
basis = "numerator"

[outputs]
folder = "products"
languages = ["fr"]
formats = ["html", "xlsx"]
"""


def _project(tmp_path: Path, text: str):
    (tmp_path / PROJECT_FILE).write_text(text, encoding="utf-8")
    return load_project(tmp_path)


def _error(tmp_path: Path, text: str) -> ProjectError:
    with pytest.raises(ProjectError) as info:
        _project(tmp_path, text)
    return info.value


def test_every_section_is_read(tmp_path):
    p = _project(tmp_path, FULL)
    assert p.name == "Niger 2024" and p.languages == ("fr", "en")
    assert p.name_fr == "Niger 2024 (enquête)"
    assert [s.path for s in p.sources] == [tmp_path / "data/a.csv", tmp_path / "data/b.csv"]
    assert (p.sources[0].encoding, p.sources[0].delimiter) == ("latin-1", ";")
    assert p.sources[1].encoding == "utf-8"
    assert p.design == Design(
        weights="w",
        strata="region",
        psu=("ea", "_key"),
        fpc=("N_ea", "N_women"),
        lonely_psu="adjust",
        nest=True,
    )
    assert p.weights.final == "w_final"
    assert p.catalogue.builtin == "gender_migration"
    assert p.disclosure.rule == preset("statcan", "numerator")
    assert p.outputs is not None
    assert p.outputs.folder == tmp_path / "products" and p.outputs.formats == ("html", "xlsx")
    assert p.outputs.languages == ("fr",)
    assert p.results == tmp_path / "results"


def test_defaults(tmp_path):
    p = _project(tmp_path, '[design]\nweights = "w"\n')
    assert p.weights.final == "w" and p.catalogue.label == "gender_migration"
    assert p.name == tmp_path.name and p.name_fr == ""
    assert p.disclosure.rule == preset("dhs") and p.disclosure.preset == "dhs"
    assert p.outputs is not None and p.outputs.languages == ("en", "fr")
    assert p.design is not None and p.design.lonely_psu == "fail"


def test_chosen_disaggregations_restrict_the_catalogue(tmp_path):
    p = _project(tmp_path, '[catalogue]\ndisaggregations = ["region", "disability"]\n')
    catalogue = p.catalogue.load()
    assert [d.name for d in catalogue.disaggregations] == ["region", "disability"]
    cuts = {c for i in catalogue.indicators for c in i.disaggregations}
    assert cuts == {"region", "disability"}  # region+migration_stage went with its part


def test_unknown_disaggregation_names_the_key(tmp_path):
    p = _project(tmp_path, '[catalogue]\ndisaggregations = ["region", "sex"]\n')
    with pytest.raises(ProjectError) as info:
        p.catalogue.load(str(p.file))
    assert "[catalogue] disaggregations: 'sex' is not a disaggregation" in str(info.value)
    assert "migration_stage" in str(info.value)
    assert "n'est pas une ventilation" in info.value.message("fr")


def test_replicate_settings(tmp_path):
    p = _project(
        tmp_path,
        '[design]\nweights = "w"\n[design.replicates]\npattern = "repw*"\ntype = "Fay"\n'
        "scale = 0.25\n",
    )
    assert p.design is not None
    assert p.design.replicates == Replicates(pattern="repw*", type="Fay", scale=0.25)


def test_explicit_disclosure_rule(tmp_path):
    p = _project(tmp_path, "[disclosure]\nmin_count = 20\ncaution_count = 40\ncv_suppress = 0.5\n")
    rule = p.disclosure.rule
    assert (rule.name, rule.min_count, rule.caution_count, rule.cv_suppress) == (
        "custom",
        20,
        40,
        0.5,
    )
    assert p.disclosure.preset is None and p.disclosure.record()["min_count"] == 20


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("[desing]\nweights = 'w'\n", "[desing]", "is not a section"),
        ("[design]\nweights = 'w'\nlonely_pus = 'adjust'\n", "[design] lonely_pus", "knows"),
        ("[design]\nweights = 'w'\nlonely_psu = 'drop'\n", "[design] lonely_psu", "not allowed"),
        ("[design]\nstrata = 'region'\n", "[design] weights", "is missing"),
        ("[design]\nweights = 3\n", "[design] weights", "wrong type"),
        ("[design]\nweights = 'w'\nnest = true\n", "[design] nest", "not allowed"),
        ("[design]\nweights = 'w'\npsu = ['a', 'b', 'c']\n", "[design]", "two PSU columns"),
        (
            "[design]\nweights = 'w'\n[design.replicates]\ntype = 'JK1'\n",
            "[design.replicates] columns",
            "either",
        ),
        ("[project]\nlanguages = ['en', 'ha']\n", "[project] languages", "non-empty list"),
        ("[[sources]]\nencoding = 'utf-8'\n", "[sources] path", "is missing"),
        ("[[sources]]\npath = 'a.csv'\nsheet = 2\n", "[sources] sheet", "knows"),
        ("[sources]\npath = 'a.csv'\n", "[sources]", "[[sources]]"),
        ("[weights]\nfinal = 'w'\ncalibrate = 'x'\n", "[weights] calibrate", "knows"),
        ("[catalogue]\nbuiltin = 'gender'\n", "[catalogue] builtin", "not a built-in"),
        ("[catalogue]\npath = 'nowhere.yaml'\n", "[catalogue] path", "no such file"),
        ("[disclosure]\npreset = 'dhs'\nmin_count = 10\n", "[disclosure] min_count", "preset"),
        ("[disclosure]\npreset = 'who'\n", "[disclosure] preset", "not allowed"),
        ("[disclosure]\nbasis = 'weighted'\npreset = 'dhs'\n", "[disclosure]", "basis"),
        ("[disclosure]\nmin_count = 2.5\n", "[disclosure] min_count", "whole number"),
        ("[disclosure]\nmin_count = 5\nminimum = 3\n", "[disclosure] minimum", "knows"),
        ("[outputs]\nformats = ['pdf', 'pptx']\n", "[outputs] formats", "'pptx'"),
        ("[ingest]\nkeep_raw_identifiers = 'maybe'\n", "[ingest] keep_raw_identifiers", "yes"),
        ("[checks]\nmax_minutes = '3h'\n", "[checks] max_minutes", "wrong type"),
    ],
)
def test_mistakes_name_file_section_key_and_why(tmp_path, text, where, why):
    error = _error(tmp_path, text)
    english, french = error.message("en"), error.message("fr")
    assert english.startswith(f"{tmp_path / PROJECT_FILE}: {where}")
    assert why in english
    assert french.startswith(f"{tmp_path / PROJECT_FILE} : {where}") and french != english
    assert "docs/project.md" in english


def test_not_toml(tmp_path):
    error = _error(tmp_path, "[design\n")
    assert "not valid TOML" in str(error) and "TOML invalide" in error.message("fr")


def test_init_scaffolds_every_section_and_key(tmp_path):
    project = init_project(tmp_path / "p")
    text = project.file.read_text(encoding="utf-8")
    uncommented = "\n".join(line.lstrip("# ") for line in text.splitlines())
    for section, keys in SECTIONS.items():
        header = f"[[{section}]]" if section == "sources" else f"[{section}]"
        if section == "design.replicates":
            continue  # documented in docs/project.md; too rare for the starter file
        assert header in text, header
        for key in keys:
            if key not in ("replicates", "calibration"):  # sub-tables, written [a.b]
                assert f"{key} =" in uncommented, (section, key)
    assert tomllib.loads(text)["catalogue"]["builtin"] == "gender_migration"
    assert project.design is None  # the columns depend on the data: left for the user to fill


def test_every_setting_is_documented_in_both_languages():
    text = DOCS.read_text(encoding="utf-8")
    english, french = text.split("\n## Français", 1)
    for section, keys in SECTIONS.items():
        for key in keys:
            for part in (english, french):
                assert f"`{key}`" in part and f"[{section}]" in part, (section, key)
