"""The data contract as code: codes, aliases and pandera schemas.

Two layers:

* ``*Input`` models check a partner file after light normalisation (cells stripped, codes
  lower-cased, aliases mapped); every cell is still text, so a failure can quote the value.
  They are validated with ``lazy=True`` so that every problem is reported at once.
* ``*Stored`` models describe the processed store (typed columns); intake validates its own
  output against them before writing, so the analysis library can trust the store.

See ``docs/data-dictionary.md`` for the contract these implement.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

__all__ = [
    "PERSONAL_DATA_COLUMNS",
    "SEXES",
    "SECTORS",
    "BENEFICIARY_TYPES",
    "SCHOOL_STATUSES",
    "FAMILY_CONTACTS",
    "SERVICES",
    "SKILLS_COURSES",
    "ACTIVITIES",
    "CHILDREN_COLUMNS",
    "SERVICES_COLUMNS",
    "ACTIVITIES_COLUMNS",
    "ChildrenInput",
    "ServicesInput",
    "ActivitiesInput",
    "ChildrenStored",
    "ServicesStored",
    "ActivitiesStored",
    "empty_frame",
]

PERSONAL_DATA_COLUMNS = ("name", "guardian_name", "address", "phone")
"""Dropped at intake: never stored in data/processed/ nor shown in any output."""

SEXES = ("F", "M")
SEX_ALIASES = {"P": "F", "L": "M"}
SECTORS = ("eska", "prta", "anak_jalanan_perempuan", "perkebunan")
BENEFICIARY_TYPES = ("withdrawn", "prevented")
SCHOOL_STATUSES = ("formal", "kejar_paket", "not_in_school")
YES_NO = ("yes", "no")
FAMILY_CONTACTS = ("daily", "periodic", "never", "unknown")
SERVICES = (
    "counseling",
    "health_check",
    "sti_screening",
    "basic_needs",
    "bridging_course",
    "remedial",
    "skills_course",
    "internship",
    "alternative_care",
    "family_support",
)
SKILLS_COURSES = ("tata_boga", "komputer", "tata_busana", "kecantikan")
ACTIVITIES = (
    "outreach",
    "awareness",
    "community_dialogue",
    "radio",
    "task_force_meeting",
    "field_visit",
    "training",
)

CHILDREN_COLUMNS = (
    "child_id", "sex", "birth_date", "age_at_intake", "sector", "beneficiary_type",
    "intake_date", "exit_date", "school_status", "lives_with_family", "family_contact",
    "trafficking_victim",
)  # fmt: skip
CHILDREN_REQUIRED = ("child_id", "sex", "sector", "intake_date", "school_status",
                     "lives_with_family")  # fmt: skip
SERVICES_COLUMNS = ("child_id", "date", "service", "detail")
SERVICES_REQUIRED = ("child_id", "date", "service")
ACTIVITIES_COLUMNS = ("date", "partner", "activity", "participants", "description")
ACTIVITIES_REQUIRED = ("date", "activity")

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
WHOLE_NUMBER = r"^\d+$"


def _codes(values: tuple[str, ...]) -> str:
    return ", ".join(values)


class ChildrenInput(pa.DataFrameModel):
    """children.csv after normalisation; every value is text."""

    child_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    sex: Series[str] = pa.Field(isin=SEXES)
    birth_date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    age_at_intake: Series[str] = pa.Field(nullable=True, str_matches=WHOLE_NUMBER)
    sector: Series[str] = pa.Field(isin=SECTORS)
    beneficiary_type: Series[str] = pa.Field(isin=BENEFICIARY_TYPES)
    intake_date: Series[str] = pa.Field(str_matches=ISO_DATE)
    exit_date: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    school_status: Series[str] = pa.Field(isin=SCHOOL_STATUSES)
    lives_with_family: Series[str] = pa.Field(isin=YES_NO)
    family_contact: Series[str] = pa.Field(isin=FAMILY_CONTACTS)
    trafficking_victim: Series[str] = pa.Field(isin=YES_NO)

    class Config:
        strict = True
        coerce = False


class ServicesInput(pa.DataFrameModel):
    """services.csv after normalisation."""

    child_id: Series[str] = pa.Field(str_length={"min_value": 1})
    date: Series[str] = pa.Field(str_matches=ISO_DATE)
    service: Series[str] = pa.Field(isin=SERVICES)
    detail: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True


class ActivitiesInput(pa.DataFrameModel):
    """activities/<city>.csv after normalisation."""

    date: Series[str] = pa.Field(str_matches=ISO_DATE)
    partner: Series[str] = pa.Field(nullable=True)
    activity: Series[str] = pa.Field(isin=ACTIVITIES)
    participants: Series[str] = pa.Field(nullable=True, str_matches=WHOLE_NUMBER)
    description: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True


class ChildrenStored(pa.DataFrameModel):
    """data/processed/children: one row per child, typed, no personal data."""

    city: Series[str] = pa.Field()
    partner: Series[str] = pa.Field()
    child_id: Series[str] = pa.Field()
    sex: Series[str] = pa.Field(isin=SEXES)
    age_at_intake: Series[int] = pa.Field(ge=0, le=30)
    sector: Series[str] = pa.Field(isin=SECTORS)
    beneficiary_type: Series[str] = pa.Field(isin=BENEFICIARY_TYPES)
    intake_date: Series[pa.DateTime] = pa.Field()
    exit_date: Series[pa.DateTime] = pa.Field(nullable=True)
    school_status: Series[str] = pa.Field(isin=SCHOOL_STATUSES)
    lives_with_family: Series[bool] = pa.Field()
    family_contact: Series[str] = pa.Field(isin=FAMILY_CONTACTS)
    trafficking_victim: Series[bool] = pa.Field()
    source_file: Series[str] = pa.Field()
    source_row: Series[int] = pa.Field(ge=2)

    class Config:
        strict = True

    @pa.dataframe_check(error="child_id must be unique within a partner")
    def unique_per_partner(cls, df):
        return ~df.duplicated(["city", "partner", "child_id"], keep=False)


class ServicesStored(pa.DataFrameModel):
    """data/processed/services: one row per session or delivery."""

    city: Series[str] = pa.Field()
    partner: Series[str] = pa.Field()
    child_id: Series[str] = pa.Field()
    date: Series[pa.DateTime] = pa.Field()
    service: Series[str] = pa.Field(isin=SERVICES)
    detail: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field()
    source_row: Series[int] = pa.Field(ge=2)

    class Config:
        strict = True


class ActivitiesStored(pa.DataFrameModel):
    """data/processed/activities: community and government-level activities."""

    city: Series[str] = pa.Field()
    date: Series[pa.DateTime] = pa.Field()
    partner: Series[str] = pa.Field(nullable=True)
    activity: Series[str] = pa.Field(isin=ACTIVITIES)
    participants: Series[float] = pa.Field(nullable=True, ge=0)
    description: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field()
    source_row: Series[int] = pa.Field(ge=2)

    class Config:
        strict = True


def empty_frame(model: type[pa.DataFrameModel]) -> "pd.DataFrame":
    """An empty DataFrame with the columns and dtypes of ``model``."""
    import pandas as pd

    schema = model.to_schema()
    schema.coerce = True
    return schema.validate(pd.DataFrame({c: [] for c in schema.columns}))


RULE_TEXT = {
    "isin": "must be one of: {allowed}",
    "str_matches": "{pattern_text}",
    "field_uniqueness": "must be unique within the file (duplicate child_id)",
    "not_nullable": "is required but empty",
    "column_in_dataframe": "required column is missing",
    "str_length": "must not be empty",
}


def allowed_codes(model: type[pa.DataFrameModel], column: str) -> tuple[str, ...]:
    """The codes a column of an input model accepts (empty tuple for free columns)."""
    field = model.to_schema().columns[column]
    for check in field.checks:
        allowed = check.statistics.get("allowed_values")
        if allowed is not None:
            return tuple(sorted(allowed))
    return ()
