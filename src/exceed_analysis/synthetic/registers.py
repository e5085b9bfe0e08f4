"""Synthetic partner registers, activity logs and narratives for every EXCEED city.

The project has no real case data (and must never hold any). This module writes a
complete, *invented* ``data/raw/`` tree that follows ``docs/data-dictionary.md``:

* ``registers/<city>/<partner>/children.csv`` and ``services.csv`` for every partner in
  ``config/cities.yml``, May 2010 - December 2012;
* ``activities/<city>.csv`` for every city;
* a handful of ``narratives/<city>/<period>.md``, and every city's latest quarter from
  :mod:`exceed_analysis.synthetic.narratives`.

Two parts are calibrated to the only real figures the project has:

* the Bandar Lampung registers reproduce, for the period 2010-05-01..2010-12-31, every count
  of the seed report "Pelaksanaan EXCEED di Lampung tahun 2010" (``tests/reference-figures.yml``);
* the children enrolled up to 2010-09-30 reproduce, per sector, the family-contact shares
  of the September 2010 baseline table (daily / periodic / never, whole percent).

Everything else (other cities, 2011-2012, names, addresses, phone numbers) is invented.
The personal-data columns hold invented values but must be handled as if they were real.

The output is byte-for-byte reproducible for a given seed: every random draw comes from a
``random.Random`` seeded with a string derived from the seed, nothing depends on the clock,
on hash randomisation or on set iteration order.

Usage::

    python -m exceed_analysis.synthetic.registers              # rewrites the project's data/raw
    python -m exceed_analysis.synthetic.registers --out DIR --seed 2010
    python -m exceed_analysis.synthetic.registers --size national --out DIR   # a scale project root
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from exceed_analysis.synthetic import narratives

__all__ = ["generate", "main", "DEFAULT_OUT"]

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT = PROJECT_ROOT / "data" / "raw"

DAY = dt.timedelta(days=1)
DATA_END = dt.date(2012, 12, 31)            # nothing in the registers is dated later
L2010_START = dt.date(2010, 5, 1)           # the Lampung 2010 report's period
L2010_END = dt.date(2010, 12, 31)
BASELINE_CUTOFF = dt.date(2010, 9, 30)      # the family-contact baseline (September 2010)
LAMPUNG = "bandar-lampung"

CHILDREN_COLUMNS = [
    "child_id", "name", "guardian_name", "address", "phone", "sex", "birth_date",
    "age_at_intake", "sector", "beneficiary_type", "intake_date", "exit_date",
    "school_status", "lives_with_family", "family_contact", "trafficking_victim",
]
SERVICES_COLUMNS = ["child_id", "date", "service", "detail"]
ACTIVITIES_COLUMNS = ["date", "partner", "activity", "participants", "description"]

# Seed figures (tests/reference-figures.yml). Family-contact baseline: percent of the
# children enrolled by 2010-09-30 in each sector; the rest is unknown.
BASELINE_TARGETS = {
    "anak_jalanan_perempuan": {"daily": 88, "periodic": 12, "never": 0},
    "eska": {"daily": 63, "periodic": 13, "never": 8},
    "prta": {"daily": 13, "periodic": 63, "never": 4},
}


# --------------------------------------------------------------------------- registry

def _load_registry() -> dict:
    """The city registry as plain YAML (swap for ``exceed_analysis.config`` later)."""
    path = PROJECT_ROOT / "config" / "cities.yml"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --------------------------------------------------------------------------- helpers

def _rng(seed: int, name: str) -> random.Random:
    """An independent, reproducible stream per purpose (string seeds hash with SHA-512)."""
    return random.Random(f"exceed-synthetic:{seed}:{name}")


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def _rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + DAY * rng.randint(0, (end - start).days)


def _distinct_dates(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """Up to ``n`` distinct dates in [start, end], sorted."""
    if end < start or n <= 0:
        return []
    span = (end - start).days + 1
    return sorted(start + DAY * k for k in rng.sample(range(span), min(n, span)))


def _completed_years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:              # 29 February
        return d.replace(year=d.year - years, day=28)


def _birth_date(rng: random.Random, intake: dt.date, age: int) -> dt.date:
    """A birth date (never 29 February) giving ``age`` completed years at ``intake``."""
    latest = _years_before(intake, age)
    earliest = _years_before(intake, age + 1) + DAY
    for _ in range(100):
        born = _rand_date(rng, earliest, latest)
        if (born.month, born.day) != (2, 29) and _completed_years(born, intake) == age:
            return born
    raise AssertionError(f"no birth date for age {age} at {intake}")


def _quarters(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar quarters clipped to [start, end]."""
    out = []
    y, q = start.year, (start.month - 1) // 3
    while True:
        qs = dt.date(y, 3 * q + 1, 1)
        qe = (dt.date(y + 1, 1, 1) if q == 3 else dt.date(y, 3 * q + 4, 1)) - DAY
        if qs > end:
            return out
        out.append((max(qs, start), min(qe, end)))
        y, q = (y + 1, 0) if q == 3 else (y, q + 1)


def _months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    y, m = start.year, start.month
    while dt.date(y, m, 1) <= end:
        ms = dt.date(y, m, 1)
        me = (dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)) - DAY
        out.append((max(ms, start), min(me, end)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _count_for_percent(n: int, pct: int) -> int:
    """The smallest k whose share k/n rounds to ``pct`` (never sitting on a .5 tie)."""
    for k in range(n + 1):
        share = 100 * k / n
        if abs(share - pct) < 0.5:
            return k
    raise AssertionError(f"no count out of {n} rounds to {pct} %")


# --------------------------------------------------------------------------- the child

@dataclass
class Child:
    city: str
    partner: str
    sector: str
    intake: dt.date
    seq: int                                # creation order: the tie-break for ids
    exit: dt.date | None = None
    sex: str = "F"
    age: int = 15
    age_mode: str = "birth"                 # birth | age | both: which age columns to fill
    beneficiary_type: str = "withdrawn"
    school: str = "not_in_school"
    lwf: str | None = None                  # lives_with_family yes / no
    contact: str | None = None              # daily / periodic / never / unknown
    trafficking: bool = False
    skills: str | None = None               # skills-course type, one per child
    intern: bool = False
    bridging: bool = False
    remedial: bool = False
    alt_care: bool = False
    lampung_2010: bool = False
    unknown_blank: bool = False             # write an unknown family contact as empty
    child_id: str = ""
    birth_date: dt.date | None = None
    name: str = ""
    guardian: str = ""
    address: str = ""
    phone: str = ""
    services: list = field(default_factory=list)    # (date, service, detail)

    def add(self, dates, service: str, detail: str = "") -> None:
        for d in dates:
            self.services.append((d, service, detail))


# --------------------------------------------------------------------------- profiles

# Intakes per quarter per partner (a full quarter; scaled by the days covered).
INTAKE_RATE = {
    "CCC": 14, "LAdA": 15,                  # Lampung, from 2011 on (2010 is calibrated)
    "SBY1": 24, "SBY2": 20, "SMG1": 30, "YK1": 22, "YK2": 18,
    "BDG1": 30, "PTK1": 22, "PTK2": 20, "SBS1": 30, "SGU1": 30,
}
DEFAULT_RATE = 22

SECTOR = {
    "eska": {
        "female": 0.93,
        "ages": {13: 5, 14: 12, 15: 23, 16: 27, 17: 33},
        "school": {"not_in_school": 60, "kejar_paket": 25, "formal": 15},
        "prevented": 0.25,
        "trafficking": 0.12,
        "contact": {"daily": 60, "periodic": 15, "never": 8, "unknown": 17},
        "lwf_if": {"daily": 1.0, "periodic": 0.4, "never": 0.0, "unknown": 0.5},
        "skills": 0.85,
        "skills_type": {"tata_boga": 33, "komputer": 18, "tata_busana": 25, "kecantikan": 24},
        "intern": 0.35,
        "bridging": 0.5,
        "remedial": 0.3,
        "health": 0.75,
        "sti": 0.8,
        "basic_needs": 0.5,
        "counsel_first": (2, 3),
        "counsel_later": (0, 2),
        "alt_care": 0.5,
    },
    "anak_jalanan_perempuan": {
        "female": 1.0,
        "ages": {12: 12, 13: 17, 14: 20, 15: 20, 16: 17, 17: 14},
        "school": {"formal": 45, "not_in_school": 40, "kejar_paket": 15},
        "prevented": 0.4,
        "trafficking": 0.02,
        "contact": {"daily": 85, "periodic": 12, "never": 0, "unknown": 3},
        "lwf_if": {"daily": 1.0, "periodic": 0.6, "never": 0.0, "unknown": 0.7},
        "skills": 0.5,
        "skills_type": {"tata_boga": 30, "komputer": 25, "tata_busana": 25, "kecantikan": 20},
        "intern": 0.2,
        "bridging": 0.6,
        "remedial": 0.4,
        "health": 0.6,
        "sti": 0.0,
        "basic_needs": 0.6,
        "counsel_first": (1, 2),
        "counsel_later": (0, 2),
        "alt_care": 0.4,
    },
    "prta": {
        "female": 0.9,
        "ages": {12: 8, 13: 14, 14: 22, 15: 24, 16: 19, 17: 13},
        "school": {"not_in_school": 65, "formal": 20, "kejar_paket": 15},
        "prevented": 0.35,
        "trafficking": 0.06,
        "contact": {"daily": 15, "periodic": 60, "never": 5, "unknown": 20},
        "lwf_if": {"daily": 1.0, "periodic": 0.0, "never": 0.0, "unknown": 0.15},
        "skills": 0.6,
        "skills_type": {"tata_boga": 35, "komputer": 15, "tata_busana": 30, "kecantikan": 20},
        "intern": 0.15,
        "bridging": 0.75,
        "remedial": 0.5,
        "health": 0.6,
        "sti": 0.0,
        "basic_needs": 0.5,
        "counsel_first": (2, 3),
        "counsel_later": (0, 2),
        "alt_care": 0.3,
    },
    "perkebunan": {
        "female": 0.45,
        "ages": {10: 6, 11: 10, 12: 16, 13: 18, 14: 18, 15: 15, 16: 10, 17: 7},
        "school": {"formal": 50, "not_in_school": 40, "kejar_paket": 10},
        "prevented": 0.45,
        "trafficking": 0.01,
        "contact": {"daily": 75, "periodic": 15, "never": 2, "unknown": 8},
        "lwf_if": {"daily": 1.0, "periodic": 0.3, "never": 0.0, "unknown": 0.6},
        "skills": 0.3,
        "skills_type": {"tata_boga": 30, "komputer": 30, "tata_busana": 25, "kecantikan": 15},
        "intern": 0.05,
        "bridging": 0.6,
        "remedial": 0.4,
        "health": 0.6,
        "sti": 0.0,
        "basic_needs": 0.6,
        "counsel_first": (1, 2),
        "counsel_later": (0, 1),
        "alt_care": 0.2,
    },
}

DETAILS = {
    "counseling": ["konseling individu", "konseling individu", "konseling kelompok",
                   "konseling keluarga", ""],
    "health_check": ["pemeriksaan kesehatan dasar di puskesmas", "pemeriksaan kesehatan dasar",
                     "klinik mitra", ""],
    "sti_screening": ["pemeriksaan IMS", "pemeriksaan IMS di klinik VCT", ""],
    "basic_needs": ["paket perlengkapan mandi dan pembalut", "perlengkapan sekolah",
                    "paket kebutuhan dasar", "seragam dan buku"],
    "bridging_course": ["persiapan kejar paket A", "persiapan kejar paket B",
                        "persiapan masuk SMP", "bridging course"],
    "remedial": ["remedial matematika", "remedial bahasa Indonesia", "remedial IPA",
                 "pendampingan belajar"],
    "alternative_care": ["rumah aman, maks. 3 bulan", "shelter lembaga mitra, maks. 3 bulan",
                         "keluarga asuh sementara, maks. 3 bulan"],
    "family_support": ["kunjungan rumah", "penguatan pengasuhan bagi orang tua",
                       "mediasi anak dan keluarga", "kunjungan rumah dan konseling keluarga"],
}
INTERNSHIP = {
    "tata_boga": ["magang di usaha katering", "magang di toko roti"],
    "kecantikan": ["magang di salon"],
    "tata_busana": ["magang di konveksi", "magang di penjahit"],
    "komputer": ["magang di rental komputer", "magang di percetakan"],
}


# --------------------------------------------------------------------------- Lampung 2010

def _lampung_2010(seed: int) -> list[Child]:
    """The 82 children of the Lampung 2010 report, with their 2010 services.

    Every count of the seed report is built in by construction (quotas, not draws):
    partners, sex, age, schooling, living with family, services per partner, skills-course
    types, internships and 246 counselling sessions for 82 children (mean exactly 3).
    """
    rng = _rng(seed, "lampung-2010")
    months = {
        "CCC": {5: 5, 6: 5, 7: 6, 8: 6, 9: 6, 10: 5, 11: 4, 12: 3},      # 40
        "LAdA": {5: 4, 6: 6, 7: 6, 8: 6, 9: 6, 10: 6, 11: 5, 12: 3},     # 42
    }
    kids: list[Child] = []
    by_partner: dict[str, list[Child]] = {}
    for partner, per_month in months.items():
        mine = []
        for month, n in per_month.items():
            first = 3 if month == 5 else 1
            last = 8 if month == 12 else 28
            for _ in range(n):
                day = rng.randint(first, last)
                mine.append(Child(LAMPUNG, partner, "eska", dt.date(2010, month, day),
                                  seq=len(kids) + len(mine), lampung_2010=True))
        mine.sort(key=lambda c: (c.intake, c.seq))
        by_partner[partner] = mine
        kids += mine
    assert [len(by_partner[p]) for p in ("CCC", "LAdA")] == [40, 42]

    # Exits within 2010 (still beneficiaries of the period) and internships.
    exits_2010: list[Child] = []
    interns: list[Child] = []
    for partner, n_interns in (("CCC", 21), ("LAdA", 6)):
        mine = by_partner[partner]
        june = [c for c in mine if c.intake <= dt.date(2010, 6, 30)]
        leaving = rng.sample(june, 3)
        exits_2010 += leaving
        early = [c for c in mine if c.intake <= BASELINE_CUTOFF and c not in leaving]
        interns += rng.sample(early, n_interns)
    for c in exits_2010:
        c.exit = _rand_date(rng, dt.date(2010, 10, 15), dt.date(2010, 12, 15))
    for c in interns:
        c.intern = True

    # Trafficking victims (6, girls, enrolled by October so that 5 sessions fit).
    trafficked: list[Child] = []
    for partner in ("CCC", "LAdA"):
        pool = [c for c in by_partner[partner]
                if c.intake <= dt.date(2010, 10, 31) and c.exit is None]
        trafficked += rng.sample(pool, 3)
    for c in trafficked:
        c.trafficking = True

    # Sex: 4 boys (2 per partner), never among the trafficking victims.
    boys: list[Child] = []
    for partner in ("CCC", "LAdA"):
        boys += rng.sample([c for c in by_partner[partner] if not c.trafficking], 2)
    for c in kids:
        c.sex = "M" if c in boys else "F"

    # Living with family: 66 yes, 16 no (4 of them trafficking victims).
    not_home = rng.sample(trafficked, 4)
    not_home += rng.sample([c for c in kids if c not in not_home], 16 - 4)
    for c in kids:
        c.lwf = "no" if c in not_home else "yes"
    for c in rng.sample(not_home, 9):
        c.alt_care = True

    # Schooling at intake, age at intake, skills-course type.
    school = ["formal"] * 4 + ["kejar_paket"] * 20 + ["not_in_school"] * 58
    rng.shuffle(school)
    ages = [14] * 2 + [15] * 15 + [16] * 16 + [17] * 49
    rng.shuffle(ages)
    girls_skills = (["tata_boga"] * 26 + ["komputer"] * 13 + ["tata_busana"] * 20
                    + ["kecantikan"] * 19)
    rng.shuffle(girls_skills)
    boys_skills = ["komputer", "komputer", "tata_boga", "tata_boga"]
    modes = ["age"] * 8 + ["both"] * 4 + ["birth"] * 70
    rng.shuffle(modes)
    for i, c in enumerate(kids):
        c.school, c.age, c.age_mode = school[i], ages[i], modes[i]
        c.skills = boys_skills.pop() if c.sex == "M" else girls_skills.pop()
        c.beneficiary_type = "withdrawn"
    rng.choice([c for c in kids if c.school == "formal"]).remedial = True

    # Counselling: 6 victims x 5 + 12 x 2 + 64 x 3 = 246 sessions for 82 children.
    others = [c for c in kids if not c.trafficking]
    two = rng.sample(others, 12)
    sessions = {id(c): 5 if c.trafficking else (2 if c in two else 3) for c in kids}
    assert sum(sessions.values()) == 246

    for c in kids:
        end = c.exit or L2010_END
        first = _rand_date(rng, c.intake, min(c.intake + 7 * DAY, end))
        rest = _distinct_dates(rng, first + DAY, end, sessions[id(c)] - 1)
        assert len(rest) == sessions[id(c)] - 1
        for d in [first] + rest:
            c.add([d], "counseling", rng.choice(DETAILS["counseling"]))
        if c.partner == "CCC":
            hc = _rand_date(rng, c.intake + DAY, min(c.intake + 30 * DAY, end))
            c.add([hc], "health_check", rng.choice(DETAILS["health_check"]))
            sti = min(hc + DAY * rng.randint(0, 3), end)
            c.add([sti], "sti_screening", rng.choice(DETAILS["sti_screening"]))
        else:
            c.add(_distinct_dates(rng, c.intake, end, rng.randint(1, 2)), "basic_needs",
                  rng.choice(DETAILS["basic_needs"]))
            for d in _distinct_dates(rng, c.intake + 3 * DAY, end, rng.randint(1, 4)):
                c.add([d], "bridging_course", rng.choice(DETAILS["bridging_course"]))
        skills = _distinct_dates(rng, min(c.intake + 3 * DAY, end),
                                 min(c.intake + 40 * DAY, end), rng.randint(1, 3))
        c.add(skills, "skills_course", c.skills)
        if c.intern:
            start = skills[-1] + 14 * DAY
            assert start <= end, c
            c.add(_distinct_dates(rng, start, end, rng.randint(1, 2)), "internship",
                  rng.choice(INTERNSHIP[c.skills]))
        if c.remedial:
            c.add(_distinct_dates(rng, c.intake, end, 2), "remedial",
                  rng.choice(DETAILS["remedial"]))
        if c.alt_care:
            detail = rng.choice(["rumah aman, maks. 3 bulan",
                                 f"shelter {c.partner}, maks. 3 bulan"])
            c.add(_distinct_dates(rng, c.intake, min(c.intake + 89 * DAY, end),
                                  rng.randint(1, 2)), "alternative_care", detail)
        if c.lwf == "yes" and rng.random() < 0.6:
            c.add(_distinct_dates(rng, c.intake, end, rng.randint(1, 2)), "family_support",
                  rng.choice(DETAILS["family_support"]))

    # Most stay into 2011 or 2012 (or are still served at the end of 2012).
    for c in kids:
        if c.exit is None:
            leave = c.intake + DAY * rng.randint(240, 640)
            leave = max(leave, dt.date(2011, 1, 10) + DAY * rng.randint(0, 60))
            c.exit = leave if leave <= DATA_END else None

    # Family contact at intake, consistent with living with family.
    for c in kids:
        if c.lwf == "yes":
            c.contact = _weighted(rng, {"daily": 80, "periodic": 8, "unknown": 12})
        else:
            c.contact = _weighted(rng, {"never": 45, "periodic": 30, "unknown": 25})
    return kids


# --------------------------------------------------------------------------- all cities

def _new_children(seed: int, reg: dict, start_seq: int) -> list[Child]:
    """New intakes every quarter for every partner (Lampung only from 2011)."""
    rng = _rng(seed, "intakes")
    kids: list[Child] = []
    seq = start_seq
    for city in reg["cities"]:
        start = _as_date(city["programme_start"])
        for partner in city["partners"]:
            code = partner["code"]
            rate = INTAKE_RATE.get(code, DEFAULT_RATE)
            for qs, qe in _quarters(start, DATA_END):
                if city["slug"] == LAMPUNG and qs <= L2010_END:
                    continue            # Lampung 2010 is the calibrated cohort
                full = 91
                n = round(rate * ((qe - qs).days + 1) / full * rng.uniform(0.8, 1.2))
                for _ in range(n):
                    sector = rng.choice(city["sectors"])
                    kids.append(Child(city["slug"], code, sector, _rand_date(rng, qs, qe), seq))
                    seq += 1
    return kids


def _describe(seed: int, kids: list[Child]) -> None:
    """Sex, age, schooling, beneficiary type, stay and service plans of new intakes."""
    rng = _rng(seed, "profiles")
    for c in kids:
        p = SECTOR[c.sector]
        c.sex = "F" if rng.random() < p["female"] else "M"
        c.age = _weighted(rng, p["ages"])
        c.age_mode = _weighted(rng, {"birth": 85, "age": 10, "both": 5})
        c.school = _weighted(rng, p["school"])
        c.beneficiary_type = "prevented" if rng.random() < p["prevented"] else "withdrawn"
        withdrawn = c.beneficiary_type == "withdrawn"
        c.trafficking = withdrawn and rng.random() < p["trafficking"]
        stay = rng.randint(180, 548) if rng.random() < 0.9 else rng.randint(45, 179)
        leave = c.intake + DAY * stay
        c.exit = leave if leave <= DATA_END else None
        if rng.random() < p["skills"] * (1.0 if c.age >= 13 else 0.3):
            c.skills = _weighted(rng, p["skills_type"])
            if c.sex == "M" and c.skills in ("kecantikan", "tata_busana"):
                c.skills = rng.choice(["komputer", "tata_boga"])
            c.intern = rng.random() < p["intern"]
        c.bridging = c.school != "formal" and rng.random() < p["bridging"]
        c.remedial = c.school != "not_in_school" and rng.random() < p["remedial"]
        if c.city == LAMPUNG:           # the partners' own strategies
            c.bridging = c.partner == "LAdA" and c.school != "formal"
        c.alt_care = withdrawn and rng.random() < p["alt_care"]


def _family_contact(seed: int, kids: list[Child]) -> None:
    """Family contact and living with family at intake.

    Children enrolled by 2010-09-30 reproduce the September 2010 baseline per sector;
    the Lampung 2010 children (whose living-with-family count is fixed) already have a
    contact, the others fill the remaining quotas. Living with family then follows from
    the contact (a child at home has daily, periodic or unknown contact, never "never").
    """
    rng = _rng(seed, "family-contact")
    for sector, targets in BASELINE_TARGETS.items():
        early = [c for c in kids if c.sector == sector and c.intake <= BASELINE_CUTOFF]
        n = len(early)
        want = {k: _count_for_percent(n, pct) for k, pct in targets.items()}
        assert sum(want.values()) <= n, (sector, n, want)
        fixed = [c for c in early if c.contact is not None]
        free = [c for c in early if c.contact is None]
        for c in fixed:
            if c.contact in want:
                want[c.contact] -= 1
        assert min(want.values()) >= 0, (sector, want)
        quota = [k for k, m in want.items() for _ in range(m)]
        assert len(quota) <= len(free), (sector, len(quota), len(free))
        quota += ["unknown"] * (len(free) - len(quota))
        rng.shuffle(quota)
        for c, contact in zip(free, quota):
            c.contact = contact
    for c in kids:
        if c.contact is None:
            c.contact = _weighted(rng, SECTOR[c.sector]["contact"])
        if c.lwf is None:
            c.lwf = "yes" if rng.random() < SECTOR[c.sector]["lwf_if"][c.contact] else "no"
        assert not (c.lwf == "yes" and c.contact == "never")
    # a child who left the family cannot be "placed" in alternative care unless away
    for c in kids:
        if c.lwf == "yes":
            c.alt_care = False


def _plan_services(seed: int, kids: list[Child]) -> None:
    """Services quarter by quarter, from intake (or 2011 for the Lampung 2010 cohort)."""
    rng = _rng(seed, "services")
    for c in kids:
        p = SECTOR[c.sector]
        end = min(c.exit or DATA_END, DATA_END)
        begin = dt.date(2011, 1, 1) if c.lampung_2010 else c.intake
        if begin > end:
            continue
        quarters = [(max(qs, begin), qe) for qs, qe in _quarters(c.intake, end)
                    if qe >= begin]
        ccc, lada = c.partner == "CCC", c.partner == "LAdA"
        if c.lampung_2010:
            # continuing children: a second course for some, internships for those not yet
            skills_q = [1] if rng.random() < 0.3 else []
            intern_q = [rng.randint(1, 2)] if (not c.intern and rng.random() < 0.3) else []
            bridging_q, remedial_q = ([1] if lada and rng.random() < 0.4 else []), []
        else:
            s0 = rng.randint(0, 1)
            skills_q = [s0, s0 + 1] if c.skills else []
            intern_q = [s0 + 2] if c.intern else []
            bridging_q = list(range(rng.randint(2, 3))) if c.bridging else []
            r0 = rng.randint(0, 2)
            remedial_q = list(range(r0, r0 + rng.randint(1, 2))) if c.remedial else []
        for k, (qs, qe) in enumerate(quarters):
            days = functools.partial(_distinct_dates, rng, qs, qe)   # days(n): n dates

            lo, hi = p["counsel_first"] if k == 0 else p["counsel_later"]
            n = rng.randint(lo, hi) + (1 if c.trafficking else 0)
            for d in days(n):
                c.add([d], "counseling", rng.choice(DETAILS["counseling"]))
            health = p["health"] if k == 0 else (0.25 if k % 2 == 0 else 0.0)
            if lada:
                health = 0.15 if k == 0 or c.lampung_2010 else 0.0
            if rng.random() < health:
                (hc,) = days(1)
                c.add([hc], "health_check", rng.choice(DETAILS["health_check"]))
                sti = p["sti"] if not lada else 0.0
                if c.beneficiary_type == "withdrawn" and rng.random() < sti:
                    c.add([min(hc + DAY * rng.randint(0, 3), qe)], "sti_screening",
                          rng.choice(DETAILS["sti_screening"]))
            needs = 0.0 if ccc else (0.8 if lada else p["basic_needs"])
            if rng.random() < needs:
                c.add(days(1), "basic_needs", rng.choice(DETAILS["basic_needs"]))
            if k in bridging_q:
                for d in days(rng.randint(1, 3)):
                    c.add([d], "bridging_course", rng.choice(DETAILS["bridging_course"]))
            if k in remedial_q:
                for d in days(rng.randint(1, 2)):
                    c.add([d], "remedial", rng.choice(DETAILS["remedial"]))
            if k in skills_q and c.skills:
                c.add(days(rng.randint(1, 2)), "skills_course", c.skills)
            if k in intern_q and c.skills:
                c.add(days(rng.randint(1, 2)), "internship", rng.choice(INTERNSHIP[c.skills]))
            if c.lwf == "yes" and rng.random() < 0.35:
                c.add(days(1), "family_support", rng.choice(DETAILS["family_support"]))
        if c.alt_care and not c.lampung_2010:
            c.add(_distinct_dates(rng, c.intake, min(c.intake + 89 * DAY, end),
                                  rng.randint(1, 3)),
                  "alternative_care", rng.choice(DETAILS["alternative_care"]))


def _assign_ids_and_ages(seed: int, kids: list[Child], reg: dict) -> list[Child]:
    """child_id per partner in order of intake; birth dates from the age at intake."""
    rng = _rng(seed, "ids-ages")
    ordered: list[Child] = []
    for city in reg["cities"]:
        for partner in city["partners"]:
            code = partner["code"]
            mine = sorted((c for c in kids if c.city == city["slug"] and c.partner == code),
                          key=lambda c: (c.intake, c.seq))
            for i, c in enumerate(mine, start=1):
                c.child_id = f"{code.upper()}-{i:04d}"
                if c.age_mode in ("birth", "both"):
                    c.birth_date = _birth_date(rng, c.intake, c.age)
            ordered += mine
    return ordered


# --------------------------------------------------------------------------- personal data

FIRST_F = [
    "Siti", "Dewi", "Sri", "Nur", "Ayu", "Putri", "Rina", "Wulan", "Indah", "Fitri",
    "Yuni", "Ratna", "Novi", "Dian", "Mega", "Rani", "Lina", "Tika", "Nia", "Dwi", "Intan",
    "Maya", "Sinta", "Yanti", "Ani", "Rika", "Desi", "Winda", "Anisa", "Nurul", "Rizka",
    "Fadila", "Salsabila", "Nabila", "Aulia", "Zahra", "Amelia", "Citra", "Dina", "Elsa",
    "Febri", "Gita", "Hani", "Ira", "Jihan", "Kiki", "Laras", "Melati", "Nanda", "Oktavia",
    "Puspita", "Ratih", "Sari", "Tiara", "Umi", "Vina", "Yulia", "Zulaikha", "Anggun",
    "Bunga", "Cahya", "Endah", "Fitria", "Galuh", "Hesti", "Ika", "Juwita", "Kurnia",
    "Lilis", "Marlina", "Neneng", "Pipit", "Rosita", "Septi", "Titin", "Wati", "Yeni",
    "Reni", "Lia", "Mira", "Nisa", "Okta", "Sela", "Tari", "Vera", "Widya",
]
FIRST_M = [
    "Budi", "Agus", "Andi", "Rudi", "Joko", "Dedi", "Hendra", "Rizki", "Fajar", "Bayu",
    "Dimas", "Eko", "Hadi", "Irfan", "Yusuf", "Arif", "Bagus", "Dani", "Fikri", "Gilang",
    "Ilham", "Rama", "Reza", "Wahyu", "Yoga", "Aldi", "Bima", "Candra", "Dodi", "Feri",
    "Galih", "Hafiz", "Imam", "Jaka", "Lukman", "Muhammad", "Oki", "Pandu", "Raka",
    "Satria", "Taufik", "Umar", "Wawan", "Yogi", "Zaki", "Doni", "Rio", "Sandi", "Tono",
]
ADULT_F = [
    "Sumiati", "Suparmi", "Sumarni", "Sulastri", "Sukarti", "Painem", "Wartini", "Rusmini",
    "Aminah", "Fatimah", "Maryam", "Rohani", "Salmah", "Zubaidah", "Nursiah", "Masitah",
    "Rukiah", "Suwarni", "Darsih", "Tumini", "Sarinah", "Juleha", "Mariyam", "Kasiyem",
    "Marni", "Jumiati", "Ngatini", "Sutinah", "Yati", "Eni",
]
ADULT_M = [
    "Sutrisno", "Suparman", "Slamet", "Sugeng", "Bambang", "Darmawan", "Heru", "Iwan",
    "Rahmat", "Syaiful", "Ujang", "Asep", "Sarno", "Paijo", "Karyo", "Sukirman", "Tukijo",
    "Ngadiman", "Wagimin", "Jumadi", "Mulyono", "Sumarno", "Darsono", "Suwarno", "Abdul",
    "Ahmad", "Hasan", "Husin", "Ismail", "Zainal",
]
LAST_F = [
    "Lestari", "Rahayu", "Susanti", "Purnamasari", "Handayani", "Wulandari", "Permatasari",
    "Anggraini", "Maharani", "Safitri", "Rahmawati", "Kurniawati", "Oktaviani", "Hasanah",
    "Fitriani", "Puspitasari", "Novitasari", "Utami", "Yuliani", "Saputri", "Agustina",
    "Damayanti", "Pertiwi", "Septiani", "Wahyuni", "Ningsih", "Sulistiawati", "Aprilia",
]
LAST_M = [
    "Saputra", "Pratama", "Setiawan", "Hidayat", "Nugroho", "Santoso", "Ramadhan",
    "Firmansyah", "Gunawan", "Hermawan", "Irawan", "Kurniawan", "Prasetyo", "Wibowo",
    "Hartono", "Syahputra", "Maulana", "Efendi", "Sanjaya", "Fauzi", "Mulyadi", "Setiadi",
    "Wahyudi", "Haryanto", "Hakim",
]
LAST_ANY = [
    "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Sitompul", "Hutapea",
    "Sinaga", "Tarigan", "Ginting", "Manurung", "Pardede", "Panjaitan", "Sembiring",
    "Hasibuan", "Daulay", "Rangkuti", "Batubara", "Marpaung", "Situmorang", "Wijaya",
    "Kusuma", "Tanjung", "Pohan", "Rambe",
]
# Real people named in the seed document: never part of a generated name.
SEED_PERSON_TOKENS = ("Renvi", "Liasari", "Akbar", "Halim", "Kanya", "Eka", "Shanti",
                      "Tuti", "Kartika", "Ekan")
SEED_PHONES = ("08121242120", "081379415072")

STREETS = [
    "Melati", "Mawar", "Kenanga", "Anggrek", "Flamboyan", "Cempaka", "Dahlia", "Kamboja",
    "Teratai", "Seroja", "Bougenville", "Nusa Indah", "Pisang", "Mangga", "Rambutan",
    "Durian", "Jambu", "Sawo", "Nangka", "Kelapa", "Pala", "Cengkeh", "Merpati", "Kutilang",
    "Cendrawasih", "Rajawali", "Elang", "Merak", "Nuri", "Pelita", "Harapan", "Sejahtera",
    "Damai", "Bahagia", "Swadaya", "Gotong Royong", "Pendidikan", "Pramuka", "Bambu",
    "Beringin", "Cemara", "Akasia", "Kenari", "Manggis", "Salak", "Belimbing",
]
PLACES = {
    "bandar-lampung": ("Kel.", [
        "Way Halim", "Panjang Utara", "Panjang Selatan", "Pesawahan", "Kangkung", "Bumi Waras",
        "Sukaraja", "Gedong Pakuon", "Kedaton", "Rajabasa", "Kemiling", "Sukarame",
        "Kota Karang", "Garuntang", "Pidada", "Srengsem", "Way Lunik", "Karang Maritim"]),
    "surabaya": ("Kel.", [
        "Putat Jaya", "Sawahan", "Dupak", "Tambak Rejo", "Kedung Doro", "Pakis", "Banyu Urip",
        "Simolawang", "Kenjeran", "Wonokusumo", "Sidotopo", "Tegalsari", "Wonokromo"]),
    "semarang": ("Kel.", [
        "Bandarharjo", "Tanjung Mas", "Kuningan", "Purwosari", "Bulu Lor", "Pindrikan Kidul",
        "Kembangsari", "Sekayu", "Jagalan", "Rejosari", "Gayamsari", "Sawah Besar", "Kemijen"]),
    "yogyakarta": ("Kel.", [
        "Gowongan", "Sosromenduran", "Pringgokusuman", "Ngampilan", "Notoprajan", "Wirobrajan",
        "Patangpuluhan", "Brontokusuman", "Keparakan", "Prawirodirjan", "Suryatmajan",
        "Terban", "Kotabaru", "Klitren"]),
    "bandung": ("Kel.", [
        "Babakan Ciparay", "Cibadak", "Cicadas", "Kebon Jeruk", "Kebon Kangkung", "Sukahaji",
        "Arjuna", "Cigondewah", "Antapani", "Kiaracondong", "Babakan Sari", "Pasirluyu",
        "Tamansari"]),
    "pontianak": ("Kel.", [
        "Siantan Hulu", "Siantan Tengah", "Batu Layang", "Sungai Jawi", "Sungai Bangkong",
        "Darat Sekip", "Benua Melayu Darat", "Parit Tokaya", "Akcaya", "Tanjung Hulu",
        "Dalam Bugis", "Tambelan Sampit"]),
    "sambas": ("Desa", [
        "Tebas Kuala", "Sempalai", "Lumbang", "Sebayan", "Tanjung Bugis", "Dalam Kaum",
        "Pendawan", "Jagur", "Sejangkung", "Semparuk", "Tebas Sungai"]),
    "sanggau": ("Desa", [
        "Beringin", "Ilir Kota", "Tanjung Kapuas", "Bunut", "Sungai Sengkuang", "Semuntai",
        "Kedukul", "Meliau Hulu", "Balai Karangan", "Sosok", "Tayan", "Kembayan"]),
}
DUSUN = ["Sungai Baru", "Parit Baru", "Karya Bakti", "Sido Mulyo", "Suka Maju", "Harapan Jaya",
         "Mekar Sari", "Sumber Rejeki", "Tanjung Harapan", "Bukit Indah"]
PHONE_PREFIXES = ["0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0878",
                  "0819", "0838"]


class _Unique:
    """Draws until a value not yet used (membership tests only; no set iteration)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def draw(self, make) -> str:
        for _ in range(10_000):
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value
        raise AssertionError("value space exhausted")


def _personal_data(seed: int, kids: list[Child]) -> None:
    rng = _rng(seed, "personal-data")
    names, addresses, phones = _Unique(), _Unique(), _Unique()
    for token in SEED_PERSON_TOKENS:
        assert all(token not in pool for pool in (FIRST_F, FIRST_M, ADULT_F, ADULT_M,
                                                   LAST_F, LAST_M, LAST_ANY))

    def person(female: bool, adult: bool, family: str | None = None) -> str:
        firsts = (ADULT_F if female else ADULT_M) if adult else (FIRST_F if female else FIRST_M)
        lasts = (LAST_F if female else LAST_M) + LAST_ANY

        def make() -> str:
            parts = [rng.choice(firsts)]
            if rng.random() < 0.35:
                middle = rng.choice(FIRST_F if female else FIRST_M)
                if middle != parts[0]:
                    parts.append(middle)
            parts.append(family if family and rng.random() < 0.5 else rng.choice(lasts))
            return " ".join(parts)
        return names.draw(make)

    def address(city: str) -> str:
        kind, places = PLACES.get(city, ("Kel.", ["Sukamaju"]))

        def make() -> str:
            place = f"{kind} {rng.choice(places)}"
            if kind == "Desa" and rng.random() < 0.5:
                return (f"Dusun {rng.choice(DUSUN)} RT {rng.randint(1, 12):02d}/"
                        f"RW {rng.randint(1, 6):02d}, {place}")
            street = f"Jl. {rng.choice(STREETS)}"
            if rng.random() < 0.5:
                street += f" Gg. {rng.randint(1, 12)}"
            return f"{street} No. {rng.randint(1, 150)}, {place}"
        return addresses.draw(make)

    def phone() -> str:
        def make() -> str:
            while True:
                tail = f"{rng.randint(0, 9999):04d}" if rng.random() < 0.85 else \
                    f"{rng.randint(0, 999):03d}"
                value = f"{rng.choice(PHONE_PREFIXES)}-{rng.randint(1000, 9999)}-{tail}"
                if value.replace("-", "") not in SEED_PHONES:
                    return value
        return phones.draw(make)

    for c in kids:
        c.name = person(c.sex == "F", adult=False) if rng.random() > 0.01 else ""
        family = c.name.split()[-1] if c.name else None
        c.guardian = person(rng.random() < 0.6, adult=True, family=family) \
            if rng.random() > 0.04 else ""
        c.address = address(c.city) if rng.random() > 0.03 else ""
        c.phone = phone() if rng.random() > 0.08 else ""


# --------------------------------------------------------------------------- activities

def _activities(seed: int, city: dict) -> list[list[str]]:
    """Community and government-level activities of one city, 2010-05 .. 2012-12."""
    slug = city["slug"]
    rng = _rng(seed, f"activities:{slug}")
    start = _as_date(city["programme_start"])
    codes = [p["code"] for p in city["partners"]]
    sector = city["sectors"][0]
    kind, places = PLACES.get(slug, ("Kel.", ["Sukamaju"]))
    rows: list[tuple] = []

    def add(date, partner, activity, participants, description):
        assert start <= date <= DATA_END
        rows.append((date.isoformat(), partner or "", activity,
                     "" if participants is None else str(participants), description))

    outreach = {
        "eska": ["Penjangkauan anak di lokasi mangkal sekitar {p}",
                 "Pendataan anak korban ESKA bersama Dinas Sosial, {p}",
                 "Penjangkauan malam hari di tempat hiburan sekitar {p}"],
        "anak_jalanan_perempuan": ["Penjangkauan anak perempuan di jalanan sekitar {p}",
                                   "Penjangkauan di terminal dan pasar, {p}",
                                   "Pendataan anak jalanan perempuan di perempatan, {p}"],
        "prta": ["Pendataan PRTA melalui pengurus RT dan majelis taklim, {p}",
                 "Penjangkauan PRTA dan majikan, {p}",
                 "Kunjungan rumah majikan PRTA, {p}"],
        "perkebunan": ["Penjangkauan pekerja anak di kebun sawit, {p}",
                       "Penjangkauan pekerja anak di kebun karet, {p}",
                       "Pendataan pekerja anak bersama perangkat desa, {p}"],
    }[sector]
    awareness = {
        "eska": ["Sosialisasi bahaya ESKA bagi warga, {p}",
                 "Sosialisasi pentingnya pendidikan bagi orang tua, {p}"],
        "anak_jalanan_perempuan": ["Sosialisasi hak anak bagi orang tua anak jalanan, {p}",
                                   "Sosialisasi bahaya kerja di jalanan bagi anak perempuan, {p}"],
        "prta": ["Sosialisasi hak PRTA bagi majikan, {p}",
                 "Sosialisasi pentingnya sekolah bagi anak, {p}"],
        "perkebunan": ["Sosialisasi bahaya kerja anak di perkebunan, {p}",
                       "Sosialisasi pentingnya sekolah bagi orang tua pekerja kebun, {p}"],
    }[sector]
    if slug == LAMPUNG:
        awareness = ["Sosialisasi bahaya ESKA bagi warga sekitar lokalisasi Pantai Harapan",
                     "Sosialisasi bahaya ESKA bagi warga sekitar lokalisasi Pemandangan",
                     "Sosialisasi pentingnya pendidikan anak di sekitar lokalisasi Pantai Harapan",
                     "Sosialisasi pentingnya pendidikan anak di sekitar lokalisasi Pemandangan"]

    def place() -> str:
        return f"{kind} {rng.choice(places)}"

    for ms, me in _months(start, DATA_END):
        for code in codes:
            for _ in range(rng.randint(1, 2)):
                add(_rand_date(rng, ms, me), code, "outreach", rng.randint(5, 30),
                    rng.choice(outreach).format(p=place()))
            if rng.random() < 0.5:
                add(_rand_date(rng, ms, me), code, "awareness", rng.randint(20, 80),
                    rng.choice(awareness).format(p=place()))
    for qs, qe in _quarters(start, DATA_END):
        for code in codes:
            text = (f"Forum dialog warga tentang pencegahan ESKA, {place()}" if slug == LAMPUNG
                    else f"Dialog warga tentang perlindungan anak, {place()}")
            add(_rand_date(rng, qs, qe), code, "community_dialogue", rng.randint(15, 40), text)
        # government-led: city-level task force every quarter
        level = "kota" if kind == "Kel." else "kabupaten"
        add(_rand_date(rng, qs, qe), "", "task_force_meeting", rng.randint(12, 25),
            f"Gugus tugas {level}: rapat koordinasi triwulanan {city['name']}")
    if slug == LAMPUNG:
        add(dt.date(2010, 8, 14), "LAdA", "community_dialogue", 27,
            "Dialog warga RT 05 & RT 06 <Kel. Panjang>")
        # province-level task force every 6 months
        for y in (2010, 2011, 2012):
            for month in (6, 12):
                add(_rand_date(rng, dt.date(y, month, 1), dt.date(y, month, 20)), "",
                    "task_force_meeting", rng.randint(18, 30),
                    "Gugus tugas provinsi: rapat koordinasi semesteran, "
                    "Dinas Sosial Provinsi Lampung")
        # field visits: 2 a year (province), 4 a year (city)
        for y in (2010, 2011, 2012):
            first = dt.date(y, 5, 1) if y == 2010 else dt.date(y, 1, 1)
            for d in _distinct_dates(rng, first, dt.date(y, 12, 15), 2):
                add(d, "", "field_visit", rng.randint(6, 12),
                    "Gugus tugas provinsi: kunjungan lapangan ke lembaga mitra "
                    + rng.choice(codes))
            for d in _distinct_dates(rng, first, dt.date(y, 12, 15), 4):
                add(d, "", "field_visit", rng.randint(5, 10),
                    f"Gugus tugas kota: kunjungan lapangan ke lokasi dampingan, {place()}")
        # community radio with JRKL, Pelangi 107,8 FM, November 2011 - October 2012
        radio = ["Talkshow pencegahan ESKA di Pelangi 107,8 FM (JRKL)",
                 "Iklan layanan masyarakat tentang bahaya ESKA, Pelangi 107,8 FM",
                 "Liputan jurnalisme warga Kecamatan Panjang, Pelangi 107,8 FM",
                 "Radio diary anak dan remaja, Pelangi 107,8 FM"]
        for ms, me in _months(dt.date(2011, 11, 1), dt.date(2012, 10, 31)):
            for d in _distinct_dates(rng, ms, me, rng.randint(2, 4)):
                add(d, "", "radio", None, rng.choice(radio))
            if ms.month in (11, 2, 5, 8):
                add(_rand_date(rng, ms, me), "", "radio", rng.randint(10, 20),
                    "Pertemuan komite penyiaran warga Kecamatan Panjang, Pelangi 107,8 FM")
    else:
        for y in (2010, 2011, 2012):
            first = max(start, dt.date(y, 1, 1))
            for d in _distinct_dates(rng, first, dt.date(y, 12, 15), 2):
                add(d, "", "field_visit", rng.randint(5, 10),
                    f"Kunjungan lapangan gugus tugas ke lokasi dampingan, {place()}")
    for y in (2010, 2011, 2012):
        first = max(start, dt.date(y, 1, 1))
        for d in _distinct_dates(rng, first, dt.date(y, 12, 15), rng.randint(2, 3)):
            add(d, rng.choice(codes), "training", rng.randint(10, 30),
                rng.choice(["Pelatihan konseling bagi staf lapangan",
                            "Pelatihan manajemen kasus dan reintegrasi",
                            "Pelatihan pencatatan data anak dampingan",
                            "Pelatihan perlindungan anak bagi pendamping"]))
    rows.sort(key=lambda r: (r[0], r[2], r[1], r[4], r[3]))    # date, activity, ...
    return [list(r) for r in rows]


# --------------------------------------------------------------------------- narratives

NARRATIVES = {
    ("bandar-lampung", "2010"): """\
---
author: Program Officer Save the Children - Lampung
title: Laporan Pelaksanaan Program EXCEED di Lampung, Mei - Desember 2010
place: Bandar Lampung
date: 2011-01-25
---

## Kendala dan hambatan

Sepanjang 2010 ada beberapa hal yang menghambat jalannya program di Lampung:

1. Keinginan anak dampingan terhadap jenis kursus sering berganti, sehingga lembaga mitra
   sulit memutuskan kursus mana yang paling tepat untuk setiap anak.
2. Anak korban ESKA bekerja di bawah pengawasan mucikari atau germo, dan tempat kerja
   maupun tempat tinggal mereka kerap berpindah-pindah. Hal ini menyulitkan pendamping CCC
   dan LAdA untuk menjangkau mereka.
3. Masyarakat sipil belum banyak berperan dalam memperluas akses pendidikan dan
   pendampingan keluarga. Hanya sedikit lembaga pendidikan yang siap menerima anak-anak
   yang terpinggirkan, termasuk anak korban ESKA, dan fasilitator atau pekerja sosial yang
   mampu mendampingi keluarga masih jarang.
4. Perda tentang trafficking, Perda tentang pelayanan hak anak, dan RAD Trafficking
   2009-2013 belum tersosialisasi dengan baik dari provinsi ke kabupaten/kota. Akibatnya
   banyak dinas/instansi belum memahami peran dan tugasnya dalam rehabilitasi sosial
   korban trafficking dan ESKA, baik di Provinsi Lampung maupun di Kota Bandar Lampung.
5. Belum ada dasar hukum yang khusus mengatur rehabilitasi anak korban ESKA dan
   trafficking (Perda, Peraturan Gubernur atau SK Walikota), sehingga layanan dari
   dinas/instansi maupun lembaga mitra belum berjalan optimal.
6. Dinas/instansi terkait belum mempunyai anggaran tersendiri untuk melayani anak korban
   ESKA dan trafficking.

## Rekomendasi

Jumlah anak yang didampingi CCC dan LAdA pada 2010 kemungkinan besar hanya bagian yang
tampak dari sebuah gunung es: masih banyak anak korban ESKA yang belum terjangkau. Mereka
bekerja berjam-jam hingga larut malam di bawah kendali mucikari, rentan mengalami kekerasan
fisik, psikis dan seksual, serta berisiko tertular infeksi menular seksual dan HIV/AIDS.
Berdasarkan pengalaman tahun 2010, kami mengusulkan langkah-langkah berikut:

1. Memperkuat peran masyarakat sipil agar lembaga pendidikan mampu melayani anak-anak
   yang terpinggirkan, termasuk anak korban ESKA, dan agar tersedia lebih banyak
   fasilitator serta pekerja sosial yang dapat mendampingi keluarga menjalankan tanggung
   jawabnya terhadap anak.
2. Mengoptimalkan kerja gugus tugas rehabilitasi sosial korban trafficking dan ESKA di
   tingkat provinsi dan Kota Bandar Lampung dalam mendukung layanan langsung yang
   diberikan lembaga mitra.
3. Mempercepat terbitnya SK Walikota yang membentuk gugus tugas kota untuk rehabilitasi
   sosial bagi korban trafficking dan ESKA, sebagai pijakan hukum bagi dinas/instansi
   dalam melayani anak.
4. Mendorong penyusunan rencana aksi tingkat kota (RAK) untuk menghapus trafficking dan
   ESKA di Bandar Lampung, karena provinsi sudah memilikinya, serta RAD-BPPTA, yaitu
   rencana aksi daerah untuk menghapus bentuk-bentuk pekerjaan terburuk bagi anak.
5. Mendorong lahirnya Peraturan Daerah Kota Bandar Lampung tentang rehabilitasi sosial
   korban trafficking dan ESKA.
6. Mendorong pemerintah daerah, melalui dinas/instansi terkait, menyusun program kerja
   yang memperbaiki layanan bagi pemenuhan hak anak korban trafficking dan ESKA.
7. Mendorong alokasi anggaran untuk rehabilitasi anak korban trafficking dan ESKA di
   setiap dinas/instansi terkait.

## Capaian gugus tugas

**Tingkat Provinsi Lampung.** Gugus tugas mendorong penerbitan Peraturan Gubernur yang
merevisi SK gugus tugas penanganan trafficking. Rancangannya masih dibahas oleh para
anggota gugus tugas dan sedang dikonsultasikan dengan Biro Hukum Provinsi Lampung.

**Tingkat Kota Bandar Lampung.** Gugus tugas mendorong penerbitan Surat Keputusan yang
membentuk gugus tugas kota untuk rehabilitasi anak yang menjadi korban trafficking dan
ESKA. Rancangan SK
tersebut kini sedang diproses di Bagian Hukum Pemerintah Kota Bandar Lampung.

## Penutup

Laporan ini menggambarkan pelaksanaan program EXCEED di Lampung selama 2010 bagi anak
korban ESKA, lengkap dengan kendala yang dihadapi dan rekomendasi yang diusulkan. Kami
berharap gambaran ini menjadi pegangan dalam melaksanakan program pada 2011, sehingga mutu
layanan bagi anak korban ESKA terus meningkat. Dengan kerja sama semua pihak, semakin
banyak anak yang dapat dikeluarkan dari ESKA dan memperoleh masa depan yang lebih baik.
""",
    ("surabaya", "2011"): """\
---
author: Program Officer Save the Children - Jawa Timur
title: Laporan Pelaksanaan Program EXCEED di Surabaya, Januari - Desember 2011
place: Surabaya
date: 2012-01-20
---

## Kendala dan hambatan

1. Sebagian anak dampingan berpindah tempat kerja dan tempat kos tanpa kabar, sehingga
   pendampingan lanjutan sering terputus.
2. Sekolah formal di beberapa kelurahan masih enggan menerima kembali anak yang pernah
   putus sekolah, terutama bila usia anak sudah melewati usia kelas.
3. Rujukan ke layanan kesehatan berjalan lambat karena anak tidak memiliki kartu identitas
   atau jaminan kesehatan.

## Rekomendasi

1. Menyusun kesepakatan rujukan dengan puskesmas di wilayah dampingan agar anak tanpa
   dokumen tetap dapat diperiksa.
2. Memperluas kerja sama dengan penyelenggara kejar paket untuk anak yang tidak dapat
   kembali ke sekolah formal.
3. Melibatkan pengurus RT/RW dalam memantau anak yang sudah kembali ke keluarga.

## Capaian gugus tugas

Gugus tugas kota menyepakati format pencatatan kasus bersama dan mulai membahas rancangan
rencana aksi kota penghapusan ESKA.

## Penutup

Pengalaman selama 2011 menunjukkan bahwa pendampingan keluarga sama pentingnya dengan
layanan langsung bagi anak. Hal ini akan menjadi perhatian utama pada 2012.
""",
    ("bandung", "2012H1"): """\
---
author: Program Officer Save the Children - Jawa Barat
title: Laporan Semester Program EXCEED di Bandung, Januari - Juni 2012
place: Bandung
date: 2012-07-16
---

## Kendala dan hambatan

1. Jam kerja PRTA yang panjang membatasi waktu mereka untuk mengikuti bridging course.
2. Data anak dari kelurahan dan dari lembaga mitra belum selalu cocok.

## Rekomendasi

1. Menyediakan kelas bridging course pada akhir pekan.
2. Menyepakati satu format pendataan antara kelurahan dan lembaga mitra.

## Capaian gugus tugas

Gugus tugas kota membahas rancangan peraturan walikota tentang perlindungan PRTA.

## Penutup

Semester pertama 2012 memperlihatkan minat PRTA yang tinggi terhadap kursus keterampilan;
semester berikutnya akan difokuskan pada magang dan kembali ke sekolah.
""",
}


# --------------------------------------------------------------------------- writing

def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _child_row(c: Child, sex: str, blank_type: bool, blank_traffic: bool) -> list[str]:
    age = str(c.age) if c.age_mode in ("age", "both") else ""
    if c.birth_date is not None:
        assert _completed_years(c.birth_date, c.intake) == c.age
    return [
        c.child_id, c.name, c.guardian, c.address, c.phone, sex,
        c.birth_date.isoformat() if c.birth_date else "", age, c.sector,
        "" if blank_type else c.beneficiary_type,
        c.intake.isoformat(), c.exit.isoformat() if c.exit else "",
        c.school, c.lwf,
        "" if c.contact == "unknown" and c.unknown_blank else c.contact,
        "" if blank_traffic else ("yes" if c.trafficking else "no"),
    ]


def generate(raw_dir: Path, seed: int = 2010) -> list[Path]:
    """Write the synthetic ``data/raw`` tree under ``raw_dir``; return the paths, sorted."""
    raw_dir = Path(raw_dir)
    reg = _load_registry()
    slugs = [c["slug"] for c in reg["cities"]]
    assert LAMPUNG in slugs
    lampung = reg["cities"][slugs.index(LAMPUNG)]
    assert [p["code"] for p in lampung["partners"]] == ["CCC", "LAdA"]

    cohort = _lampung_2010(seed)
    new = _new_children(seed, reg, start_seq=len(cohort))
    _describe(seed, new)
    kids = cohort + new
    _family_contact(seed, kids)
    _plan_services(seed, kids)
    kids = _assign_ids_and_ages(seed, kids, reg)
    _personal_data(seed, kids)

    rng = _rng(seed, "writing")
    written: list[Path] = []
    for city in reg["cities"]:
        for i, partner in enumerate(city["partners"]):
            code = partner["code"]
            mine = [c for c in kids if c.city == city["slug"] and c.partner == code]
            # sex aliases P/L in a few rows of one non-Lampung partner (PTK2)
            aliases = {"F": 8, "M": 2} if code == "PTK2" else {"F": 0, "M": 0}
            rows, services = [], []
            for c in mine:
                sex = c.sex
                if aliases[sex] > 0:
                    aliases[sex] -= 1
                    sex = {"F": "P", "M": "L"}[sex]
                loose = city["slug"] != LAMPUNG
                blank_type = loose and c.beneficiary_type == "withdrawn" and rng.random() < 0.03
                blank_traffic = loose and not c.trafficking and rng.random() < 0.1
                c.unknown_blank = rng.random() < 0.5
                rows.append(_child_row(c, sex, blank_type, blank_traffic))
                for d, service, detail in c.services:
                    assert c.intake <= d <= min(c.exit or DATA_END, DATA_END), (c.child_id, d)
                    services.append([c.child_id, d.isoformat(), service, detail])
            rows.sort(key=lambda r: r[0])
            services.sort()
            folder = raw_dir / "registers" / city["slug"] / code
            written.append(_write_csv(folder / "children.csv", CHILDREN_COLUMNS, rows))
            written.append(_write_csv(folder / "services.csv", SERVICES_COLUMNS, services))
        written.append(_write_csv(raw_dir / "activities" / f"{city['slug']}.csv",
                                  ACTIVITIES_COLUMNS, _activities(seed, city)))
    for (slug, period), text in {**NARRATIVES, **narratives.PARTIAL, **narratives.LATEST}.items():
        path = raw_dir / "narratives" / slug / f"{period}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    return sorted(written)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m exceed_analysis.synthetic.registers",
        description="Write the synthetic EXCEED registers, activities and narratives.")
    parser.add_argument("--out", type=Path, default=None,
                        help="raw-data folder to write (default: the project's data/raw); "
                             "with --size, the new project root to write")
    parser.add_argument("--seed", type=int, default=2010, help="random seed (default 2010)")
    parser.add_argument("--size", metavar="NAME",
                        help="instead, write a whole synthetic project root of a named size "
                             "(small, medium, national) with exceed_analysis.synthetic.scale; needs "
                             "--out; --districts, --children, --years, --start and "
                             "--overwrite are passed on")
    args, rest = parser.parse_known_args(argv)
    if args.size is not None:
        if args.out is None:
            parser.error("--size needs --out DIR (a new project root, never data/raw)")
        from exceed_analysis.synthetic import scale

        scale.main(["--size", args.size, "--out", str(args.out), "--seed", str(args.seed),
                    *rest])
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    out = DEFAULT_OUT if args.out is None else args.out
    written = generate(out, seed=args.seed)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files ({size / 1e6:.1f} MB) under {out}")


if __name__ == "__main__":
    main()
