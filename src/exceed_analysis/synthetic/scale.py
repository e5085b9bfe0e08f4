"""Synthetic project roots at scale: hundreds of districts, up to millions of children.

:mod:`exceed_analysis.synthetic.registers` writes the small, calibrated registers committed in
``data/raw/``. This module writes *throw-away* project roots of any size, for benchmarks and
load tests: a city registry of synthetic districts, the partner registers and activity logs
of every district, and a copy of ``notebooks/``, so that the library runs there with
``EXCEED_PROJECT_ROOT=<root>``::

    <root>/config/cities.yml
    <root>/data/raw/registers/<district>/<partner>/children.csv, services.csv
    <root>/data/raw/activities/<district>.csv
    <root>/notebooks/
    <root>/.exceed-scale.json        the parameters (marks a root this module may overwrite)

Every row follows ``docs/data-dictionary.md`` and the consistency rules of the committed
data, so intake accepts all of them: services fall between the child's intake and exit and
never after the last day of the data, ages at intake are 10-17 (inside the contract's
5-17), codes are valid, ``child_id`` is unique within a partner and every ``skills_course``
row names its course type. Names are "Nama Fiktif <n>"; guardian, address and phone are
mostly empty (still personal data: intake drops them). No word of a name occurs in a
service detail, so intake never mistakes a detail for personal data ("Anak Sintetis"
would: "anak" is in "mediasi anak dan keluarga").

Generation is vectorised (numpy) and written district by district, each district from its
own random stream: peak memory is bounded by the largest district, never by the whole
caseload. The output is byte-for-byte reproducible for a seed (with the same numpy).

Named sizes (:data:`SIZES`)::

    small      8 districts,     3,000 children, 3 years  (~45 thousand services; tests)
    medium   100 districts,   100,000 children, 4 years  (~1.5 million services; benchmarks)
    national 500 districts, 1,000,000 children, 4 years  (~15 million services)

Usage::

    python -m exceed_analysis.synthetic.scale --size national --out DIR
    python -m exceed_analysis.synthetic.scale --size medium --out DIR --districts 50 --seed 7
    EXCEED_PROJECT_ROOT=DIR exceed ingest

Examples
--------
>>> SIZES["national"]
{'districts': 500, 'children': 1000000, 'years': 4}
>>> data_end(dt.date(2010, 1, 1), 4)
datetime.date(2013, 12, 31)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import yaml

from exceed_analysis.schemas import SERVICES
from exceed_analysis.synthetic.profiles import (
    ACTIVITIES_COLUMNS,
    CHILDREN_COLUMNS,
    DETAILS,
    INTERNSHIP,
    SECTOR,
    SERVICES_COLUMNS,
)

__all__ = ["SIZES", "generate_project", "data_end", "main", "MARKER"]

PROJECT_ROOT = Path(__file__).resolve().parents[3]
MARKER = ".exceed-scale.json"

SIZES: dict[str, dict[str, int]] = {
    "small": dict(districts=8, children=3_000, years=3),
    "medium": dict(districts=100, children=100_000, years=4),
    "national": dict(districts=500, children=1_000_000, years=4),
}

SECTORS = ("eska", "prta", "anak_jalanan_perempuan", "perkebunan")
SECTOR_LABELS = {
    "eska": ("ESKA", "eksploitasi seksual komersial anak"),
    "prta": ("PRTA", "pekerja rumah tangga anak"),
    "anak_jalanan_perempuan": ("Anak jalanan perempuan", "anak perempuan yang bekerja di jalanan"),
    "perkebunan": ("Perkebunan", "pekerja anak di sektor perkebunan"),
}
PROGRAMME = {
    "name": "EXCEED",
    "full_name": "Eliminate Exploitive Child Labour through Education and Economic Development",
    "organisation": "Save the Children in Indonesia",
    "donor": "US Department of Labor (US DoL)",
}
SKILLS = ("tata_boga", "komputer", "tata_busana", "kecantikan")
SCHOOL = ("formal", "kejar_paket", "not_in_school")
CONTACT = ("daily", "periodic", "never", "unknown")
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

_EPOCH = np.datetime64("1970-01-01", "D")
_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=1 << 16)


def data_end(start: dt.date, years: int) -> dt.date:
    """The last day of ``years`` years of data from ``start``."""
    try:
        after = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        after = start.replace(year=start.year + years, month=3, day=1)
    return after - dt.timedelta(days=1)


# --------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class District:
    index: int  # 1-based
    slug: str
    name: str
    province: str
    sectors: tuple[str, ...]
    partners: tuple[str, ...]  # partner codes
    children: tuple[int, ...]  # children per partner
    first_child: int  # global number of the district's first child (1-based)


def _rng(seed: int, *key: int) -> np.random.Generator:
    """An independent stream per purpose and district (numpy SeedSequence spawning)."""
    return np.random.default_rng(np.random.SeedSequence([seed, *key]))


def _layout(districts: int, children: int, seed: int) -> list[District]:
    """Districts, provinces, partners, sectors and the children of each partner."""
    if districts < 1:
        raise ValueError("districts must be at least 1")
    if children < 0:
        raise ValueError("children must not be negative")
    rng = _rng(seed, 0)
    width = max(3, len(str(districts)))
    provinces = min(30, districts)
    n_partners = rng.integers(1, 4, size=districts)
    second_sector = rng.random(districts) < 0.25
    weights = rng.lognormal(0.0, 0.5, size=districts)
    per_district = rng.multinomial(children, weights / weights.sum())
    out, first = [], 1
    for i in range(districts):
        num = f"{i + 1:0{width}d}"
        sectors = {SECTORS[i % 4]} | ({SECTORS[(i + 1) % 4]} if second_sector[i] else set())
        codes = tuple(f"D{num}{chr(ord('A') + j)}" for j in range(n_partners[i]))
        share = rng.lognormal(0.0, 0.3, size=len(codes))
        kids = rng.multinomial(per_district[i], share / share.sum())
        out.append(
            District(
                index=i + 1,
                slug=f"district-{num}",
                name=f"Kabupaten Sintetis {num}",
                province=f"Provinsi Sintetis {i * provinces // districts + 1:02d}",
                sectors=tuple(s for s in SECTORS if s in sectors),
                partners=codes,
                children=tuple(int(k) for k in kids),
                first_child=first,
            )
        )
        first += int(per_district[i])
    return out


def _project_registry() -> dict:
    """This project's registry (programme and sector labels are copied from it)."""
    try:
        with open(PROJECT_ROOT / "config" / "cities.yml", encoding="utf-8") as fh:
            return yaml.safe_load(fh) or {}
    except OSError:
        return {}


def _registry_text(layout: list[District], start: dt.date, end: dt.date, params: dict) -> str:
    """config/cities.yml in the committed registry's format: the programme facts and sector
    labels of this project's registry (every key it has, e.g. English labels), then the
    synthetic districts."""
    own = _project_registry()
    programme = {k: v for k, v in (own.get("programme") or PROGRAMME).items() if k not in ("start", "end")}
    programme.update(start=start, end=end)
    sectors = {
        code: dict((own.get("sectors") or {}).get(code) or {})
        or {"label": SECTOR_LABELS[code][0], "long": SECTOR_LABELS[code][1]}
        for code in SECTORS
    }
    dump: dict[str, Any] = dict(sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    lines = [
        "# City registry of a SYNTHETIC scale project, written by exceed_analysis.synthetic.scale:",
        "# every district, province and partner below is invented.",
        f"# Parameters: districts={params['districts']}, children={params['children']}, "
        f"years={params['years']}, seed={params['seed']}, start={params['start']}.",
        "",
        yaml.safe_dump({"programme": programme}, **dump).rstrip("\n"),
        "",
        yaml.safe_dump({"sectors": sectors}, **dump).rstrip("\n"),
        "",
        "cities:",
    ]
    for d in layout:
        lines += [
            f"  - slug: {d.slug}",
            f"    name: {d.name}",
            f"    province: {d.province}",
            f"    programme_start: {start.isoformat()}",
            f"    sectors: [{', '.join(d.sectors)}]",
            "    partners:",
        ]
        lines += [f"      - {{code: {c}, name: Mitra Sintetis {c} (fiktif)}}" for c in d.partners]
    return "\n".join(lines) + "\n"


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


def _birth_dates(rng: np.random.Generator, intake: np.ndarray, age: np.ndarray) -> np.ndarray:
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


def _partner(
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
    born = _birth_dates(rng, intake, age)
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


def _activities(rng: np.random.Generator, district: District, start: int, end: int) -> pa.Table:
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


# --------------------------------------------------------------------------- writing


def _write_csv(path: Path, header: list[str], table: pa.Table) -> int:
    """Header, then the rows: UTF-8, ``\\n`` line endings, no quoting (values never need
    it: pyarrow refuses a value with a comma, quote or newline). Returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pa.OSFile(str(path), "wb") as fh:
        fh.write((",".join(header) + "\n").encode("utf-8"))
        pacsv.write_csv(table, fh, _WRITE)
    return path.stat().st_size


def _prepare_root(root: Path, overwrite: bool, params: dict) -> None:
    root = root.resolve()
    if (
        root == PROJECT_ROOT
        or PROJECT_ROOT.is_relative_to(root)
        or root.is_relative_to(PROJECT_ROOT / "data")
    ):
        raise ValueError(f"refusing to write a scale project over this project ({root})")
    if root.exists() and any(root.iterdir()):
        marker = root / MARKER
        if not overwrite:
            raise FileExistsError(
                f"{root} is not empty (pass overwrite=True / --overwrite "
                "to replace a root written by exceed_analysis.synthetic.scale)"
            )
        if not marker.is_file():
            raise FileExistsError(
                f"{root} is not empty and was not written by "
                "exceed_analysis.synthetic.scale: not overwriting it"
            )
        for entry in sorted(root.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(json.dumps(params, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def generate_project(
    root: Path,
    *,
    districts: int,
    children: int,
    years: int,
    seed: int = 2010,
    start: dt.date = dt.date(2010, 1, 1),
    overwrite: bool = False,
    notebooks: bool = True,
    progress: bool = True,
) -> dict:
    """Write a complete synthetic project root; return what was written.

    ``root`` must be missing or empty (or, with ``overwrite=True``, a root this function
    wrote before). The data covers ``years`` years from ``start``; its last day must not
    be in the future. Returns a dict with the counts of ``districts``, ``partners``,
    ``children``, ``services``, ``activities``, ``files`` and ``bytes`` written, and
    ``seconds`` taken.
    """
    t0 = time.perf_counter()
    root = Path(root)
    if years < 1:
        raise ValueError("years must be at least 1")
    end = data_end(start, years)
    if end > dt.date.today():
        raise ValueError(f"the data would end on {end}, in the future: use fewer years or an earlier start")
    params = dict(districts=districts, children=children, years=years, seed=seed, start=start.isoformat())
    layout = _layout(districts, children, seed)
    _prepare_root(root, overwrite, params)
    counts: dict[str, Any] = dict(
        districts=0,
        partners=0,
        children=0,
        services=0,
        activities=0,
        files=1,
        bytes=(root / MARKER).stat().st_size,
    )

    def wrote(n_bytes: int) -> None:
        counts["files"] += 1
        counts["bytes"] += n_bytes

    text = _registry_text(layout, start, end, params).encode("utf-8")
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "config" / "cities.yml").write_bytes(text)
    wrote(len(text))

    first_day = int((np.datetime64(start, "D") - _EPOCH).astype(np.int64))
    last_day = int((np.datetime64(end, "D") - _EPOCH).astype(np.int64))
    registers = root / "data" / "raw" / "registers"
    for district in layout:
        rng = _rng(seed, 1, district.index)
        first_child = district.first_child
        for code, n in zip(district.partners, district.children, strict=True):
            kids, services = _partner(rng, district, code, n, first_child, first_day, last_day)
            first_child += n
            folder = registers / district.slug / code
            wrote(_write_csv(folder / "children.csv", CHILDREN_COLUMNS, kids))
            wrote(_write_csv(folder / "services.csv", SERVICES_COLUMNS, services))
            counts["partners"] += 1
            counts["children"] += kids.num_rows
            counts["services"] += services.num_rows
            del kids, services
        acts = _activities(_rng(seed, 2, district.index), district, first_day, last_day)
        wrote(
            _write_csv(
                root / "data" / "raw" / "activities" / f"{district.slug}.csv", ACTIVITIES_COLUMNS, acts
            )
        )
        counts["activities"] += acts.num_rows
        counts["districts"] += 1
        if progress and (counts["districts"] % 50 == 0 or counts["districts"] == len(layout)):
            print(
                f"[scale] {counts['districts']}/{len(layout)} districts, "
                f"{counts['children']:,} children, {counts['services']:,} services, "
                f"{counts['bytes'] / 1e6:,.0f} MB, {time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
                flush=True,
            )

    source = PROJECT_ROOT / "notebooks"
    if notebooks and source.is_dir():
        shutil.copytree(
            source, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.error.ipynb")
        )
        for f in sorted((root / "notebooks").rglob("*")):
            if f.is_file():
                wrote(f.stat().st_size)
    counts["seconds"] = round(time.perf_counter() - t0, 3)
    return counts


# --------------------------------------------------------------------------- command line


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--size",
        choices=sorted(SIZES),
        default="small",
        help="named size: "
        + "; ".join(
            f"{k} = {v['districts']} districts, {v['children']:,} children, {v['years']} years"
            for k, v in SIZES.items()
        ),
    )
    parser.add_argument("--districts", type=int, help="override the size's districts")
    parser.add_argument("--children", type=int, help="override the size's children")
    parser.add_argument("--years", type=int, help="override the size's years")
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=dt.date(2010, 1, 1),
        help="first day of the data (default 2010-01-01)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace a root written earlier by this command"
    )


def run(args: argparse.Namespace) -> dict:
    size: dict[str, Any] = dict(SIZES[args.size])
    for key in ("districts", "children", "years"):
        if getattr(args, key) is not None:
            size[key] = getattr(args, key)
    counts = generate_project(args.out, seed=args.seed, start=args.start, overwrite=args.overwrite, **size)
    counts["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(
        f"wrote {counts['files']:,} files ({counts['bytes'] / 1e6:,.1f} MB) under "
        f"{args.out}: {counts['districts']:,} districts, {counts['partners']:,} partners, "
        f"{counts['children']:,} children, {counts['services']:,} services, "
        f"{counts['activities']:,} activities in {counts['seconds']:.1f} s, "
        f"peak memory {counts['peak_rss_mb']:,.0f} MB"
    )
    print(json.dumps(dict(size, seed=args.seed, **counts), sort_keys=True))
    return counts


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        prog="python -m exceed_analysis.synthetic.scale",
        description="Write a synthetic project root (registry, registers, activities, "
        "notebooks) of any size; use it with EXCEED_PROJECT_ROOT=DIR.",
    )
    parser.add_argument("--out", type=Path, required=True, help="project root to write (missing or empty)")
    parser.add_argument("--seed", type=int, default=2010, help="random seed (default 2010)")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
