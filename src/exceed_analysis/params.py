"""A report's parameters in one place: languages, editions, periods, and their CLI choices.

Every module that accepts a language, an edition or a period checks it here, so a new
language or edition is added once (with its text catalogues).

Examples
--------
>>> check_language("en"), check_edition("public")
('en', 'public')
>>> edition_prefix("en", "public"), edition_prefix("id", "internal")
('public/en', '')
>>> period_argument("2010Q3").name
'2010Q3'
>>> check_public_period(period_argument("2010H2"), "public").name
'2010H2'
"""

from __future__ import annotations

from exceed_analysis.errors import ParameterError
from exceed_analysis.periods import Period, PeriodError, parse_period

__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "EDITIONS",
    "DEFAULT_EDITION",
    "PUBLIC",
    "LANGUAGE_HELP",
    "EDITION_HELP",
    "PERIOD_HELP",
    "check_language",
    "check_edition",
    "edition_prefix",
    "period_argument",
    "check_public_period",
]

LANGUAGES: tuple[str, ...] = ("id", "en")
"""Report languages (each has ``templates/text/<language>.yml`` and ``programme-<language>.yml``)."""

DEFAULT_LANGUAGE = "id"

EDITIONS: tuple[str, ...] = ("internal", "public")
"""Report editions: ``public`` withholds counts of 1 to 4 and those that would reveal them."""

DEFAULT_EDITION = "internal"
PUBLIC = "public"

LANGUAGE_HELP = "report language"
EDITION_HELP = "public: counts of 1-4 shown as < 5, with secondary suppression"
PERIOD_HELP = "2010, 2010H2, 2010Q3 or 2010-05-01..2010-12-31"


def check_language(language: str) -> str:
    """``language`` when it is one of :data:`LANGUAGES`, else a one-line :class:`ParameterError`."""
    if language not in LANGUAGES:
        raise ParameterError(f"unknown language {language!r}; valid languages: {', '.join(LANGUAGES)}")
    return language


def check_edition(edition: str) -> str:
    """``edition`` when it is one of :data:`EDITIONS`, else a one-line :class:`ParameterError`."""
    if edition not in EDITIONS:
        raise ParameterError(f"unknown edition {edition!r}; valid editions: {', '.join(EDITIONS)}")
    return edition


def edition_prefix(language: str = DEFAULT_LANGUAGE, edition: str = DEFAULT_EDITION) -> str:
    """The folder (under ``outputs/``, POSIX style, empty for the internal Indonesian
    edition) that holds a language's and edition's reports: ``public/`` first, then the
    language (``public/en``)."""
    parts = ([PUBLIC] if check_edition(edition) == PUBLIC else []) + (
        [language] if check_language(language) != DEFAULT_LANGUAGE else []
    )
    return "/".join(parts)


def period_argument(period: str) -> Period:
    """A period as a parameter: :func:`exceed_analysis.periods.parse_period`, with a
    malformed period as a one-line :class:`ParameterError` naming the accepted forms."""
    try:
        return parse_period(period)
    except PeriodError as exc:
        raise ParameterError(str(exc)) from None


def check_public_period(period: Period, edition: str) -> Period:
    """``period`` when ``edition`` may show it, else a one-line :class:`ParameterError`.

    A public edition is protected together with every quarter, half-year and year of its
    city (:mod:`exceed_analysis.figures.suppression`), so that no hidden count can be worked
    out by comparing overlapping periods. A date range (``2010-05-01..2010-12-31``) is not
    one of them: its counts minus those of the quarters it overlaps could give a hidden count
    back, so a public edition of a date range is refused (the internal edition is not)."""
    if edition == PUBLIC and period.kind == "range":
        raise ParameterError(
            f"a public edition is made only for a quarter, half-year or year (like 2010Q3, "
            f"2010H2 or 2010), not for the date range {period.name}: use --edition internal"
        )
    return period
