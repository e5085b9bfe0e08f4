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


# --------------------------------------------------------------------------- draft workflow

from exceed_analysis.reports import narrative as nar  # noqa: E402

COMPLETE = """---
author: PO
---
<!-- Catatan staf: jangan dicetak -->
## Kendala dan hambatan
Hujan. <!-- cek lagi -->
## Rekomendasi
Rapat.
## Capaian gugus tugas
SK terbit.
## Penutup
<!--
catatan
panjang
-->
Terima kasih.
"""


def test_staff_notes_are_never_rendered():
    n = parse_narrative(COMPLETE)
    html = "".join(n.section_html(k) for k in nar.STAFF_SECTIONS)
    assert "Catatan staf" not in html and "cek lagi" not in html and "panjang" not in html
    assert "<!--" not in html and "&lt;!--" not in html
    assert n.section_html("penutup") == "<p>Terima kasih.</p>\n"
    assert not n.is_draft and n.missing == ()


def test_an_unclosed_note_hides_the_rest_and_is_reported(tmp_path):
    text = "## Rekomendasi\nSatu.\n\n<!-- lupa ditutup\n## Penutup\nDua.\n"
    with pytest.raises(nar.NarrativeNoteError, match=r"x/2012Q4.md, line 4: staff note '<!--' is never closed"):
        nar.strip_notes(text, source="x/2012Q4.md", strict=True)
    n = parse_narrative(text)  # a report never prints the note nor fails on it
    assert n.section_html("rekomendasi") == "<p>Satu.</p>\n" and "penutup" in n.missing
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "2012Q4.md").write_text(text, encoding="utf-8")
    row = nar.narrative_status(tmp_path, "x", ["2012Q4"])[0]
    assert row.is_draft and "line 4" in row.problem


def test_missing_sections_make_a_draft_in_report_order():
    n = parse_narrative("## Penutup\nSelesai.\n## Rekomendasi\n<!-- nanti -->\n")
    assert n.is_draft
    assert n.missing == ("capaian_gugus_tugas", "kendala", "rekomendasi")
    assert nar.Narrative().missing == nar.STAFF_SECTIONS


def test_new_narrative_has_every_heading_and_prompts_that_never_print(tmp_path):
    text = nar.new_narrative("sambas", "Sambas", "2011Q3", "Juli - September 2011",
                             {"penerima manfaat": "140 anak", "rapat gugus tugas": "2"})
    n = parse_narrative(text)
    assert n.missing == nar.STAFF_SECTIONS  # prompts only: still a draft
    assert n.meta["place"] == "Sambas"
    for heading in nar.SECTIONS.values():
        assert f"## {heading}\n" in text
    assert "penerima manfaat: 140 anak" in text  # the key figures are there, as a prompt
    path = nar.write_new_narrative(tmp_path, "sambas", "2011Q3", text)
    assert path.read_text(encoding="utf-8") == text
    with pytest.raises(nar.NarrativeExistsError, match="already exists"):
        nar.write_new_narrative(tmp_path, "sambas", "2011Q3", "other")
    assert path.read_text(encoding="utf-8") == text  # never overwritten


def test_status_and_public_draft_refusal(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "2012Q4.md").write_text(COMPLETE, encoding="utf-8")
    (tmp_path / "x" / "2012Q3.md").write_text("## Penutup\nSelesai.\n", encoding="utf-8")
    rows = nar.narrative_status(tmp_path, "x", ["2012Q2", "2012Q3", "2012Q4"])
    assert [r.is_draft for r in rows] == [True, True, False]
    assert rows[0].source is None and rows[1].present == ("penutup",)
    nar.refuse_public_draft(tmp_path, "x", "2012Q4", "public")  # complete: fine
    nar.refuse_public_draft(tmp_path, "x", "2012Q3", "internal")  # internal drafts are fine
    nar.refuse_public_draft(tmp_path, "x", "2012Q3", "public", allow_draft=True)
    with pytest.raises(nar.DraftError, match=r"x 2012Q3 is a draft .*--allow-draft"):
        nar.refuse_public_draft(tmp_path, "x", "2012Q3", "public")


def test_committed_latest_quarter_is_complete_for_every_city():
    from exceed_analysis.config import paths, registry
    from exceed_analysis.synthetic.narratives import LATEST, LATEST_PERIOD

    assert {c for c, _ in LATEST} == set(registry().slugs)
    for c in registry().slugs:
        n = load_narrative(paths().narratives, c, LATEST_PERIOD)
        assert n.exists and not n.is_draft, c
    # Pontianak's note about the task force stays a note
    n = load_narrative(paths().narratives, "pontianak", LATEST_PERIOD)
    assert "belum ditulis" not in "".join(n.section_html(k) for k in nar.STAFF_SECTIONS)
