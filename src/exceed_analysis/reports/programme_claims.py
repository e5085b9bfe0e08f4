"""The facts of the programme report: one per data-driven sentence, each choosing its own
wording and checkable against the report's figures.

:func:`programme_facts` adds to the facts of
:func:`exceed_analysis.reports.facts.programme_facts` (beneficiaries, girls, the largest
city and age group, education, the best and worst share of the target) those of the other
sections: the quarterly trend (:class:`Trend`), the cities where the programme had not yet
started (:class:`NotStarted`), the cities ranked first on each headline figure (a
:class:`~exceed_analysis.reports.claims.Top` each, every tied city named), the cumulative
children against the targets and the family-contact baseline (:class:`ContactShares`).
:func:`exceed_analysis.reports.facts.check_all` checks them all, claim by claim.

Examples
--------
>>> Trend((10, 30, 20)).key, Trend((10, 30, 20)).peak_key
('rise', 'inside')
>>> Trend((0, 0)).key, Trend((5,)).key, Trend((0, 4)).key, Trend((7, 7, 7)).peak_key
('none', 'single', 'rise_from_zero', 'none')
>>> NotStarted(("Sambas",), ("Lampung",)).key
'some'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from exceed_analysis.figures.disclosure import is_hidden
from exceed_analysis.figures.registry import RANKED
from exceed_analysis.reports import facts as city_facts_module
from exceed_analysis.reports.claims import Count, Top

__all__ = ["BASELINE_CONTACTS", "ContactShares", "NotStarted", "Trend", "programme_facts"]

BASELINE_CONTACTS = ("daily", "periodic", "never")
"""The family contacts the baseline sentence states (``unknown`` only in the table)."""


@dataclass(frozen=True)
class Trend:
    """The children served in each quarter since the programme start.

    ``key``: ``none`` (no child in any quarter), ``single`` (one quarter only), ``same``
    (the last quarter as the first), ``zero_at_both_ends`` (no child in the first and the
    last quarter, some between), ``rise`` / ``fall`` (last above / below first),
    ``rise_from_zero`` (no child in the first quarter) or ``fall_to_zero`` (none in the
    last). ``peak_key``: ``inside`` when the largest quarter (the latest of equal ones) is
    not the last and above it, else ``none``."""

    totals: tuple[int, ...]
    source: str | None = "trend.total"

    @property
    def first(self) -> int:
        return int(self.totals[0]) if self.totals else 0

    @property
    def last(self) -> int:
        return int(self.totals[-1]) if self.totals else 0

    @property
    def peak_index(self) -> int:
        t = self.totals
        return max(range(len(t)), key=lambda i: (int(t[i]), i)) if t else 0

    @property
    def peak(self) -> int:
        return int(self.totals[self.peak_index]) if self.totals else 0

    @property
    def key(self) -> str:
        if not any(int(v) for v in self.totals):
            return "none"
        if len(self.totals) == 1:
            return "single"
        if self.first == self.last:
            return "same" if self.last else "zero_at_both_ends"
        if self.first == 0:
            return "rise_from_zero"
        if self.last == 0:
            return "fall_to_zero"
        return "rise" if self.last > self.first else "fall"

    @property
    def peak_key(self) -> str:
        if self.key in ("none", "single") or self.peak_index == len(self.totals) - 1:
            return "none"
        return "inside" if self.peak > self.last else "none"

    def stated(self) -> list[tuple[str, Any]]:
        return [(self.source, [int(v) for v in self.totals])] if self.source else []

    def problems(self) -> list[str]:
        t = [int(v) for v in self.totals]
        first, last = (t[0], t[-1]) if t else (0, 0)
        rules = {
            "none": not any(t),
            "single": len(t) == 1 and last > 0,
            "same": len(t) > 1 and first == last > 0,
            "zero_at_both_ends": len(t) > 1 and first == last == 0 and any(t),
            "rise": 0 < first < last,
            "fall": first > last > 0,
            "rise_from_zero": first == 0 < last,
            "fall_to_zero": last == 0 < first,
        }
        out = [] if rules[self.key] else [f"trend {t} said to {self.key!r}"]
        if self.peak_key == "inside":
            i = self.peak_index
            if t[i] != max(t) or t[i] <= last or i == len(t) - 1:
                out.append(f"quarter {i + 1} ({t[i]}) called the peak of {t}")
        return out


@dataclass(frozen=True)
class NotStarted:
    """The registry's cities where the programme had not started by the period's end."""

    names: tuple[str, ...]
    started: tuple[str, ...]

    @property
    def key(self) -> str:
        return "some" if self.names else "none"

    def stated(self) -> list[tuple[str, Any]]:
        return []

    def problems(self) -> list[str]:
        both = set(self.names) & set(self.started)
        return [f"says the programme had not started in {sorted(both)}, which it covers"] if both else []


@dataclass(frozen=True)
class ContactShares:
    """One group's family contact at intake, as whole percentages of its ``children``:
    the sentence names every share above zero that is shown (``key`` ``none`` when the
    group has no child)."""

    group: str
    percent: Mapping[str, int]
    children: int
    source: str | None = None

    @property
    def key(self) -> str:
        return "none" if not int(self.children) else "some"

    @property
    def stated_shares(self) -> dict[str, int]:
        """The shares the sentence states: above zero, not withheld, in the table's order."""
        return {
            c: int(self.percent[c])
            for c in BASELINE_CONTACTS
            if not is_hidden(self.percent[c]) and int(self.percent[c])
        }

    def stated(self) -> list[tuple[str, Any]]:
        return [(self.source, self.stated_shares)] if self.source else []

    def problems(self) -> list[str]:
        out = []
        if self.key == "none" and any(int(v) for v in self.percent.values()):
            out.append(f"{self.group}: no child said, but shares {dict(self.percent)}")
        if any(not 0 < v <= 100 for v in self.stated_shares.values()):
            out.append(f"{self.group}: a share out of range in {self.stated_shares}")
        return out


def _value(figures: Mapping, slug: str, name: str):
    city = figures["cities"][slug]
    return city["beneficiaries"]["total"] if name == "beneficiaries" else city[name]["children"]


def programme_facts(figures: Mapping, registry_names: Mapping[str, str] | None = None) -> dict:
    """Every fact of the programme report, by name, from its figures (its
    ``indicators.json`` as a dict, or the public edition's). ``registry_names``: every
    city of the registry (slug to name), for the cities not yet started."""
    facts = dict(city_facts_module.programme_facts(figures))
    cum = figures["cumulative"]
    included = tuple(figures["cities_included"])
    names = dict(registry_names or {})
    facts.update(
        {
            "not_started": NotStarted(
                tuple(n for s, n in names.items() if s not in included),
                tuple(names.get(s, s) for s in included),
            ),
            "trend": Trend(tuple(figures["trend"]["total"])),
            "leaders": {
                h.name: Top(
                    {s: _value(figures, s, h.name) for s in included},
                    None,
                    "cities",
                    field="beneficiaries.total" if h.name == "beneficiaries" else f"{h.name}.children",
                )
                for h in RANKED
            },
            "cumulative": {
                t: Count(cum[t]["children"], f"cumulative.{t}.children") for t in ("withdrawn", "prevented")
            },
            "baseline": {
                s: ContactShares(
                    s,
                    row["percent"],
                    row["children"],
                    f"baseline_family_contact.by_sector.{s}.percent",
                )
                for s, row in figures["baseline_family_contact"]["by_sector"].items()
            },
        }
    )
    return facts
