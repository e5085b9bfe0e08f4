"""Property-based tests: intake fed random, malformed partner files (CSV in several encodings
and separators, or a workbook) never crashes, never drops a row silently and never lets a
personal-data value or a partner's case code through to the store, the quarantine, the
quality page or what it prints."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exceed_analysis import cli
from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.intake import readers
from exceed_analysis import schemas

PROJECT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2013, 1, 1)

FIRST = ["Rina", "Wulandari", "Putri", "Ayuningtyas", "Dewi", "Kartika", "Yuliana", "Fitriani",
         "Marlina", "Rohimah"]
LAST = ["Handayani", "Rahmawati", "Susilowati", "Purnamasari", "Wijayanti", "Kurniasih"]
STREETS = ["Kenanga", "Cempaka", "Flamboyan", "Nangka", "Belimbing"]
WORDS = FIRST + LAST + STREETS  # every word of a personal value (none is in any rule text)

names = st.builds(lambda a, b: f"{a} {b}", st.sampled_from(FIRST), st.sampled_from(LAST))
addresses = st.builds(lambda s, n: f"Jl. {s} No. {n}", st.sampled_from(STREETS), st.integers(1, 99))
phones = st.builds(lambda n: f"0857-{n:04d}-{n * 7 % 10000:04d}", st.integers(1000, 9999))
case_codes = st.builds(lambda n: f"QZK-{n:04d}", st.integers(1, 40))

printable = st.characters(blacklist_categories=("Cs", "Cc"))
junk = st.text(printable, max_size=12)
iso = st.dates(dt.date(1990, 1, 1), dt.date(2012, 12, 31)).map(dt.date.isoformat)
dmy = st.dates(dt.date(1990, 1, 1), dt.date(2012, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y"))
serial = st.integers(32874, 41274).map(str)
bad_dates = st.sampled_from(["2010-02-30", "31/04/2010", "2099-01-01", "1/2/10", "Mei 2010",
                             "2010/05/01", "0000-00-00", "99999"])
dates = st.one_of(iso, iso, dmy, serial, bad_dates, junk, st.just(""))


def coded(column: str):
    spellings = list(schemas.code_map(column)) + list(schemas.COLUMN_CODES.get(column, ()))
    return st.one_of(st.sampled_from(spellings), st.sampled_from(spellings).map(str.upper),
                     st.sampled_from(spellings).map(lambda s: f"  {s.replace('_', ' ')} "),
                     junk, st.just(""))


@st.composite
def child_row(draw):
    person = {"name": draw(names), "guardian_name": draw(names), "address": draw(addresses),
              "phone": draw(phones)}
    row = {
        "child_id": draw(st.one_of(case_codes, case_codes.map(str.lower), st.just(""))),
        **person,
        "sex": draw(coded("sex")),
        "birth_date": draw(dates),
        "age_at_intake": draw(st.one_of(st.integers(0, 25).map(str), st.just(""), junk)),
        "sector": draw(coded("sector")),
        "beneficiary_type": draw(coded("beneficiary_type")),
        "intake_date": draw(dates),
        "exit_date": draw(st.one_of(st.just(""), dates)),
        "school_status": draw(coded("school_status")),
        "lives_with_family": draw(coded("lives_with_family")),
        "family_contact": draw(coded("family_contact")),
        "trafficking_victim": draw(coded("trafficking_victim")),
        "catatan": draw(st.one_of(st.just(""), names.map(lambda n: f"dijemput {n}"))),
    }
    # a personal value or a case code in the wrong column (a shifted paste)
    if draw(st.integers(0, 4)) == 0:
        col = draw(st.sampled_from(["sex", "sector", "birth_date", "age_at_intake", "school_status"]))
        row[col] = draw(st.sampled_from([*person.values(), row["child_id"] or "QZK-0001"]))
    return row


@st.composite
def service_row(draw, codes):
    return {
        "child_id": draw(st.one_of(st.sampled_from(codes), case_codes, st.just(""))),
        "date": draw(dates),
        "service": draw(coded("service")),
        "detail": draw(st.one_of(st.just(""), coded("detail"), names.map(lambda n: f"antar {n}"),
                                 junk)),
    }


HEADERS = {  # contract header -> an Indonesian alias
    "child_id": "ID Anak", "name": "Nama", "guardian_name": "Nama Wali", "address": "Alamat",
    "phone": "No HP", "sex": "Jenis Kelamin", "birth_date": "Tanggal Lahir", "sector": "Sektor",
    "intake_date": "Tanggal Masuk", "exit_date": "Tanggal Keluar", "date": "Tanggal",
    "service": "Layanan", "detail": "Keterangan", "school_status": "Status Sekolah",
    "lives_with_family": "Tinggal dengan Keluarga",
}


@st.composite
def submission(draw):
    kids = draw(st.lists(child_row(), min_size=1, max_size=12))
    codes = [k["child_id"] for k in kids if k["child_id"]] or ["QZK-0001"]
    services = draw(st.lists(service_row(codes), max_size=12))
    kid_cols = list(kids[0])
    drop = draw(st.sampled_from([None] * 8 + ["sector", "birth_date", "exit_date"]))
    if drop:
        kid_cols.remove(drop)
    kid_cols = draw(st.permutations(kid_cols))
    indonesian = draw(st.booleans())
    ragged = draw(st.sets(st.integers(0, len(kids) - 1), max_size=2))
    return {
        "kids": kids, "kid_cols": kid_cols, "services": services, "indonesian": indonesian,
        "ragged": ragged, "format": draw(st.sampled_from(["csv", "semicolon", "cp1252", "bom", "xlsx"])),
    }


def _grid(rows, cols, indonesian, ragged=()):
    header = [HEADERS.get(c, c) if indonesian else c for c in cols]
    out = [header]
    for i, r in enumerate(rows):
        cells = [r.get(c, "") for c in cols]
        if i in ragged:
            cells.append(r["address"])  # an extra cell holding personal data
        out.append(cells)
    return out


def _write(folder: Path, sub: dict) -> None:
    kids = _grid(sub["kids"], sub["kid_cols"], sub["indonesian"], sub["ragged"])
    svc = _grid(sub["services"], ["child_id", "date", "service", "detail"], sub["indonesian"])
    fmt = sub["format"]
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.title = "anak"
        for r in kids:
            wb.active.append([c or None for c in r])
        ws = wb.create_sheet("layanan")
        for r in svc:
            ws.append([c or None for c in r])
        wb.save(folder / "register.xlsx")
        return
    for name, grid in (("children.csv", kids), ("services.csv", svc)):
        buf = io.StringIO()
        csv.writer(buf, delimiter=";" if fmt == "semicolon" else ",", lineterminator="\r\n").writerows(grid)
        text = buf.getvalue()
        if fmt == "cp1252":
            data = text.encode("cp1252", errors="replace")
        elif fmt == "bom":
            data = b"\xef\xbb\xbf" + text.encode("utf-8")
        else:
            data = text.encode("utf-8")
        (folder / name).write_bytes(data)


def _secrets(sub: dict) -> set[str]:
    values = set()
    for k in sub["kids"]:
        values |= {k["name"], k["guardian_name"], k["address"], k["phone"]}
        if k["child_id"]:
            values.add(k["child_id"])
    values |= {s["child_id"] for s in sub["services"] if s["child_id"]}
    return values | set(WORDS)


@contextlib.contextmanager
def _project():
    old = os.environ.get("EXCEED_PROJECT_ROOT")
    saved = {k: os.environ.pop(k, None) for k in ("EXCEED_PSEUDONYM_KEY", "EXCEED_MODE")}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "config").mkdir(parents=True)
        shutil.copy(PROJECT / "config" / "cities.yml", root / "config" / "cities.yml")
        os.environ["EXCEED_PROJECT_ROOT"] = str(root)
        try:
            yield root
        finally:
            if old is None:
                os.environ.pop("EXCEED_PROJECT_ROOT", None)
            else:
                os.environ["EXCEED_PROJECT_ROOT"] = old
            for k, v in saved.items():
                if v is not None:
                    os.environ[k] = v


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submission())
def test_random_malformed_files_never_crash_lose_rows_or_leak(sub):
    with _project() as root:
        folder = root / "data" / "raw" / "registers" / "bandar-lampung" / "CCC"
        folder.mkdir(parents=True)
        _write(folder, sub)
        raw_before = {f: f.read_bytes() for f in folder.iterdir()}
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert cli.main(["ingest", "--max-problems", "100000"]) == 0
            result = store.ingest(write=False, today=TODAY)
        assert {f: f.read_bytes() for f in folder.iterdir()} == raw_before

        # nothing lost: per file, every row read is stored or has a rejecting reason, never both
        stored = {t: result.tables[t] for t in ("children", "services")}
        for count in result.counts:
            assert count.read == count.stored + count.rejected
            frame = stored[count.table]
            mine = frame[(frame["source_file"] == count.file)
                         & (frame["source_sheet"].fillna("") == (count.sheet or ""))]
            kept = set(mine["source_row"])
            assert len(kept) == count.stored
            reasons = [p for p in result.problems
                       if p.file == count.file and p.sheet == count.sheet and p.rejected]
            if any(p.row is None for p in reasons):
                assert count.stored == 0
                continue
            rejected = {p.row for p in reasons}
            assert not kept & rejected
            assert len(kept) + len(rejected) == count.read
        expected_kids = sum(1 for k in sub["kids"]
                            if any(str(v).strip() for v in (k.get(c, "") for c in sub["kid_cols"])))
        kid_counts = [c for c in result.counts if c.table == "children"]
        if kid_counts and kid_counts[0].read:
            assert kid_counts[0].read == expected_kids

        # nothing personal: store, quarantine, quality page, summary, printed output
        processed = root / "data" / "processed"
        text = "\n".join(f.read_bytes().decode("utf-8", "replace")
                         for f in sorted(processed.rglob("*")) if f.is_file())
        text += out.getvalue() + err.getvalue()
        text += "\n".join(str(p) for p in result.problems)
        folded = text.casefold()
        leaked = sorted(v for v in _secrets(sub) if v.casefold() in folded)
        assert leaked == []


def test_the_reader_never_raises_anything_but_unreadable(tmp_path):
    """Arbitrary bytes named .csv: read, or refused as Unreadable (never another error)."""

    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=300))
    def check(data):
        path = tmp_path / "children.csv"
        path.write_bytes(data)
        try:
            grid = readers.read_csv(path)
        except readers.Unreadable as exc:
            assert exc.code in schemas.RULES
        else:
            assert len(grid.rows) == len(grid.row_numbers)

    check()


def test_parse_dates_total_on_any_text():
    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(st.text(printable, max_size=20), iso, dmy, serial), max_size=20))
    def check(values):
        s = pd.Series(values, dtype=object)
        parsed, malformed, impossible = intake.parse_dates(s)
        assert len(parsed) == len(values)
        ok = parsed.notna()
        assert not (ok & malformed).any() and not (ok & impossible).any()
        assert (ok | malformed | impossible).all()

    check()
