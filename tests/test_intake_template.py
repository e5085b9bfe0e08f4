"""docs/partner-template.xlsx: made by scripts/make_partner_template.py, read by intake."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis import schemas

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATE = PROJECT / "docs" / "partner-template.xlsx"
SCRIPT = PROJECT / "scripts" / "make_partner_template.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_partner_template", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_template_is_what_the_script_makes(tmp_path):
    out = tmp_path / "template.xlsx"
    assert _script().main([str(out)]) == 0
    with zipfile.ZipFile(TEMPLATE) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), f"{name}: run scripts/make_partner_template.py"


def test_template_has_the_contract_headers_and_a_drop_down_on_every_coded_column():
    wb = load_workbook(TEMPLATE)
    assert wb.sheetnames[:2] == ["children", "services"]
    for sheet, columns in (("children", schemas.CHILDREN_COLUMNS), ("services", schemas.SERVICES_COLUMNS)):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        assert header == list(columns)
        assert not set(header) & set(schemas.PERSONAL_DATA_COLUMNS)
        lists = {}
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                col = ws.cell(row=1, column=next(iter(dv.sqref.ranges)).min_col).value
                lists[col] = dv.formula1.strip('"').split(",")
        for col in columns:
            if col in schemas.COLUMN_CODES:
                assert lists.get(col) == list(schemas.COLUMN_CODES[col]), col
        if sheet == "services":
            assert lists["detail"] == list(schemas.SKILLS_COURSES)


@pytest.fixture
def filled(project, monkeypatch):
    monkeypatch.delenv("EXCEED_PSEUDONYM_KEY", raising=False)
    wb = load_workbook(TEMPLATE)
    kids, svc = wb["children"], wb["services"]
    row = {"child_id": "T-1", "sex": "F", "birth_date": dt.date(1995, 2, 1), "sector": "eska",
           "intake_date": dt.date(2010, 5, 3), "school_status": "formal", "lives_with_family": "yes"}
    header = [c.value for c in kids[1]]
    for col, value in row.items():
        kids.cell(row=2, column=header.index(col) + 1, value=value)
    for i, value in enumerate(["T-1", dt.date(2010, 5, 4), "skills_course", "komputer"], start=1):
        svc.cell(row=2, column=i, value=value)
    folder = project / "data" / "raw" / "registers" / "bandar-lampung" / "CCC"
    folder.mkdir(parents=True)
    wb.save(folder / "register_2010-06-30.xlsx")
    return project


def test_a_filled_template_ingests(filled):
    result = store.ingest(today=dt.date(2013, 1, 1))
    assert [(c.sheet, c.read, c.stored) for c in result.counts] == [("children", 1, 1), ("services", 1, 1)]
    assert result.problems == []
    kid = result.tables["children"].iloc[0]
    assert (kid.age_at_intake, kid.beneficiary_type, kid.family_contact) == (15, "withdrawn", "unknown")
    assert result.tables["services"].iloc[0].detail == "komputer"


def test_the_blank_template_ingests_as_nothing(project):
    folder = project / "data" / "raw" / "registers" / "bandar-lampung" / "CCC"
    folder.mkdir(parents=True)
    (folder / "register.xlsx").write_bytes(TEMPLATE.read_bytes())
    result = store.ingest()
    assert result.rows_read == 0 and result.problems == []
