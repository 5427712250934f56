"""Who the respondents are: interview, consent, profile, functioning, trajectory, information.

Distributions are invented but plausible for women on the move in Niger: Agadez is a transit
hub, Zinder a region of departure, Niamey a destination; stage shares vary between EAs (which
makes answers cluster, as real survey data do). Numbers here are not estimates of anything.
"""

from __future__ import annotations

import numpy as np

from safemig.demo import draws
from safemig.demo.context import Draw

#: Probability of each migration stage (origin, transit, destination, return) per region.
STAGE_BY_REGION = np.array(
    [[0.20, 0.10, 0.40, 0.30], [0.35, 0.15, 0.20, 0.30], [0.10, 0.50, 0.15, 0.25]]
)
FOREIGN_BIRTH = {
    "NGA": 0.22,
    "MLI": 0.12,
    "BFA": 0.10,
    "TCD": 0.08,
    "BEN": 0.05,
    "TGO": 0.03,
    "GHA": 0.05,
}
FOREIGN_BIRTH |= {
    "CIV": 0.06,
    "SEN": 0.05,
    "GIN": 0.07,
    "CMR": 0.08,
    "SDN": 0.04,
    "other": 0.05,
    "NER": 0.05,
}
OTHER_COUNTRIES = np.array(
    ["Sierra Leone", "Gambie", "Liberia", "Congo", "Guinée-Bissau"], dtype=object
)
WISHES = np.array(
    [
        "Les dangers de la route dans le désert",
        "Combien coûte vraiment le voyage",
        "Que l'employeur peut garder les papiers",
        "Où trouver de l'aide en cas de problème",
        "Les vraies conditions de travail là-bas",
        "Mes droits comme travailleuse",
        "Le numéro d'une association sur place",
        "Qu'il faut un contrat écrit",
        "How to send money home safely",
        "That the job I was promised did not exist",
    ],
    dtype=object,
)


def draw_stage(d: Draw) -> np.ndarray:
    """Migration stage per respondent, with EA-level variation around the regional shares."""
    _, ea_index = np.unique(d.sample.psu, return_inverse=True)
    ea_region = np.zeros(ea_index.max() + 1, dtype=int)
    ea_region[ea_index] = d.sample.stratum
    ea_shares = d.rng.gamma(12.0 * STAGE_BY_REGION[ea_region])
    return draws.categorical(d.rng, ea_shares[ea_index])


def interview(d: Draw) -> np.ndarray:
    """Module ``consent``; returns who consented."""
    everyone = np.ones(d.n, dtype=bool)
    d.store_one("region", d.sample.stratum, everyone)
    ea_codes, ea_index = np.unique(d.sample.psu, return_inverse=True)
    d.text("ea_id", np.array([f"EA-{c:04d}" for c in ea_codes], dtype=object)[ea_index], everyone)
    enum_codes, enum_index = np.unique(d.sample.enumerator, return_inverse=True)
    d.text(
        "enumerator_id",
        np.array([f"ENUM-{c:03d}" for c in enum_codes], dtype=object)[enum_index],
        everyone,
    )
    consent = d.rng.random(d.n) < 0.96
    d.store_one("consent_given", np.where(consent, 0, 1), everyone)
    phone = consent & (d.rng.random(d.n) < 0.3)
    digits = d.rng.integers(0, 100, size=(int(phone.sum()), 3))
    numbers = np.full(d.n, None, dtype=object)
    numbers[phone] = [
        f"+227 9{a % 10} {b:02d} {c:02d} {e:02d}"
        for a, (b, c, e) in zip(d.rng.integers(0, 10, len(digits)), digits, strict=True)
    ]
    d.text("callback_phone", numbers, phone)
    return consent


def profile(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``profile``: sex, age, marital status, education, birth, citizenship, languages."""
    d.one("resp_sex", {"female": 1.0}, asked)
    mean_age = np.array([26.0, 24.0, 31.0, 29.0])[stage]
    age = np.clip(15 + d.rng.gamma(2.2, (mean_age - 15) / 2.2), 15, 75).astype(int)
    d.integer("resp_age", age, asked)
    d.codes["_age"] = age
    single = np.clip(0.55 - 0.03 * (age - 15), 0.03, 0.55)
    widowed = np.clip(0.006 * (age - 30), 0, 0.25)
    marital = np.column_stack(
        [single, 1 - single - widowed - 0.12, np.full(d.n, 0.04), np.full(d.n, 0.08), widowed]
    )
    d.one("marital_status", np.clip(marital, 0, None), asked)
    edu = np.array(
        [
            [0.25, 0.15, 0.25, 0.27, 0.08],
            [0.42, 0.22, 0.20, 0.13, 0.03],
            [0.35, 0.20, 0.23, 0.18, 0.04],
        ]
    )
    edu = edu[d.sample.stratum]
    foreign_stage = np.isin(stage, [1, 2])[:, None]
    d.one(
        "education",
        np.where(foreign_stage, 0.5 * edu + 0.5 * np.array([0.2, 0.05, 0.3, 0.35, 0.1]), edu),
        asked,
    )
    _birth(d, asked, stage)
    _languages(d, asked)
    lam = np.clip(
        (age - 17) * np.where(d.is_("marital_status", "married", "cohabiting"), 0.18, 0.06), 0, 6
    )
    d.integer("children_number", np.minimum(d.rng.poisson(lam), 20), asked)


def _birth(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    foreign = np.isin(stage, [1, 2])
    nigerien = d.vector("birth_country", {"NER": 0.98, "NGA": 0.02})
    matrix = np.where(foreign[:, None], d.vector("birth_country", FOREIGN_BIRTH), nigerien)
    birth = d.one("birth_country", matrix, asked)
    other = d.is_("birth_country", "other")
    other_name = OTHER_COUNTRIES[d.rng.integers(0, len(OTHER_COUNTRIES), d.n)]
    d.text("birth_country_other", other_name, other)
    naturalised = d.rng.random(d.n) < 0.07
    niger = d.names("citizenship").index("NER")
    citizenship = d.store_one("citizenship", np.where(naturalised, niger, birth), asked)
    d.text(
        "citizenship_other",
        other_name,
        asked & (citizenship == d.names("citizenship").index("other")),
    )


def _languages(d: Draw, asked: np.ndarray) -> None:
    region = d.sample.stratum
    secondary = d.is_("education", "secondary", "higher")
    primary = d.is_("education", "primary")
    foreign = ~d.is_("birth_country", "NER")
    p = np.column_stack(
        [
            np.array([0.45, 0.95, 0.60])[region],
            np.array([0.75, 0.05, 0.10])[region],
            np.full(d.n, 0.12),
            np.array([0.03, 0.03, 0.35])[region],
            np.array([0.02, 0.20, 0.02])[region],
            np.where(
                d.is_("birth_country", "SDN", "TCD"), 0.5, np.array([0.03, 0.03, 0.15])[region]
            ),
            np.where(secondary, 0.8, np.where(primary, 0.35, 0.08)),
            np.where(d.is_("birth_country", "NGA", "GHA"), 0.7, 0.02),
            np.where(foreign, 0.3, 0.02),
        ]
    )
    d.many_p("languages", p, asked)


def functioning(d: Draw, asked: np.ndarray) -> None:
    """Module ``wg_ss``: six domains driven by one latent frailty (so difficulties co-occur)."""
    frailty = d.rng.standard_normal(d.n)
    age_effect = 0.03 * (d.codes["_age"] - 35)
    thresholds = {"wg_seeing": 0.9, "wg_hearing": 1.3, "wg_walking": 1.0, "wg_cognition": 1.1}
    thresholds |= {"wg_selfcare": 1.6, "wg_communication": 1.7}
    severe = np.zeros(d.n, dtype=bool)
    for question, t in thresholds.items():
        latent = 0.7 * frailty + 0.7 * d.rng.standard_normal(d.n) + age_effect
        level = (latent > t).astype(int) + (latent > t + 1.0) + (latent > t + 1.7)
        d.store_one(question, level, asked)
        severe |= level >= 2
    d.calculated("disability_wg", severe, asked)


def trajectory(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``trajectory``: routing by stage; destinations, routes, reasons, documents."""
    d.store_one("migration_stage", stage, asked)
    moving = asked & (stage != 0)
    toward = {
        "DZA": 0.25,
        "LBY": 0.20,
        "NGA": 0.15,
        "SAU": 0.10,
        "ITA": 0.08,
        "FRA": 0.07,
        "CIV": 0.05,
        "other": 0.10,
    }
    onward = {
        "LBY": 0.35,
        "DZA": 0.30,
        "ITA": 0.12,
        "FRA": 0.06,
        "ESP": 0.05,
        "MAR": 0.05,
        "TUN": 0.04,
        "other": 0.03,
    }
    d.one(
        "intended_destination",
        d.per_row("intended_destination", {"o": toward, "t": onward}, np.minimum(stage, 1)),
        asked & (stage <= 1),
    )
    departure = np.where(
        d.is_("birth_country", "NER"),
        d.names("departure_country").index("NGA"),
        d.codes["birth_country"],
    )
    d.store_one("departure_country", departure, asked & np.isin(stage, [1, 2]))
    last = {
        "LBY": 0.30,
        "DZA": 0.30,
        "NGA": 0.15,
        "SAU": 0.08,
        "CIV": 0.05,
        "MLI": 0.04,
        "BEN": 0.03,
        "other": 0.05,
    }
    d.one("last_country_abroad", last, asked & (stage == 3))
    route = {
        "MLI": 0.15,
        "BFA": 0.20,
        "NGA": 0.15,
        "BEN": 0.10,
        "TGO": 0.05,
        "TCD": 0.05,
        "DZA": 0.10,
        "LBY": 0.08,
    }
    d.many_p("transit_countries", d.vector("transit_countries", route), moving, at_least_one=False)
    months = d.rng.poisson(np.array([0.0, 2.0, 3.0, 8.0])[stage])
    d.integer("journey_months", np.minimum(months, 240), moving)
    d.one(
        "travelled_with",
        {"alone": 0.2, "family": 0.3, "women_group": 0.15, "mixed_group": 0.25, "transporter": 0.1},
        moving,
    )
    reasons = np.column_stack(
        [
            np.where(stage == 3, 0.60, 0.55),
            np.where(stage == 2, 0.35, 0.25),
            np.full(d.n, 0.10),
            np.full(d.n, 0.05),
            np.where(stage == 1, 0.20, np.array([0.05, 0.08, 0.12])[d.sample.stratum]),
            np.array([0.10, 0.25, 0.15])[d.sample.stratum],
            np.full(d.n, 0.04),
            np.full(d.n, 0.03),
        ]
    )
    d.many_p("migration_reasons", reasons, asked)
    held = np.array([0.55, 0.35, 0.50, 0.45])[stage] + 0.15 * d.is_(
        "education", "secondary", "higher"
    )
    d.store_one("documents_held", (d.rng.random(d.n) >= held).astype(int), asked)


def information(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``predeparture``: information received, sources, trusted source, formats, wishes."""
    educated = d.is_("education", "secondary", "higher")
    received = d.rng.random(d.n) < 0.28 + 0.12 * educated + 0.08 * np.isin(stage, [2, 3])
    d.store_one("info_received", (~received).astype(int), asked)
    got = asked & received
    base = d.vector(
        "info_sources",
        {"family": 0.6, "friends": 0.45, "social_media": 0.3, "radio": 0.25, "television": 0.05},
    )
    base = base + d.vector(
        "info_sources", {"cso": 0.12, "government": 0.05, "un_agency": 0.07, "recruiter": 0.08}
    )
    base = base + d.vector(
        "info_sources", {"smuggler": 0.15, "religious_leader": 0.05, "other": 0.02}
    )
    p = np.tile(base, (d.n, 1))
    p[:, d.names("info_sources").index("social_media")] += 0.25 * educated
    p[:, d.names("info_sources").index("smuggler")] += 0.15 * (stage == 1)
    sources = d.many_p("info_sources", p, got)
    trust = d.vector(
        "trusted_source",
        {"family": 3, "friends": 2, "social_media": 1, "radio": 2, "television": 1},
    )
    trust = trust + d.vector(
        "trusted_source", {"cso": 3, "government": 2, "un_agency": 3, "recruiter": 1}
    )
    trust = trust + d.vector("trusted_source", {"smuggler": 1, "religious_leader": 2, "other": 1})
    weights = np.where(sources, trust, 0.0)
    weights[~got, 0] = 1.0
    d.store_one("trusted_source", draws.categorical(d.rng, weights), got)
    formats = d.vector(
        "info_formats", {"oral": 0.7, "written": 0.2, "audio": 0.45, "video": 0.25, "session": 0.3}
    )
    p = np.tile(formats, (d.n, 1))
    p[:, 1] += 0.4 * educated
    d.many_p("info_formats", p, asked)
    wish = asked & (d.rng.random(d.n) < 0.35)
    d.text("wished_known", WISHES[d.rng.integers(0, len(WISHES), d.n)], wish)
