"""The types of the figure registry: what a figure is, and the typed figures of a report.

:mod:`exceed_analysis.figures.registry` defines every figure with these types; this module
holds no figure itself and computes nothing, so every stage can import it.

A :class:`Figures` holds the values of one report by figure: a count of children (``int``,
or a :class:`~exceed_analysis.figures.disclosure.Hidden` in a public edition), a number
(``float``: a mean) or a :class:`Breakdown` (counts by category, in the order shown).
``Figures.as_dict()`` nests them by their dotted keys: that is ``indicators.json``.

Examples
--------
>>> b = Breakdown.of({"F": 78, "M": 4})
>>> b["F"], list(b), b.total
(78, ['F', 'M'], 82)
>>> figs = Figures({"beneficiaries.total": 82, "beneficiaries.by_sex": b})
>>> figs.as_dict()
{'beneficiaries': {'total': 82, 'by_sex': {'F': 78, 'M': 4}}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Unit",
    "Breakdown",
    "Value",
    "Figures",
    "Figure",
    "Row",
    "Headline",
    "Disclosure",
    "TOTAL",
    "NOT_A_COUNT",
    "Subset",
    "Partition",
    "PartOf",
    "OwnSum",
]


class Unit(str, Enum):
    """What a figure counts."""

    CHILDREN = "children"
    SESSIONS = "sessions"
    SESSIONS_PER_CHILD = "sessions per child"


@dataclass(frozen=True, eq=False)
class Breakdown(Mapping[str, int]):
    """Counts of children by category, in the order a report shows them (a ``Mapping``:
    it compares equal to a dict with the same items)."""

    cells: tuple[tuple[str, int], ...]
    _index: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", dict(self.cells))

    @classmethod
    def of(cls, counts: Mapping[Any, int] | pd.Series) -> Breakdown:
        """From a mapping (a dict or a pandas Series): keys as strings, values as given."""
        return cls(tuple((str(k), v) for k, v in counts.items()))

    def __getitem__(self, key: str) -> int:
        return self._index[str(key)]

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def total(self) -> int:
        """The sum of the cells (withheld cells keep their value inside the library)."""
        return sum(int(v) for _, v in self.cells)

    def map(self, fn: Callable[[str, int], int]) -> Breakdown:
        """The same categories with ``fn(category, count)`` as counts."""
        return Breakdown(tuple((k, fn(k, v)) for k, v in self.cells))


Value = int | float | Breakdown
"""The value of one figure."""

V = TypeVar("V", int, float, Breakdown)


# --------------------------------------------------------------------------- disclosure groups


class Disclosure:
    """How a figure relates to the others for disclosure control (the additive relations
    a public edition protects, :mod:`exceed_analysis.figures.disclosure`)."""


@dataclass(frozen=True)
class _Fixed(Disclosure):
    name: str


TOTAL = _Fixed("total")
"""The period's beneficiaries: always shown; every other count is checked against it."""

NOT_A_COUNT = _Fixed("not a count of children")
"""Sessions and means: not counts of children, outside disclosure control."""


@dataclass(frozen=True)
class Subset(Disclosure):
    """A count of some of the period's beneficiaries: it and its complement (never shown,
    but the total minus the count) add up to the total."""


@dataclass(frozen=True)
class Partition(Disclosure):
    """Categories that add up to the period's beneficiaries; ``subtotals`` are rows the
    report adds (a subtotal and the other categories also add up to the total)."""

    subtotals: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class PartOf(Disclosure):
    """Categories (a count by partner) that add up to another figure, ``of``."""

    of: str


@dataclass(frozen=True)
class OwnSum(Disclosure):
    """Categories that add up to their own sum, shown as the table's total row."""


# --------------------------------------------------------------------------- a figure


@dataclass(frozen=True)
class Row:
    """Where a report shows a figure: the table (by key) and the row's code there; a
    breakdown with ``code=None`` is a whole table (a row per category)."""

    table: str
    code: str | None = None


@dataclass(frozen=True)
class Headline:
    """A headline figure: on the site's programme page (every city side by side) and in
    ``headlines_by_city``; ``compared`` in a city report's comparison with the previous
    period, ``ranked`` in the programme report's ranking of cities. ``cell`` picks one
    category of a breakdown."""

    name: str
    figure: str
    cell: str | None = None
    compared: bool = False
    ranked: bool = False
    zero_when_missing: bool = False
    label: Mapping[str, str] | None = None

    def label_in(self, figure: Figure, language: str) -> str:
        """Its name in ``language``: its own label (a cell's), else the figure's."""
        return (self.label or figure.label)[language]


@dataclass(frozen=True)
class Figure(Generic[V]):
    """One figure of a city report, defined once.

    ``key`` is its dotted path in ``indicators.json``; ``label`` its name per language
    (data dictionary, site); ``compute`` how it is computed from a city's store for a
    period; ``rows`` where reports show it (``chart``: the chart drawing that table);
    ``disclosure`` its additive relation for the public edition; ``headlines`` when it is
    (or holds) a headline figure; ``description`` its definition for the data dictionary.
    """

    key: str
    label: Mapping[str, str]
    unit: Unit
    compute: Callable[[Any], V]
    disclosure: Disclosure
    description: str
    categories: str | None = None
    rows: tuple[Row, ...] = ()
    chart: str | None = None
    headlines: tuple[Headline, ...] = ()

    @property
    def is_breakdown(self) -> bool:
        return self.categories is not None

    def in_table(self, table: str) -> Row | None:
        return next((r for r in self.rows if r.table == table), None)


# --------------------------------------------------------------------------- the results


@dataclass(frozen=True, eq=False)
class Figures(Mapping[str, Value]):
    """The figures of one report (or period), by key, in the registry's order."""

    data: Mapping[str, Value]

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))

    @overload
    def __getitem__(self, key: Figure[V]) -> V: ...
    @overload
    def __getitem__(self, key: str) -> Value: ...
    def __getitem__(self, key: Any) -> Any:
        return self.data[key.key if isinstance(key, Figure) else key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def count(self, key: str) -> int:
        """A count (a ``Hidden`` in a public edition: it formats as its mark)."""
        value = self.data[key]
        if isinstance(value, (Breakdown, float)):
            raise TypeError(f"figure {key!r} is not a count")
        return value

    def breakdown(self, key: str) -> Breakdown:
        value = self.data[key]
        if not isinstance(value, Breakdown):
            raise TypeError(f"figure {key!r} is not a breakdown")
        return value

    def number(self, key: str) -> float:
        value = self.data[key]
        if isinstance(value, Breakdown):
            raise TypeError(f"figure {key!r} is not a number")
        return value

    def headline(self, h: Headline) -> int:
        """The value of a headline figure (a breakdown's cell, 0 when the cell is absent)."""
        if h.cell is None:
            return self.count(h.figure)
        cells = self.breakdown(h.figure)
        return cells[h.cell] if h.cell in cells else 0

    def updated(self, values: Mapping[str, Value]) -> Figures:
        """A copy with some values replaced."""
        return Figures({**self.data, **values})

    def flat(self) -> dict[str, Value]:
        """Every value by full dotted path (a breakdown's cells as ``key.category``)."""
        out: dict[str, Value] = {}
        for key, value in self.data.items():
            if isinstance(value, Breakdown):
                out.update({f"{key}.{k}": v for k, v in value.items()})
            else:
                out[key] = value
        return out

    def as_dict(self) -> dict[str, Any]:
        """The figures nested by key, as ``indicators.json`` writes them."""
        out: dict[str, Any] = {}
        for key, value in self.data.items():
            *parents, last = key.split(".")
            node = out
            for p in parents:
                node = node.setdefault(p, {})
            node[last] = dict(value.items()) if isinstance(value, Breakdown) else value
        return out
