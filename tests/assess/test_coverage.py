"""The coverage matrix from the built-in catalogue: each GCM objective has evidence when an
indicator names it, activities without evidence, or neither. The expectation is read straight
from the catalogue file, not through safemig's catalogue reader."""

from __future__ import annotations

from pathlib import Path

import yaml

from safemig.assess import coverage_matrix, project_catalogues
from safemig.assess.model import Activity
from safemig.indicators import builtin_catalogue

CATALOGUE = Path(__file__).parents[2] / "src" / "safemig" / "indicators" / "builtin"


def _raw_links() -> dict[int, list[str]]:
    data = yaml.safe_load((CATALOGUE / "gender_migration.yaml").read_text(encoding="utf-8"))
    links: dict[int, list[str]] = {n: [] for n in range(1, 24)}
    for indicator in data["indicators"]:
        for framework in indicator.get("frameworks", []):
            if framework.startswith("GCM-"):
                links[int(framework[4:])].append(indicator["id"])
    return links


ACTIVITIES = (
    Activity("radio", "Radio messages", (3, 8)),
    Activity("consulates", "Consular outreach", (14,)),
)


def test_matrix_from_the_builtin_catalogue_matches_the_file():
    matrix = coverage_matrix([builtin_catalogue("gender_migration")], ACTIVITIES)
    links = _raw_links()
    assert [r.objective for r in matrix.rows] == list(range(1, 24))
    for n, ids in links.items():
        assert [i.id for i in matrix.row(n).indicators] == ids
        expected = "evidence" if ids else ("activities_only" if n in (3, 8, 14) else "neither")
        assert matrix.row(n).state == expected, n
    evidence = {n for n, ids in links.items() if ids}
    assert set(matrix.objectives("evidence")) == evidence
    assert set(matrix.objectives("neither")) == set(range(1, 24)) - evidence - {3, 8, 14}
    assert len(evidence) >= 5  # the catalogue evidences several objectives


def test_activities_without_evidence_and_cells():
    links = _raw_links()
    matrix = coverage_matrix([builtin_catalogue("gender_migration")], ACTIVITIES)
    without = [n for n in (3, 8, 14) if not links[n]]
    assert set(matrix.objectives("activities_only")) == set(without)
    first = next(n for n, ids in links.items() if ids)
    assert matrix.links(first, links[first][0]) and not matrix.links(first, "no_such_indicator")
    assert [a.id for a in matrix.row(3).activities] == ["radio"]


def test_project_catalogues_add_the_projects_own(tmp_path):
    from safemig.project import init_project

    default = init_project(tmp_path / "default").root
    assert [c.name for c in project_catalogues(default)] == ["gender_migration"]
    own = init_project(tmp_path / "own").root
    settings = own / "safemig.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'builtin = "gender_migration"', 'builtin = "training_test"'
        ),
        encoding="utf-8",
    )
    names = [c.name for c in project_catalogues(own)]
    assert names == ["gender_migration", "training_test"]
    assert [c.name for c in project_catalogues(None)] == ["gender_migration"]
