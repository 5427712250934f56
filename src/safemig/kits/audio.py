"""Audio for radio and voice messages: espeak-ng where a voice exists, partners' voices always.

Every topic gets a recording script (plain text to read aloud). Where espeak-ng has a voice
for the language (English, French, ...), the script is also spoken into a WAV file. Where it
has none (Hausa, Zarma today), the kit leaves a slot: a partner records the script and puts
the file at ``recordings/<language>/<topic>.wav`` in the content library; the next build
checks it and uses it. A partner recording is preferred to the synthetic voice whenever it
exists, so community voices always win.
"""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from safemig.errors import ExternalToolError, KitContentError
from safemig.i18n import say

ESPEAK = "espeak-ng"
#: Words per minute: slower than espeak-ng's 175 default, for listeners in a second language.
SPEED_WPM = 140


@dataclass(frozen=True)
class WavInfo:
    """What a WAV file holds: channels, sample rate, sample width in bytes, length."""

    channels: int
    rate: int
    sample_width: int
    frames: int

    @property
    def seconds(self) -> float:
        """Duration in seconds."""
        return self.frames / self.rate if self.rate else 0.0


def inspect_wav(path: Path) -> WavInfo:
    """Read a WAV file's header; raise :class:`KitContentError` if it is not a usable WAV."""
    try:
        with wave.open(str(path), "rb") as audio:
            info = WavInfo(
                audio.getnchannels(), audio.getframerate(), audio.getsampwidth(), audio.getnframes()
            )
    except (wave.Error, EOFError, OSError) as exc:
        raise KitContentError(
            say(
                "{path}: not a readable WAV file ({exc})",
                "{path} : fichier WAV illisible ({exc})",
                path=path,
                exc=exc,
            )
        ) from exc
    if info.frames == 0:
        raise KitContentError(
            say(
                "{path}: the WAV file holds no sound",
                "{path} : le fichier WAV ne contient aucun son",
                path=path,
            )
        )
    return info


def plausible_seconds(words: int, speed_wpm: int = SPEED_WPM) -> tuple[float, float]:
    """Return the (shortest, longest) plausible duration of ``words`` spoken at ``speed_wpm``.

    Pauses at sentence ends and numbers read digit by digit stretch speech; a voice that
    skipped text or hung would fall outside half to twice the nominal time.
    """
    nominal = 60.0 * words / speed_wpm
    return 0.5 * nominal, 2.0 * nominal + 2.0


@cache
def espeak_voice(language: str) -> str | None:
    """Return the espeak-ng voice for ``language``, or None when espeak-ng has none.

    Raises
    ------
    ExternalToolError
        If espeak-ng is not installed.
    """
    listing = _run([_espeak(), f"--voices={language}"]).splitlines()[1:]
    for line in listing:
        fields = line.split()
        if len(fields) >= 2 and (fields[1] == language or fields[1].startswith(f"{language}-")):
            return language
    return None


def speak(script: str, language: str, target: Path, speed_wpm: int = SPEED_WPM) -> WavInfo:
    """Speak ``script`` with espeak-ng into the WAV file ``target`` and return its header.

    Raises
    ------
    ExternalToolError
        If espeak-ng is missing, has no voice for ``language``, or fails.
    """
    if espeak_voice(language) is None:
        raise ExternalToolError(
            say(
                "espeak-ng has no voice for {lang!r}; record the script",
                "espeak-ng n'a pas de voix pour {lang!r} ; enregistrez le texte",
                lang=language,
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _run([_espeak(), "-v", language, "-s", str(speed_wpm), "-w", str(target), "--stdin"], script)
    halve_sample_rate(target)
    return inspect_wav(target)


def halve_sample_rate(path: Path) -> None:
    """Rewrite a 16-bit mono WAV at half its sample rate, averaging pairs of samples.

    espeak-ng writes 22,050 Hz; speech stays clear at 11,025 Hz (telephones carry 8,000), and
    the file halves, which matters to women paying for data on low-end phones. Averaging two
    samples is a simple low-pass filter that keeps the decimation from aliasing much.
    """
    with wave.open(str(path), "rb") as source:
        params = source.getparams()
        samples = array.array("h", source.readframes(params.nframes))
    if params.nchannels != 1 or params.sampwidth != 2:
        return
    if sys.byteorder == "big":  # WAV samples are little-endian
        samples.byteswap()
    pairs = zip(samples[::2], samples[1::2], strict=False)  # an odd last sample is dropped
    halved = array.array("h", ((a + b) // 2 for a, b in pairs))
    if sys.byteorder == "big":
        halved.byteswap()
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(params.framerate // 2)
        target.writeframes(halved.tobytes())


def partner_recording(library: Path, language: str, topic_id: str) -> Path:
    """Return where a partner's recording of a topic goes in the content library."""
    return library / "recordings" / language / f"{topic_id}.wav"


def place_recording(source: Path, target: Path) -> WavInfo:
    """Check a partner's WAV recording and copy it into the kit."""
    info = inspect_wav(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return info


def _espeak() -> str:
    found = shutil.which(ESPEAK)
    if not found:
        raise ExternalToolError(
            say(
                "espeak-ng is not installed; install it with `apt-get install espeak-ng` "
                "(or `make setup`) to make kit audio",
                "espeak-ng n'est pas installé ; installez-le avec `apt-get install espeak-ng` "
                "(ou `make setup`) pour produire l'audio des kits",
            )
        )
    return found


def _run(command: list[str], stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            command, input=stdin, capture_output=True, text=True, check=True, timeout=120
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        stderr = getattr(exc, "stderr", "") or ""
        raise ExternalToolError(
            say(
                "{tool} failed: {why}",
                "{tool} a échoué : {why}",
                tool=command[0],
                why=stderr.strip() or exc,
            )
        ) from exc
    return done.stdout
