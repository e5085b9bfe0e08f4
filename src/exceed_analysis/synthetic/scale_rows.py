"""The rows of a scale project, drawn vectorised (numpy) and kept as Arrow tables: the
children and services of one partner, the activities of one district.

Every row follows ``docs/data-dictionary.md`` and the consistency rules of the committed
data (see :mod:`exceed_analysis.synthetic.scale`). Dates are day numbers (days since
1970-01-01) until they become Arrow ``date32`` columns.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from exceed_analysis.schemas import FAMILY_CONTACTS, SCHOOL_STATUSES, SECTORS, SERVICES, SKILLS_COURSES
from exceed_analysis.synthetic.profiles import (
    ACTIVITIES_COLUMNS,
    CHILDREN_COLUMNS,
    DETAILS,
    INTERNSHIP,
    SECTOR,
    SERVICES_COLUMNS,
)
from exceed_analysis.synthetic.scale_layout import District

__all__ = ["activity_table", "birth_dates", "completed_years", "partner_tables"]

SKILLS = SKILLS_COURSES
SCHOOL = SCHOOL_STATUSES
CONTACT = FAMILY_CONTACTS
ACTIVITY_MIX = {
    "outreach": 30,
    "awareness": 25,
    "community_dialogue": 15,
    "radio": 5,
    "task_force_meeting": 10,
    "field_visit": 10,
    "training": 5,
}
GOVERNMENT_LED = ("task_force_meeting", "field_visit")  # no partner, as in the committed logs
ACTIVITY_TEXT = {
    "outreach": "Penjangkauan anak pekerja",
    "awareness": "Sosialisasi pentingnya pendidikan anak",
    "community_dialogue": "Dialog warga tentang pekerja anak",
    "radio": "Siaran radio tentang hak anak",
    "task_force_meeting": "Rapat gugus tugas",
    "field_visit": "Kunjungan lapangan gugus tugas",
    "training": "Pelatihan pendamping anak",
}

SERVICES_PER_CHILD = 15.0  # mean rows per child (the first is counselling at intake)
EXIT_SHARE = 0.55  # children given an exit date (if it falls inside the data)
STAY_DAYS = (60, 900)  # length of a stay that ends
ALT_CARE_DAYS = 92  # alternative care only in the first three months

# Mix of the services after the first one, per sector (weights; no STI screening outside ESKA).
_BASE_MIX = {
    "counseling": 34,
    "health_check": 8,
    "sti_screening": 0,
    "basic_needs": 8,
    "bridging_course": 9,
    "remedial": 7,
    "skills_course": 16,
    "internship": 4,
    "alternative_care": 4,
    "family_support": 10,
}
SERVICE_MIX = {s: dict(_BASE_MIX) for s in SECTORS}
SERVICE_MIX["eska"].update(health_check=5, sti_screening=5, internship=6)
SERVICE_MIX["perkebunan"].update(internship=1, skills_course=10, bridging_course=14)

# One vocabulary for the detail column: index 0 is the empty cell. The texts are those of
# the committed generator, without commas (the fast writer does not quote).
_VOCAB: list[str] = [""]
_DETAIL_CODES: dict[str, np.ndarray] = {}  # service -> codes of its free-text details
for _service, _texts in DETAILS.items():
    _codes = []
    for _t in _texts:
        _t = _t.replace(", ", " ").replace(",", " ")
        if _t not in _VOCAB:
            _VOCAB.append(_t)
        _codes.append(_VOCAB.index(_t))
    _DETAIL_CODES[_service] = np.array(_codes)
_SKILL_CODES = np.array([len(_VOCAB) + i for i in range(len(SKILLS))])
_VOCAB += list(SKILLS)
_INTERN_CODES = np.array([len(_VOCAB) + i for i in range(len(SKILLS))])  # per skill type
_VOCAB += [INTERNSHIP[s][0] for s in SKILLS]
DETAIL_VOCAB = pa.array(_VOCAB, pa.string())
SERVICE_VOCAB = pa.array(SERVICES, pa.string())


# --------------------------------------------------------------------------- dates


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def _from_ymd(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64) + day - 1


def completed_years(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years between two arrays of day numbers (as intake computes ages)."""
    by, bm, bd = _ymd(born)
    oy, om, od = _ymd(on)
    return oy - by - ((om < bm) | ((om == bm) & (od < bd))).astype(np.int64)


def birth_dates(rng: np.random.Generator, intake: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Birth dates giving exactly ``age`` completed years at ``intake``."""
    year, month, day = _ymd(intake)
    leap_day = (month == 2) & (day == 29)
    day_ = np.where(leap_day, 28, day)
    latest = _from_ymd(year - age, month, day_)
    earliest = _from_ymd(year - age - 1, month, day_) + 1
    # after an intake on 29 February, a birth in the earlier year must be from 1 March on
    earliest = np.where(
        leap_day, _from_ymd(year - age - 1, np.full_like(month, 3), np.ones_like(day)), earliest
    )
    born = earliest + np.floor(rng.random(len(intake)) * (latest - earliest + 1)).astype(np.int64)
    assert (completed_years(born, intake) == age).all()
    return born


def _date_array(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=missing)


def _codes_array(codes: np.ndarray, values: pa.Array | list[str]) -> pa.Array:
    """A column of repeated strings as a dictionary array (written as its values)."""
    if not isinstance(values, pa.Array):
        values = pa.array(values, pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), values)


def _choice(rng: np.random.Generator, weights: dict, size: int) -> np.ndarray:
    w = np.array(list(weights.values()), dtype=float)
    return rng.choice(len(w), size=size, p=w / w.sum())


# --------------------------------------------------------------------------- one partner


def partner_tables(
    rng: np.random.Generator, district: District, code: str, n: int, first_child: int, start: int, end: int
) -> tuple[pa.Table, pa.Table]:
    """The children and services tables of one partner (``start``/``end``: day numbers)."""
    # children, in intake order (ids follow it, as in the committed registers)
    intake = np.sort(rng.integers(start, end + 1, size=n))
    n_sec = len(district.sectors)
    sector = (
        rng.choice(n_sec, size=n, p=[0.7, 0.3][:n_sec] if n_sec == 2 else None)
        if n_sec > 1
        else np.zeros(n, dtype=np.int64)
    )
    female = np.empty(n, dtype=bool)
    age = np.empty(n, dtype=np.int64)
    prevented = np.empty(n, dtype=bool)
    school = np.empty(n, dtype=np.int64)
    contact = np.empty(n, dtype=np.int64)
    lwf = np.empty(n, dtype=bool)
    trafficked = np.empty(n, dtype=bool)
    skill = np.empty(n, dtype=np.int64)
    for s, name in enumerate(district.sectors):
        mask = sector == s
        k = int(mask.sum())
        p = SECTOR[name]
        female[mask] = rng.random(k) < p["female"]
        ages = np.array(list(p["ages"]))
        age[mask] = ages[_choice(rng, p["ages"], k)]
        prevented[mask] = rng.random(k) < p["prevented"]
        school[mask] = np.array([SCHOOL.index(x) for x in p["school"]])[_choice(rng, p["school"], k)]
        c = np.array([CONTACT.index(x) for x in p["contact"]])[_choice(rng, p["contact"], k)]
        contact[mask] = c
        lwf_p = np.array([p["lwf_if"][x] for x in CONTACT])
        lwf[mask] = rng.random(k) < lwf_p[c]
        trafficked[mask] = rng.random(k) < p["trafficking"]
        skill[mask] = np.array([SKILLS.index(x) for x in p["skills_type"]])[_choice(rng, p["skills_type"], k)]
    exits = intake + rng.integers(STAY_DAYS[0], STAY_DAYS[1] + 1, size=n)
    has_exit = (rng.random(n) < EXIT_SHARE) & (exits <= end)
    last = np.where(has_exit, exits, end)
    born = birth_dates(rng, intake, age)
    age_mode = rng.random(n)  # < 0.85 birth date only, < 0.95 age only, both
    no_birth = (age_mode >= 0.85) & (age_mode < 0.95)
    no_age = age_mode < 0.85
    blank_unknown = rng.random(n) < 0.5  # "unknown" written as an empty cell
    extra = rng.random((n, 3))  # guardian, address, phone filled for a few

    number = np.arange(first_child, first_child + n)
    ids = pa.array([f"{code}-{k:04d}" for k in range(1, n + 1)], pa.string())

    def some(prefix: str, share: float, column: int) -> pa.Array:
        mask = extra[:, column] < share
        return pa.array(
            [f"{prefix} {g}" if m else None for g, m in zip(number.tolist(), mask, strict=True)], pa.string()
        )

    phone_mask = extra[:, 2] < 0.05
    phones = pa.array(
        [
            f"0800-{g // 10000 % 10000:04d}-{g % 10000:04d}" if m else None
            for g, m in zip(number.tolist(), phone_mask, strict=True)
        ],
        pa.string(),
    )
    contact_codes = np.where((contact == 3) & blank_unknown, 4, contact)
    children = pa.table(
        [
            ids,
            pa.array([f"Nama Fiktif {g}" for g in number.tolist()], pa.string()),
            some("Wali Fiktif", 0.10, 0),
            some("Jl. Fiktif No.", 0.10, 1),
            phones,
            _codes_array(np.where(female, 0, 1), ["F", "M"]),
            _date_array(born, no_birth),
            pa.array(age, pa.int64(), mask=no_age),
            _codes_array(np.array([SECTORS.index(s) for s in district.sectors])[sector], list(SECTORS)),
            _codes_array(prevented.astype(np.int64), ["withdrawn", "prevented"]),
            _date_array(intake),
            _date_array(exits, ~has_exit),
            _codes_array(school, list(SCHOOL)),
            _codes_array(np.where(lwf, 0, 1), ["yes", "no"]),
            _codes_array(contact_codes, list(CONTACT) + [""]),
            _codes_array(np.where(trafficked, 0, 1), ["yes", "no"]),
        ],
        names=CHILDREN_COLUMNS,
    )

    # services: counselling on the day of intake, then sessions spread over the stay
    window = last - intake
    weight = np.minimum(window + 30, 540).astype(float)
    lam = (SERVICES_PER_CHILD - 1) * weight / weight.mean() if n else weight
    per_child = 1 + rng.poisson(lam)
    total = int(per_child.sum())
    owner = np.repeat(np.arange(n), per_child)
    first_row = np.zeros(total, dtype=bool)
    first_row[np.cumsum(per_child) - per_child] = True
    date = intake[owner] + np.floor(rng.random(total) * (window[owner] + 1)).astype(np.int64)
    service = np.empty(total, dtype=np.int64)
    row_sector = sector[owner]
    for s, name in enumerate(district.sectors):
        mask = row_sector == s
        service[mask] = _choice(rng, {k: SERVICE_MIX[name][k] for k in SERVICES}, int(mask.sum()))
    service[first_row] = 0
    date[first_row] = intake[owner[first_row]]
    # alternative care only for children away from their family, in their first 3 months;
    # family support only for children living with their family
    alt, fam = SERVICES.index("alternative_care"), SERVICES.index("family_support")
    at_home = lwf[owner]
    service[(service == alt) & at_home] = fam
    service[(service == fam) & ~at_home] = 0
    care = service == alt
    care_span = np.minimum(window[owner[care]], ALT_CARE_DAYS - 1) + 1
    date[care] = intake[owner[care]] + np.floor(rng.random(int(care.sum())) * care_span).astype(np.int64)
    # details: the child's course type, an internship matching it, free text otherwise
    detail = np.zeros(total, dtype=np.int64)
    u = rng.random(total)
    for i, name in enumerate(SERVICES):
        mask = service == i
        if name == "skills_course":
            detail[mask] = _SKILL_CODES[skill[owner[mask]]]
        elif name == "internship":
            detail[mask] = _INTERN_CODES[skill[owner[mask]]]
        elif name in _DETAIL_CODES:
            codes = _DETAIL_CODES[name]
            detail[mask] = codes[(u[mask] * len(codes)).astype(np.int64)]
    order = np.lexsort((detail, service, date, owner))
    owner, date, service, detail = owner[order], date[order], service[order], detail[order]
    services = pa.table(
        [
            _codes_array(owner, ids),
            _date_array(date),
            _codes_array(service, SERVICE_VOCAB),
            _codes_array(detail, DETAIL_VOCAB),
        ],
        names=SERVICES_COLUMNS,
    )
    return children, services


# --------------------------------------------------------------------------- activities


def _quarters(start: int, end: int) -> list[tuple[int, int]]:
    """Calendar quarters (day numbers) clipped to [start, end]."""
    out: list[tuple[int, int]] = []
    first = np.datetime64(int(start), "D").astype("datetime64[M]")
    q = first - (first.astype(np.int64) % 3)
    while True:
        qs = q.astype("datetime64[D]").astype(np.int64)
        qe = (q + 3).astype("datetime64[D]").astype(np.int64) - 1
        if qs > end:
            return out
        out.append((max(int(qs), start), min(int(qe), end)))
        q = q + 3


def activity_table(rng: np.random.Generator, district: District, start: int, end: int) -> pa.Table:
    quarters = _quarters(start, end)
    per_quarter = rng.integers(2, 7, size=len(quarters))
    lo = np.repeat([q[0] for q in quarters], per_quarter)
    hi = np.repeat([q[1] for q in quarters], per_quarter)
    n = int(per_quarter.sum())
    date = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    activity = _choice(rng, ACTIVITY_MIX, n)
    names = list(ACTIVITY_MIX)
    gov = np.isin(activity, [names.index(a) for a in GOVERNMENT_LED])
    partner = rng.integers(0, len(district.partners), size=n)
    no_partner = gov | (rng.random(n) < 0.1)
    participants = rng.integers(5, 81, size=n)
    no_count = rng.random(n) < 0.05
    alphabetical = np.argsort(np.argsort(names))  # rank of each activity's name
    order = np.lexsort((partner, alphabetical[activity], date))  # as the committed logs
    date, activity, partner = date[order], activity[order], partner[order]
    no_partner, participants, no_count = no_partner[order], participants[order], no_count[order]
    text = [f"{ACTIVITY_TEXT[names[a]]} di {district.name}" for a in activity.tolist()]
    return pa.table(
        [
            _date_array(date),
            pa.DictionaryArray.from_arrays(
                pa.array(partner.astype(np.int32), mask=no_partner), pa.array(district.partners, pa.string())
            ),
            _codes_array(activity, names),
            pa.array(participants, pa.int64(), mask=no_count),
            pa.array(text, pa.string()),
        ],
        names=ACTIVITIES_COLUMNS,
    )
