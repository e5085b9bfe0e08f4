"""Staff narratives: sections, escaping, missing sections, translations, broken front matter."""

import pytest

from exceed_analysis.errors import NarrativeError
from exceed_analysis.reports.narrative import load_narrative, parse_narrative

TEXT = """---
author: Program Officer
place: Bandar Lampung
date: 2011-01-25
---
## Kendala dan hambatan
1. Satu & <dua>

## Rekomendasi
Lakukan <script>alert(1)</script> sesuatu.
"""


def test_sections_are_parsed_and_escaped():
    n = parse_narrative(TEXT)
    assert n.meta["place"] == "Bandar Lampung"
    assert "Satu &amp; &lt;dua&gt;" in n.section_html("kendala")
    assert "<script>" not in n.section_html("rekomendasi")
    assert n.section_html("penutup") is None


def test_translation_used_when_present(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "2010.md").write_text(TEXT, encoding="utf-8")
    assert load_narrative(tmp_path, "x", "2010", "en").language == "id"
    (tmp_path / "x" / "2010.en.md").write_text("## Penutup\nThank you.\n", encoding="utf-8")
    n = load_narrative(tmp_path, "x", "2010", "en")
    assert n.language == "en" and "Thank you." in n.section_html("penutup")
    assert load_narrative(tmp_path, "x", "2010", "id").language == "id"
    assert not load_narrative(tmp_path, "x", "2011").exists


def test_broken_front_matter_names_file_and_line():
    with pytest.raises(NarrativeError, match=r"x/2010.md, line 3: front matter is not valid YAML"):
        parse_narrative("---\nauthor: a\nplace: [b\n---\n## Penutup\nx\n", source="x/2010.md")
