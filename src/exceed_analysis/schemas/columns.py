"""The contract's columns and codes: what each partner table holds, which columns are
required, which are dates, and the codes of each coded column (as stored)."""

from __future__ import annotations

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

CHILDREN_DATES = ("birth_date", "intake_date", "exit_date")
SERVICES_DATES = ("date",)

DATE_FORMATS = ("YYYY-MM-DD", "DD/MM/YYYY", "DD-MM-YYYY")
"""Accepted ways of writing a date in a text cell (day first, never month first); date cells of
a workbook and Excel serial day numbers (e.g. 40299 = 2010-05-01) are accepted too."""
