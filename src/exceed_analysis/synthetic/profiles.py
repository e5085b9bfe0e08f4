"""Constants and partner profiles of the synthetic registers: columns, dates, seed
targets, intake rates, what each sector's children receive (shared by
:mod:`exceed_analysis.synthetic.registers` and :mod:`exceed_analysis.synthetic.scale`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT = PROJECT_ROOT / "data" / "raw"

DAY = dt.timedelta(days=1)
DATA_END = dt.date(2012, 12, 31)  # nothing in the registers is dated later
L2010_START = dt.date(2010, 5, 1)  # the Lampung 2010 report's period
L2010_END = dt.date(2010, 12, 31)
BASELINE_CUTOFF = dt.date(2010, 9, 30)  # the family-contact baseline (September 2010)
LAMPUNG = "bandar-lampung"

CHILDREN_COLUMNS = [
    "child_id",
    "name",
    "guardian_name",
    "address",
    "phone",
    "sex",
    "birth_date",
    "age_at_intake",
    "sector",
    "beneficiary_type",
    "intake_date",
    "exit_date",
    "school_status",
    "lives_with_family",
    "family_contact",
    "trafficking_victim",
]
SERVICES_COLUMNS = ["child_id", "date", "service", "detail"]
ACTIVITIES_COLUMNS = ["date", "partner", "activity", "participants", "description"]

# Seed figures (tests/reference-figures.yml). Family-contact baseline: percent of the
# children enrolled by 2010-09-30 in each sector; the rest is unknown.
BASELINE_TARGETS: dict[str, dict[str, int]] = {
    "anak_jalanan_perempuan": {"daily": 88, "periodic": 12, "never": 0},
    "eska": {"daily": 63, "periodic": 13, "never": 8},
    "prta": {"daily": 13, "periodic": 63, "never": 4},
}


def load_registry() -> dict:
    """The city registry as plain YAML (swap for ``exceed_analysis.config`` later)."""
    path = PROJECT_ROOT / "config" / "cities.yml"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --------------------------------------------------------------------------- profiles

# Intakes per quarter per partner (a full quarter; scaled by the days covered).
INTAKE_RATE: dict[str, int] = {
    "CCC": 14,
    "LAdA": 15,  # Lampung, from 2011 on (2010 is calibrated)
    "SBY1": 24,
    "SBY2": 20,
    "SMG1": 30,
    "YK1": 22,
    "YK2": 18,
    "BDG1": 30,
    "PTK1": 22,
    "PTK2": 20,
    "SBS1": 30,
    "SGU1": 30,
}
DEFAULT_RATE = 22

SECTOR: dict[str, dict[str, Any]] = {
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

DETAILS: dict[str, list[str]] = {
    "counseling": [
        "konseling individu",
        "konseling individu",
        "konseling kelompok",
        "konseling keluarga",
        "",
    ],
    "health_check": [
        "pemeriksaan kesehatan dasar di puskesmas",
        "pemeriksaan kesehatan dasar",
        "klinik mitra",
        "",
    ],
    "sti_screening": ["pemeriksaan IMS", "pemeriksaan IMS di klinik VCT", ""],
    "basic_needs": [
        "paket perlengkapan mandi dan pembalut",
        "perlengkapan sekolah",
        "paket kebutuhan dasar",
        "seragam dan buku",
    ],
    "bridging_course": [
        "persiapan kejar paket A",
        "persiapan kejar paket B",
        "persiapan masuk SMP",
        "bridging course",
    ],
    "remedial": ["remedial matematika", "remedial bahasa Indonesia", "remedial IPA", "pendampingan belajar"],
    "alternative_care": [
        "rumah aman, maks. 3 bulan",
        "shelter lembaga mitra, maks. 3 bulan",
        "keluarga asuh sementara, maks. 3 bulan",
    ],
    "family_support": [
        "kunjungan rumah",
        "penguatan pengasuhan bagi orang tua",
        "mediasi anak dan keluarga",
        "kunjungan rumah dan konseling keluarga",
    ],
}
INTERNSHIP: dict[str, list[str]] = {
    "tata_boga": ["magang di usaha katering", "magang di toko roti"],
    "kecantikan": ["magang di salon"],
    "tata_busana": ["magang di konveksi", "magang di penjahit"],
    "komputer": ["magang di rental komputer", "magang di percetakan"],
}
