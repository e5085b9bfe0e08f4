"""The plan of a scale project: its districts, partners and children, and its city registry.

:mod:`exceed_analysis.synthetic.scale` writes the project; this module decides what is in it
(before any row is drawn), from the seed alone.

>>> [d.slug for d in district_layout(3, 30, seed=1)]
['district-001', 'district-002', 'district-003']
>>> data_end(dt.date(2010, 1, 1), 4)
datetime.date(2013, 12, 31)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from exceed_analysis.schemas import SECTORS

__all__ = [
    "District",
    "PROJECT_ROOT",
    "data_end",
    "district_layout",
    "project_registry",
    "registry_text",
    "stream",
]

PROJECT_ROOT = Path(__file__).resolve().parents[3]

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


def stream(seed: int, *key: int) -> np.random.Generator:
    """An independent stream per purpose and district (numpy SeedSequence spawning)."""
    return np.random.default_rng(np.random.SeedSequence([seed, *key]))


def district_layout(districts: int, children: int, seed: int) -> list[District]:
    """Districts, provinces, partners, sectors and the children of each partner."""
    if districts < 1:
        raise ValueError("districts must be at least 1")
    if children < 0:
        raise ValueError("children must not be negative")
    rng = stream(seed, 0)
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


def project_registry() -> dict:
    """This project's registry (programme and sector labels are copied from it)."""
    try:
        with open(PROJECT_ROOT / "config" / "cities.yml", encoding="utf-8") as fh:
            return yaml.safe_load(fh) or {}
    except OSError:
        return {}


def registry_text(layout: list[District], start: dt.date, end: dt.date, params: dict) -> str:
    """config/cities.yml in the committed registry's format: the programme facts and sector
    labels of this project's registry (every key it has, e.g. English labels), then the
    synthetic districts."""
    own = project_registry()
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
