"""The sampling design of the synthetic survey: a stratified two-stage sample.

Stage 1: in each region (stratum) a simple random sample of enumeration areas (EAs, the PSUs)
is drawn without replacement from the frame of ``fpc_psu`` EAs. Stage 2: in each sampled EA,
``m`` women are drawn without replacement from the ``fpc_ssu`` eligible women listed there.
The design weight is the inverse of the inclusion probability,
``(fpc_psu / n_psu) * (fpc_ssu / m)``; in R: ``svydesign(ids = ~psu + respondent,
strata = ~stratum, fpc = ~fpc_psu + fpc_ssu, data = d)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REGIONS = ("niamey", "zinder", "agadez")
#: Frame size (EAs) per region at the default survey size; grows for large ``size``.
FRAME_EAS = (520, 460, 310)
#: Mean number of eligible migrant women per EA, per region.
WOMEN_PER_EA = (95.0, 70.0, 85.0)
INTERVIEWS_PER_EA = 11
AGE_GROUPS = ("15-24", "25-34", "35-49", "50+")
#: First age of each group after the first.
AGE_BOUNDS = (25, 35, 50)
#: Share of each age group among eligible women, per region, in the census-like totals the
#: weights are calibrated to: near the sample's, with older women a little more numerous (as
#: when they are harder to find at home), so that calibration moves the weights visibly.
AGE_SHARES = ((0.42, 0.34, 0.19, 0.05), (0.47, 0.33, 0.16, 0.04), (0.48, 0.32, 0.16, 0.04))


@dataclass(frozen=True)
class Sample:
    """The drawn sample: one entry per respondent, plus the frame totals.

    Attributes
    ----------
    stratum : ndarray of int
        Region index per respondent (into :data:`REGIONS`).
    psu : ndarray of int
        Frame number of the respondent's EA (unique across regions).
    fpc_psu, fpc_ssu : ndarray of int
        EAs in the respondent's stratum frame; eligible women in her EA.
    weight : ndarray of float
        Design weight.
    enumerator : ndarray of int
        Interviewer code number (e.g. 104 for ``ENUM-104``).
    population : ndarray of int
        Eligible women per region and age group, shape (3, 4): calibration totals.
    """

    stratum: np.ndarray
    psu: np.ndarray
    fpc_psu: np.ndarray
    fpc_ssu: np.ndarray
    weight: np.ndarray
    enumerator: np.ndarray
    population: np.ndarray


def allocate(size: int) -> tuple[np.ndarray, np.ndarray]:
    """EAs per region and interviews per sampled EA for ``size`` interviews in total."""
    n_eas = -(-size // INTERVIEWS_PER_EA)
    per_region = np.full(3, n_eas // 3) + (np.arange(3) < n_eas % 3)
    take = np.full(n_eas, INTERVIEWS_PER_EA)
    take[-1] = size - INTERVIEWS_PER_EA * (n_eas - 1)
    return per_region, take


def draw_sample(rng: np.random.Generator, size: int) -> Sample:
    """Draw the frame and the two-stage sample for ``size`` interviews."""
    per_region, take = allocate(size)
    frames = np.maximum(FRAME_EAS, 3 * per_region)
    offsets = np.concatenate([[0], np.cumsum(frames)[:-1]])
    ea_women = [
        np.maximum(INTERVIEWS_PER_EA, rng.poisson(mean, f))
        for mean, f in zip(WOMEN_PER_EA, frames, strict=True)
    ]
    strata, psus, fpc_ssu, fpc_psu, enum = [], [], [], [], []
    for h in range(3):
        chosen = np.sort(rng.choice(frames[h], per_region[h], replace=False))
        strata.append(np.full(per_region[h], h))
        psus.append(offsets[h] + chosen + 1)
        fpc_ssu.append(ea_women[h][chosen])
        fpc_psu.append(np.full(per_region[h], frames[h]))
        team = min(99, max(8, per_region[h] // 5))
        enum.append(100 * (h + 1) + 1 + np.arange(per_region[h]) % team)
    ea = {
        k: np.concatenate(v)
        for k, v in zip(
            ("h", "psu", "ssu", "fpc", "enum"), (strata, psus, fpc_ssu, fpc_psu, enum), strict=True
        )
    }
    weight_ea = ea["fpc"] / per_region[ea["h"]] * ea["ssu"] / take
    population = np.array([[round(ea_women[h].sum() * s) for s in AGE_SHARES[h]] for h in range(3)])
    return Sample(
        stratum=np.repeat(ea["h"], take),
        psu=np.repeat(ea["psu"], take),
        fpc_psu=np.repeat(ea["fpc"], take),
        fpc_ssu=np.repeat(ea["ssu"], take),
        weight=np.repeat(weight_ea, take),
        enumerator=np.repeat(ea["enum"], take),
        population=population,
    )
