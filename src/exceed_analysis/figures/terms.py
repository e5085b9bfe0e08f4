"""The terms the indicators are defined in, as plain constants: importing them costs nothing
(no pandas), so that the figures' definitions (:mod:`~exceed_analysis.figures.registry`)
can be read by what only shows figures, such as the reviewers' site."""

from __future__ import annotations

__all__ = ["KEY", "HEALTH_SERVICES", "EDUCATION_SERVICES", "REPORT_AGES"]

KEY = ["partner", "child_id"]
"""The columns that identify a child: child_ids are unique within a partner only."""

HEALTH_SERVICES = ("health_check", "sti_screening")
EDUCATION_SERVICES = ("bridging_course", "remedial", "skills_course")
REPORT_AGES = range(13, 18)
"""Ages always shown in the age table (the seed's 13 to 17), even when empty."""
