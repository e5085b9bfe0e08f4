"""The figure registry: every figure of a city report, defined once.

Each :class:`~exceed_analysis.figures.model.Figure` says what it is called in each
language, what it counts, how it is computed from the processed store, which table (and
chart) shows it, how the public edition protects it (its disclosure group) and whether it
is a headline figure. Everything else reads from here: :func:`compute` (the figures of a
report, typed), ``indicators.json`` (``Figures.as_dict()``), the city and programme reports'
tables and headlines, the disclosure groups
(:func:`exceed_analysis.figures.disclosure.report_groups`), the site's programme page and
the indicator table of ``docs/data-dictionary.md``.

To add a figure: define it in :data:`FIGURES` (its position is its place in
``indicators.json`` and in its table), give its table row a label in both text catalogues,
and regenerate the data dictionary's table (``python -m exceed_analysis.figures.dictionary``).

Examples
--------
>>> FIGURE["counseling.children"].label["en"]
'Children counselled'
>>> [h.name for h in HEADLINES if h.ranked]
['beneficiaries', 'counseling', 'health_check', 'skills_course', 'internship']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from exceed_analysis.figures.computations import (
    Beneficiaries,
    CounselingSessions,
    CountBy,
    DatedInPeriod,
    Flag,
    Inputs,
    MeanSessions,
    Served,
    ServedByPartner,
    SkillsCourseTypes,
)
from exceed_analysis.figures.model import (
    NOT_A_COUNT,
    TOTAL,
    Figure,
    Figures,
    Headline,
    OwnSum,
    Partition,
    PartOf,
    Row,
    Subset,
    Unit,
)
from exceed_analysis.figures.terms import HEALTH_SERVICES
from exceed_analysis.periods import Period
from exceed_analysis.schemas import BENEFICIARY_TYPES, SCHOOL_STATUSES, SEXES

if TYPE_CHECKING:  # the definitions import no pandas (see figures.computations)
    import pandas as pd

    from exceed_analysis.schemas import Children, Services

__all__ = [
    "Inputs",
    "FIGURES",
    "FIGURE",
    "TOTAL_KEY",
    "HEADLINES",
    "COMPARED",
    "RANKED",
    "compute",
    "figures_in",
    "row_code",
    "partner_key",
    "partner_breakdown",
    "charted_tables",
    "headlines_by_city",
]


# --------------------------------------------------------------------------- the figures

C = Unit.CHILDREN
SUBSET = Subset()
BY_PARTNER = "partner"


def _label(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


def _by_partner(
    of: str, services: tuple[str, ...], label: dict[str, str], table_code: str | None, key: str | None = None
) -> Figure:
    return Figure(
        key or f"{of.rsplit('.', 1)[0]}.by_partner",
        label,
        C,
        ServedByPartner(services),
        PartOf(of),
        f"`{of}` per partner (every partner of the city listed)",
        categories=BY_PARTNER,
        rows=(Row("partner_services", table_code),) if table_code else (),
        chart="partner_services" if table_code else None,
    )


FIGURES: tuple[Figure, ...] = (
    Figure(
        "beneficiaries.total",
        _label("Penerima manfaat", "Beneficiaries"),
        C,
        Beneficiaries(),
        TOTAL,
        "children with `intake_date <= period end` and no `exit_date` before the period start",
        headlines=(Headline("beneficiaries", "beneficiaries.total", compared=True, ranked=True),),
    ),
    Figure(
        "beneficiaries.by_partner",
        _label("Penerima manfaat per mitra", "Beneficiaries by partner"),
        C,
        CountBy("partner"),
        Partition(),
        "beneficiaries per partner (every partner of the city listed)",
        categories=BY_PARTNER,
    ),
    Figure(
        "beneficiaries.by_sex",
        _label("Penerima manfaat menurut jenis kelamin", "Beneficiaries by sex"),
        C,
        CountBy("sex", SEXES),
        Partition(),
        "beneficiaries by `sex`",
        categories="sex",
        rows=(Row("sex"),),
        chart="sex",
        headlines=(
            Headline(
                "girls",
                "beneficiaries.by_sex",
                "F",
                zero_when_missing=True,
                label=_label("Anak perempuan", "Girls"),
            ),
            Headline(
                "boys",
                "beneficiaries.by_sex",
                "M",
                zero_when_missing=True,
                label=_label("Anak laki-laki", "Boys"),
            ),
        ),
    ),
    Figure(
        "beneficiaries.by_age_at_intake",
        _label("Penerima manfaat menurut usia saat masuk", "Beneficiaries by age at intake"),
        C,
        CountBy("age_at_intake"),
        Partition(),
        "beneficiaries by completed age at intake (the ages present, and always 13 to 17)",
        categories="age_at_intake",
        rows=(Row("age"),),
        chart="age",
    ),
    Figure(
        "beneficiaries.by_beneficiary_type",
        _label("Penerima manfaat: ditarik dan dicegah", "Beneficiaries: withdrawn and prevented"),
        C,
        CountBy("beneficiary_type", BENEFICIARY_TYPES),
        Partition(),
        "beneficiaries by `beneficiary_type`",
        categories="beneficiary_type",
    ),
    Figure(
        "beneficiaries.trafficking_victims",
        _label("Korban perdagangan anak", "Trafficking victims"),
        C,
        Flag("trafficking_victim"),
        SUBSET,
        "beneficiaries recorded as trafficking victims",
    ),
    Figure(
        "beneficiaries.new_intakes",
        _label("Anak baru masuk program", "New intakes"),
        C,
        DatedInPeriod("intake_date"),
        SUBSET,
        "children whose `intake_date` falls in the period",
        headlines=(Headline("new_intakes", "beneficiaries.new_intakes", compared=True),),
    ),
    Figure(
        "beneficiaries.exits",
        _label("Anak keluar dari program", "Exits"),
        C,
        DatedInPeriod("exit_date"),
        SUBSET,
        "children whose `exit_date` falls in the period",
        headlines=(Headline("exits", "beneficiaries.exits", compared=True),),
    ),
    Figure(
        "counseling.children",
        _label("Mendapat konseling", "Children counselled"),
        C,
        Served(("counseling",)),
        SUBSET,
        "beneficiaries with a `counseling` row in the period",
        headlines=(Headline("counseling", "counseling.children", compared=True, ranked=True),),
    ),
    Figure(
        "counseling.sessions",
        _label("Sesi konseling", "Counselling sessions"),
        Unit.SESSIONS,
        CounselingSessions(),
        NOT_A_COUNT,
        "`counseling` rows of the beneficiaries in the period",
    ),
    Figure(
        "counseling.mean_sessions_per_child",
        _label("Rata-rata sesi konseling per anak", "Mean counselling sessions per child"),
        Unit.SESSIONS_PER_CHILD,
        MeanSessions(),
        NOT_A_COUNT,
        "counselling sessions divided by the children counselled (0 when none; unrounded)",
    ),
    Figure(
        "counseling.trafficking_victims_mean_sessions",
        _label(
            "Rata-rata sesi konseling korban perdagangan anak",
            "Mean counselling sessions per trafficking victim",
        ),
        Unit.SESSIONS_PER_CHILD,
        MeanSessions(trafficked=True),
        NOT_A_COUNT,
        "the same mean, for the counselled trafficking victims only",
    ),
    _by_partner(
        "counseling.children",
        ("counseling",),
        _label("Mendapat konseling, per mitra", "Children counselled, by partner"),
        "counseling",
    ),
    Figure(
        "health_check.children",
        _label("Pemeriksaan kesehatan dan IMS", "Health check and STI screening"),
        C,
        Served(HEALTH_SERVICES),
        SUBSET,
        "beneficiaries with a `health_check` or `sti_screening` row in the period",
        headlines=(Headline("health_check", "health_check.children", compared=True, ranked=True),),
    ),
    _by_partner(
        "health_check.children",
        HEALTH_SERVICES,
        _label("Pemeriksaan kesehatan, per mitra", "Health check, by partner"),
        "health_check",
    ),
    Figure(
        "health_check.sti_screening",
        _label("Pemeriksaan IMS", "STI screening"),
        C,
        Served(("sti_screening",)),
        SUBSET,
        "beneficiaries with an `sti_screening` row in the period",
    ),
    Figure(
        "basic_needs.children",
        _label("Pemberian kebutuhan dasar", "Basic needs provided"),
        C,
        Served(("basic_needs",)),
        SUBSET,
        "beneficiaries with a `basic_needs` row in the period",
        headlines=(Headline("basic_needs", "basic_needs.children", compared=True),),
    ),
    _by_partner(
        "basic_needs.children",
        ("basic_needs",),
        _label("Kebutuhan dasar, per mitra", "Basic needs, by partner"),
        "basic_needs",
    ),
    Figure(
        "living_with_family.children",
        _label("Tinggal bersama keluarga", "Living with family"),
        C,
        Flag("lives_with_family"),
        SUBSET,
        "beneficiaries living with their family at intake",
        headlines=(Headline("living_with_family", "living_with_family.children", compared=True),),
    ),
    Figure(
        "reintegration.alternative_care",
        _label("Pengasuhan alternatif", "Alternative care placement"),
        C,
        Served(("alternative_care",)),
        SUBSET,
        "beneficiaries with an `alternative_care` row in the period",
    ),
    _by_partner(
        "reintegration.alternative_care",
        ("alternative_care",),
        _label("Pengasuhan alternatif, per mitra", "Alternative care placement, by partner"),
        "alternative_care",
        key="reintegration.alternative_care_by_partner",
    ),
    Figure(
        "reintegration.family_support",
        _label("Dukungan keluarga", "Family support"),
        C,
        Served(("family_support",)),
        SUBSET,
        "beneficiaries with a `family_support` row in the period",
    ),
    Figure(
        "schooling_at_intake",
        _label("Status pendidikan saat masuk", "Schooling at intake"),
        C,
        CountBy("school_status", SCHOOL_STATUSES),
        Partition(subtotals=(("in_school", ("formal", "kejar_paket")),)),
        "beneficiaries by `school_status` at intake",
        categories="school_status",
        rows=(Row("schooling"),),
        headlines=(
            Headline(
                "not_in_school",
                "schooling_at_intake",
                "not_in_school",
                label=_label("Tidak bersekolah saat masuk", "Not in school at intake"),
            ),
        ),
    ),
    Figure(
        "education_services.bridging_course",
        _label("Bridging course", "Bridging course"),
        C,
        Served(("bridging_course",)),
        SUBSET,
        "beneficiaries with a `bridging_course` row in the period",
        rows=(Row("education", "bridging_course"),),
        headlines=(Headline("bridging_course", "education_services.bridging_course", compared=True),),
    ),
    Figure(
        "education_services.remedial",
        _label("Remedial", "Remedial"),
        C,
        Served(("remedial",)),
        SUBSET,
        "beneficiaries with a `remedial` row in the period",
        rows=(Row("education", "remedial"),),
    ),
    Figure(
        "education_services.skills_course",
        _label("Kursus keterampilan", "Skills course"),
        C,
        Served(("skills_course",)),
        SUBSET,
        "beneficiaries with a `skills_course` row in the period",
        rows=(Row("education", "skills_course"),),
        headlines=(
            Headline("skills_course", "education_services.skills_course", compared=True, ranked=True),
        ),
    ),
    _by_partner(
        "education_services.bridging_course",
        ("bridging_course",),
        _label("Bridging course, per mitra", "Bridging course, by partner"),
        "bridging_course",
        key="education_services_by_partner.bridging_course",
    ),
    _by_partner(
        "education_services.remedial",
        ("remedial",),
        _label("Remedial, per mitra", "Remedial, by partner"),
        None,
        key="education_services_by_partner.remedial",
    ),
    _by_partner(
        "education_services.skills_course",
        ("skills_course",),
        _label("Kursus keterampilan, per mitra", "Skills course, by partner"),
        "skills_course",
        key="education_services_by_partner.skills_course",
    ),
    Figure(
        "skills_course_type",
        _label("Jenis kursus keterampilan", "Skills-course types"),
        C,
        SkillsCourseTypes(),
        OwnSum(),
        "distinct children per skills-course `detail` (the four contract types, then others)",
        categories="skills_course",
        rows=(Row("courses"),),
        chart="courses",
    ),
    Figure(
        "internship.children",
        _label("Magang", "Internship"),
        C,
        Served(("internship",)),
        SUBSET,
        "beneficiaries with an `internship` row in the period",
        headlines=(Headline("internship", "internship.children", compared=True, ranked=True),),
    ),
    _by_partner(
        "internship.children",
        ("internship",),
        _label("Magang, per mitra", "Internship, by partner"),
        "internship",
    ),
)
"""Every figure of a city report, in the order of ``indicators.json``."""

FIGURE: dict[str, Figure] = {f.key: f for f in FIGURES}
"""The figures by key."""

TOTAL_KEY: str = next(f.key for f in FIGURES if f.disclosure is TOTAL)
"""The period's beneficiaries, the figure every percentage and disclosure group refers to."""

HEADLINES: tuple[Headline, ...] = tuple(h for f in FIGURES for h in f.headlines)
"""The headline figures, in order: the site's programme page shows them all."""

COMPARED: tuple[Headline, ...] = tuple(h for h in HEADLINES if h.compared)
"""Headlines a quarterly or half-year city report compares with the previous period."""

RANKED: tuple[Headline, ...] = tuple(h for h in HEADLINES if h.ranked)
"""Headlines the programme report ranks the cities by."""


def figures_in(table: str) -> list[Figure]:
    """The figures a table shows, in order."""
    return [f for f in FIGURES if f.in_table(table) is not None]


def row_code(figure: Figure, table: str) -> str:
    """The code of ``figure``'s row in ``table``."""
    row = figure.in_table(table)
    if row is None or row.code is None:
        raise KeyError(f"figure {figure.key!r} has no row of its own in table {table!r}")
    return row.code


def partner_key(key: str) -> str:
    """The key of the by-partner breakdown of the count ``key``."""
    part = partner_breakdown(key)
    if part is None:
        raise KeyError(f"figure {key!r} has no breakdown by partner")
    return part.key


def partner_breakdown(key: str) -> Figure | None:
    """The by-partner breakdown of the count ``key``, if it has one."""
    return next((f for f in FIGURES if isinstance(f.disclosure, PartOf) and f.disclosure.of == key), None)


def charted_tables() -> tuple[str, ...]:
    """Tables drawn as a chart beside them."""
    return tuple(dict.fromkeys(f.chart for f in FIGURES if f.chart))


def compute(children: Children, services: Services, period: Period, partners: Sequence[str]) -> Figures:
    """Every figure of :data:`FIGURES` for one city (its children and services) and
    period; ``partners`` are listed in each by-partner breakdown."""
    return Inputs(children, services, period, tuple(partners)).compute(FIGURES)


def headlines_by_city(children: Children, services: Services, period: Period) -> pd.DataFrame:
    """The headline figures (:data:`HEADLINES`) of every city in one pass over the whole
    store: one row per city, one column per headline, the numbers :func:`compute` gives
    city by city.

    Examples
    --------
    >>> import pandas as pd
    >>> from exceed_analysis.periods import parse_period
    >>> kids = pd.DataFrame({"city": ["a", "a", "b"], "partner": ["P", "P", "Q"],
    ...     "child_id": ["1", "2", "1"], "sex": ["F", "M", "F"], "school_status": "formal",
    ...     "intake_date": pd.to_datetime(["2010-05-01"] * 3), "exit_date": pd.NaT,
    ...     "lives_with_family": [True, False, True]})
    >>> svc = pd.DataFrame({"city": ["a"], "partner": ["P"], "child_id": ["2"],
    ...     "date": pd.to_datetime(["2010-06-01"]), "service": ["counseling"]})
    >>> table = headlines_by_city(kids, svc, parse_period("2010"))
    >>> table[["beneficiaries", "girls", "counseling"]].to_dict("index")
    {'a': {'beneficiaries': 2, 'girls': 1, 'counseling': 1}, 'b': {'beneficiaries': 1, 'girls': 1, 'counseling': 0}}
    """
    import pandas as pd

    from exceed_analysis.figures import indicators as ind

    key = ["city", *ind.KEY]
    ben = ind.beneficiaries(children, period)
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    svc = services.loc[(services["date"] >= start) & (services["date"] <= end), key + ["service"]]
    svc = svc.merge(ben[key], on=key)  # only the period's beneficiaries
    out = pd.DataFrame(index=pd.Index(sorted(children["city"].unique()), name="city"))
    for h in HEADLINES:
        how = FIGURE[h.figure].compute
        out[h.name] = how.by_city(ben, svc, children, period, h.cell)  # type: ignore[attr-defined]
    return out.fillna(0).astype("int64")
