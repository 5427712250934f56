"""The sections of ``safemig.toml`` that ``safemig run`` reads: sources, design, weights,
catalogue, disclosure and outputs, each read into a small frozen value.

Every key is documented in ``docs/project.md``; every error names the file, section, key and
why (see :mod:`safemig.project_toml`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from safemig.design import LONELY_PSU_POLICIES, REP_TYPES, Design, Replicates
from safemig.disclosure import PRESETS, Rule, rule_from_mapping
from safemig.errors import (
    CalibrationError,
    DataFileError,
    DisclosureRuleError,
    ProjectError,
    RequestError,
)
from safemig.i18n import LANGUAGES, Text
from safemig.indicators.catalogue import Catalogue, builtin_catalogue, builtin_names, load_catalogue
from safemig.project_toml import Table, TomlReader
from safemig.weights.spec import METHODS, Calibration

#: Products ``[outputs] formats`` may name (built by the products stage, issue 8).
OUTPUT_FORMATS = ("html", "pdf", "xlsx", "sdmx", "brief", "cards")
DEFAULT_CATALOGUE = "gender_migration"


@dataclass(frozen=True)
class SourceSettings:
    """One ``[[sources]]`` entry: a data file or export to ingest, with its reading options."""

    path: Path
    encoding: str = "utf-8"
    delimiter: str = ""
    form: Path | None = None
    private_key: Path | None = None


@dataclass(frozen=True)
class WeightsSettings:
    """``[weights]``: how the final weight the estimates use is built.

    Without any step the final weight is a column of the data (by default the design
    weight). Otherwise the weights stage builds it in order: base weights (``probabilities``
    or ``frame``), nonresponse adjustment within ``nonresponse_classes``, then calibration
    (``[weights.calibration]``), which goes into the design so that every standard error
    accounts for it, as R ``survey`` does.
    """

    final: str
    probabilities: tuple[str, ...] = ()
    frame: Path | None = None
    nonresponse_classes: tuple[str, ...] = ()
    respondent: str = ""
    calibration: Calibration | None = None
    report: bool = True

    @property
    def builds(self) -> bool:
        """Whether the stage computes weights (rather than reading ``final`` as is)."""
        return bool(self.probabilities or self.frame or self.nonresponse_classes)


@dataclass(frozen=True)
class CatalogueSettings:
    """``[catalogue]``: a built-in catalogue or a YAML file, and which disaggregations."""

    builtin: str | None = DEFAULT_CATALOGUE
    path: Path | None = None
    disaggregations: tuple[str, ...] | None = None  # None: every one the catalogue has

    @property
    def label(self) -> str:
        """What ``run.json`` records: the built-in name or the file path."""
        return str(self.path) if self.path else str(self.builtin)

    def load(self, where: str = "safemig.toml") -> Catalogue:
        """The catalogue, restricted to the chosen disaggregations.

        Raises
        ------
        CatalogueError
            When the catalogue file is malformed.
        ProjectError
            When a chosen disaggregation is not in the catalogue.
        """
        catalogue = load_catalogue(self.path) if self.path else builtin_catalogue(str(self.builtin))
        if self.disaggregations is None:
            return catalogue
        return _restricted(catalogue, self.disaggregations, where)


@dataclass(frozen=True)
class DisclosureSettings:
    """``[disclosure]``: the publication rule, from a preset or written out."""

    rule: Rule
    preset: str | None = "dhs"

    def record(self) -> dict[str, Any]:
        """The rule as ``run.json`` records it: preset, basis and every threshold."""
        r = self.rule
        return {
            "preset": self.preset,
            "name": r.name,
            "basis": r.basis,
            "min_count": r.min_count,
            "caution_count": r.caution_count,
            "cv_suppress": r.cv_suppress,
            "cv_caution": r.cv_caution,
            "symbol_suppressed": r.symbol_suppressed,
            "symbol_caution": r.symbol_caution,
            "symbol_secondary": r.symbol_secondary,
        }


@dataclass(frozen=True)
class OutputSettings:
    """``[outputs]``: where products go, in which languages and formats (issue 8 builds them)."""

    folder: Path
    languages: tuple[str, ...] = ("en", "fr")
    formats: tuple[str, ...] = OUTPUT_FORMATS


@dataclass(frozen=True)
class VoicesSettings:
    """``[voices]``: where transcripts, codes and quotes live, the codebook, and the open
    questions whose answers are coded (see ``docs/voices.md``)."""

    folder: Path
    codebook: Path | None = None
    open_answers: tuple[str, ...] = ()
    embeddings: bool = True


def read_voices(reader: TomlReader, root: Path) -> VoicesSettings | None:
    """``[voices]``, or None when the project has neither the section nor a ``voices``
    folder (then ``safemig run`` has no qualitative stage)."""
    if "voices" not in reader.data and not (root / "voices").is_dir():
        return None
    table = reader.table("voices")
    codebook = table.text("codebook", "")
    return VoicesSettings(
        folder=root / table.text("folder", "voices"),
        codebook=root / codebook if codebook else None,
        open_answers=tuple(table.texts("open_answers", ())),
        embeddings=table.yes_no("embeddings", "yes"),
    )


def read_languages(table: Table, default: tuple[str, ...] = ("en", "fr")) -> tuple[str, ...]:
    """A non-empty list of language codes safemig speaks."""
    languages = table.texts("languages", default)
    wrong = [x for x in languages if x not in LANGUAGES]
    if not languages or wrong:
        table.fail(
            "languages",
            Text(
                f"= {list(languages)!r}: give a non-empty list of {', '.join(LANGUAGES)}, "
                'such as ["en", "fr"]',
                f"= {list(languages)!r} : donnez une liste non vide parmi "
                f'{", ".join(LANGUAGES)}, par exemple ["en", "fr"]',
            ),
        )
    return tuple(languages)


def read_sources(reader: TomlReader, root: Path) -> tuple[SourceSettings, ...]:
    """Every ``[[sources]]`` entry (paths relative to the project folder)."""
    sources = []
    for number, table in enumerate(reader.tables("sources"), start=1):
        path = table.path("path", root)
        if path is None:
            table.fail(
                "path",
                Text(
                    f"is missing in source number {number}; give the file to ingest, "
                    'e.g. path = "data/export.csv"',
                    f"manque dans la source numéro {number} ; donnez le fichier à importer, "
                    'par ex. path = "data/export.csv"',
                ),
            )
        sources.append(
            SourceSettings(
                path=path,
                encoding=table.text("encoding", "utf-8"),
                delimiter=table.text("delimiter", ""),
                form=table.path("form", root, must_exist=True),
                private_key=table.path("private_key", root, must_exist=True),
            )
        )
    return tuple(sources)


def read_design(reader: TomlReader) -> Design | None:
    """``[design]`` as a :class:`safemig.design.Design` (``None`` when the section is absent)."""
    if "design" not in reader.data:
        return None
    table = reader.table("design")
    weights = table.text("weights", "")
    if not weights:
        table.fail(
            "weights",
            Text(
                'is missing: name the column of sampling weights, e.g. weights = "design_weight"',
                "manque : nommez la colonne des poids de sondage, par ex. "
                'weights = "design_weight"',
            ),
        )
    replicates = _replicates(reader, table)
    try:
        return Design(
            weights=weights,
            strata=table.text("strata", "") or None,
            psu=tuple(c for c in table.texts("psu", ()) if c),  # "" = no clusters
            fpc=tuple(c for c in table.texts("fpc", ()) if c),
            replicates=replicates,
            lonely_psu=table.choice("lonely_psu", LONELY_PSU_POLICIES, "fail"),  # type: ignore[arg-type]
            domain_lonely=table.choice("domain_lonely", ("apply", "ignore"), "apply"),  # type: ignore[arg-type]
            nest=table.yes_no("nest"),
        )
    except RequestError as exc:
        table.fail("", _reason(exc))


def _replicates(reader: TomlReader, design: Table) -> Replicates | None:
    if "replicates" not in design:
        return None
    table = reader.table("design.replicates", design.data["replicates"])
    columns, pattern = table.texts("columns", ()), table.text("pattern", "")
    if bool(columns) == bool(pattern):
        table.fail(
            "columns",
            Text(
                ': give either columns = ["repw1", "repw2", ...] or pattern = "repw*", not both '
                "and not neither",
                ': donnez soit columns = ["repw1", "repw2", ...] soit pattern = "repw*", ni les '
                "deux ni aucun",
            ),
        )
    rscales = table.value("rscales", list, None)
    if rscales is not None and not all(
        isinstance(x, (int, float)) and not isinstance(x, bool) for x in rscales
    ):
        table.fail("rscales", Text("must be a list of numbers", "doit être une liste de nombres"))
    try:
        return Replicates(
            columns=columns,
            type=table.choice("type", REP_TYPES, "JK1"),  # type: ignore[arg-type]
            scale=table.value("scale", float, None),
            rscales=tuple(float(x) for x in rscales) if rscales is not None else None,
            mse=table.yes_no("mse"),
            pattern=pattern or None,
        )
    except RequestError as exc:
        table.fail("", _reason(exc))


def read_weights(reader: TomlReader, design: Design | None, root: Path) -> WeightsSettings:
    """``[weights]``; the final weight defaults to the design's weight column.

    Raises
    ------
    ProjectError
        Naming the file, ``[weights]`` or ``[weights.calibration]``, the key and why.
    """
    table = reader.table("weights")
    final = table.text("final", design.weights if design else "")
    probabilities = table.texts("probabilities", ())
    frame = table.path("frame", root, must_exist=True)
    if probabilities and frame:
        table.fail(
            "frame",
            Text(
                "and probabilities are both given: base weights come either from the "
                "selection probabilities or from a frame, not both",
                "et probabilities sont donnés ensemble : les poids de base viennent soit des "
                "probabilités de sélection, soit d'une base de sondage, pas des deux",
            ),
        )
    if frame and not (design and design.strata):
        table.fail(
            "frame",
            Text(
                "needs [design] strata: the frame gives the population of each stratum",
                "demande [design] strata : la base de sondage donne la population par strate",
            ),
        )
    classes = table.texts("nonresponse_classes", ())
    respondent = table.text("respondent", "")
    if bool(classes) != bool(respondent):
        table.fail(
            "respondent" if classes else "nonresponse_classes",
            Text(
                "is missing: a nonresponse adjustment needs both nonresponse_classes (the "
                "weighting classes) and respondent (the column holding 1 or 0)",
                "manque : la correction de non-réponse demande nonresponse_classes (les "
                "classes de pondération) et respondent (la colonne valant 1 ou 0)",
            ),
        )
    calibration, report = _calibration(reader, table, root)
    return WeightsSettings(
        final=final,
        probabilities=probabilities,
        frame=frame,
        nonresponse_classes=classes,
        respondent=respondent,
        calibration=calibration,
        report=report,
    )


def _calibration(reader: TomlReader, weights: Table, root: Path) -> tuple[Calibration | None, bool]:
    """``[weights.calibration]`` read into a :class:`safemig.weights.Calibration`."""
    from safemig.weights import Calibration, read_margin, read_totals

    if "calibration" not in weights:
        return None, True
    table = reader.table("weights.calibration", weights.data["calibration"])
    method = table.choice("method", METHODS, "")
    margins_map = table.value("margins", dict, {})
    totals = table.path("totals", root, must_exist=True)
    controls: dict[str, Any] = {
        "bounds": _bounds(table, "bounds") or (-math.inf, math.inf),
        "trim": _bounds(table, "trim"),
        "maxit": table.value("maxit", int, None),
        "epsilon": table.value("epsilon", float, None),
    }
    report = table.yes_no("report", "yes")
    try:
        if method in ("poststratify", "rake"):
            if totals or not margins_map:
                table.fail(
                    "margins",
                    Text(
                        f'is needed for method = "{method}": one file per variable, e.g. '
                        'margins = { region = "census/region.csv" } (CSV: levels, Freq); '
                        "totals is for linear, raking and logit",
                        f'est requis pour method = "{method}" : un fichier par variable, par '
                        'ex. margins = { region = "census/region.csv" } (CSV : modalités, '
                        "Freq) ; totals sert à linear, raking et logit",
                    ),
                )
            margins = []
            for variable, value in margins_map.items():
                if not isinstance(value, str):
                    table.fail(
                        "margins",
                        Text(
                            f"{variable} = {value!r} must be a file name in quotes",
                            f"{variable} = {value!r} doit être un nom de fichier entre guillemets",
                        ),
                    )
                path = (root / value).resolve()
                if not path.exists():
                    table.fail(
                        "margins",
                        Text(
                            f"{variable} = {value!r}: no such file ({path})",
                            f"{variable} = {value!r} : fichier introuvable ({path})",
                        ),
                    )
                margins.append(read_margin(variable, path))
            return Calibration(method, tuple(margins), **controls), report  # type: ignore[arg-type]
        if not totals or margins_map:
            table.fail(
                "totals",
                Text(
                    f'is needed for method = "{method}" (and margins is not): a CSV '
                    'variable,level,total, e.g. totals = "census/totals.csv"',
                    f'est requis pour method = "{method}" (et margins non) : un CSV '
                    'variable,level,total, par ex. totals = "census/totals.csv"',
                ),
            )
        found, numeric, population = read_totals(totals)
        return (
            Calibration(method, found, numeric, population, **controls),  # type: ignore[arg-type]
            report,
        )
    except (CalibrationError, DataFileError) as exc:
        table.fail("totals" if totals else "margins", _reason(exc))


def _bounds(table: Table, key: str) -> tuple[float, float] | None:
    value = table.value(key, list, None)
    if value is None:
        return None
    if len(value) != 2 or not all(
        isinstance(x, (int, float)) and not isinstance(x, bool) for x in value
    ):
        table.fail(
            key,
            Text(
                f"= {value!r} must be two numbers [low, high], e.g. [0.5, 3]",
                f"= {value!r} doit être deux nombres [bas, haut], par ex. [0.5, 3]",
            ),
        )
    return float(value[0]), float(value[1])


def read_catalogue(reader: TomlReader, root: Path) -> CatalogueSettings:
    """``[catalogue]``: ``builtin`` or ``path`` (not both), and optional ``disaggregations``."""
    table = reader.table("catalogue")
    path = table.path("path", root, must_exist=True)
    builtin = table.text("builtin", "")
    if path and builtin:
        table.fail(
            "path",
            Text(
                "and builtin are both given; keep one (a built-in name or your YAML file)",
                "et builtin sont donnés tous deux ; gardez-en un (un nom intégré ou votre "
                "fichier YAML)",
            ),
        )
    if builtin and builtin not in builtin_names():
        table.fail(
            "builtin",
            Text(
                f"= {builtin!r} is not a built-in catalogue; choose {', '.join(builtin_names())}",
                f"= {builtin!r} n'est pas un catalogue intégré ; choisissez parmi "
                f"{', '.join(builtin_names())}",
            ),
        )
    chosen = table.texts("disaggregations", None)
    return CatalogueSettings(
        builtin=None if path else (builtin or DEFAULT_CATALOGUE),
        path=path,
        disaggregations=chosen,
    )


def read_disclosure(reader: TomlReader) -> DisclosureSettings:
    """``[disclosure]``: ``preset`` (+ ``basis``), or the fields of a rule written out."""
    table = reader.table("disclosure")
    data = dict(table.data) or {"preset": "dhs"}
    if "preset" in data:
        table.choice("preset", tuple(PRESETS), "dhs")
        extra = [k for k in data if k not in ("preset", "basis")]
        if extra:
            table.fail(
                extra[0],
                Text(
                    "cannot be combined with preset; either keep preset (and basis) or "
                    "remove preset and write every threshold out",
                    "ne se combine pas avec preset ; gardez preset (et basis) ou retirez "
                    "preset et écrivez chaque seuil",
                ),
            )
    else:
        _check_rule_types(table)
        data.setdefault("name", "custom")
    try:
        rule = rule_from_mapping(data)
    except (DisclosureRuleError, TypeError) as exc:
        table.fail("", _reason(exc))
    return DisclosureSettings(rule=rule, preset=data.get("preset"))


_RULE_TYPES = {"min_count": int, "caution_count": int, "cv_suppress": float, "cv_caution": float}


def _check_rule_types(table: Table) -> None:
    for key in table.data:
        table.value(key, _RULE_TYPES.get(key, str), None)


def read_outputs(reader: TomlReader, root: Path, languages: tuple[str, ...]) -> OutputSettings:
    """``[outputs]``: folder (default ``out``), languages (the project's), formats (all)."""
    table = reader.table("outputs")
    formats = table.texts("formats", OUTPUT_FORMATS)
    wrong = [f for f in formats if f not in OUTPUT_FORMATS]
    if wrong:
        table.fail(
            "formats",
            Text(
                f"= {list(formats)!r}: {wrong[0]!r} is not a product; choose among "
                f"{', '.join(OUTPUT_FORMATS)}",
                f"= {list(formats)!r} : {wrong[0]!r} n'est pas un produit ; choisissez parmi "
                f"{', '.join(OUTPUT_FORMATS)}",
            ),
        )
    return OutputSettings(
        folder=root / table.text("folder", "out"),
        languages=read_languages(table, languages),
        formats=tuple(formats),
    )


def _restricted(catalogue: Catalogue, chosen: tuple[str, ...], where: str) -> Catalogue:
    known = [d.name for d in catalogue.disaggregations]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise ProjectError(
            Text(
                f"{where}: [catalogue] disaggregations: {unknown[0]!r} is not a disaggregation "
                f"of catalogue {catalogue.name!r}; it has {', '.join(known)}.",
                f"{where} : [catalogue] disaggregations : {unknown[0]!r} n'est pas une "
                f"ventilation du catalogue {catalogue.name!r} ; il a {', '.join(known)}.",
            )
        )
    keep = set(chosen)
    indicators = tuple(
        replace(i, disaggregations=tuple(c for c in i.disaggregations if set(c.split("+")) <= keep))
        for i in catalogue.indicators
    )
    return replace(
        catalogue,
        disaggregations=tuple(d for d in catalogue.disaggregations if d.name in keep),
        indicators=indicators,
    )


def _reason(exc: Exception) -> Text:
    """The message of a safemig error raised by Design, Replicates or a rule, as a reason."""
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, Text):
        return Text(f"— {message}", f"— {message.fr}")
    return Text(f"— {message}", f"— {message}")
