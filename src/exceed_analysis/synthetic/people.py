"""Invented personal data of the synthetic children (names, guardians, addresses,
phones): never colliding with the seed report's people or the service details."""

from __future__ import annotations

from exceed_analysis.synthetic import draws
from exceed_analysis.synthetic.cohort import Child
from exceed_analysis.synthetic.names import (
    ADULT_F,
    ADULT_M,
    DUSUN,
    FIRST_F,
    FIRST_M,
    LAST_ANY,
    LAST_F,
    LAST_M,
    PHONE_PREFIXES,
    PLACES,
    SEED_PERSON_TOKENS,
    SEED_PHONES,
    STREETS,
)


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


def personal_data(seed: int, kids: list[Child]) -> None:
    rng = draws.rng(seed, "personal-data")
    names, addresses, phones = _Unique(), _Unique(), _Unique()
    for token in SEED_PERSON_TOKENS:
        assert all(
            token not in pool for pool in (FIRST_F, FIRST_M, ADULT_F, ADULT_M, LAST_F, LAST_M, LAST_ANY)
        )

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
                return (
                    f"Dusun {rng.choice(DUSUN)} RT {rng.randint(1, 12):02d}/"
                    f"RW {rng.randint(1, 6):02d}, {place}"
                )
            street = f"Jl. {rng.choice(STREETS)}"
            if rng.random() < 0.5:
                street += f" Gg. {rng.randint(1, 12)}"
            return f"{street} No. {rng.randint(1, 150)}, {place}"

        return addresses.draw(make)

    def phone() -> str:
        def make() -> str:
            while True:
                tail = f"{rng.randint(0, 9999):04d}" if rng.random() < 0.85 else f"{rng.randint(0, 999):03d}"
                value = f"{rng.choice(PHONE_PREFIXES)}-{rng.randint(1000, 9999)}-{tail}"
                if value.replace("-", "") not in SEED_PHONES:
                    return value

        return phones.draw(make)

    for c in kids:
        c.name = person(c.sex == "F", adult=False) if rng.random() > 0.01 else ""
        family = c.name.split()[-1] if c.name else None
        c.guardian = person(rng.random() < 0.6, adult=True, family=family) if rng.random() > 0.04 else ""
        c.address = address(c.city) if rng.random() > 0.03 else ""
        c.phone = phone() if rng.random() > 0.08 else ""
