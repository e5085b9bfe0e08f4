"""The processed store's tables as pandera models (typed columns, no personal data);
intake validates its own output against them before writing, so the analysis library can
trust the store."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame, Series

from exceed_analysis.schemas.columns import (
    ACTIVITIES,
    BENEFICIARY_TYPES,
    FAMILY_CONTACTS,
    SCHOOL_STATUSES,
    SECTORS,
    SERVICES,
    SEXES,
)


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
    source_sheet: Series[str] = pa.Field(nullable=True)
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
    source_sheet: Series[str] = pa.Field(nullable=True)
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


Children = DataFrame[ChildrenStored]
"""A frame of stored children (``data/processed/children``, or rows of it)."""
Services = DataFrame[ServicesStored]
"""A frame of stored services (``data/processed/services``, or rows of it)."""
Activities = DataFrame[ActivitiesStored]
"""A frame of stored activities (``data/processed/activities``, or rows of it)."""


def empty_frame(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``model``."""
    schema = model.to_schema()
    schema.coerce = True
    return schema.validate(pd.DataFrame({c: [] for c in schema.columns}))
