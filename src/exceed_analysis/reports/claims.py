"""Sentences that are true for any data: typed facts that choose their own wording.

Every report sentence that states something about the data (a majority, the most chosen
course, a count, a share of some group, what a kit held) is built here as a small frozen
*fact* from the figures. The fact decides which sentence of the catalogue fits (its
``key``: the templates ``<name>_<key>`` of ``templates/text/<language>.yml``), so that no
Jinja template has to test the data, and it carries every number the sentence states with
the place in ``indicators.json`` it comes from (``source``). ``checking.check`` re-reads those
numbers from the report's figures and tests the sentence's claim with rules written apart
from the choice (:mod:`exceed_analysis.reports.checking`), so a test can check a report claim
by claim. The words facts need (plural forms, partner names) are in
:mod:`exceed_analysis.reports.wording`.

Examples
--------
>>> Split("F", 41, "M", 41).key
'equal'
>>> Split("F", 78, "M", 4).key, Split("F", 56, "M", 44).key
('majority_small', 'majority')
>>> Top({"tata_boga": 4, "komputer": 4, "kecantikan": 1}, of=9).winners
('tata_boga', 'komputer')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exceed_analysis.figures.disclosure import is_hidden

__all__ = [
    "SMALL_SHARE",
    "Split",
    "Top",
    "Count",
    "Share",
    "Parts",
    "Part",
    "Greater",
    "Instead",
    "Kit",
    "KIT_ITEMS",
    "kit_items",
]

SMALL_SHARE = Fraction(1, 4)
"""A group is called small ("kecil", "a small share") only below a quarter of the whole."""


def _n(value) -> int:
    return int(value)


def _shown(*values) -> bool:
    """Whether every value may be stated (none withheld from a public edition)."""
    return not any(is_hidden(v) for v in values)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Split:
    """Two groups making up a whole, such as girls and boys.

    ``key``: ``none`` (nobody), ``withheld`` (a count hidden in a public edition), ``only``
    (one group is everybody), ``equal`` (half and half), ``majority_small`` (one group above
    half, the other below :data:`SMALL_SHARE`) or ``majority`` (above half, the other not
    small). ``major`` is the larger group (the first on a tie)."""

    first: str
    first_n: int
    second: str
    second_n: int
    source: str | None = None

    @property
    def total(self) -> int:
        return _n(self.first_n) + _n(self.second_n)

    @property
    def major(self) -> str:
        return self.second if _n(self.second_n) > _n(self.first_n) else self.first

    @property
    def minor(self) -> str:
        return self.first if self.major == self.second else self.second

    @property
    def major_n(self) -> int:
        return self.second_n if self.major == self.second else self.first_n

    @property
    def minor_n(self) -> int:
        return self.first_n if self.major == self.second else self.second_n

    @property
    def key(self) -> str:
        if self.total == 0:
            return "none"
        if not _shown(self.first_n, self.second_n):
            return "withheld"
        if _n(self.minor_n) == 0:
            return "only"
        if _n(self.major_n) == _n(self.minor_n):
            return "equal"
        if _n(self.minor_n) < SMALL_SHARE * self.total:
            return "majority_small"
        return "majority"

    def numbers(self) -> dict[str, int]:
        return {self.first: _n(self.first_n), self.second: _n(self.second_n)}

    def problems(self) -> list[str]:
        a, b, total = _n(self.major_n), _n(self.minor_n), self.total
        rules = {
            "only": (b == 0 and a == total and total > 0, "says one group is everybody"),
            "equal": (a == b and total > 0, "says the groups are equal"),
            "majority": (2 * a > total and b * 4 >= total, "says a majority without calling the rest small"),
            "majority_small": (
                2 * a > total and 0 < b and b * 4 < total,
                f"says a majority and a small rest (below {SMALL_SHARE})",
            ),
            "none": (total == 0, "says there is nobody"),
            "withheld": (not _shown(self.first_n, self.second_n), "withholds the split"),
        }
        ok, claim = rules[self.key]
        return [] if ok else [f"split {self.major}={a}/{self.minor}={b} {claim}"]


@dataclass(frozen=True)
class Top:
    """The largest categories of a breakdown, every tied category named.

    ``of`` is the number of children the shares are of (the sentence names it when it is
    not the whole caseload). ``key``: ``none`` (no category above zero), ``withheld`` (a
    public edition hides a count that could be the largest), ``one`` or ``tie``. Values
    may be counts or shares (a percentage of a target). ``field``: when the figures at
    ``source`` hold a mapping per category, the value of each is its ``field``."""

    counts: Mapping[str, float]
    of: float | None
    source: str | None = None
    of_source: str | None = None
    field: str | None = None

    @property
    def n(self) -> float:
        return max(self.counts.values(), default=0)

    @property
    def winners(self) -> tuple[str, ...]:
        top = self.n
        return tuple(k for k, v in self.counts.items() if top and v == top)

    @property
    def key(self) -> str:
        if not self.n:
            return "none"
        if is_hidden(self.of) or any(is_hidden(self.counts[k]) for k in self.winners):
            return "withheld"
        if any(is_hidden(v) for v in self.counts.values()):
            # a hidden count might be as large; and naming the largest would tell a reader
            # that every hidden count is smaller, which arithmetic can narrow further
            return "withheld"
        return "tie" if len(self.winners) > 1 else "one"

    def numbers(self) -> dict[str, float]:
        return {str(k): (v if isinstance(v, float) else _n(v)) for k, v in self.counts.items()}

    def stated(self) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        if self.source:
            out.append((self.source + (f".*.{self.field}" if self.field else ""), self.numbers()))
        if self.of_source:
            out.append((self.of_source, self.of))
        return out

    def problems(self) -> list[str]:
        if self.key in ("none", "withheld"):
            return []
        values = list(self.counts.values())
        out = []
        for w in self.winners:
            if self.counts[w] != max(values):
                out.append(f"names {w} as largest but it has {self.counts[w]} of max {max(values)}")
        left = [k for k, v in self.counts.items() if k not in self.winners and v == max(values)]
        if left:
            out.append(f"leaves out tied categories {left}")
        if (self.key == "tie") != (len(self.winners) > 1):
            out.append(f"says {self.key!r} for {len(self.winners)} largest categories")
        if self.of is not None and max(values) > self.of:
            out.append(f"largest count {max(values)} exceeds its denominator {self.of}")
        return out


@dataclass(frozen=True)
class Count:
    """A count the report states. ``key``: ``zero``, ``one`` or ``some`` (so a zero is
    phrased naturally, never "0 kunjungan"), ``withheld`` when hidden."""

    n: int
    source: str | None = None

    @property
    def key(self) -> str:
        if is_hidden(self.n):
            return "withheld"
        return {0: "zero", 1: "one"}.get(_n(self.n), "some")

    def numbers(self) -> dict[str, int]:
        return {"n": _n(self.n)}

    def problems(self) -> list[str]:
        expected = (
            "withheld"
            if is_hidden(self.n)
            else ("zero" if _n(self.n) == 0 else "one" if _n(self.n) == 1 else "some")
        )
        return [] if self.key == expected else [f"count {self.n} phrased as {self.key!r}"]


@dataclass(frozen=True)
class Share:
    """``n`` children out of ``of``: a percentage with its denominator. ``whole`` says
    whether ``of`` is the whole caseload (then the sentence need not name it)."""

    n: int
    of: int
    whole: bool = True
    source: str | None = None
    of_source: str | None = None

    @property
    def key(self) -> str:
        if not _shown(self.n, self.of):
            return "withheld"
        return "of_all" if self.whole else "of_group"

    def numbers(self) -> dict[str, int]:
        return {"n": _n(self.n), "of": _n(self.of)}

    def problems(self) -> list[str]:
        out = []
        if _n(self.n) > _n(self.of):
            out.append(f"share {self.n} of {self.of} exceeds its denominator")
        if _n(self.of) == 0:
            out.append("share of nobody")
        return out


@dataclass(frozen=True)
class Part:
    """One partner's figure in a list: ``n`` of its ``of`` children."""

    code: str
    label: str
    n: int
    of: int


@dataclass(frozen=True)
class Parts:
    """A figure per partner. Partners with none are not listed with a zero: they are
    named apart (``none``) when they had children; ``key`` is ``single`` (a city with one
    partner: no list), ``all_none``, ``some``, ``every`` (every partner served some) or
    ``withheld``. ``of_source``: where each partner's ``of`` comes from."""

    parts: tuple[Part, ...]
    source: str | None = None
    of_source: str | None = None

    @property
    def listed(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if _n(p.n) > 0)

    @property
    def none(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if _n(p.n) == 0 and _n(p.of) > 0)

    @property
    def key(self) -> str:
        if not _shown(*(p.n for p in self.parts), *(p.of for p in self.parts)):
            return "withheld"
        if len(self.parts) == 1:
            return "single"
        if not self.listed:
            return "all_none"
        return "some" if self.none else "every"

    def numbers(self) -> dict[str, int]:
        return {p.code: _n(p.n) for p in self.parts}

    def stated(self) -> list[tuple[str, Any]]:
        out = [(self.source, self.numbers())] if self.source else []
        if self.of_source:
            out.append((self.of_source, {p.code: _n(p.of) for p in self.parts}))
        return out

    def problems(self) -> list[str]:
        out = [f"lists {p.code} with 0" for p in self.listed if _n(p.n) == 0]
        out += [f"{p.code}: {p.n} of {p.of} exceeds its children" for p in self.parts if _n(p.n) > _n(p.of)]
        return out


@dataclass(frozen=True)
class Greater:
    """Whether ``a`` is greater than ``b`` (trafficking victims counselled more often than
    the others; more children in courses than in internships), for ``subject`` children.
    ``key``: ``none`` (no subject), ``withheld``, ``greater`` or ``not_greater``."""

    a: float
    b: float
    subject: int = 1
    a_source: str | None = None
    b_source: str | None = None
    subject_source: str | None = None

    @property
    def key(self) -> str:
        if not _n(self.subject):
            return "none"
        if not _shown(self.a, self.b, self.subject):
            return "withheld"
        return "greater" if self.a > self.b else "not_greater"

    def stated(self) -> list[tuple[str, Any]]:
        pairs = [(self.a_source, self.a), (self.b_source, self.b), (self.subject_source, self.subject)]
        return [(p, v) for p, v in pairs if p]

    def problems(self) -> list[str]:
        if self.key == "greater" and not float(self.a) > float(self.b):
            return [f"says {self.a} > {self.b}"]
        if self.key == "not_greater" and float(self.a) > float(self.b):
            return [f"says {self.a} is not above {self.b}"]
        return []


@dataclass(frozen=True)
class Instead:
    """Partners whose children had no bridging course while another partner's did, and
    who counselled their children instead (the seed: CCC's use of counselling).
    ``bridging`` and ``counselled``: children per partner; ``supported``: beneficiaries
    per partner."""

    bridging: Mapping[str, int]
    counselled: Mapping[str, int]
    supported: Mapping[str, int]

    @property
    def codes(self) -> tuple[str, ...]:
        if not any(_n(v) for v in self.bridging.values()):
            return ()
        return tuple(
            c
            for c in self.supported
            if _n(self.supported[c]) and not _n(self.bridging.get(c, 0)) and _n(self.counselled.get(c, 0))
        )

    @property
    def key(self) -> str:
        if not _shown(*self.bridging.values(), *self.counselled.values()):
            return "none"
        return "some" if self.codes else "none"

    def stated(self) -> list[tuple[str, Any]]:
        return [
            ("education_services_by_partner.bridging_course", {c: _n(v) for c, v in self.bridging.items()}),
            ("counseling.by_partner", {c: _n(v) for c, v in self.counselled.items()}),
        ]

    def problems(self) -> list[str]:
        if self.key == "none":
            return []
        out = [
            f"{c} is said to have had no bridging course but had {self.bridging[c]}"
            for c in self.codes
            if _n(self.bridging.get(c, 0))
        ]
        out += [
            f"{c} is said to have counselled but counselled none"
            for c in self.codes
            if not _n(self.counselled.get(c, 0))
        ]
        if not any(_n(v) for c, v in self.bridging.items() if c not in self.codes):
            out.append("no other partner ran a bridging course")
        return out


KIT_ITEMS = ("toiletries", "sanitary_pads", "school_supplies", "uniforms_books", "other")
"""What a basic-needs kit can hold, in the order a sentence lists it."""

_KIT_DETAILS = {
    "paket perlengkapan mandi dan pembalut": ("toiletries", "sanitary_pads"),
    "perlengkapan mandi": ("toiletries",),
    "perlengkapan sekolah": ("school_supplies",),
    "seragam dan buku": ("uniforms_books",),
}


@dataclass(frozen=True)
class Kit:
    """What the period's basic-needs deliveries held, as the service details name it.
    ``girls_with_pads``: girls among the children given a kit with sanitary pads (the
    pads are only listed when there is one)."""

    items: tuple[str, ...]
    details: tuple[str, ...]
    girls_with_pads: int = 0

    @property
    def key(self) -> str:
        return "items" if self.items else "none"

    def numbers(self) -> dict[str, int]:
        return {"girls_with_pads": _n(self.girls_with_pads)}

    def without_pads(self) -> Kit:
        """The same kit without naming sanitary pads (for a public edition that withholds
        the count of girls)."""
        return Kit(tuple(i for i in self.items if i != "sanitary_pads"), self.details, self.girls_with_pads)

    def problems(self) -> list[str]:
        out = []
        if "sanitary_pads" in self.items and not self.girls_with_pads:
            out.append("lists sanitary pads though no girl received a kit with them")
        named = {i for d in self.details for i in _KIT_DETAILS.get(d.strip().lower(), ("other",))}
        out += [f"lists {i!r} which no delivery names" for i in self.items if i not in named]
        return out


def kit_items(details: Iterable[str], sexes: Iterable[str] | None = None) -> Kit:
    """The contents of the basic-needs deliveries: ``details`` of the service rows and,
    row by row, the sex of the child who received each (``sexes``).

    >>> kit_items(["paket perlengkapan mandi dan pembalut", "perlengkapan sekolah"], ["M", "M"]).items
    ('toiletries', 'school_supplies')
    >>> kit_items(["paket perlengkapan mandi dan pembalut"], ["F"]).items
    ('toiletries', 'sanitary_pads')
    """
    details = [str(d) for d in details]
    sexes = list(sexes) if sexes is not None else ["F"] * len(details)
    found: set[str] = set()
    girls = 0
    for d, s in zip(details, sexes, strict=True):
        items = _KIT_DETAILS.get(d.strip().lower(), ("other",))
        if "sanitary_pads" in items:
            if s == "F":
                girls += 1
            else:
                items = tuple(i for i in items if i != "sanitary_pads")
        found.update(items)
    return Kit(tuple(i for i in KIT_ITEMS if i in found), tuple(sorted(set(details))), girls)
