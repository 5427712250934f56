"""``build_kits``: every topic in every format, language and region, checked and valid."""

from __future__ import annotations

import csv
import re
import wave
from pathlib import Path

import pytest

from safemig.errors import KitNarrativeError, SimpleLanguageError
from safemig.kits import build_kits, load_library
from safemig.kits.audio import inspect_wav, plausible_seconds
from safemig.kits.readability import words_of
from safemig.narrative import GeneratedText, check_texts

from .conftest import LANGUAGES, REGIONS, TODAY

TOPICS = load_library().topic_ids()


def test_every_topic_has_a_page_leaflet_audio_and_script(starter_build) -> None:
    site = starter_build.output_dir / "site"
    for language in LANGUAGES:
        for region in REGIONS:
            kit = site / language / region
            for topic in TOPICS:
                assert (kit / f"{topic}.html").is_file()
                assert (kit / "audio" / f"{topic}.wav").is_file()
                assert (kit / "audio" / f"{topic}.txt").is_file()
                leaflet = starter_build.output_dir / "leaflets" / language / region
                assert (leaflet / f"{topic}.pdf").read_bytes().startswith(b"%PDF-")
            for page in ("index.html", "services.html", "evidence.html"):
                assert (kit / page).is_file()
    count = len(LANGUAGES) * len(REGIONS) * len(TOPICS)
    assert len(starter_build.leaflets) == len(starter_build.audio) == count
    assert starter_build.recording_slots == ()


def test_leaflets_are_a5_on_at_most_two_pages(starter_build) -> None:
    for leaflet in starter_build.leaflets:
        assert leaflet.width_mm == pytest.approx(148, abs=0.5)
        assert leaflet.height_mm == pytest.approx(210, abs=0.5)
        assert 1 <= leaflet.pages <= 2, leaflet.path


def test_audio_is_valid_wav_of_plausible_duration(starter_build) -> None:
    for path in starter_build.audio:
        info = inspect_wav(path)
        assert (info.channels, info.sample_width, info.rate) == (1, 2, 11025)
        script = path.with_suffix(".txt").read_text(encoding="utf-8")
        low, high = plausible_seconds(len(words_of(script)))
        assert low <= info.seconds <= high, (path, info.seconds, low, high)


def test_sms_files_count_segments_and_offer_a_cheaper_french_version(starter_build) -> None:
    sms = starter_build.output_dir / "sms"
    with (sms / "fr.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    written = [r for r in rows if r["version"] == "as_written"]
    assert {r["topic"] for r in written} == set(TOPICS)
    plain = [r for r in rows if r["version"] == "gsm7_no_accents"]
    assert plain and all(r["encoding"] == "GSM-7" for r in plain)
    for row in plain:
        original = next(r for r in written if r["topic"] == row["topic"])
        assert original["encoding"] == "UCS-2"
        assert int(row["segments"]) < int(original["segments"])
    assert (sms / "en.txt").read_text(encoding="utf-8").count("[") == len(TOPICS)


def test_pages_are_small_offline_and_script_free(starter_build) -> None:
    for page in starter_build.pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html
        assert len(html.encode()) < 30_000, page
        links = re.findall(r'(?:href|src)="([^"]+)"', html)
        assert all(not re.match(r"https?:", link) for link in links), page
        for link in links:
            if not link.startswith(("tel:", "#")):
                assert (page.parent / link).resolve().is_file(), (page, link)


def test_example_services_are_labelled_on_every_page(starter_build) -> None:
    for page in starter_build.pages[:-1]:  # the last one is the front page
        html = page.read_text(encoding="utf-8")
        assert "EXAMPLES" in html or "EXEMPLES" in html, page


def test_campaign_summary_page_shows_channels_and_says_synthetic(starter_build) -> None:
    page = starter_build.output_dir / "site" / "fr" / "agadez" / "evidence.html"
    html = page.read_text(encoding="utf-8")
    assert "SYNTHÉTIQUE" in html
    assert "Source d&#39;information la plus fiable" in html
    assert "43\u202f%" in html  # family, most trusted in Agadez
    assert "—" in html  # suppressed small bases


def test_all_generated_texts_pass_the_narrative_checker(starter_build) -> None:
    for language in LANGUAGES:
        texts = [
            GeneratedText(str(p), p.read_text(encoding="utf-8"), "html")
            for p in starter_build.pages
            if f"/{language}/" in str(p)
        ]
        assert texts and check_texts(texts, language=language) == []


def test_stigmatising_text_stops_the_build(library_copy: Path, tmp_path: Path) -> None:
    path = library_copy / "topics" / "en" / "route-safety.md"
    text = path.read_text(encoding="utf-8").replace(
        "Plan your journey before you leave.", "Do not travel with illegal migrants."
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KitNarrativeError, match="illegal migrants"):
        build_kits(tmp_path / "out", ("en",), ("agadez",), library=library_copy, today=TODAY)
    assert not (tmp_path / "out" / "site" / "en" / "agadez" / "route-safety.html").exists()


def test_text_over_the_limits_stops_the_build_unless_warned(
    library_copy: Path, tmp_path: Path
) -> None:
    path = library_copy / "topics" / "en" / "health.md"
    long = "This sentence " + "goes on and on " * 10 + "without any stop."
    path.write_text(path.read_text(encoding="utf-8") + long + "\n", encoding="utf-8")
    with pytest.raises(SimpleLanguageError, match="a sentence has 45 words"):
        build_kits(tmp_path / "a", ("en",), ("zinder",), library=library_copy, today=TODAY)
    build = build_kits(
        tmp_path / "b",
        ("en",),
        ("zinder",),
        library=library_copy,
        today=TODAY,
        simple_language="warn",
    )
    assert not build.check.passed and len(build.leaflets) == len(TOPICS)


def test_language_without_a_voice_gets_a_script_and_a_recording_slot(
    library_copy: Path, tmp_path: Path
) -> None:
    _add_test_language(library_copy, "ha")
    recording = library_copy / "recordings" / "ha" / "health.wav"
    _write_tone(recording, seconds=2.0)
    build = build_kits(
        tmp_path / "out", ("en", "ha"), ("zinder",), library=library_copy, today=TODAY
    )
    slots = {p.stem for p in build.recording_slots}
    assert slots == set(TOPICS) - {"health"}
    kit = tmp_path / "out" / "site" / "ha" / "zinder"
    assert inspect_wav(kit / "audio" / "health.wav").seconds == pytest.approx(2.0)
    assert not (kit / "audio" / "rights.wav").exists()
    assert (kit / "audio" / "rights.txt").read_text(encoding="utf-8").strip()
    assert "partner organisation" in (kit / "rights.html").read_text(encoding="utf-8")
    assert any("no narrative rules for 'ha'" in note for note in build.notes)


def _add_test_language(library: Path, code: str) -> None:
    """Copy the English topics and words as a stand-in language (tests only, not Hausa text)."""
    (library / "topics" / code).mkdir()
    for source in (library / "topics" / "en").glob("*.md"):
        text = source.read_text(encoding="utf-8").replace("language: en", f"language: {code}")
        (library / "topics" / code / source.name).write_text(text, encoding="utf-8")
    ui = (library / "ui" / "en.yaml").read_text(encoding="utf-8")
    (library / "ui" / f"{code}.yaml").write_text(ui, encoding="utf-8")
    regions = (library / "regions.yaml").read_text(encoding="utf-8")
    (library / "regions.yaml").write_text(
        regions.replace("fr: ", f"{code}: X, fr: "), encoding="utf-8"
    )
    services = (library / "services.csv").read_text(encoding="utf-8").splitlines()
    header = (
        services[0]
        .replace("name:en,", f"name:en,name:{code},")
        .replace("hours:en,", f"hours:en,hours:{code},")
    )
    rows = [_duplicate_columns(line) for line in services[1:]]
    (library / "services.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _duplicate_columns(line: str) -> str:
    cells = next(csv.reader([line]))
    cells.insert(4, cells[3])  # name:<code> = name:en
    cells.insert(10, cells[9])  # hours:<code> = hours:en
    return ",".join(f'"{c}"' for c in cells)


def _write_tone(path: Path, seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 8000
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\x00\x10" * int(rate * seconds))
