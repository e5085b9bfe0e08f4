"""The synthetic children: the calibrated Lampung 2010 cohort, the intakes of every city
and period, and the services each child receives."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from exceed_analysis.synthetic import draws, profiles
from exceed_analysis.synthetic.profiles import (
    BASELINE_CUTOFF,
    BASELINE_TARGETS,
    DATA_END,
    DAY,
    DEFAULT_RATE,
    DETAILS,
    INTAKE_RATE,
    INTERNSHIP,
    L2010_END,
    LAMPUNG,
    SECTOR,
)

# --------------------------------------------------------------------------- the child


@dataclass
class Child:
    city: str
    partner: str
    sector: str
    intake: dt.date
    seq: int  # creation order: the tie-break for ids
    exit: dt.date | None = None
    sex: str = "F"
    age: int = 15
    age_mode: str = "birth"  # birth | age | both: which age columns to fill
    beneficiary_type: str = "withdrawn"
    school: str = "not_in_school"
    lwf: str | None = None  # lives_with_family yes / no
    contact: str | None = None  # daily / periodic / never / unknown
    trafficking: bool = False
    skills: str | None = None  # skills-course type, one per child
    intern: bool = False
    bridging: bool = False
    remedial: bool = False
    alt_care: bool = False
    lampung_2010: bool = False
    unknown_blank: bool = False  # write an unknown family contact as empty
    child_id: str = ""
    birth_date: dt.date | None = None
    name: str = ""
    guardian: str = ""
    address: str = ""
    phone: str = ""
    services: list = field(default_factory=list)  # (date, service, detail)

    def add(self, dates, service: str, detail: str = "") -> None:
        for d in dates:
            self.services.append((d, service, detail))


# --------------------------------------------------------------------------- Lampung 2010


def lampung_2010(seed: int) -> list[Child]:
    """The 82 children of the Lampung 2010 report, with their 2010 services.

    Every count of the seed report is built in by construction (quotas, not draws):
    partners, sex, age, schooling, living with family, services per partner, skills-course
    types, internships and 246 counselling sessions for 82 children (mean exactly 3).
    """
    rng = draws.rng(seed, "lampung-2010")
    months = {
        "CCC": {5: 5, 6: 5, 7: 6, 8: 6, 9: 6, 10: 5, 11: 4, 12: 3},  # 40
        "LAdA": {5: 4, 6: 6, 7: 6, 8: 6, 9: 6, 10: 6, 11: 5, 12: 3},  # 42
    }
    kids: list[Child] = []
    by_partner: dict[str, list[Child]] = {}
    for partner, per_month in months.items():
        mine: list[Child] = []
        for month, n in per_month.items():
            first_day = 3 if month == 5 else 1
            last = 8 if month == 12 else 28
            for _ in range(n):
                day = rng.randint(first_day, last)
                mine.append(
                    Child(
                        LAMPUNG,
                        partner,
                        "eska",
                        dt.date(2010, month, day),
                        seq=len(kids) + len(mine),
                        lampung_2010=True,
                    )
                )
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
        c.exit = draws.rand_date(rng, dt.date(2010, 10, 15), dt.date(2010, 12, 15))
    for c in interns:
        c.intern = True

    # Trafficking victims (6, girls, enrolled by October so that 5 sessions fit).
    trafficked: list[Child] = []
    for partner in ("CCC", "LAdA"):
        pool = [c for c in by_partner[partner] if c.intake <= dt.date(2010, 10, 31) and c.exit is None]
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
    girls_skills = ["tata_boga"] * 26 + ["komputer"] * 13 + ["tata_busana"] * 20 + ["kecantikan"] * 19
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
        first = draws.rand_date(rng, c.intake, min(c.intake + 7 * DAY, end))
        rest = draws.distinct_dates(rng, first + DAY, end, sessions[id(c)] - 1)
        assert len(rest) == sessions[id(c)] - 1
        for d in [first] + rest:
            c.add([d], "counseling", rng.choice(DETAILS["counseling"]))
        if c.partner == "CCC":
            hc = draws.rand_date(rng, c.intake + DAY, min(c.intake + 30 * DAY, end))
            c.add([hc], "health_check", rng.choice(DETAILS["health_check"]))
            sti = min(hc + DAY * rng.randint(0, 3), end)
            c.add([sti], "sti_screening", rng.choice(DETAILS["sti_screening"]))
        else:
            c.add(
                draws.distinct_dates(rng, c.intake, end, rng.randint(1, 2)),
                "basic_needs",
                rng.choice(DETAILS["basic_needs"]),
            )
            for d in draws.distinct_dates(rng, c.intake + 3 * DAY, end, rng.randint(1, 4)):
                c.add([d], "bridging_course", rng.choice(DETAILS["bridging_course"]))
        skills = draws.distinct_dates(
            rng, min(c.intake + 3 * DAY, end), min(c.intake + 40 * DAY, end), rng.randint(1, 3)
        )
        c.add(skills, "skills_course", c.skills or "")
        if c.intern:
            assert c.skills is not None, c  # an intern took a skills course
            start = skills[-1] + 14 * DAY
            assert start <= end, c
            c.add(
                draws.distinct_dates(rng, start, end, rng.randint(1, 2)),
                "internship",
                rng.choice(INTERNSHIP[c.skills]),
            )
        if c.remedial:
            c.add(draws.distinct_dates(rng, c.intake, end, 2), "remedial", rng.choice(DETAILS["remedial"]))
        if c.alt_care:
            detail = rng.choice(["rumah aman, maks. 3 bulan", f"shelter {c.partner}, maks. 3 bulan"])
            c.add(
                draws.distinct_dates(rng, c.intake, min(c.intake + 89 * DAY, end), rng.randint(1, 2)),
                "alternative_care",
                detail,
            )
        if c.lwf == "yes" and rng.random() < 0.6:
            c.add(
                draws.distinct_dates(rng, c.intake, end, rng.randint(1, 2)),
                "family_support",
                rng.choice(DETAILS["family_support"]),
            )

    # Most stay into 2011 or 2012 (or are still served at the end of 2012).
    for c in kids:
        if c.exit is None:
            leave = c.intake + DAY * rng.randint(240, 640)
            leave = max(leave, dt.date(2011, 1, 10) + DAY * rng.randint(0, 60))
            c.exit = leave if leave <= DATA_END else None

    # Family contact at intake, consistent with living with family.
    for c in kids:
        if c.lwf == "yes":
            c.contact = draws.weighted(rng, {"daily": 80, "periodic": 8, "unknown": 12})
        else:
            c.contact = draws.weighted(rng, {"never": 45, "periodic": 30, "unknown": 25})
    return kids


# --------------------------------------------------------------------------- all cities


def new_children(seed: int, reg: dict, start_seq: int) -> list[Child]:
    """New intakes every quarter for every partner (Lampung only from 2011)."""
    rng = draws.rng(seed, "intakes")
    kids: list[Child] = []
    seq = start_seq
    for city in reg["cities"]:
        start = profiles.as_date(city["programme_start"])
        for partner in city["partners"]:
            code = partner["code"]
            rate = INTAKE_RATE.get(code, DEFAULT_RATE)
            for qs, qe in draws.quarters(start, DATA_END):
                if city["slug"] == LAMPUNG and qs <= L2010_END:
                    continue  # Lampung 2010 is the calibrated cohort
                full = 91
                n = round(rate * ((qe - qs).days + 1) / full * rng.uniform(0.8, 1.2))
                for _ in range(n):
                    sector = rng.choice(city["sectors"])
                    kids.append(Child(city["slug"], code, sector, draws.rand_date(rng, qs, qe), seq))
                    seq += 1
    return kids


def describe(seed: int, kids: list[Child]) -> None:
    """Sex, age, schooling, beneficiary type, stay and service plans of new intakes."""
    rng = draws.rng(seed, "profiles")
    for c in kids:
        p = SECTOR[c.sector]
        c.sex = "F" if rng.random() < p["female"] else "M"
        c.age = draws.weighted(rng, p["ages"])
        c.age_mode = draws.weighted(rng, {"birth": 85, "age": 10, "both": 5})
        c.school = draws.weighted(rng, p["school"])
        c.beneficiary_type = "prevented" if rng.random() < p["prevented"] else "withdrawn"
        withdrawn = c.beneficiary_type == "withdrawn"
        c.trafficking = withdrawn and rng.random() < p["trafficking"]
        stay = rng.randint(180, 548) if rng.random() < 0.9 else rng.randint(45, 179)
        leave = c.intake + DAY * stay
        c.exit = leave if leave <= DATA_END else None
        if rng.random() < p["skills"] * (1.0 if c.age >= 13 else 0.3):
            c.skills = draws.weighted(rng, p["skills_type"])
            if c.sex == "M" and c.skills in ("kecantikan", "tata_busana"):
                c.skills = rng.choice(["komputer", "tata_boga"])
            c.intern = rng.random() < p["intern"]
        c.bridging = c.school != "formal" and rng.random() < p["bridging"]
        c.remedial = c.school != "not_in_school" and rng.random() < p["remedial"]
        if c.city == LAMPUNG:  # the partners' own strategies
            c.bridging = c.partner == "LAdA" and c.school != "formal"
        c.alt_care = withdrawn and rng.random() < p["alt_care"]


def family_contact(seed: int, kids: list[Child]) -> None:
    """Family contact and living with family at intake.

    Children enrolled by 2010-09-30 reproduce the September 2010 baseline per sector;
    the Lampung 2010 children (whose living-with-family count is fixed) already have a
    contact, the others fill the remaining quotas. Living with family then follows from
    the contact (a child at home has daily, periodic or unknown contact, never "never").
    """
    rng = draws.rng(seed, "family-contact")
    for sector, targets in BASELINE_TARGETS.items():
        early = [c for c in kids if c.sector == sector and c.intake <= BASELINE_CUTOFF]
        n = len(early)
        want = {k: draws.count_for_percent(n, pct) for k, pct in targets.items()}
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
        for c, contact in zip(free, quota, strict=False):
            c.contact = contact
    for c in kids:
        if c.contact is None:
            c.contact = draws.weighted(rng, SECTOR[c.sector]["contact"])
        if c.lwf is None:
            c.lwf = "yes" if rng.random() < SECTOR[c.sector]["lwf_if"][c.contact] else "no"
        assert not (c.lwf == "yes" and c.contact == "never")
    # a child who left the family cannot be "placed" in alternative care unless away
    for c in kids:
        if c.lwf == "yes":
            c.alt_care = False


def plan_services(seed: int, kids: list[Child]) -> None:
    """Services quarter by quarter, from intake (or 2011 for the Lampung 2010 cohort)."""
    rng = draws.rng(seed, "services")
    for c in kids:
        p = SECTOR[c.sector]
        end = min(c.exit or DATA_END, DATA_END)
        begin = dt.date(2011, 1, 1) if c.lampung_2010 else c.intake
        if begin > end:
            continue
        quarters = [(max(qs, begin), qe) for qs, qe in draws.quarters(c.intake, end) if qe >= begin]
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
            days = functools.partial(draws.distinct_dates, rng, qs, qe)  # days(n): n dates

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
                    c.add(
                        [min(hc + DAY * rng.randint(0, 3), qe)],
                        "sti_screening",
                        rng.choice(DETAILS["sti_screening"]),
                    )
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
            c.add(
                draws.distinct_dates(rng, c.intake, min(c.intake + 89 * DAY, end), rng.randint(1, 3)),
                "alternative_care",
                rng.choice(DETAILS["alternative_care"]),
            )


def assign_ids_and_ages(seed: int, kids: list[Child], reg: dict) -> list[Child]:
    """child_id per partner in order of intake; birth dates from the age at intake."""
    rng = draws.rng(seed, "ids-ages")
    ordered: list[Child] = []
    for city in reg["cities"]:
        for partner in city["partners"]:
            code = partner["code"]
            mine = sorted(
                (c for c in kids if c.city == city["slug"] and c.partner == code),
                key=lambda c: (c.intake, c.seq),
            )
            for i, c in enumerate(mine, start=1):
                c.child_id = f"{code.upper()}-{i:04d}"
                if c.age_mode in ("birth", "both"):
                    c.birth_date = draws.birth_date(rng, c.intake, c.age)
            ordered += mine
    return ordered
