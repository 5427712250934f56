"""``build_kits``: every format of every topic, per language and region, checked before use.

Output folder::

    site/index.html, site/style.css                 front page: languages and regions
    site/<lang>/<region>/*.html                     the mini-site of one kit
    site/<lang>/<region>/audio/<topic>.wav|.txt     audio (or a slot) and its recording script
    leaflets/<lang>/<region>/<topic>.pdf            A5 leaflets with a QR code to the page
    sms/<lang>.csv, sms/<lang>.txt                  SMS texts with encoding and segment counts

Every text a woman reads or hears (pages, leaflets, scripts, SMS) passes the narrative checker
first; one finding stops the build, as it does for every generated text (issue 11).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from safemig.errors import KitContentError, KitNarrativeError, RequestError, SimpleLanguageError
from safemig.i18n import Text, say
from safemig.kits import audio as kit_audio
from safemig.kits.directory import load_directory
from safemig.kits.evidence import campaign_summary
from safemig.kits.leaflet import PrintedLeaflet, render_leaflet, topic_url, write_pdf
from safemig.kits.messages import render_check
from safemig.kits.plain import POLICIES, LibraryCheck, check_library
from safemig.kits.settings import EXAMPLE_SITE_URL, Limits
from safemig.kits.site import KitContext, OtherLanguage, render_pages, render_root, style_sheet
from safemig.kits.sms import count_segments, gsm7_variant
from safemig.kits.topics import Library, Topic, load_library, load_regions, load_ui_words
from safemig.narrative import GeneratedText, check_texts
from safemig.narrative.rules import LANGUAGES as NARRATIVE_LANGUAGES
from safemig.progress import progress_steps

DEFAULT_REGIONS = ("niamey", "zinder", "agadez")


@dataclass(frozen=True)
class KitBuild:
    """What ``build_kits`` wrote, the simple-language check, and notes for the partner."""

    output_dir: Path
    languages: tuple[str, ...]
    regions: tuple[str, ...]
    pages: tuple[Path, ...]
    leaflets: tuple[PrintedLeaflet, ...]
    audio: tuple[Path, ...]
    scripts: tuple[Path, ...]
    recording_slots: tuple[Path, ...]
    sms: tuple[Path, ...]
    check: LibraryCheck
    notes: tuple[Text, ...] = field(default=())


@dataclass
class _Outputs:
    pages: list[Path] = field(default_factory=list)
    leaflets: list[PrintedLeaflet] = field(default_factory=list)
    audio: list[Path] = field(default_factory=list)
    scripts: list[Path] = field(default_factory=list)
    slots: list[Path] = field(default_factory=list)
    sms: list[Path] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)


def build_kits(
    output_dir: str | Path,
    languages: tuple[str, ...] = ("en", "fr"),
    regions: tuple[str, ...] = DEFAULT_REGIONS,
    *,
    library: str | Path | None = None,
    estimates: str | Path | None = None,
    estimates_synthetic: bool = False,
    site_url: str = EXAMPLE_SITE_URL,
    limits: Limits | None = None,
    simple_language: str = "fail",
    today: dt.date | None = None,
    progress: bool = False,
) -> KitBuild:
    """Build the mini-site, leaflets, audio and SMS texts of every topic.

    Parameters
    ----------
    output_dir
        Folder to write (created; files in it are replaced).
    languages, regions
        Kit languages and region ids (the survey's strata values).
    library
        Content library folder; the starter library by default.
    estimates
        An estimates CSV from ``safemig estimate`` with the channel questions by region and
        by region and migration stage; the campaign summary page shows them.
    estimates_synthetic
        True when those estimates come from the synthetic survey (pages say so).
    site_url
        Where the site will be published; leaflet QR codes point there.
    limits, simple_language
        Simple-language limits and the policy when a topic exceeds them: ``"fail"``
        (default) or ``"warn"``.
    today
        Date for the directory's verification ages (default: today).
    progress
        Show a progress bar on a terminal.

    Returns
    -------
    KitBuild

    Raises
    ------
    SimpleLanguageError, KitNarrativeError, KitContentError, ServiceDirectoryError,
    EvidenceError, ExternalToolError

    Examples
    --------
    >>> build = build_kits("kits", ("en", "fr"), ("agadez",))  # doctest: +SKIP
    """
    if simple_language not in POLICIES:
        raise RequestError(
            say(
                "simple_language={value!r}; use 'fail' or 'warn'",
                "simple_language={value!r} ; utilisez 'fail' ou 'warn'",
                value=simple_language,
            )
        )
    lib = load_library(library)
    out = Path(output_dir)
    check = _checked(lib, limits, today, languages, simple_language)
    region_names = _regions(lib, regions, languages)
    outputs = _Outputs(notes=_notes(check, site_url))
    with progress_steps(progress, total=len(languages) * len(regions) + 1) as step:
        for language in languages:
            step(f"SMS {language}")
            _write_sms(lib, language, out / "sms", outputs)
            for region in regions:
                step(f"{language} {region}")
                kit = _context(
                    lib,
                    language,
                    region,
                    region_names,
                    languages,
                    estimates,
                    estimates_synthetic,
                    out,
                )
                _build_one(lib, kit, out, site_url, outputs)
    _write_root(out, lib, languages, region_names, outputs)
    return KitBuild(
        out,
        languages,
        regions,
        pages=tuple(outputs.pages),
        leaflets=tuple(outputs.leaflets),
        audio=tuple(outputs.audio),
        scripts=tuple(outputs.scripts),
        recording_slots=tuple(outputs.slots),
        sms=tuple(outputs.sms),
        check=check,
        notes=tuple(outputs.notes),
    )


def _checked(
    lib: Library,
    limits: Limits | None,
    today: dt.date | None,
    languages: tuple[str, ...],
    policy: str,
) -> LibraryCheck:
    check = check_library(lib, limits, today, languages)
    if not check.passed and policy == "fail":
        raise SimpleLanguageError(
            Text(
                "kit texts are not yet simple enough or the directory has errors; fix them or "
                "build with simple_language='warn':\n" + render_check(check, "en"),
                "les textes du kit ne sont pas encore assez simples ou l'annuaire a des erreurs ; "
                "corrigez-les ou construisez avec simple_language='warn' :\n"
                + render_check(check, "fr"),
            )
        )
    return check


def _regions(
    lib: Library, regions: tuple[str, ...], languages: tuple[str, ...]
) -> dict[str, dict[str, str]]:
    known = load_regions(lib.folder)
    for region in regions:
        names = known.get(region)
        if names is None or any(lang not in names for lang in languages):
            raise KitContentError(
                say(
                    "{path}: region {region!r} needs a name in {langs}; known regions: {known}",
                    "{path} : la région {region!r} doit avoir un nom en {langs} ; régions "
                    "connues : {known}",
                    path=lib.folder / "regions.yaml",
                    region=region,
                    langs=", ".join(languages),
                    known=", ".join(known),
                )
            )
    return {r: known[r] for r in regions}


def _notes(check: LibraryCheck, site_url: str) -> list[Text]:
    notes = [
        Text(f"{f.service_id}: {f.message}", f"{f.service_id} : {f.message.fr}")
        for f in check.directory
        if f.severity == "stale"
    ]
    if site_url == EXAMPLE_SITE_URL:
        notes.append(
            say(
                "QR codes point at the example address {url}; pass the real address "
                "(site_url / --site-url) before printing",
                "les codes QR pointent vers l'adresse d'exemple {url} ; donnez la vraie "
                "adresse (site_url / --site-url) avant d'imprimer",
                url=EXAMPLE_SITE_URL,
            )
        )
    return notes


def _context(
    lib: Library,
    language: str,
    region: str,
    region_names: dict[str, dict[str, str]],
    languages: tuple[str, ...],
    estimates: str | Path | None,
    synthetic: bool,
    out: Path,
) -> KitContext:
    ui = load_ui_words(lib.folder, language)
    services = tuple(s for s in load_directory(lib.folder / "services.csv") if s.region == region)
    others = tuple(
        OtherLanguage(code, load_ui_words(lib.folder, code)["language_name"])
        for code in languages
        if code != language
    )
    summary = campaign_summary(estimates, region, synthetic) if estimates else None
    return KitContext(
        language,
        region,
        region_names[region][language],
        ui,
        lib.in_language(language),
        services,
        others,
        summary,
        {},
    )


def _build_one(lib: Library, kit: KitContext, out: Path, site_url: str, outputs: _Outputs) -> None:
    folder = out / "site" / kit.language / kit.region
    scripts = {t.id: audio_script(t, kit) for t in kit.topics}
    _ensure_respectful(
        [GeneratedText(f"{folder}/audio/{i}.txt", s, "text") for i, s in scripts.items()],
        kit.language,
        outputs,
    )
    for topic in kit.topics:
        _make_audio(lib, kit, topic, scripts[topic.id], folder / "audio", outputs)
    pages = render_pages(kit)
    leaflets = {
        t.id: render_leaflet(kit, t, topic_url(site_url, kit.language, kit.region, t.id))
        for t in kit.topics
    }
    _ensure_respectful(
        [GeneratedText(str(folder / n), h, "html") for n, h in pages.items()]
        + [
            GeneratedText(f"leaflet {kit.language}/{kit.region}/{i}", h, "html")
            for i, h in leaflets.items()
        ],
        kit.language,
        outputs,
    )
    for name, html in pages.items():
        outputs.pages.append(_write(folder / name, html))
    for topic_id, html in leaflets.items():
        target = out / "leaflets" / kit.language / kit.region / f"{topic_id}.pdf"
        outputs.leaflets.append(write_pdf(html, target))


def audio_script(topic: Topic, kit: KitContext) -> str:
    """Return the text to read aloud: a title line, the topic, and where to get help."""
    ui = kit.ui
    names = [s.names[kit.language] for s in kit.services]
    lines = [ui["audio_intro"].format(title=topic.title), *topic.prose_blocks()[1:]]
    lines.append(ui["audio_help"].format(region=kit.region_name, services=", ".join(names)))
    if kit.has_examples:
        lines.append(ui["audio_example"])
    return "\n".join(_spoken_line(line) for line in lines) + "\n"


def _spoken_line(line: str) -> str:
    """End every line with a stop, so a voice pauses after list items and headings."""
    return line if line.endswith((".", "!", "?", ":", "…")) else line.rstrip(",;") + "."


def _make_audio(
    lib: Library, kit: KitContext, topic: Topic, script: str, folder: Path, outputs: _Outputs
) -> None:
    outputs.scripts.append(_write(folder / f"{topic.id}.txt", script))
    target = folder / f"{topic.id}.wav"
    recording = kit_audio.partner_recording(lib.folder, kit.language, topic.id)
    if recording.is_file():
        kit_audio.place_recording(recording, target)
    elif kit_audio.espeak_voice(kit.language) is not None:
        kit_audio.speak(script, kit.language, target)
    else:
        outputs.slots.append(recording)
        return
    outputs.audio.append(target)
    kit.audio_sizes[topic.id] = target.stat().st_size


def _ensure_respectful(texts: list[GeneratedText], language: str, outputs: _Outputs) -> None:
    """Run the narrative checker over generated texts; raise on the first findings."""
    if language not in NARRATIVE_LANGUAGES:
        note = say(
            "no narrative rules for {lang!r} yet: its texts were not checked",
            "pas encore de règles de récit pour {lang!r} : ses textes n'ont pas été vérifiés",
            lang=language,
        )
        if note not in outputs.notes:
            outputs.notes.append(note)
        return
    findings = check_texts(texts, language=language)
    if findings:
        listed = "; ".join(
            f'{f.path}:{f.line}: "{f.matched}" ({f.rule.id}; say {" or ".join(f.rule.suggestions)})'
            for f in findings[:10]
        )
        raise KitNarrativeError(
            say(
                "{n} stigmatising phrase(s) in kit texts: {listed}",
                "{n} expression(s) stigmatisante(s) dans les textes du kit : {listed}",
                n=len(findings),
                listed=listed,
            )
        )


def _write_sms(lib: Library, language: str, folder: Path, outputs: _Outputs) -> None:
    rows = sms_rows(lib.in_language(language))
    texts = [GeneratedText(f"sms {language}/{r['topic']}", str(r["text"]), "text") for r in rows]
    _ensure_respectful(texts, language, outputs)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    outputs.sms.append(_write(folder / f"{language}.csv", buffer.getvalue()))
    lines = [
        f"[{r['topic']} · {r['version']} · {r['encoding']} · {r['segments']} SMS]\n{r['text']}\n"
        for r in rows
    ]
    outputs.sms.append(_write(folder / f"{language}.txt", "\n".join(lines)))


def sms_rows(topics: tuple[Topic, ...]) -> list[dict[str, object]]:
    """Return each topic's SMS as written, and without accents where that saves messages."""
    rows: list[dict[str, object]] = []
    for topic in topics:
        versions = [("as_written", topic.sms)]
        plain = gsm7_variant(topic.sms)
        if count_segments(plain).segments < count_segments(topic.sms).segments:
            versions.append(("gsm7_no_accents", plain))
        for version, text in versions:
            count = count_segments(text)
            rows.append(
                {
                    "topic": topic.id,
                    "version": version,
                    "encoding": count.encoding,
                    "characters": count.characters,
                    "units": count.units,
                    "segments": count.segments,
                    "text": text,
                }
            )
    return rows


def _write_root(
    out: Path,
    lib: Library,
    languages: tuple[str, ...],
    regions: dict[str, dict[str, str]],
    outputs: _Outputs,
) -> None:
    listing = [{"code": code, "ui": load_ui_words(lib.folder, code)} for code in languages]
    region_list = [{"id": r, "names": names} for r, names in regions.items()]
    html = render_root(listing, region_list)
    for code in languages:
        _ensure_respectful([GeneratedText("site/index.html", html, "html")], code, outputs)
    outputs.pages.append(_write(out / "site" / "index.html", html))
    _write(out / "site" / "style.css", style_sheet())


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
