"""Agreement between two coders: Cohen's kappa, per theme and pooled.

For each theme, every unit both coders read is a yes/no judgement ("does this unit speak of
the theme?"), so two coders give a 2 × 2 table and Cohen's (1960) kappa,
κ = (p_o − p_e) / (1 − p_e): the observed agreement corrected for the agreement expected by
chance from each coder's own rates. The pooled kappa treats every unit × theme judgement as one
item. Kappa is undefined (None) when both coders gave the same single answer throughout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from safemig.errors import CodingFileError
from safemig.i18n import Text
from safemig.voices.codebook import Codebook


@dataclass(frozen=True)
class ThemeAgreement:
    """The 2 × 2 table of two coders on one theme, and its kappa."""

    theme: str
    both: int
    only_first: int
    only_second: int
    neither: int

    @property
    def units(self) -> int:
        """Units both coders read."""
        return self.both + self.only_first + self.only_second + self.neither

    @property
    def observed(self) -> float:
        """Share of units where the coders agree."""
        return (self.both + self.neither) / self.units

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa (None when chance agreement is certain)."""
        first = ["yes"] * (self.both + self.only_first) + ["no"] * (self.only_second + self.neither)
        second = (
            ["yes"] * self.both
            + ["no"] * self.only_first
            + ["yes"] * self.only_second
            + ["no"] * self.neither
        )
        return cohen_kappa(first, second)


@dataclass(frozen=True)
class Agreement:
    """Two coders' agreement over the units both read."""

    first: str
    second: str
    units: int
    themes: tuple[ThemeAgreement, ...]

    @property
    def pooled(self) -> ThemeAgreement:
        """Every unit × theme judgement as one item."""
        return ThemeAgreement(
            "*",
            sum(t.both for t in self.themes),
            sum(t.only_first for t in self.themes),
            sum(t.only_second for t in self.themes),
            sum(t.neither for t in self.themes),
        )


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' nominal labels on the same items.

    Raises
    ------
    CodingFileError
        When the two sequences differ in length or are empty.
    """
    if len(first) != len(second) or not first:
        raise CodingFileError(
            Text(
                f"Kappa needs the same items rated by both coders ({len(first)} and "
                f"{len(second)} given).",
                f"Le kappa demande les mêmes éléments codés par les deux codeurs ({len(first)} "
                f"et {len(second)} fournis).",
            )
        )
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    rates_first, rates_second = Counter(first), Counter(second)
    expected = sum(rates_first[label] * rates_second[label] for label in rates_first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def agreement(
    first: Mapping[str, frozenset[str]],
    second: Mapping[str, frozenset[str]],
    codebook: Codebook,
    names: tuple[str, str] = ("first", "second"),
) -> Agreement:
    """Per-theme and pooled agreement of two coders over the units both read.

    Raises
    ------
    CodingFileError
        When the two coders read no unit in common.
    """
    shared = sorted(set(first) & set(second))
    if not shared:
        raise CodingFileError(
            Text(
                f"Coders {names[0]} and {names[1]} read no unit in common; agreement needs "
                "the same units coded by both.",
                f"Les codeurs {names[0]} et {names[1]} n'ont aucune unité en commun ; l'accord "
                "demande les mêmes unités codées par les deux.",
            )
        )
    rows = []
    for theme in codebook.ids():
        cells: Counter[tuple[bool, bool]] = Counter(
            (theme in first[u], theme in second[u]) for u in shared
        )
        rows.append(
            ThemeAgreement(
                theme,
                cells[(True, True)],
                cells[(True, False)],
                cells[(False, True)],
                cells[(False, False)],
            )
        )
    return Agreement(names[0], names[1], len(shared), tuple(rows))
