"""The demonstration's voices: SYNTHETIC focus-group notes, two coders' sheets, reviewed
suggestions for the survey's open answers, and approved quotes.

Everything here is written for the demonstration and labelled synthetic: four sessions
(Niamey, Agadez twice, Zinder; one without consent to quotation, which is coded and counted
but never quoted), two coders who read every turn (their agreement is reported), keyword
suggestions for the open answers that a (synthetic) analyst accepted, and the quotes she
approved after reading their de-identified text — all but one, left for review to show that
an unapproved quote never reaches the report.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from safemig.voices.codebook import builtin_codebook
from safemig.voices.coding import decide, final_codes, read_codes, write_suggestions
from safemig.voices.quotes import approve, propose_quotes, write_quotes
from safemig.voices.sources import open_answer_units, read_sessions
from safemig.voices.suggest import suggestions

EXAMPLES = Path(__file__).parent / "examples"
QUESTION = "predeparture-wished_known"
ANALYST = "Demo analyst (SYNTHETIC)"
#: The demonstration's decisions are dated, so that two runs write the same files.
DECIDED = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
#: The quote left unapproved, to show the gate.
UNAPPROVED = "q-niamey-returnees:7"


def build_demo_voices(root: str | Path, keys: Sequence[str], answers: Sequence[str | None]) -> Path:
    """Write ``<root>/voices`` for the demonstration project and return it.

    Parameters
    ----------
    root
        The demonstration project's folder.
    keys, answers
        The synthetic interviews' ids and their answers to the open question
        ``predeparture-wished_known``.
    """
    folder = Path(root) / "voices"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(EXAMPLES / "sessions", folder / "sessions")
    shutil.copytree(EXAMPLES / "codes", folder / "codes")
    book = builtin_codebook()
    sessions = read_sessions(folder / "sessions")
    turns = [u for _, units in sessions for u in units]
    answer_units = open_answer_units(keys, answers, QUESTION)
    proposed = suggestions([*turns, *answer_units], book, embeddings=False)
    for s in proposed:
        if s.unit.startswith(f"{QUESTION}:"):
            proposed = decide(proposed, s.unit, s.theme, "accepted", ANALYST, DECIDED)
    write_suggestions(folder / "suggestions.csv", proposed)
    units = {u.id: u for u in [*turns, *answer_units]}
    coders = [read_codes(p, units, book) for p in sorted((folder / "codes").glob("*.csv"))]
    quotes = propose_quotes(sessions, final_codes(coders, proposed), [])
    for quote in quotes:
        if quote.id != UNAPPROVED:
            quotes = approve(quotes, quote.id, ANALYST, DECIDED)
    write_quotes(folder / "quotes.yaml", quotes)
    return folder
