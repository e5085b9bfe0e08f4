"""One place for the project's paths and its city registry.

Every path is built from the project root (the folder holding ``pyproject.toml``), never
from the current directory. ``EXCEED_PROJECT_ROOT`` overrides the root, which lets tests and
operators point the tool at a copy of the project.

Examples
--------
>>> from exceed_analysis import config
>>> config.city("bandar-lampung").name
'Bandar Lampung'
>>> [p.code for p in config.city("bandar-lampung").partners]
['CCC', 'LAdA']
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "Partner",
    "City",
    "Registry",
    "Paths",
    "paths",
    "registry",
    "city",
    "UnknownCityError",
]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    env = os.environ.get("EXCEED_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    # src/exceed_analysis/config.py -> project root two levels above the package
    return _PACKAGE_DIR.parents[1]


@dataclass(frozen=True)
class Paths:
    """The project's folders, all derived from ``root``."""

    root: Path

    @property
    def config_dir(self) -> Path:
        return self.root / "config"

    @property
    def cities_file(self) -> Path:
        return self.config_dir / "cities.yml"

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def registers(self) -> Path:
        return self.raw / "registers"

    @property
    def activities(self) -> Path:
        return self.raw / "activities"

    @property
    def narratives(self) -> Path:
        return self.raw / "narratives"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def report_template(self) -> Path:
        return self.notebooks / "city_report.ipynb"

    @property
    def lab(self) -> Path:
        """The analyst's own notebooks (git-ignored): copies of the templates to change freely."""
        return self.root / "lab"

    @property
    def data_dictionary(self) -> Path:
        return self.root / "docs" / "data-dictionary.md"


def paths() -> Paths:
    """The project's paths (re-read from the environment on each call)."""
    return Paths(_find_root())


@dataclass(frozen=True)
class Partner:
    """A partner NGO registered for a city."""

    code: str
    name: str


@dataclass(frozen=True)
class City:
    """A programme city (or district) from the registry."""

    slug: str
    name: str
    province: str
    programme_start: dt.date
    sectors: tuple[str, ...]
    partners: tuple[Partner, ...]

    @property
    def partner_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.partners)

    def partner(self, code: str) -> Partner:
        for p in self.partners:
            if p.code == code:
                return p
        raise KeyError(f"partner {code!r} is not registered for {self.slug}")


@dataclass(frozen=True)
class Registry:
    """The city registry: programme facts, sector labels and cities."""

    programme: dict
    sectors: dict[str, dict]
    cities: tuple[City, ...]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.cities)

    def city(self, slug: str) -> City:
        for c in self.cities:
            if c.slug == slug:
                return c
        raise UnknownCityError(slug, self.slugs)

    def sector_label(self, code: str) -> str:
        return self.sectors[code]["label"]


class UnknownCityError(KeyError):
    """A city slug that is not in the registry."""

    def __init__(self, slug: str, valid: tuple[str, ...]):
        self.slug = slug
        self.valid = valid
        super().__init__(slug)

    def __str__(self) -> str:
        return f"unknown city {self.slug!r}; valid cities: {', '.join(self.valid)}"


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_registry(path: Path) -> Registry:
    """Read a city registry YAML file."""
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    cities = tuple(
        City(
            slug=c["slug"],
            name=c["name"],
            province=c["province"],
            programme_start=_as_date(c["programme_start"]),
            sectors=tuple(c["sectors"]),
            partners=tuple(Partner(code=p["code"], name=p["name"]) for p in c["partners"]),
        )
        for c in raw["cities"]
    )
    return Registry(programme=raw["programme"], sectors=raw["sectors"], cities=cities)


@functools.lru_cache(maxsize=4)
def _cached_registry(path: Path) -> Registry:
    return load_registry(path)


def registry() -> Registry:
    """The project's city registry (``config/cities.yml``)."""
    return _cached_registry(paths().cities_file)


def city(slug: str) -> City:
    """Look a city up by slug; raises :class:`UnknownCityError` naming the valid ones."""
    return registry().city(slug)
