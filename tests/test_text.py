"""The text catalogues: every language says everything, and says it in its own formats."""

import datetime as dt

import pytest

from exceed_analysis.periods import parse_period
from exceed_analysis.schemas import ACTIVITIES, SCHOOL_STATUSES, SEXES, SKILLS_COURSES
from exceed_analysis.reports.text import LANGUAGES, catalogue


def keys(d: dict, prefix: str = "") -> set[str]:
    out = set()
    for k, v in d.items():
        out.add(prefix + str(k))
        if isinstance(v, dict) and k not in ("glossary", "nouns"):
            out |= keys(v, f"{prefix}{k}.")
    return out


def test_catalogues_have_the_same_keys():
    base = keys(catalogue("id").data)
    for lang in LANGUAGES:
        assert keys(catalogue(lang).data) == base, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_has_a_label(lang):
    cat = catalogue(lang)
    for group, codes in [("sex", SEXES), ("school_status", SCHOOL_STATUSES),
                         ("skills_course", SKILLS_COURSES), ("activity", ACTIVITIES)]:
        for code in codes:
            assert cat.label(group, code) != code, (lang, group, code)


def test_every_noun_has_the_plural_forms_of_its_language():
    from babel import Locale

    for lang in LANGUAGES:
        nouns = catalogue(lang).data["nouns"]
        assert set(nouns) == set(catalogue("id").data["nouns"]), lang
        needed = {Locale.parse(lang).plural_form(n) for n in range(0, 200)}
        for noun, forms in nouns.items():
            assert needed <= set(forms), (lang, noun, needed - set(forms))
            assert all("{n}" in f for f in forms.values()), (lang, noun)


def test_counted_nouns_follow_plural_rules():
    en, id_ = catalogue("en"), catalogue("id")
    assert en.count_of(1, "child") == "1 child"
    assert en.count_of(0, "child") == "0 children"
    assert en.count_of(2, "child") == "2 children"
    assert en.count_of(1234, "family") == "1,234 families"
    assert id_.count_of(1, "child") == "1 anak" and id_.count_of(2, "child") == "2 anak"
    assert str(en.render_string("{{ n | count_of('field_visit') }}", n=1)) == "1 field visit"


def test_formats_follow_the_language():
    assert catalogue("id").pct(49, 82) == "59,76 %"
    assert catalogue("en").pct(49, 82) == "59.76 %"
    assert catalogue("id").count(1234) == "1.234"
    assert catalogue("en").count(1234) == "1,234"
    assert catalogue("en").date(dt.date(2011, 1, 25)) == "25 January 2011"
    assert catalogue("en").join(["a", "b", "c"]) == "a, b and c"
    assert parse_period("2010").clip_start(dt.date(2010, 5, 1)).months_label("en") == "May - December 2010"


def test_values_are_escaped_in_sentences():
    out = catalogue("en").render_string("{{ x }}", x="<b>&")
    assert str(out) == "&lt;b&gt;&amp;"


def test_english_glossary_names_programme_terms():
    glossary = catalogue("en").data["glossary"]
    assert {"ESKA", "PRTA", "kejar paket"} <= set(glossary)


@pytest.mark.parametrize("language", ["id", "en"])
def test_page_titles_are_the_catalogues_phrases(language):
    """The batch names pages from the phrases alone (no data libraries): the same words."""
    import subprocess
    import sys

    from exceed_analysis.reports.page_titles import page_title
    from exceed_analysis.reports.programme import programme_catalogue

    city = catalogue(language).phrase("html_title").format(city="Sambas", months="Q4")
    assert page_title(language, "Q4", city="Sambas") == city
    programme = f"{programme_catalogue(language).phrase('report_title')}: Q4"
    assert page_title(language, "Q4") == programme
    # and it does not import pandas (what the batch's workers are spared)
    probe = "import sys, exceed_analysis.reports.page_titles as t; t.page_title('id', 'x'); print('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip() == "False"
