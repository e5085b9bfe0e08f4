"""The data contract as code: codes, aliases, rule texts and pandera schemas.

Two layers:

* The input side is declarative: the columns of each partner table and their codes
  (:mod:`~exceed_analysis.schemas.columns`), the header aliases (Indonesian headers such as
  ``jenis_kelamin``; :mod:`~exceed_analysis.schemas.headers`), the aliases of each coded
  column's codes (``P``/``L``, ``ya``/``tidak``, ``tidak sekolah``, ...;
  :mod:`~exceed_analysis.schemas.codes`), the accepted date formats and :data:`RULES`, every
  rule in plain Indonesian and English (:mod:`~exceed_analysis.schemas.rules`). ``intake``
  checks partner files against these with vectorised pandas code, reporting every problem at
  once.
* ``*Stored`` models describe the processed store (typed columns;
  :mod:`~exceed_analysis.schemas.stored`); intake validates its own output against them
  before writing, so the analysis library can trust the store.

Import every name from ``exceed_analysis.schemas``; the submodules only divide the file
(the stored models, and pandera with them, are imported when first asked for).
See ``docs/data-dictionary.md`` for the contract these implement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from exceed_analysis.schemas.codes import (
    CODE_ALIASES,
    CODE_DEFAULTS,
    COLUMN_CODES,
    YES_NO_ALIASES,
    code_key,
    code_map,
)
from exceed_analysis.schemas.columns import (
    ACTIVITIES,
    ACTIVITIES_COLUMNS,
    ACTIVITIES_REQUIRED,
    BENEFICIARY_TYPES,
    CHILDREN_COLUMNS,
    CHILDREN_DATES,
    CHILDREN_REQUIRED,
    DATE_FORMATS,
    FAMILY_CONTACTS,
    PERSONAL_DATA_COLUMNS,
    SCHOOL_STATUSES,
    SECTORS,
    SERVICES,
    SERVICES_COLUMNS,
    SERVICES_DATES,
    SERVICES_REQUIRED,
    SEX_ALIASES,
    SEXES,
    SKILLS_COURSES,
    YES_NO,
)
from exceed_analysis.schemas.headers import (
    HEADER_ALIASES,
    PERSONAL_DATA_ALIASES,
    header_key,
    header_map,
)
from exceed_analysis.schemas.rules import (
    RULES,
    rule_text,
)

if TYPE_CHECKING:
    from exceed_analysis.schemas.stored import (
        Activities,
        ActivitiesStored,
        Children,
        ChildrenStored,
        Services,
        ServicesStored,
        empty_frame,
    )

_STORED = frozenset(
    {
        "Activities",
        "ActivitiesStored",
        "Children",
        "ChildrenStored",
        "Services",
        "ServicesStored",
        "empty_frame",
    }
)
"""The names of :mod:`~exceed_analysis.schemas.stored`, which imports pandera (and pandas): it
is imported when one of them is first asked for, so that the codes and columns alone cost
nothing to import."""


def __getattr__(name: str) -> Any:
    if name in _STORED:
        from exceed_analysis.schemas import stored

        return getattr(stored, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "PERSONAL_DATA_COLUMNS",
    "SEXES",
    "SEX_ALIASES",
    "SECTORS",
    "BENEFICIARY_TYPES",
    "SCHOOL_STATUSES",
    "YES_NO",
    "FAMILY_CONTACTS",
    "SERVICES",
    "SKILLS_COURSES",
    "ACTIVITIES",
    "CHILDREN_COLUMNS",
    "CHILDREN_REQUIRED",
    "SERVICES_COLUMNS",
    "SERVICES_REQUIRED",
    "ACTIVITIES_COLUMNS",
    "ACTIVITIES_REQUIRED",
    "PERSONAL_DATA_ALIASES",
    "HEADER_ALIASES",
    "header_key",
    "code_key",
    "YES_NO_ALIASES",
    "CODE_ALIASES",
    "COLUMN_CODES",
    "CODE_DEFAULTS",
    "CHILDREN_DATES",
    "SERVICES_DATES",
    "DATE_FORMATS",
    "code_map",
    "header_map",
    "ChildrenStored",
    "ServicesStored",
    "ActivitiesStored",
    "Children",
    "Services",
    "Activities",
    "empty_frame",
    "RULES",
    "rule_text",
]
