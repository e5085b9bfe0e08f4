"""Nothing personal published, nothing lost: the personal-data screen, file keys, safe CSVs,
and what intake stores from the corpus's harder cases.

The property tests plant a register's names, guardians, addresses and phones, in random forms,
into every free text intake reads (service details, activity descriptions, narratives, file
names, header cells, a cell slid into a coded column, a cell beyond the header) and check that
none of them reaches the store, the quarantine, the data-quality page, the screened narratives,
the printed output or a log record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from exceed_analysis import cli
from exceed_analysis.csvsafe import FORMULA_START, neutralise, write_csv
from exceed_analysis.intake import screen as scr
from exceed_analysis.intake.pseudonym import TEST_KEY
from exceed_analysis.store import parquet as store

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "bad-files"
TODAY = dt.date(2013, 1, 1)


@pytest.fixture(autouse=True)
def _no_key(monkeypatch):
    monkeypatch.delenv("EXCEED_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("EXCEED_MODE", raising=False)


# --------------------------------------------------------------------------- the screen


def test_screen_finds_register_values_in_other_forms():
    s = scr.Screen()
    s.add_names(["Désirée Anggraeni", "Siti Aminah"])
    s.add_addresses(["Jl. Merpati No. 12, Kel. Sukarame"])
    s.add_phones(["0812-3456-7890"])
    for text in ("DESIREE anggraeni datang", "desirée", "Anggraeni", "s.i.t.i", "SitiAminah",
                 "tel +62 812 3456 7890", "tel 62-812-3456-7890", "(0812) 3456.7890",
                 "rumah merpati no 12", "jalan Merpati 12", "Gg. Mawar No. 3",
                 "RT 03/RW 05", "hp 081299998888"):
        assert s.mentions(text), text
    for text in ("Sosialisasi di Kel. Sukarame", "Dialog warga RT 05 & RT 06", "anak jalanan",
                 "pemeriksaan 2010-05-01", "40 peserta", "kursus tata boga"):
        assert not s.mentions(text), text


@pytest.mark.parametrize("text", [
    "Jl. Merpati", "Jl Merpati", "Jln. Kenanga 5", "Gg. Mawar", "Dsn. Krajan", "Lr. Cempaka",
    "jalan Merpati 12", "Jalan Merpati No. 12", "Jalan Kenanga nomor 7", "gang Mawar RT 03/RW 05",
    "Gang Mawar, RT 3", "JL MERPATI NO.12", "Blok C 12", "Jl. Merpati RT 03/RW 05",
])
def test_address_shapes_are_redacted_without_a_register(text):
    redacted, kinds = scr.Screen().redact(f"rumahnya di {text}, dekat pasar")
    assert kinds == ["address"], text
    assert redacted.startswith("rumahnya di [...]") and redacted.endswith(", dekat pasar")
    assert not any(ch.isdigit() for ch in redacted), redacted


@pytest.mark.parametrize("text", [
    "Penjangkauan di jalan utama menuju pasar", "Rumah di gang sempit dekat sungai",
    "Jalan Utama menuju pasar ramai", "anak jalanan perempuan", "jalan kaki 3 km ke sekolah",
    "penjangkauan di jalan raya dan gang kecil", "Gang sempit 2 rumah dari posko",
    "sosialisasi di lorong pasar", "blok timur kampung",
])
def test_street_words_in_ordinary_prose_are_kept(text):
    assert scr.Screen().redact(text) == (text, [])


def test_redact_keeps_the_rest_of_the_text():
    s = scr.Screen()
    s.add_names(["Rina Wulandari"])
    text, kinds = s.redact("Konseling Rina, ibunya 0812 3456 7890.")
    assert text == "Konseling [...], ibunya [...]." and kinds == ["name", "phone"]


@pytest.mark.parametrize("value,shown", [
    ("2010-05-01", "2010-05-01"), ("01/05/2010", "01/05/2010"), ("1 Mei 2010", "1 Mei 2010"),
    ("X", "X"), ("perempuan", "perempuan"), ("Tidak Sekolah", "Tidak Sekolah"), ("16", "16"),
    ("16 tahun", "16 tahun"), ("40299", "40299"),
    ("Rina", "[teks, 4 karakter / text, 4 characters]"),
    ("0812-3456-7890", "[angka, 14 karakter / number, 14 characters]"),
    ("Jl. Merpati 12", "[teks dan angka, 14 karakter / text and digits, 14 characters]"),
])
def test_messages_quote_only_known_forms(value, shown):
    assert scr.describe(value) == shown


def test_file_keys_are_stable_and_hide_the_name():
    a = scr.file_key("data/raw/registers/sambas/SBS1/Rina Wulandari.xlsx", TEST_KEY)
    assert a == scr.file_key("data/raw/registers/sambas/SBS1/Rina Wulandari.xlsx", TEST_KEY)
    assert re.fullmatch(r"data/raw/registers/sambas/SBS1/file-[0-9a-f]{8}\.xlsx", a)
    assert a != scr.file_key("data/raw/registers/sambas/SBS1/Rina Wulandari.xlsx", b"other")
    for name in ("children.csv", "anak_2011-03-31.xlsx", "Layanan 20110630.csv", "anak (2).xlsx"):
        assert scr.file_key(f"x/{name}", TEST_KEY) == f"x/{name}"


def test_headers_are_named_only_when_made_of_header_words():
    assert scr.safe_header("Nama Ibu Kandung", 3) == "nama_ibu_kandung"
    assert scr.safe_header("0812 9999 8888", 14) == "#14"
    assert scr.safe_header("Rina Wulandari", 2) == "#2"


# --------------------------------------------------------------------------- stored data


def _ingest_case(project: Path, case: str):
    from test_intake_corpus import place

    place(case, project)
    with contextlib.redirect_stderr(io.StringIO()):
        return store.ingest(today=TODAY)


def test_1904_workbook_dates(project):
    kids = _ingest_case(project, "xlsx-1904").tables["children"]
    assert sorted(kids["intake_date"].dt.date.astype(str)) == ["2010-05-01", "2010-06-01"]


def test_invisible_characters_do_not_make_two_children(project):
    result = _ingest_case(project, "invisible-characters")
    kids, services = result.tables["children"], result.tables["services"]
    assert len(kids) == 1 and set(services["child_id"]) == set(kids["child_id"])
    assert kids["sex"].tolist() == ["F"]


def test_workbook_extent_and_unclosed_quote_lose_no_row(project):
    assert len(_ingest_case(project, "xlsx-dimension").tables["children"]) == 4


def test_rows_after_an_unclosed_quote_are_read(project):
    result = _ingest_case(project, "unclosed-quote")
    assert len(result.tables["children"]) == 3
    assert [p.row for p in result.problems if p.rejected] == [3]


def test_symbolic_link_is_not_followed(project):
    result = _ingest_case(project, "symlink")
    assert result.rows_read == 0 and len(result.tables["children"]) == 0


def test_narrative_screened_copy_is_what_reports_read(project):
    from exceed_analysis.reports.narrative import load_narrative

    _ingest_case(project, "personal-in-narrative")
    n = load_narrative(store.narratives_dir(), "bandar-lampung", "2010")
    assert n.sections["kendala"] == "[...] (HP [...]) kembali ke lokasi."
    assert str(n.meta["date"]) == "2011-01-25"


def test_broken_narrative_never_fails_the_loader(project):
    from exceed_analysis.reports.narrative import load_narrative

    folder = project / "n" / "x"
    folder.mkdir(parents=True)
    (folder / "2010.md").write_bytes("---\nauthor: [PO\n---\n## Penutup\nSalam – tim\n".encode("cp1252"))
    n = load_narrative(project / "n", "x", "2010")
    assert n.meta == {} and n.sections["penutup"].startswith("Salam")


# --------------------------------------------------------------------------- safe CSVs


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0",
                                  "@SUM(A1:A9)", "-2+3", "\tx", "\rx", "=1"])
def test_formulas_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@given(st.text(max_size=30))
def test_no_text_cell_starts_like_a_formula(text):
    out = neutralise(text)
    assert not out.startswith(FORMULA_START) or re.fullmatch(r"[+-]?[\d.,]+(?:[eE][+-]?\d+)?", out)


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_are_unchanged(number):
    df = pd.DataFrame({"n": [number], "t": [str(number)]})
    buf = io.StringIO()
    write_csv(df, buf)
    back = pd.read_csv(io.StringIO(buf.getvalue()))
    assert back["n"].tolist() == pd.read_csv(io.StringIO(df.to_csv(index=False)))["n"].tolist()
    assert str(back["t"][0]) == str(pd.read_csv(io.StringIO(df.to_csv(index=False)))["t"][0])


def test_report_table_csv_is_safe(tmp_path):
    from exceed_analysis.reports.tables import ReportTable

    data = pd.DataFrame({"kegiatan": ["=HYPERLINK(\"u\")", "ok"], "n": [-3, 4]})
    t = ReportTable(1, "activity_list", "x", data, data)
    t.to_csv(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text() == 'kegiatan,n\n"\'=HYPERLINK(""u"")",-3\nok,4\n'


# --------------------------------------------------------------------------- property: plant


_SYL = ["ra", "ni", "wu", "lan", "da", "ri", "su", "mi", "har", "to", "yo", "ke", "tut", "jo",
        "ko", "wi", "dod", "ba", "ngun", "sep", "tia", "ning", "sih", "par", "man"]
name_word = st.lists(st.sampled_from(_SYL), min_size=3, max_size=4).map(lambda s: "".join(s).title())
full_name = st.lists(name_word, min_size=2, max_size=3, unique=True).map(" ".join)
phone = st.tuples(st.sampled_from(["812", "813", "821", "852"]),
                  st.integers(1000, 9999), st.integers(1000, 9999))
street = name_word


def _accents(text: str) -> str:
    return "".join(c + "\u0301" if c in "aeiou" else c for c in text)


def name_form(draw, name: str) -> str:
    form = draw(st.sampled_from(["upper", "lower", "spaced", "joined", "accents", "punct",
                                 "first", "zwsp"]))
    return {"upper": name.upper(), "lower": name.lower(),
            "spaced": " ".join(name.split()[0]),
            "joined": name.replace(" ", ""),
            "accents": unicodedata.normalize("NFC", _accents(name)),
            "punct": name.replace(" ", draw(st.sampled_from([".", "-", ". ", ", "]))),
            "first": name.split()[-1],
            "zwsp": name.replace(" ", " \u200b")}[form]


def phone_form(draw, p: tuple) -> str:
    a, b, c = p
    return draw(st.sampled_from([f"0{a}-{b}-{c}", f"+62 {a} {b} {c}", f"62{a}{b}{c}",
                                 f"(0{a}) {b}.{c}", f"0{a}{b}{c}", f"+62-{a}-{b}-{c}"]))


def address_form(draw, s: str, n: int) -> str:
    return draw(st.sampled_from([f"Jl. {s} No. {n}", f"jalan {s.lower()} {n}", f"{s} no {n}",
                                 f"JL {s.upper()} NO.{n}", f"Gg. {s} {n}"]))


@st.composite
def planted_registers(draw):
    kids = draw(st.lists(st.tuples(full_name, full_name, street, st.integers(1, 199), phone),
                         min_size=1, max_size=3, unique_by=lambda k: k[0]))
    forms = [(name_form(draw, k[0]), name_form(draw, k[1]), address_form(draw, k[2], k[3]),
              phone_form(draw, k[4])) for k in kids]
    return kids, forms


def _plant(root: Path, kids, forms) -> None:
    ccc = root / "data" / "raw" / "registers" / "bandar-lampung" / "CCC"
    ccc.mkdir(parents=True)
    header = ("child_id,name,guardian_name,address,phone,sex,birth_date,sector,intake_date,"
              "school_status,lives_with_family")
    rows = [header + f",{forms[0][3]}"]  # a phone typed into an extra header cell
    for i, (name, guardian, s, n, (a, b, c)) in enumerate(kids):
        rows.append(f"CCC-{i:04d},{name},{guardian},\"Jl. {s} No. {n}, Kel. Sukarame\","
                    f"0{a}-{b}-{c},F,1995-01-01,eska,2010-06-01,formal,yes,")
    # a row missing a cell: the name slides into the sex column; a cell beyond the header
    rows.append(f"CCC-0900,{kids[0][0]},F,1995-01-01,eska,2010-06-01,formal,yes")
    rows.append(f"CCC-0901,x,y,z,1,F,1995-01-01,eska,2010-06-01,formal,yes,,{forms[0][0]}")
    (ccc / "children.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    svc = ["child_id,date,service,detail"]
    for i, (nf, gf, af, pf) in enumerate(forms):
        svc += [f"CCC-{i:04d},2010-06-0{j + 2},counseling,\"bertemu {t} hari ini\""
                for j, t in enumerate((nf, gf, af, pf))]
    (ccc / "services.csv").write_text("\n".join(svc) + "\n", encoding="utf-8")
    # a file named after the first child
    shutil.copy(ccc / "services.csv", ccc / f"services-{kids[0][0]}.csv")
    acts = root / "data" / "raw" / "activities"
    acts.mkdir(parents=True)
    (acts / "bandar-lampung.csv").write_text(
        "date,partner,activity,participants,description\n"
        + "".join(f"2010-07-0{i + 1},CCC,outreach,3,\"Penjangkauan {nf}, {af}, {pf}\"\n"
                  for i, (nf, gf, af, pf) in enumerate(forms)), encoding="utf-8")
    nar = root / "data" / "raw" / "narratives" / "bandar-lampung"
    nar.mkdir(parents=True)
    body = "\n".join(f"Pendampingan {nf} bersama {gf} ({pf}) di {af}." for nf, gf, af, pf in forms)
    (nar / "2010.md").write_text(f"---\nauthor: PO\n---\n## Kendala dan hambatan\n{body}\n",
                                 encoding="utf-8")


def _blob(processed: Path) -> str:
    parts = []
    for f in sorted(processed.rglob("*")):
        if not f.is_file():
            continue
        if f.suffix == ".parquet":  # compressed: read the values
            parts.append(pd.read_parquet(f).to_csv(index=False))
        else:
            parts.append(f.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _leaks(text: str, kids, forms) -> list[str]:
    folded = scr.fold(text)
    found = []
    for (name, guardian, s, n, (a, b, c)), fs in zip(kids, forms):
        for word in (name + " " + guardian).split():
            if re.search(rf"(?<![^\W_]){re.escape(scr.fold(word))}(?![^\W_])", folded):
                found.append(word)
        if re.search(rf"{re.escape(scr.fold(s))}\W{{1,6}}{n}(?!\d)", folded):
            found.append(f"{s} {n}")
        if re.search(rf"{a}\D{{0,3}}{b}\D{{0,3}}{c}", text):
            found.append(f"0{a}-{b}-{c}")
        found += [f for f in fs if f in text]
    return found


@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(planted_registers())
def test_planted_personal_values_reach_no_stored_or_logged_file(monkeypatch, plant):
    kids, forms = plant
    root = Path(tempfile.mkdtemp()) / "project"
    try:
        (root / "config").mkdir(parents=True)
        shutil.copy(PROJECT / "config" / "cities.yml", root / "config" / "cities.yml")
        monkeypatch.setenv("EXCEED_PROJECT_ROOT", str(root))
        _plant(root, kids, forms)
        records = io.StringIO()
        handler = logging.StreamHandler(records)
        logging.getLogger().addHandler(handler)
        old_level = logging.getLogger().level
        logging.getLogger().setLevel(logging.DEBUG)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                assert cli.main(["ingest", "--max-problems", "1000"]) == 0
        finally:
            logging.getLogger().removeHandler(handler)
            logging.getLogger().setLevel(old_level)
        processed = root / "data" / "processed"
        text = _blob(processed) + out.getvalue() + err.getvalue() + records.getvalue()
        assert _leaks(text, kids, forms) == []
        # nothing lost: every row read is stored or quarantined, file by file
        summary = pd.read_json(processed / "intake-summary.json", typ="series")
        assert summary["rows_read"] == summary["rows_stored"] + summary["rows_rejected"]
        assert (processed / "narratives" / "bandar-lampung" / "2010.md").is_file()
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
