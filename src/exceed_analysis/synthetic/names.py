"""Invented names, streets and places of the synthetic registers: none is a real person's,
and none collides with the seed report's people or the service details.

The lists are data, kept in ``synthetic/data/names.yml`` (package data) and read once, at
import. Their order matters: the generator draws from them by position.

>>> "Siti" in FIRST_F and PLACES["sambas"][0]
'Desa'
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = [
    "FIRST_F",
    "FIRST_M",
    "ADULT_F",
    "ADULT_M",
    "LAST_F",
    "LAST_M",
    "LAST_ANY",
    "SEED_PERSON_TOKENS",
    "SEED_PHONES",
    "STREETS",
    "PLACES",
    "DUSUN",
    "PHONE_PREFIXES",
    "NAMES_FILE",
]

NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.yml"


def _strings(data: dict, key: str) -> list[str]:
    values = data[key]
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{NAMES_FILE.name}: {key} must be a list of non-empty texts")
    return values


def _load() -> dict:
    with open(NAMES_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_DATA = _load()

FIRST_F = _strings(_DATA, "first_f")
FIRST_M = _strings(_DATA, "first_m")
ADULT_F = _strings(_DATA, "adult_f")
ADULT_M = _strings(_DATA, "adult_m")
LAST_F = _strings(_DATA, "last_f")
LAST_M = _strings(_DATA, "last_m")
LAST_ANY = _strings(_DATA, "last_any")
SEED_PERSON_TOKENS = tuple(_strings(_DATA, "seed_person_tokens"))
"""Real people named in the seed document: never part of a generated name."""
SEED_PHONES = tuple(_strings(_DATA, "seed_phones"))
STREETS = _strings(_DATA, "streets")
PLACES: dict[str, tuple[str, list[str]]] = {
    city: (place["kind"], _strings(place, "names")) for city, place in _DATA["places"].items()
}
"""City slug -> (kind of place, e.g. ``Kel.`` or ``Desa``; its invented place names)."""
DUSUN = _strings(_DATA, "dusun")
PHONE_PREFIXES = _strings(_DATA, "phone_prefixes")
