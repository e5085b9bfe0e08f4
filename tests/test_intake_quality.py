"""The data-quality page data/processed/quality.html (and quality.json)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.config import paths


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_lists_rejections_per_city_and_partner(small_registers):
    from conftest import write

    reg = small_registers / "data" / "raw" / "registers" / "bandar-lampung"
    text = (reg / "LAdA" / "children.csv").read_text()
    write(reg / "LAdA" / "children.csv", text.rstrip("\n") + "\n"
          "LADA-0002,Nama Rahasia,,,,<script>alert(1)</script>,1994-01-01,,eska,,2010-06-01,,formal,yes,,no\n")
    store.ingest()
    processed = paths().processed
    page = (processed / "quality.html").read_text(encoding="utf-8")
    data = json.loads((processed / "quality.json").read_text(encoding="utf-8"))

    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
    parser = _Tags()
    parser.feed(page)
    assert not [t for t, a in parser.tags if t in ("script", "link", "img", "iframe")]
    assert not re.search(r"https?://", page)                    # offline
    assert "<script>alert(1)</script>" not in page
    assert "alert(1)" not in page  # not a known code: described by kind and length only
    assert "Nama Rahasia" not in page and "LADA-0002" not in page

    groups = {(g["city"], g["partner"]): g for g in data["groups"]}
    ccc = groups[("bandar-lampung", "CCC")]
    assert (ccc["read"], ccc["stored"], ccc["rejected"]) == (12, 8, 4)
    rules = {(r["check"], r["column"]): r["count"] for r in ccc["rules"]}
    assert rules[("not_allowed", "sex")] == 1
    assert rules[("unknown_child", "child_id")] == 2   # CCC-9999, and CCC-0003 (rejected child)
    assert rules[("after_exit", "date")] == 1
    assert ccc["first_problems"][0]["row"] == 4
    lada = groups[("bandar-lampung", "LAdA")]
    assert {r["check"] for r in lada["rules"]} == {"not_allowed"}
    acts = groups[("bandar-lampung", None)]
    assert [r["check"] for r in acts["rules"]] == ["unknown_partner"]
    assert data["rows_read"] == data["rows_stored"] + data["rows_rejected"]
    for g in data["groups"]:
        assert g["read"] == g["stored"] + g["rejected"]
    # every figure of the JSON is on the page
    assert f">{ccc['rejected']} baris ditolak / rows rejected<" in page
    assert "harus salah satu dari: F, M" in page and "must be one of: F, M" in page


def test_page_for_a_clean_intake(small_registers):
    from conftest import write

    reg = small_registers / "data" / "raw"
    for f in list(reg.rglob("*.csv")):
        f.unlink()
    write(reg / "registers" / "bandar-lampung" / "CCC" / "children.csv", """
        child_id,sex,birth_date,sector,intake_date,school_status,lives_with_family
        A1,F,1995-01-01,eska,2010-05-01,formal,yes
        """)
    store.ingest()
    page = (paths().processed / "quality.html").read_text(encoding="utf-8")
    assert "semua baris disimpan / every row stored" in page
