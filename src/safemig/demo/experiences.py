"""What happened to the respondents: recruitment, work, services, safety, money, return.

Each function fills one module's questions and asks a question exactly when the form's
relevance holds, so the data obey the form. Correlations are built in where programmes expect
them: domestic workers without contracts lose pay more often; women without documents meet more
barriers; transit and return carry more risk on the route; assisted returnees get more support.
"""

from __future__ import annotations

import numpy as np

from safemig.demo import draws
from safemig.demo.context import Draw

#: Units of each currency per CFA franc (XOF), rounded; for converting drawn amounts.
PER_XOF = {
    "XOF": 1.0,
    "NGN": 2.5,
    "DZD": 0.22,
    "LYD": 0.008,
    "EUR": 0.0015,
    "USD": 0.0016,
    "SAR": 0.006,
}
JOB_CURRENCY = {
    "DZA": "DZD",
    "LBY": "LYD",
    "SAU": "SAR",
    "NGA": "NGN",
    "FRA": "EUR",
    "ITA": "EUR",
    "ESP": "EUR",
}
COMMENTS = np.array(
    [
        "Entretien interrompu puis repris",
        "Répondante pressée",
        "Bonne coopération",
        "Enfant présent au début",
    ],
    dtype=object,
)


def recruitment(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``recruitment`` (SDG 10.7.1 inputs), for destination and return stages."""
    asked = asked & np.isin(stage, [2, 3])
    worked = d.rng.random(d.n) < np.where(stage == 3, 0.60, 0.45)
    d.store_one("worked_abroad", (~worked).astype(int), asked)
    yes = asked & worked
    channel = {
        "employer": 0.15,
        "private_agency": 0.12,
        "public_service": 0.03,
        "family_friends": 0.45,
    }
    d.one("recruitment_channel", channel | {"intermediary": 0.20, "other": 0.05}, yes)
    countries = d.names("first_job_country")
    elsewhere = draws.categorical_n(
        d.rng,
        d.vector("first_job_country", {"LBY": 3, "DZA": 3, "NGA": 2, "SAU": 1, "CIV": 1}),
        d.n,
    )
    same = np.where(stage == 3, d.codes["last_country_abroad"], countries.index("NER"))
    job = d.store_one("first_job_country", np.where(d.rng.random(d.n) < 0.75, same, elsewhere), yes)
    shock = d.rng.standard_normal(d.n)
    paid = np.exp(np.log(120_000) + 0.9 * shock) * np.where(
        d.is_("recruitment_channel", "private_agency", "intermediary"), 1.6, 1.0
    )
    paid = np.where(d.rng.random(d.n) < 0.08, 0.0, paid)
    cost_currency = draws.categorical_n(
        d.rng, d.vector("recruitment_cost_currency", {"XOF": 0.85, "NGN": 0.08, "EUR": 0.07}), d.n
    )
    d.integer(
        "recruitment_cost", _convert(d, paid, "recruitment_cost_currency", cost_currency), yes
    )
    d.store_one("recruitment_cost_currency", cost_currency, yes)
    earned = np.exp(np.log(60_000) + 0.35 * shock + 0.5 * d.rng.standard_normal(d.n))
    names = d.names("first_job_earnings_currency")
    local = np.array(
        [names.index(JOB_CURRENCY.get(countries[c], "XOF")) for c in range(len(countries))]
    )
    earn_currency = local[np.maximum(job, 0)]
    d.integer(
        "first_job_earnings", _convert(d, earned, "first_job_earnings_currency", earn_currency), yes
    )
    d.store_one("first_job_earnings_currency", earn_currency, yes)
    d.one("migration_debt", {"yes": 0.35, "no": 0.55, "dont_know": 0.10}, yes)


def _convert(d: Draw, amount_xof: np.ndarray, question: str, codes: np.ndarray) -> np.ndarray:
    rate = np.array([PER_XOF.get(name, 1.0) for name in d.names(question)])[codes]
    return np.minimum(np.round(amount_xof * rate), 100_000_000).astype(np.int64)


def work(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``work``: sector, status, contract, social security, hours, abuses."""
    working = asked & (d.rng.random(d.n) < np.array([0.40, 0.25, 0.62, 0.45])[stage])
    d.store_one("currently_working", (~working).astype(int), asked)
    newcomer = {
        "domestic": 0.35,
        "agriculture": 0.05,
        "trade": 0.20,
        "food": 0.15,
        "crafts": 0.05,
        "mining": 0.03,
    }
    local = {
        "domestic": 0.12,
        "agriculture": 0.20,
        "trade": 0.30,
        "food": 0.15,
        "crafts": 0.08,
        "mining": 0.04,
    }
    rows = {
        "local": local | {"personal_services": 0.06, "other": 0.05},
        "new": newcomer | {"personal_services": 0.10, "other": 0.07},
    }
    d.one("work_sector", d.per_row("work_sector", rows, (stage == 2).astype(int)), working)
    domestic = d.is_("work_sector", "domestic")
    employee_p = np.where(domestic, 0.85, 0.30)
    status = np.where(d.rng.random(d.n) < employee_p, 0, np.where(d.rng.random(d.n) < 0.78, 1, 2))
    d.store_one("work_status", status, working)
    employee = working & (status == 0)
    contract = d.rng.random(d.n) < np.where(domestic, 0.05, 0.15)
    unsure = d.rng.random(d.n) < 0.06
    d.store_one("written_contract", np.where(contract, 0, np.where(unsure, 2, 1)), employee)
    covered = d.rng.random(d.n) < 0.03 + 0.5 * contract
    d.store_one(
        "social_security", np.where(covered, 0, np.where(d.rng.random(d.n) < 0.05, 2, 1)), employee
    )
    hours = np.clip(np.round(d.rng.normal(np.where(domestic, 62, 45), 14)), 1, 112)
    d.integer("hours_week", hours, working)
    withheld = d.rng.random(d.n) < np.where(domestic & ~contract, 0.30, 0.15)
    refused = d.rng.random(d.n) < 0.03
    d.store_one("pay_withheld", np.where(refused, 2, np.where(withheld, 0, 1)), employee)
    taken = d.rng.random(d.n) < np.where(domestic, 0.12, 0.05) * np.where(contract, 0.5, 1.0)
    d.store_one(
        "documents_confiscated",
        np.where(d.rng.random(d.n) < 0.02, 2, np.where(taken, 0, 1)),
        working,
    )


def services(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``services``: need and access for four services, then barriers."""
    undocumented = d.is_("documents_held", "no")
    needs: dict[str, float | np.ndarray] = {
        "health": 0.55,
        "legal": 0.15,
        "documents": np.where(undocumented, 0.5, 0.2),
        "shelter": np.where(stage == 1, 0.45, 0.15),
    }
    fully = {"health": 0.45, "legal": 0.20, "documents": 0.35, "shelter": 0.40}
    unmet = np.zeros(d.n, dtype=bool)
    for service, need_p in needs.items():
        need = d.rng.random(d.n) < need_p
        d.store_one(f"need_{service}", (~need).astype(int), asked)
        full_p = fully[service] * np.where(undocumented, 0.7, 1.0)
        outcome = np.where(d.rng.random(d.n) < full_p, 0, np.where(d.rng.random(d.n) < 0.45, 1, 2))
        d.store_one(f"got_{service}", outcome, asked & need)
        unmet |= asked & need & (outcome != 0)
    base = d.vector(
        "service_barriers",
        {"cost": 0.5, "distance": 0.3, "language": 0.15, "no_documents": 0.1, "fear_arrest": 0.1},
    )
    base = base + d.vector(
        "service_barriers",
        {
            "discrimination": 0.15,
            "did_not_know": 0.3,
            "no_female_staff": 0.1,
            "permission": 0.08,
            "other": 0.03,
        },
    )
    p = np.tile(base, (d.n, 1))
    p[:, 2] += 0.2 * ~d.is_("birth_country", "NER")
    p[:, 3] += 0.4 * undocumented
    p[:, 4] += 0.15 * (undocumented & (stage == 1))
    d.many_p("service_barriers", p, unmet)


def safety(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``violence``: privacy gate, revisit flag, experiences, perpetrators, help."""
    module = asked & (stage != 0)
    private = d.rng.random(d.n) >= np.array([0.10, 0.06, 0.08])[d.sample.stratum]
    d.store_one("privacy_confirmed", (~private).astype(int), module)
    d.calculated("revisit_needed", ~private, module)
    gate = module & private
    risk = (
        d.rng.standard_normal(d.n)
        + np.array([0.0, 0.4, 0.0, 0.5])[stage]
        + 0.3 * d.is_("travelled_with", "alone")
    )
    prevalence = {
        "exp_robbed": 0.30,
        "exp_physical": 0.18,
        "exp_sexual": 0.10,
        "exp_detained": 0.12,
        "exp_forced_work": 0.08,
    }
    any_yes = np.zeros(d.n, dtype=bool)
    for question, share in prevalence.items():
        yes = d.rng.random(d.n) < draws.logistic(draws.logit(share) + risk)
        refused = d.rng.random(d.n) < 0.02
        d.store_one(question, np.where(refused, 2, np.where(yes, 0, 1)), gate)
        any_yes |= gate & yes & ~refused
    who = {
        "smuggler": 0.35,
        "employer": 0.12,
        "officials": 0.30,
        "armed_group": 0.25,
        "other_migrants": 0.10,
    }
    p = np.tile(
        d.vector("exp_perpetrators", who | {"partner": 0.06, "stranger": 0.15, "other": 0.05}),
        (d.n, 1),
    )
    p[:, 1] += 0.4 * d.is_("exp_forced_work", "yes")
    mask = draws.multiple(d.rng, p)
    declined = d.rng.random(d.n) < 0.04
    mask[declined] = False
    mask[declined, d.names("exp_perpetrators").index("refused")] = True
    d.many("exp_perpetrators", mask, any_yes)
    sought = d.one("sought_help", {"yes": 0.30, "no": 0.62, "refused": 0.08}, any_yes)
    helpers = {
        "family": 0.4,
        "friends": 0.35,
        "cso": 0.3,
        "health_centre": 0.2,
        "police": 0.05,
        "un_agency": 0.15,
    }
    d.many_p(
        "help_from",
        d.vector("help_from", helpers | {"religious_leader": 0.1, "other": 0.03}),
        any_yes & (sought == 0),
    )


def remittances(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``remittances`` (SDG 10.c.1 inputs), for destination and transit stages."""
    module = asked & np.isin(stage, [1, 2])
    sent = module & (d.rng.random(d.n) < np.where(stage == 2, 0.45, 0.15))
    d.store_one("sent_money", np.where(sent, 0, 1), module)
    channel = d.one(
        "remit_channel",
        {
            "bank": 0.05,
            "transfer_company": 0.25,
            "mobile_money": 0.4,
            "informal_agent": 0.15,
            "carried": 0.1,
            "other": 0.05,
        },
        sent,
    )
    currency = draws.categorical_n(
        d.rng, d.vector("remit_currency", {"XOF": 0.9, "NGN": 0.05, "EUR": 0.05}), d.n
    )
    amount = np.maximum(
        _convert(
            d, np.exp(np.log(35_000) + 0.8 * d.rng.standard_normal(d.n)), "remit_currency", currency
        ),
        10,
    )
    d.integer("remit_amount", amount, sent)
    d.store_one("remit_currency", currency, sent)
    fee_rate = np.array([0.06, 0.07, 0.03, 0.04, 0.01, 0.05])[
        np.maximum(channel, 0)
    ] * d.rng.uniform(0.5, 1.5, d.n)
    d.integer("remit_fee", np.floor(amount * fee_rate), sent)
    d.one("remit_decides", {"self": 0.35, "recipient": 0.35, "jointly": 0.30}, sent)


def reintegration(d: Draw, asked: np.ndarray, stage: np.ndarray) -> None:
    """Module ``reintegration``, for women who returned."""
    back = asked & (stage == 3)
    d.one(
        "return_type",
        {"own_decision": 0.45, "assisted": 0.30, "expelled": 0.20, "other": 0.05},
        back,
    )
    d.integer("months_since_return", np.minimum(d.rng.geometric(1 / 18, d.n) - 1, 600), back)
    assisted = d.is_("return_type", "assisted")
    supported = back & (d.rng.random(d.n) < 0.25 + 0.35 * assisted)
    d.store_one("reintegration_support", np.where(supported, 0, 1), back)
    kinds = {
        "cash": 0.5,
        "business": 0.35,
        "training": 0.25,
        "psychosocial": 0.2,
        "health": 0.2,
        "housing": 0.1,
        "documents": 0.15,
    }
    p = np.tile(
        d.vector("support_types", kinds | {"family_mediation": 0.08, "childcare": 0.05}), (d.n, 1)
    )
    p[:, 0] += 0.2 * assisted
    d.many_p("support_types", p, supported)
    wants = {
        "business": 5,
        "training": 4,
        "cash": 4.5,
        "health": 2,
        "housing": 2.5,
        "childcare": 2,
        "documents": 1.5,
        "psychosocial": 1.5,
        "family_mediation": 0.5,
    }
    d.many(
        "reintegration_needs",
        draws.top_k(d.rng, d.vector("reintegration_needs", wants), d.rng.integers(1, 4, d.n)),
        back,
    )


def closing(d: Draw) -> None:
    """Module ``closing``: shown to everyone, consented or not."""
    everyone = np.ones(d.n, dtype=bool)
    d.one("referral_card_given", {"yes": 0.97, "no": 0.03}, everyone)
    comment = d.rng.random(d.n) < 0.05
    d.text("interviewer_comments", COMMENTS[d.rng.integers(0, len(COMMENTS), d.n)], comment)
