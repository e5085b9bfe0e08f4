"""Partner files as partners send them: workbooks, Indonesian headers and codes, date formats,
encodings, separators, several submissions."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from openpyxl import Workbook

from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.intake import readers
from exceed_analysis import schemas
from exceed_analysis.config import paths
from exceed_analysis.intake.pseudonym import TEST_KEY, Key, pseudonymise

TODAY = dt.date(2013, 1, 1)


def pid(partner: str, code: str) -> str:
    return pseudonymise(partner, code, Key(TEST_KEY, "test"))


@pytest.fixture(autouse=True)
def _no_key(monkeypatch):
    monkeypatch.delenv("EXCEED_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("EXCEED_MODE", raising=False)


def partner_dir(project, city="bandar-lampung", partner="CCC"):
    folder = project / "data" / "raw" / "registers" / city / partner
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_indonesian_workbook_with_hand_typed_dates_and_bad_rows(project):
    """A workbook with Indonesian headers, hand-typed dates and a few bad rows ingests: good
    rows stored, bad rows quarantined with reasons, counts add up."""
    wb = Workbook()
    anak = wb.active
    anak.title = "anak"
    anak.append(["ID Anak", "Nama", "Nama Wali", "Alamat", "No HP", "Jenis Kelamin",
                 "Tanggal Lahir", "Umur", "Sektor", "Tanggal Masuk", "Tanggal Keluar",
                 "Status Sekolah", "Tinggal Dengan Keluarga", "Kontak Keluarga",
                 "Korban Perdagangan"])
    rows = [
        # good: hand-typed DD/MM/YYYY, a real date cell, an Excel serial, DD-MM-YYYY
        ["K-01", "Ani Rahmawati", "Ibu Darmi", "Jl. Kutilang 4", "0812-5550-0101", "P",
         "14/02/1995", None, "ESKA", dt.datetime(2010, 5, 10), None, "Tidak Sekolah", "Ya",
         "Setiap Hari", "tidak"],
        ["K-02", "Budi Hartono", "Pak Darso", "Jl. Kutilang 5", "0812-5550-0102", "L",
         None, 15, "eska", 40330, "30-09-2010", "kejar paket", "tidak", "berkala", "ya"],
        ["K-03", "Citra Lestari", "Ibu Warsi", "Jl. Kutilang 6", "0812-5550-0103", "p",
         dt.date(1996, 8, 1), None, " Eska ", "01-07-2010", None, "sekolah formal", "YA", None, None],
        # bad: sex, impossible date, age 4, exit before intake
        ["K-04", "Dina Marlina", "Ibu Sumi", "Jl. Kutilang 7", "0812-5550-0104", "Perempuan?",
         "30/02/1995", None, "eska", "01/08/2010", None, "tidak sekolah", "ya", None, None],
        ["K-05", "Eka Safitri", "Ibu Minah", "Jl. Kutilang 8", "0812-5550-0105", "P",
         "01/01/2006", None, "eska", "01/08/2010", "01/07/2010", "tidak sekolah", "ya", None, None],
    ]
    for r in rows:
        anak.append(r)
    layanan = wb.create_sheet("Layanan")
    layanan.append(["ID Anak", "Tanggal", "Layanan", "Keterangan"])
    for r in [["K-01", "11/05/2010", "Konseling", None],
              ["k-01 ", dt.datetime(2010, 6, 1), "pemeriksaan kesehatan", "puskesmas"],
              ["K-02", "02/06/2010", "Kursus Keterampilan", "Tata Boga"],
              ["K-02", "15/10/2010", "konseling", None],           # after exit 30-09-2010
              ["K-04", "02/08/2010", "konseling", None],           # its child was rejected
              ["K-03", "02/07/2010", "pijat", None]]:              # unknown service
        layanan.append(r)
    wb.save(partner_dir(project) / "register_2010-12-31.xlsx")

    result = store.ingest(today=TODAY)
    counts = {(c.sheet, c.table): c for c in result.counts}
    kids, svc = counts[("anak", "children")], counts[("Layanan", "services")]
    assert (kids.read, kids.stored, kids.rejected) == (5, 3, 2)
    assert (svc.read, svc.stored, svc.rejected) == (6, 3, 3)
    assert result.rows_read == result.rows_stored + result.rows_rejected == 11

    stored = result.tables["children"].set_index("child_id")
    assert sorted(stored.index) == sorted(pid("CCC", c) for c in ("K-01", "K-02", "K-03"))
    k1, k2, k3 = (stored.loc[pid("CCC", c)] for c in ("K-01", "K-02", "K-03"))
    assert (k1.sex, k1.age_at_intake, k1.intake_date) == ("F", 15, pd.Timestamp("2010-05-10"))
    assert (k1.school_status, k1.lives_with_family, k1.family_contact, k1.trafficking_victim) == (
        "not_in_school", True, "daily", False)
    assert (k2.sex, k2.age_at_intake, k2.intake_date, k2.exit_date) == (
        "M", 15, pd.Timestamp("2010-06-01"), pd.Timestamp("2010-09-30"))
    assert (k2.school_status, k2.family_contact, bool(k2.trafficking_victim)) == ("kejar_paket", "periodic", True)
    assert (k3.sector, k3.school_status, k3.age_at_intake) == ("eska", "formal", 13)
    assert set(stored["source_sheet"]) == {"anak"}
    assert stored.loc[pid("CCC", "K-03"), "source_row"] == 4
    assert set(stored["source_file"]) == {"data/raw/registers/bandar-lampung/CCC/register_2010-12-31.xlsx"}
    services = result.tables["services"]
    assert sorted(services["service"]) == ["counseling", "health_check", "skills_course"]
    assert services.loc[services["service"] == "skills_course", "detail"].item() == "tata_boga"

    text = "\n".join(str(p) for p in result.problems)
    where = "data/raw/registers/bandar-lampung/CCC/register_2010-12-31.xlsx, lembar "
    assert f"{where}anak, baris 5, kolom sex: nilai [teks, 10 karakter / text, 10 characters] harus salah satu dari: F, M / must be one of: F, M" in text
    assert f"{where}anak, baris 5, kolom birth_date: nilai '30/02/1995' bukan tanggal yang ada di kalender" in text
    assert f"{where}anak, baris 6, kolom birth_date: nilai '01/01/2006' menghasilkan umur saat masuk di luar 5-17 tahun" in text
    assert f"{where}anak, baris 6, kolom exit_date: nilai '01/07/2010' lebih awal dari intake_date / is before intake_date" in text
    assert f"{where}Layanan, baris 5, kolom date: nilai '15/10/2010' lebih lambat dari exit_date anak" in text
    assert f"{where}Layanan, baris 6, kolom child_id: nilai '{pid('CCC', 'K-04')}' bukan anak (yang sah)" in text
    assert f"{where}Layanan, baris 7, kolom service: nilai [teks, 5 karakter / text, 5 characters] harus salah satu dari: counseling," in text

    processed = paths().processed
    q = pd.read_csv(processed / "quarantine.csv")
    assert set(q.loc[q["rejected"], "sheet"]) == {"anak", "Layanan"}
    blob = "\n".join(f.read_bytes().decode("utf-8", "replace") for f in processed.rglob("*") if f.is_file())
    for value in ("Ani Rahmawati", "Ibu Darmi", "Kutilang", "0812-5550-0101", "Dina Marlina", "K-01", "K-04"):
        assert value not in blob


def test_later_submission_replaces_earlier_and_store_says_where_from(project):
    from conftest import write

    folder = partner_dir(project)
    head = "child_id,sex,birth_date,sector,intake_date,exit_date,school_status,lives_with_family"
    write(folder / "children.csv", f"""
        {head}
        A1,F,1995-01-01,eska,2010-05-01,,formal,yes
        A2,F,1995-01-01,eska,2010-05-01,,formal,yes
        """)
    write(folder / "anak_2011-01-31.csv", f"""
        {head}
        A2,F,1995-01-01,eska,2010-05-01,2010-12-31,formal,yes
        """)
    wb = Workbook()
    wb.active.title = "children"
    wb.active.append(head.split(","))
    wb.active.append(["a1", "F", "1995-01-01", "eska", "2010-05-01", "2011-03-01", "formal", "no"])
    wb.save(folder / "register-20110331.xlsx")
    write(folder / "services.csv", """
        child_id,date,service,detail
        A1,2010-05-02,counseling,
        A1,2010-05-03,counseling,
        A2,2010-05-02,counseling,
        """)
    write(folder / "layanan_2011-03-31.csv", """
        child_id,date,service,detail
        A1,2010-05-02,counseling,
        A1,2010-05-03,counseling,
        A1,2011-02-01,counseling,
        """)
    result = store.ingest(today=TODAY)
    kids = result.tables["children"].set_index("child_id")
    a1, a2 = kids.loc[pid("CCC", "A1")], kids.loc[pid("CCC", "A2")]
    assert (a1.source_file.rsplit("/", 1)[-1], a1.source_sheet, a1.source_row) == ("register-20110331.xlsx", "children", 2)
    assert a1.exit_date == pd.Timestamp("2011-03-01") and not a1.lives_with_family
    assert (a2.source_file.rsplit("/", 1)[-1], a2.source_sheet, a2.source_row) == ("anak_2011-01-31.csv", None, 2)
    svc = result.tables["services"]
    assert len(svc[svc.child_id == pid("CCC", "A1")]) == 3       # the later file's history
    assert len(svc[svc.child_id == pid("CCC", "A2")]) == 1       # not mentioned later: kept
    by_file = {c.file.rsplit("/", 1)[-1]: c for c in result.counts}
    assert (by_file["children.csv"].read, by_file["children.csv"].stored, by_file["children.csv"].superseded) == (2, 0, 2)
    assert (by_file["services.csv"].stored, by_file["services.csv"].superseded) == (1, 2)
    assert result.rows_read == result.rows_stored + result.rows_rejected
    superseded = [p for p in result.problems if p.check == "superseded"]
    assert len(superseded) == 4 and all(p.rejected for p in superseded)
    assert "replaced by a later submission: register-20110331.xlsx [children]" in str(superseded[0])


def test_submission_order_is_by_date_in_name_then_name():
    names = ["children.csv", "anak_2011-03-31.xlsx", "children-20110101.csv", "anak.csv",
             "children_2010-12-31_v2.csv"]
    assert sorted(names, key=readers.submission_key) == [
        "anak.csv", "children.csv", "children_2010-12-31_v2.csv", "children-20110101.csv",
        "anak_2011-03-31.xlsx"]


@pytest.mark.parametrize("text,expected", [
    ("2010-05-01", "2010-05-01"), ("1/5/2010", "2010-05-01"), ("01-05-2010", "2010-05-01"),
    ("40299", "2010-05-01"), ("40299.0", "2010-05-01"), ("2010-05-01 00:00:00", "2010-05-01"),
    (" 31/12/2010 ", "2010-12-31"),
])
def test_accepted_date_formats(text, expected):
    dates, malformed, impossible = intake.parse_dates(pd.Series([text.strip()], dtype=object))
    assert not malformed[0] and not impossible[0]
    assert dates[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("text,kind", [
    ("2010/05/01", "malformed"), ("05/01/10", "malformed"), ("1 Mei 2010", "malformed"),
    ("2010", "malformed"), ("99999", "malformed"), ("31/04/2010", "impossible"),
    ("2010-13-01", "impossible"), ("0201-05-01", "impossible"),
])
def test_rejected_date_formats(text, kind):
    _, malformed, impossible = intake.parse_dates(pd.Series([text], dtype=object))
    assert (malformed[0], impossible[0]) == (kind == "malformed", kind == "impossible")


@pytest.mark.parametrize("column,spellings,code", [
    ("sex", ["P", "perempuan", " f ", "Wanita"], "F"),
    ("sex", ["L", "laki-laki", "Laki Laki", "m"], "M"),
    ("school_status", ["tidak sekolah", "Tidak_Sekolah", "putus sekolah"], "not_in_school"),
    ("school_status", ["sekolah formal", "Formal"], "formal"),
    ("school_status", ["kejar paket", "Paket B", "kejar-paket"], "kejar_paket"),
    ("lives_with_family", ["ya", "Y", "YES", "iya"], "yes"),
    ("lives_with_family", ["tidak", "Tdk", "no"], "no"),
    ("service", ["konseling", "Counselling", "Konseling"], "counseling"),
    ("service", ["pemeriksaan kesehatan", "Pemeriksaan  Kesehatan"], "health_check"),
    ("service", ["pemeriksaan IMS", "skrining ims"], "sti_screening"),
    ("service", ["kebutuhan dasar", "magang", "kursus keterampilan"], None),
    ("family_contact", ["setiap hari", "Berkala", "tidak pernah"], None),
])
def test_code_aliases(column, spellings, code):
    cmap = schemas.code_map(column)
    got = {cmap.get(schemas.code_key(s)) for s in spellings}
    assert None not in got
    if code is not None:
        assert got == {code}


def test_every_alias_maps_to_a_contract_code():
    for column, aliases in schemas.CODE_ALIASES.items():
        codes = schemas.COLUMN_CODES.get(column, schemas.SKILLS_COURSES)
        assert set(aliases.values()) <= set(codes), column
    taken: dict[str, str] = {}
    for column, aliases in {**schemas.HEADER_ALIASES, **schemas.PERSONAL_DATA_ALIASES}.items():
        for alias in aliases:
            key = schemas.header_key(alias)
            assert taken.setdefault(key, column) == column, (alias, column, taken[key])


def test_encodings_and_separators(project):
    folder = partner_dir(project)
    head = "child_id;nama;jenis_kelamin;tanggal_lahir;sektor;tanggal_masuk;status_sekolah;tinggal_dengan_keluarga"
    row = "A1;Dédé Surtini;P;02/03/1995;eska;03/05/2010;tidak sekolah;ya"
    (folder / "anak.csv").write_bytes(f"{head}\r\n{row}\r\n".encode("cp1252"))
    (partner_dir(project, partner="LAdA") / "children.csv").write_bytes(
        ("\ufeff" + head.replace(";", "\t") + "\n" + row.replace(";", "\t").replace("A1", "B1") + "\n").encode("utf-16"))
    result = store.ingest(today=TODAY)
    assert result.rows_stored == 2 and result.rows_rejected == 0
    notes = [p for p in result.problems if p.check == "windows_1252"]
    assert len(notes) == 1 and not notes[0].rejected
    assert "Dédé" not in (paths().processed / "quarantine.csv").read_text()


def test_blank_rows_and_trailing_separators_are_not_rows(project):
    from conftest import write

    write(partner_dir(project) / "children.csv", """
        child_id,sex,birth_date,sector,intake_date,school_status,lives_with_family,,
        A1,F,1995-01-01,eska,2010-05-01,formal,yes,,

        ,,,,,,,,
        A2,F,1995-01-01,eska,2010-05-01,formal,yes,,
        """)
    result = store.ingest(today=TODAY)
    assert result.rows_read == result.rows_stored == 2
    assert list(result.tables["children"].sort_values("source_row")["source_row"]) == [2, 5]


def test_summary_counts_each_sheet_and_quality_json_matches(project):
    from conftest import write

    write(partner_dir(project) / "children.csv", """
        child_id,sex,birth_date,sector,intake_date,school_status,lives_with_family
        A1,F,1995-01-01,eska,2010-05-01,formal,yes
        A2,Q,1995-01-01,eska,2010-05-01,formal,yes
        """)
    result = store.ingest(today=TODAY)
    summary = json.loads((paths().processed / "intake-summary.json").read_text())
    assert summary["pseudonym_key"] == "test"
    assert summary["files"][0]["sheet"] is None and summary["files"][0]["rejected"] == 1
    quality = json.loads((paths().processed / "quality.json").read_text())
    group = next(g for g in quality["groups"] if g["partner"] == "CCC")
    assert (group["read"], group["stored"], group["rejected"]) == (2, 1, 1)
    assert group["rules"][0]["check"] == "not_allowed" and group["rules"][0]["count"] == 1
    assert result.summary_lines()[-1].split()[1:] == ["2", "1", "1"]


def test_data_dictionary_lists_every_alias():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = doc.split("## Aliases and accepted formats", 1)[1]
    for aliases in (*schemas.HEADER_ALIASES.values(), *schemas.PERSONAL_DATA_ALIASES.values()):
        for alias in aliases:
            assert f"`{alias}`" in section, alias
    for column, aliases in schemas.CODE_ALIASES.items():
        for alias, code in aliases.items():
            if alias != code.lower():  # the code itself in lower case is not an alias
                assert f"`{alias.replace('_', ' ')}`" in section, (column, alias)
