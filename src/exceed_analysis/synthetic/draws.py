"""Seeded random draws and date arithmetic of the synthetic generators: every draw comes
from a ``random.Random`` seeded with a string derived from the seed (byte-for-byte
reproducible output)."""

from __future__ import annotations

import datetime as dt
import math
import random

from exceed_analysis.synthetic.profiles import DAY


def rng(seed: int, name: str) -> random.Random:
    """An independent, reproducible stream per purpose (string seeds hash with SHA-512)."""
    return random.Random(f"exceed-synthetic:{seed}:{name}")


def weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + DAY * rng.randint(0, (end - start).days)


def distinct_dates(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """Up to ``n`` distinct dates in [start, end], sorted."""
    if end < start or n <= 0:
        return []
    span = (end - start).days + 1
    return sorted(start + DAY * k for k in rng.sample(range(span), min(n, span)))


def completed_years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def birth_date(rng: random.Random, intake: dt.date, age: int) -> dt.date:
    """A birth date (never 29 February) giving ``age`` completed years at ``intake``."""
    latest = years_before(intake, age)
    earliest = years_before(intake, age + 1) + DAY
    for _ in range(100):
        born = rand_date(rng, earliest, latest)
        if (born.month, born.day) != (2, 29) and completed_years(born, intake) == age:
            return born
    raise AssertionError(f"no birth date for age {age} at {intake}")


def quarters(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar quarters clipped to [start, end]."""
    out: list[tuple[dt.date, dt.date]] = []
    y, q = start.year, (start.month - 1) // 3
    while True:
        qs = dt.date(y, 3 * q + 1, 1)
        qe = (dt.date(y + 1, 1, 1) if q == 3 else dt.date(y, 3 * q + 4, 1)) - DAY
        if qs > end:
            return out
        out.append((max(qs, start), min(qe, end)))
        y, q = (y + 1, 0) if q == 3 else (y, q + 1)


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    y, m = start.year, start.month
    while dt.date(y, m, 1) <= end:
        ms = dt.date(y, m, 1)
        me = (dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)) - DAY
        out.append((max(ms, start), min(me, end)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def count_for_percent(n: int, pct: int) -> int:
    """The smallest k whose share k/n rounds to ``pct`` (never sitting on a .5 tie)."""
    for k in range(n + 1):
        share = 100 * k / n
        if abs(share - pct) < 0.5:
            return k
    raise AssertionError(f"no count out of {n} rounds to {pct} %")
