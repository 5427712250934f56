"""A project folder: ``safemig.toml`` read into a validated, frozen :class:`Project`.

One project is one folder holding ``safemig.toml``, the XLSForm, the data store
(``safemig.duckdb``), the pseudonymisation secret and, after ``safemig run``, the published
``results/``. ``safemig init`` writes a commented ``safemig.toml`` and a fresh secret; every
other command finds the project from the current folder (or ``--project``). Every section and
key is documented, in English and French, in ``docs/project.md``; an unknown section or key is
an error, and every error names the file, the section, the key and why.

Example ``safemig.toml``::

    [project]
    name = "Women's lives and journeys, Niger 2024"
    languages = ["en", "fr"]          # the first is the default for reports and checks
    form = "form.xlsx"

    [ingest]
    secret = ".safemig/secret.key"    # keyed hashes of identifiers; never share or commit it
    keep_raw_identifiers = "no"       # "yes" keeps names/phones in a separate table
    area_question = "ea_id"           # GPS identifiers are coarsened to this answer
    date_formats = ["%Y-%m-%d"]       # accepted for date questions, in order

    [checks]
    min_minutes = 15                  # interviews shorter than this are flagged
    max_minutes = 180
    targets = "targets.csv"           # columns area, target (optional)

    [[sources]]                       # one block per export; re-ingesting a file adds nothing
    path = "data/safemig_survey.csv"
    encoding = "utf-8"
    delimiter = ""                    # "" = sniffed

    [design]                          # R: svydesign(ids = ~psu + _key, strata = ~stratum, ...)
    weights = "design_weight"
    strata = "stratum"
    psu = ["psu", "_key"]             # first and second stage; _key is the submission
    fpc = ["fpc_psu", "fpc_ssu"]
    lonely_psu = "adjust"

    [weights]
    final = "design_weight"           # the column the estimates are weighted by

    [catalogue]
    builtin = "gender_migration"      # or path = "indicators.yaml"
    disaggregations = ["region", "migration_stage", "age_group", "disability"]

    [disclosure]
    preset = "dhs"                    # dhs, statcan or nchs
    basis = "denominator"             # or "numerator"

    [outputs]
    folder = "out"
    languages = ["en", "fr"]
    formats = ["html", "pdf", "xlsx", "sdmx", "brief", "cards"]
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from safemig.design import Design
from safemig.disclosure import PRESETS
from safemig.errors import ProjectError
from safemig.i18n import Text
from safemig.project_sections import (
    CatalogueSettings,
    DisclosureSettings,
    OutputSettings,
    SourceSettings,
    VoicesSettings,
    WeightsSettings,
    read_catalogue,
    read_design,
    read_disclosure,
    read_languages,
    read_outputs,
    read_sources,
    read_voices,
    read_weights,
)
from safemig.project_toml import TomlReader

PROJECT_FILE = "safemig.toml"
STORE_FILE = "safemig.duckdb"
RESULTS_FOLDER = "results"


@dataclass(frozen=True)
class Project:
    """A project folder's settings, validated.

    Attributes
    ----------
    root : Path
        The folder holding ``safemig.toml``.
    name : str
        The project's name, as the products show it in English.
    name_fr : str
        Its name in French (``name_fr``; the English name when not given).
    languages : tuple of str
        Languages for labels, checks and reports; the first is the default.
    form : Path or None
        The XLSForm the data follow (``None`` until one is set).
    store : Path
        The DuckDB file: ``<root>/safemig.duckdb``.
    secret : Path
        File holding the pseudonymisation key.
    keep_raw_identifiers : bool
        Whether raw identifiers are kept, in a separate table (``keep_raw_identifiers = "yes"``).
    area_question : str
        Question whose answer replaces a GPS identifier (the enumeration area).
    date_formats : tuple of str
        ``strptime`` formats accepted for ``date`` questions.
    min_minutes, max_minutes : float
        Interview durations outside this range are flagged by ``safemig check``.
    targets : Path or None
        CSV of interviews expected per area (columns ``area``, ``target``).
    sources : tuple of SourceSettings
        ``[[sources]]``: the exports ``safemig run`` ingests, with their reading options.
    design : Design or None
        ``[design]``: the survey design (``None`` until the section is written).
    weights : WeightsSettings
        ``[weights]``: the column holding the final weight.
    catalogue : CatalogueSettings
        ``[catalogue]``: the indicator catalogue and its disaggregations.
    disclosure : DisclosureSettings
        ``[disclosure]``: the publication rule.
    outputs : OutputSettings
        ``[outputs]``: folder, languages and formats of the products.
    voices : VoicesSettings or None
        ``[voices]``: transcripts, codes, quotes and coded open answers (None without the
        section and without a ``voices`` folder).
    """

    root: Path
    name: str
    languages: tuple[str, ...]
    form: Path | None
    store: Path
    secret: Path
    name_fr: str = ""
    keep_raw_identifiers: bool = False
    area_question: str = "ea_id"
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    min_minutes: float = 15.0
    max_minutes: float = 180.0
    targets: Path | None = None
    sources: tuple[SourceSettings, ...] = ()
    design: Design | None = None
    weights: WeightsSettings = WeightsSettings(final="")
    catalogue: CatalogueSettings = CatalogueSettings()
    disclosure: DisclosureSettings = DisclosureSettings(rule=PRESETS["dhs"])
    outputs: OutputSettings | None = None
    voices: VoicesSettings | None = None

    @property
    def file(self) -> Path:
        """The project's ``safemig.toml``."""
        return self.root / PROJECT_FILE

    @property
    def results(self) -> Path:
        """The folder ``safemig run`` publishes into: ``<root>/results``."""
        return self.root / RESULTS_FOLDER

    def read_secret(self) -> bytes:
        """The pseudonymisation key (ProjectError when the file is missing or too short)."""
        try:
            key = self.secret.read_bytes().strip()
        except FileNotFoundError as exc:
            raise ProjectError(
                Text(
                    f"{self.secret}: the pseudonymisation secret is missing; restore it from "
                    "your backup (hashes made with another secret will not match), or run "
                    "`safemig init` in a new project",
                    f"{self.secret} : la clé de pseudonymisation manque ; restaurez-la depuis "
                    "votre sauvegarde (les empreintes faites avec une autre clé ne "
                    "correspondront pas), ou lancez `safemig init` dans un nouveau projet",
                )
            ) from exc
        if len(key) < 32:
            raise ProjectError(
                Text(
                    f"{self.secret}: the secret is shorter than 32 characters",
                    f"{self.secret} : la clé fait moins de 32 caractères",
                )
            )
        return key


def find_project(start: str | Path = ".") -> Path:
    """The nearest folder at or above ``start`` that holds ``safemig.toml``."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise ProjectError(
        Text(
            f"no {PROJECT_FILE} in {here} or any folder above it; run `safemig init` there first",
            f"aucun {PROJECT_FILE} dans {here} ni au-dessus ; lancez d'abord `safemig init` "
            "dans ce dossier",
        )
    )


def load_project(folder: str | Path = ".") -> Project:
    """Read and validate ``safemig.toml`` in ``folder`` (or a folder above it).

    Raises
    ------
    ProjectError
        When the file is missing or is not TOML, a section or key is unknown, or a setting
        has the wrong type or value; the message names the file, section and key.
    """
    root = find_project(folder)
    path = root / PROJECT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(
            Text(
                f"{path}: not valid TOML ({exc}); compare it with the example in docs/project.md",
                f"{path} : TOML invalide ({exc}) ; comparez-le avec l'exemple de docs/project.md",
            )
        ) from exc
    return _project(root, TomlReader(data, path))


def _project(root: Path, reader: TomlReader) -> Project:
    project, ingest, checks = (reader.table(s) for s in ("project", "ingest", "checks"))
    languages = read_languages(project)
    form = project.text("form", "")
    targets = checks.text("targets", "")
    design = read_design(reader)
    return Project(
        root=root,
        name=project.text("name", root.name),
        name_fr=project.text("name_fr", ""),
        languages=languages,
        form=root / form if form else None,
        store=root / STORE_FILE,
        secret=root / ingest.text("secret", ".safemig/secret.key"),
        keep_raw_identifiers=ingest.yes_no("keep_raw_identifiers"),
        area_question=ingest.text("area_question", "ea_id"),
        date_formats=ingest.texts("date_formats", ("%Y-%m-%d",)),
        min_minutes=checks.value("min_minutes", float, 15.0),
        max_minutes=checks.value("max_minutes", float, 180.0),
        targets=root / targets if targets else None,
        sources=read_sources(reader, root),
        design=design,
        weights=read_weights(reader, design, root),
        catalogue=read_catalogue(reader, root),
        disclosure=read_disclosure(reader),
        outputs=read_outputs(reader, root, languages),
        voices=read_voices(reader, root),
    )


_TEMPLATE = """\
# safemig project / projet safemig.
# Every setting is explained in docs/project.md / chaque réglage est expliqué dans docs/project.md.
# `safemig run` reads this file: ingest -> checks -> cleaning log -> weights -> estimation ->
# disclosure control -> results/. Unknown settings are errors / réglage inconnu = erreur.

[project]
name = "{name}"
# name_fr = "..."                 # the name in French / le nom en français
languages = ["en", "fr"]          # first = default for checks and reports / par défaut
form = "{form}"                   # the XLSForm the data follow / le XLSForm des données

[ingest]
secret = ".safemig/secret.key"    # pseudonymisation key: back it up, never share it
keep_raw_identifiers = "no"       # "yes" keeps names/phones in a separate table
area_question = "ea_id"           # GPS identifiers are coarsened to this answer
date_formats = ["%Y-%m-%d"]       # accepted for date questions / formats de date acceptés

[checks]
min_minutes = 15                  # shorter interviews are flagged / entretiens trop courts
max_minutes = 180
targets = ""                      # CSV with columns area, target / objectifs par zone

# Data files to ingest, one block each; a file already ingested adds nothing.
# Fichiers à importer, un bloc chacun ; un fichier déjà importé n'ajoute rien.
# [[sources]]
# path = "data/export.csv"        # Kobo/ODK CSV, Central .zip, .xlsx, .sav, .dta, .parquet
# encoding = "utf-8"              # e.g. "latin-1" / par ex. "latin-1"
# delimiter = ""                  # "" = detected / détecté
# form = ""                       # another XLSForm for this file / autre formulaire
# private_key = ""                # PEM key for encrypted ODK submissions / clé PEM

# How the sample was drawn (column names of your data) / plan de sondage (noms de colonnes).
# Questions in groups are named as in an ODK Central export: "group-question".
# [design]
# weights = "design_weight"       # sampling weights / poids de sondage
# strata = "stratum"              # "" = no strata / sans strates
# psu = ["psu", "_key"]           # clusters by stage; _key = the interview / grappes par degré
# fpc = ["fpc_psu", "fpc_ssu"]    # population counts or fractions / corrections de population finie
# lonely_psu = "adjust"           # fail, adjust, remove, certainty, average
# domain_lonely = "apply"         # lonely-PSU policy inside domains too / aussi dans les domaines
# nest = "no"                     # "yes": PSU ids repeat across strata / ids répétés par strate
# Replicate weights instead of strata/psu/fpc: see docs/project.md, [design.replicates].

[weights]
# final = "design_weight"         # the column estimates are weighted by (default: [design] weights)
# Building the weight / construire le poids (docs/project.md, docs/weights.md):
# probabilities = ["p_ea", "p_woman"]  # base weight 1/(p1 p2) / poids de base 1/(p1 p2)
# frame = "frame.csv"             # or N_h/n_h from population per stratum / ou N_h/n_h
# nonresponse_classes = ["stratum"]  # nonresponse adjustment classes / classes de non-réponse
# respondent = "responded"        # 1 = responded, 0 = not / 1 = a répondu, 0 = non
# Calibration to population figures / calage sur des effectifs de population:
# [weights.calibration]
# method = "rake"                 # poststratify, rake, linear, raking, logit
# margins = {{ region = "census/region.csv", age_group = "census/age.csv" }}
# totals = "census/totals.csv"    # for linear, raking, logit: variable,level,total
# bounds = [0.5, 3]               # calibrated/base weight / rapport poids calé/poids de base
# trim = [0.3, 4]                 # trimming of that ratio / écrêtage de ce rapport
# maxit = 50                      # iterations / itérations
# epsilon = 1e-7                  # convergence tolerance / tolérance de convergence
# report = "yes"                  # weighting report in results/ / rapport de pondération
#                                 # colonne des poids finals (par défaut : celle de [design])

[catalogue]
builtin = "gender_migration"      # or path = "indicators.yaml" / ou votre fichier YAML
# disaggregations = ["region", "migration_stage", "age_group", "disability"]  # default: all

[disclosure]
preset = "dhs"                    # dhs, statcan, nchs (or write the thresholds out)
basis = "denominator"             # count respondents in the domain, or "numerator"
# Or, instead of preset, write the rule out / ou, au lieu de preset, écrivez la règle :
# name = "office rule"            # shown in the results / affiché dans les résultats
# min_count = 25                  # suppress below / masquer en dessous de
# caution_count = 50              # flag below / signaler en dessous de
# cv_suppress = 0.333             # suppress above this CV / masquer au-dessus de ce CV
# cv_caution = 0.166              # flag from this CV / signaler à partir de ce CV
# symbol_suppressed = "*"
# symbol_caution = "( )"
# symbol_secondary = "x"

[outputs]
folder = "out"                    # products folder / dossier des produits
languages = ["en", "fr"]
formats = ["html", "pdf", "xlsx", "sdmx", "brief", "cards"]

# Women's voices: focus groups and open answers (docs/voices.md) / paroles de femmes.
# Remove the '# ' to use it; a voices/ folder alone also turns it on.
# [voices]
# folder = "voices"                 # sessions/, codes/, suggestions.csv, quotes.yaml
# codebook = "voices/codebook.yaml" # the built-in codebook when absent / grille intégrée sinon
# open_answers = ["predeparture-wished_known"]   # open questions to code / questions ouvertes
# embeddings = "yes"                # similarity suggestions / suggestions par similarité
"""


def init_project(folder: str | Path, form: str | Path | None = None) -> Project:
    """Scaffold a project in ``folder``: ``safemig.toml``, a new secret, a ``.gitignore``.

    Parameters
    ----------
    folder : str or Path
        Created if missing. Must not already hold a ``safemig.toml``.
    form : str or Path, optional
        The XLSForm; copied into the folder when it lies elsewhere.

    Raises
    ------
    ProjectError
        When the folder already holds a project.
    """
    root = Path(folder).resolve()
    if (root / PROJECT_FILE).exists():
        raise ProjectError(
            Text(
                f"{root / PROJECT_FILE} already exists; edit it instead",
                f"{root / PROJECT_FILE} existe déjà ; modifiez-le plutôt",
            )
        )
    root.mkdir(parents=True, exist_ok=True)
    form_name = _copy_form(root, Path(form)) if form else ""
    (root / PROJECT_FILE).write_text(
        _TEMPLATE.format(name=root.name, form=form_name), encoding="utf-8"
    )
    _write_secret(root / ".safemig" / "secret.key")
    (root / ".gitignore").write_text(".safemig/\nsafemig.duckdb*\n.run-*/\n", encoding="utf-8")
    return load_project(root)


def _copy_form(root: Path, form: Path) -> str:
    if not form.is_file():
        raise ProjectError(
            Text(
                f"{form}: no such XLSForm; give the path of the form's .xlsx",
                f"{form} : XLSForm introuvable ; donnez le chemin du fichier .xlsx",
            )
        )
    if form.resolve().parent != root:
        (root / form.name).write_bytes(form.read_bytes())
    return form.name


def _write_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only permissions: the key re-identifies nobody alone, but with it a list of
    # phone numbers could be matched to their hashes.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
