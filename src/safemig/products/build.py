"""Build every product of a results folder: one worker process per language (the report's
charts and PDF take most of the time), the language-free tables and SDMX meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from safemig.errors import RequestError
from safemig.i18n import LANGUAGES, say
from safemig.products.folder import ResultsFolder, read_results_folder

Step = Callable[[str], None]


@dataclass
class Products:
    """Paths of everything written, by language where a product has one."""

    folder: Path
    report_html: dict[str, Path] = field(default_factory=dict)
    report_pdf: dict[str, Path] = field(default_factory=dict)
    brief_pdf: dict[str, Path] = field(default_factory=dict)
    cards: dict[str, list[Path]] = field(default_factory=dict)
    tables: Path | None = None
    sdmx_data: Path | None = None
    sdmx_structure: Path | None = None

    def all_paths(self) -> list[Path]:
        """Every file written."""
        paths = [*self.report_html.values(), *self.report_pdf.values(), *self.brief_pdf.values()]
        paths += [p for cards in self.cards.values() for p in cards]
        return paths + [p for p in (self.tables, self.sdmx_data, self.sdmx_structure) if p]


@dataclass(frozen=True)
class LanguageProducts:
    """What one language's worker wrote."""

    language: str
    report_html: Path
    report_pdf: Path
    brief_pdf: Path
    cards: tuple[Path, ...]


def build_products(
    results_dir: str | Path,
    out: str | Path,
    languages: tuple[str, ...] | list[str] = LANGUAGES,
    progress: bool = False,
    workers: int = 2,
) -> Products:
    """Build every product of a results folder into ``out``.

    Parameters
    ----------
    results_dir
        A folder written by ``safemig run`` (see ``docs/products.md``).
    out
        Where to write: ``tables.xlsx``, ``sdmx/``, and per language ``report.html``,
        ``report.pdf``, ``brief.pdf`` and ``cards/``.
    languages
        Any of ``en`` and ``fr``.
    progress
        Show a progress bar on a terminal.
    workers
        Processes building languages side by side (1: all in this process).

    Raises
    ------
    ResultsFolderError
        When the folder lacks a file, key or column.
    ProductNarrativeError
        When a generated text uses stigmatising language.
    RequestError
        When a language is not ``en`` or ``fr``.
    """
    from safemig.progress import progress_steps

    chosen = _languages(languages)
    folder = read_results_folder(results_dir)  # fail early, before any worker starts
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    built = Products(target)
    with progress_steps(progress, total=2 + len(chosen)) as step:
        if workers <= 1 or len(chosen) == 1:
            results = []
            for language in chosen:
                step(f"Report, brief, cards / rapport, note, cartes ({language})")
                results.append(build_language(Path(results_dir), target, language))
            _shared(folder, target, chosen, built, step)
        else:
            results = _in_workers(Path(results_dir), target, chosen, workers, folder, built, step)
    for result in results:
        built.report_html[result.language] = result.report_html
        built.report_pdf[result.language] = result.report_pdf
        built.brief_pdf[result.language] = result.brief_pdf
        built.cards[result.language] = list(result.cards)
    return built


def build_language(results_dir: Path, out: Path, language: str) -> LanguageProducts:
    """The report, brief and cards of one language (run in a worker process)."""
    from safemig.products.brief import build_brief
    from safemig.products.cards import build_cards
    from safemig.products.report import build_report
    from safemig.products.respect import check_html, check_plain

    folder = read_results_folder(results_dir)
    report = build_report(folder, out, language, check_html)
    brief = build_brief(folder, out, language, check_html)
    cards = build_cards(folder, out, language)
    check_plain(f"cards.{language}", [t for c in cards for t in c.texts], (language,))
    return LanguageProducts(
        language, report.html_path, report.pdf_path, brief.pdf_path, tuple(c.path for c in cards)
    )


def _in_workers(
    results_dir: Path,
    target: Path,
    chosen: tuple[str, ...],
    workers: int,
    folder: ResultsFolder,
    built: Products,
    step: Step,
) -> list[LanguageProducts]:
    # "spawn": vl-convert and WeasyPrint hold threads and native state a fork would copy.
    with ProcessPoolExecutor(min(workers, len(chosen)), mp_context=get_context("spawn")) as pool:
        futures: list[Future[LanguageProducts]] = [
            pool.submit(build_language, results_dir, target, language) for language in chosen
        ]
        _shared(folder, target, chosen, built, step)
        results = []
        for language, future in zip(chosen, futures, strict=True):
            results.append(future.result())
            step(f"Report, brief, cards / rapport, note, cartes ({language})")
    return results


def _shared(
    folder: ResultsFolder, target: Path, chosen: tuple[str, ...], built: Products, step: Step
) -> None:
    """The language-free products: the tables workbook and SDMX."""
    from safemig.products.excel import write_workbook
    from safemig.products.respect import check_plain
    from safemig.products.sdmx import sdmx_texts, write_sdmx_files

    step("Tables / tableaux (xlsx)")
    texts = write_workbook(folder, target / "tables.xlsx")
    check_plain("tables.xlsx", texts, chosen)
    built.tables = target / "tables.xlsx"
    step("SDMX")
    files = write_sdmx_files(folder, target)
    check_plain("sdmx", sdmx_texts(files), chosen)
    built.sdmx_data, built.sdmx_structure = files.data, files.structure


def _languages(languages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(languages))
    for language in chosen:
        if language not in LANGUAGES:
            raise RequestError(
                say(
                    "Products language {l!r} is not available; choose en or fr.",
                    "La langue {l!r} n'est pas disponible pour les produits ; choisissez en ou fr.",
                    l=language,
                )
            )
    return chosen or LANGUAGES
