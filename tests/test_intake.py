import json

import pandas as pd
import pytest

from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.config import paths
from exceed_analysis.intake.pseudonym import TEST_KEY, Key, pseudonymise


def pid(partner: str, case_code: str) -> str:
    """The stored child_id of a case code under the TEST key (no key is set in tests)."""
    return pseudonymise(partner, case_code, Key(TEST_KEY, "test"))


def test_counts_add_up_and_rejections_are_explained(small_registers):
    result = store.ingest()
    by_file = {c.file: c for c in result.counts}
    kids = by_file["data/raw/registers/bandar-lampung/CCC/children.csv"]
    assert (kids.read, kids.stored, kids.rejected) == (4, 3, 1)
    services = by_file["data/raw/registers/bandar-lampung/CCC/services.csv"]
    # CCC-0003 was rejected (sex X), so its service goes too; CCC-9999 is unknown;
    # CCC-0002 exited 2010-09-30, so its session of 2010-10-15 is rejected
    assert (services.read, services.stored) == (8, 5)
    acts = by_file["data/raw/activities/bandar-lampung.csv"]
    assert (acts.read, acts.stored) == (3, 2)
    assert result.rows_read == result.rows_stored + result.rows_rejected
    messages = [str(p) for p in result.problems]
    assert ("data/raw/registers/bandar-lampung/CCC/children.csv, baris 4, kolom sex: "
            "nilai 'X' harus salah satu dari: F, M / must be one of: F, M") in messages
    # a case code is never quoted: its pseudonym is
    assert any(f"CCC/services.csv, baris 9, kolom child_id: nilai '{pid('CCC', 'CCC-9999')}'" in m
               for m in messages)
    assert not any("CCC-9999" in m for m in messages)
    assert any("baris 7, kolom date: nilai '2010-10-15' lebih lambat dari exit_date anak / "
               "is after the child's exit_date" in m for m in messages)
    assert any("activities/bandar-lampung.csv, baris 4, kolom partner: nilai [teks, 3 karakter / text, 3 characters]" in m for m in messages)


def test_codes_normalised_and_ages_computed(small_registers):
    kids = store.ingest().tables["children"].set_index("child_id")
    assert kids.loc[pid("CCC", "CCC-0002"), "sex"] == "F"           # P = perempuan
    assert kids.loc[pid("CCC", "CCC-0001"), "age_at_intake"] == 16  # born 1993-06-15, intake 2010-05-10
    assert kids.loc[pid("CCC", "CCC-0002"), "age_at_intake"] == 16  # no birth date: age_at_intake
    assert kids.loc[pid("LAdA", "LADA-0001"), "age_at_intake"] == 17  # born 1993-12-31, intake 2010-12-31
    assert kids.loc[pid("CCC", "CCC-0001"), "beneficiary_type"] == "withdrawn"  # the default
    assert bool(kids.loc[pid("CCC", "CCC-0002"), "trafficking_victim"]) is True
    assert kids.loc[pid("CCC", "CCC-0002"), "source_file"] == "data/raw/registers/bandar-lampung/CCC/children.csv"
    assert kids.loc[pid("CCC", "CCC-0002"), "source_row"] == 3


def test_store_has_no_personal_data(small_registers):
    store.ingest()
    processed = paths().processed
    blob = b"".join(f.read_bytes() for f in processed.rglob("*") if f.is_file())
    for value in ["Rina Wulandari", "Budi Santoso", "Jl. Kenanga 1", "0812-0000-0001", "Maya Sari",
                  "CCC-0001", "LADA-0001", "CCC-9999"]:  # case codes are pseudonymised too
        assert value.encode() not in blob
    kids = pd.read_parquet(processed / "children" / "bandar-lampung.parquet")
    assert not set(kids.columns) & {"name", "guardian_name", "address", "phone", "birth_date"}


def test_summary_and_quarantine_written(small_registers):
    store.ingest()
    processed = paths().processed
    summary = json.loads((processed / "intake-summary.json").read_text())
    assert summary["rows_read"] == summary["rows_stored"] + summary["rows_rejected"]
    q = pd.read_csv(processed / "quarantine.csv")
    assert {"file", "row", "column", "value", "rule", "sheet", "aturan", "check"} <= set(q.columns)
    assert (q["rejected"]).sum() >= 3


def test_raw_files_untouched_and_rerun_identical(small_registers):
    raw = sorted((small_registers / "data" / "raw").rglob("*.csv"))
    before = {f: f.read_bytes() for f in raw}
    store.ingest()
    first = {f.name: f.read_bytes() for f in paths().processed.rglob("*.parquet")}
    store.ingest()
    second = {f.name: f.read_bytes() for f in paths().processed.rglob("*.parquet")}
    assert first == second
    assert {f: f.read_bytes() for f in raw} == before


def test_rule_violations(project):
    from conftest import CHILDREN_HEADER, write

    reg = project / "data" / "raw" / "registers" / "bandar-lampung" / "CCC"
    write(reg / "children.csv", f"""
        {CHILDREN_HEADER}
        C1,,,,,F,2008-01-01,,eska,,2010-05-01,,formal,yes,,no
        C2,,,,,F,,,eska,,2010-05-01,,formal,yes,,no
        C3,,,,,F,1994-01-01,,eska,,2010-05-01,2010-04-01,formal,yes,,no
        C4,,,,,F,1994-01-01,,eska,,2010-02-30,,formal,yes,,no
        C5,,,,,F,1994-01-01,,eska,,2010/05/01,,formal,yes,,no
        C5,,,,,F,1994-01-01,,ESKA,,2010-05-01,,formal,Yes,,no
        C7,,,,,F,1994-01-01,,eska,,2010-05-01,,formal,yes,,no
        """)
    write(reg / "services.csv", """
        child_id,date,service,detail
        C7,2010-04-01,counseling,
        C7,2010-06-01,skills_course,
        C7,2010-06-01,massage,
        C7,2010-06-01,skills_course,  Tata_Boga
        """)
    result = store.ingest()
    text = "\n".join(str(p) for p in result.problems)
    assert ("baris 2, kolom birth_date: nilai '2008-01-01' menghasilkan umur saat masuk di luar 5-17 "
            "tahun / gives an age at intake outside 5-17 years") in text
    assert "baris 3, kolom age_at_intake: birth_date atau age_at_intake wajib diisi / birth_date or age_at_intake is required" in text
    assert "baris 4, kolom exit_date: nilai '2010-04-01' lebih awal dari intake_date / is before intake_date" in text
    assert "baris 5, kolom intake_date: nilai '2010-02-30' bukan tanggal yang ada di kalender / is not a real calendar date" in text
    assert ("baris 6, kolom intake_date: nilai '2010/05/01' harus tanggal yang ditulis YYYY-MM-DD, "
            "DD/MM/YYYY atau DD-MM-YYYY (atau tanggal Excel) / must be a date written YYYY-MM-DD") in text
    c5 = pid("CCC", "C5")
    assert f"baris 6, kolom child_id: nilai '{c5}' harus unik dalam file (child_id ganda) / must be unique within the file" in text
    assert f"baris 7, kolom child_id: nilai '{c5}' harus unik dalam file" in text
    assert "services.csv, baris 2, kolom date: nilai '2010-04-01' lebih awal dari intake_date anak / is before the child's intake_date" in text
    assert "services.csv, baris 3, kolom detail: kursus keterampilan (skills_course) perlu detail" in text
    assert "/ a skills_course needs a detail" in text
    assert ("services.csv, baris 4, kolom service: nilai [teks, 7 karakter / text, 7 characters] "
            "harus salah satu dari:") in text  # not a known code: never quoted
    stored = result.tables["children"]
    assert list(stored["child_id"]) == [pid("CCC", "C7")]
    assert len(result.tables["services"]) == 1  # the padded, upper-case Tata_Boga is normalised


def test_missing_required_column_rejects_the_file_but_not_others(small_registers):
    from conftest import write

    write(small_registers / "data" / "raw" / "registers" / "bandar-lampung" / "LAdA" / "children.csv",
          """
          child_id,sex,intake_date
          LADA-0001,F,2010-05-01
          """)
    result = store.ingest()
    text = "\n".join(str(p) for p in result.problems)
    assert ("LAdA/children.csv, kolom sector: kolom wajib tidak ada: semua baris file ditolak / "
            "required column is missing") in text
    assert set(result.tables["children"]["partner"]) == {"CCC"}
    assert result.rows_read == result.rows_stored + result.rows_rejected


def test_unknown_column_reported_and_dropped(small_registers):
    from conftest import write

    path = small_registers / "data" / "raw" / "registers" / "bandar-lampung" / "LAdA" / "children.csv"
    text = path.read_text().replace("trafficking_victim\n", "trafficking_victim,religion\n", 1)
    text = text.replace(",no\n", ",no,Islam\n")
    path.write_text(text)
    result = store.ingest()
    assert any(p.column == "religion" and not p.rejected for p in result.problems)
    assert "religion" not in result.tables["children"].columns


def test_unregistered_folders_reported(small_registers):
    from conftest import write

    write(small_registers / "data" / "raw" / "registers" / "atlantis" / "X" / "children.csv", "child_id\n")
    write(small_registers / "data" / "raw" / "registers" / "bandar-lampung" / "ZZZ" / "children.csv", "child_id\n")
    write(small_registers / "data" / "raw" / "registers" / "bandar-lampung" / "lada" / "children.csv",
          "child_id\nLADA-0009\nLADA-0010\n")
    result = store.ingest()
    text = "\n".join(str(p) for p in result.problems)
    # a name that is not the registry's is never quoted unless it differs only in case or
    # punctuation; the nearest valid name is suggested; every row in it is counted rejected
    assert "atlantis" not in text and "ZZZ" not in text
    assert ("data/raw/registers/bandar-lampung/lada: nama folder tidak persis sama dengan registri "
            "(config/cities.yml); maksudnya LAdA? ganti nama foldernya: semua baris di dalamnya "
            "ditolak / folder name does not match the registry (config/cities.yml) exactly; did "
            "you mean LAdA? rename the folder: every row in it is rejected") in text
    assert "/ folder name does not match the registry" in text.split("\n")[0]
    lada = [c for c in result.counts if c.file.startswith("data/raw/registers/bandar-lampung/lada/")]
    assert [(c.read, c.stored) for c in lada] == [(2, 0)]
    assert result.rows_read == result.rows_stored + result.rows_rejected
