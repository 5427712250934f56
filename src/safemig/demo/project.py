"""A complete safemig project around the SYNTHETIC survey, ready for ``safemig run``.

The project ingests the survey's ODK Central export (the generator writes it, with the form,
into ``<folder>/data``), estimates the built-in gender-and-migration catalogue on the design
the generator drew (regions as strata, enumeration areas then women, finite population
corrections at both stages), with the weights raked to the population of eligible women by
region and by age group (the listing's age group, ``population_stratum.csv`` and
``population_age_group.csv`` in ``data``), so every standard error and the weighting report
(``results/weighting-report.en.html``, ``.fr.html``) account for the calibration; and
publishes through the DHS disclosure rule.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from safemig.demo.exports import write_survey
from safemig.demo.survey import SyntheticSurvey
from safemig.errors import ProjectError
from safemig.i18n import Text
from safemig.project import PROJECT_FILE, Project, init_project, load_project

DEMO_MARK = "# safemig demonstration project on SYNTHETIC data"
DEMO_SETTINGS = """\
# safemig demonstration project on SYNTHETIC data (no real respondent) / projet de
# démonstration sur données SYNTHÉTIQUES (aucune répondante réelle). See docs/project.md.

[project]
name = "Synthetic survey of migrant women, Niger (demonstration)"
name_fr = "Enquête synthétique auprès des femmes migrantes, Niger (démonstration)"
languages = ["en", "fr"]
form = "{form}"

[ingest]
secret = ".safemig/secret.key"
keep_raw_identifiers = "no"
area_question = "ea_id"

[checks]
min_minutes = 15
max_minutes = 180

[[sources]]
path = "data/{central}"          # the ODK Central export / l'export ODK Central

[design]                          # as the generator drew the sample / comme l'échantillon tiré
weights = "design_weight"
strata = "stratum"                # the three regions / les trois régions
psu = ["psu", "_key"]             # enumeration areas, then women / zones, puis femmes
fpc = ["fpc_psu", "fpc_ssu"]      # population counts at each stage / effectifs à chaque degré
lonely_psu = "adjust"

[weights]
final = "design_weight"

[weights.calibration]             # raked to census-like totals / calé sur des totaux
method = "rake"                   # de type recensement (docs/weights.md)
epsilon = 1e-12                   # of the total: margins met exactly / marges atteintes
maxit = 100

[weights.calibration.margins]     # levels and Freq / modalités et Freq
stratum = "data/population_stratum.csv"
listing_age_group = "data/population_age_group.csv"

[catalogue]
builtin = "gender_migration"

[disclosure]
preset = "dhs"
basis = "denominator"

[outputs]
folder = "out"
languages = ["en", "fr"]
formats = ["html", "pdf", "xlsx", "sdmx", "brief", "cards"]

[voices]                          # women's voices (docs/voices.md) / paroles de femmes
open_answers = ["predeparture-wished_known"]
"""


def build_demo_project(folder: str | Path, survey: SyntheticSurvey) -> Project:
    """Write the synthetic survey's exports into ``folder/data`` and a project around them.

    Parameters
    ----------
    folder
        A folder without a project yet (created when missing).
    survey
        The generated survey (:func:`safemig.demo.generate_survey`).

    Returns
    -------
    Project
        The loaded project; ``safemig run`` (:func:`safemig.pipeline.run_project`) runs it.
    """
    root = Path(folder)
    _remove_previous_demo(root)
    if (root / PROJECT_FILE).exists():
        raise ProjectError(
            Text(
                f"{root / PROJECT_FILE} already exists and is not a demonstration project; "
                "choose another output folder for the demonstration",
                f"{root / PROJECT_FILE} existe déjà et n'est pas un projet de démonstration ; "
                "choisissez un autre dossier pour la démonstration",
            )
        )
    paths = write_survey(survey, root / "data")
    project = init_project(root, paths["form"])
    (project.root / PROJECT_FILE).write_text(
        DEMO_SETTINGS.format(form=paths["form"].name, central=paths["central"].name),
        encoding="utf-8",
    )
    from safemig.voices.demo import build_demo_voices

    build_demo_voices(
        project.root, survey.uuid.to_pylist(), survey.answers["wished_known"].to_pylist()
    )
    return load_project(project.root)


def _remove_previous_demo(root: Path) -> None:
    """Remove the project an earlier demonstration left here (and nothing else).

    A folder whose ``safemig.toml`` was not written by the demonstration is left alone:
    ``init_project`` then refuses it.
    """
    settings = root / PROJECT_FILE
    if settings.is_file() and settings.read_text(encoding="utf-8").startswith(DEMO_MARK):
        shutil.rmtree(root)
