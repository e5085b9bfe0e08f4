"""The bad-file corpus (tests/bad-files/): one small partner folder per failure mode, each with
the exact messages intake must give (tests/bad-files/expected.yml)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from exceed_analysis import cli
from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.config import paths

CORPUS = Path(__file__).parent / "bad-files"
ELSEWHERE = {"+activities": "data/raw/activities", "+narratives": "data/raw/narratives",
             "+registers": "data/raw/registers"}
"""Sub-folders of a case that go elsewhere than the partner folder CCC."""
EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
TODAY = dt.date(2013, 1, 1)
CCC = Path("data/raw/registers/bandar-lampung/CCC")

PERSONAL = [  # every personal value in the corpus, and the partners' case codes
    "Rina Wulandari", "Sari Puspita", "Dewi Lestari", "Lina Marlina", "Siti Aminah",
    "Bambang Sutrisno", "Jl. Merpati 12", "Merpati", "Désirée", "Anggraeni", "Jl. Melati 3",
    "Putri Ayuningtyas", "Suparman", "Wulan Sari", "Sumini", "Bagus Pratama", "Slamet",
    "Ratna Dewi", "Painem", "Indah Permata", "Karyo",
    "CCC-0101", "CCC-0102", "CCC-0103", "ccc-0103", "CCC-0104", "CCC-0999", "CCC-0201",
    "CCC-0202", "CCC-0203", "CCC-0204", "CCC-0205", "CCC-0301",
    # the personal-data screen cases: the register's values and the forms they come back in
    "Rina W", "RINA", "r i n a", "0812-3456-7890", "812.3456.7890", "0812 3456 7890", "3456",
    "Merpati", "Kenari", "kenari", "Anggrek 5", "RT 03/RW 05", "+62 813 2222 1111",
    "+62-813-2222-1111", "2222", "0812 9999 8888", "9999", "Bambang", "Sari Puspita",
    "Wulandari", "Anak Nomor", "Anak Satu", "Anak Dua", "CCC-04", "CCC-05", "CCC\u200b",
]


def case_dirs() -> list[str]:
    return sorted(d.name for d in CORPUS.iterdir() if d.is_dir())


def test_every_case_has_expectations():
    assert case_dirs() == sorted(EXPECTED)


def place(case: str, project: Path) -> None:
    """Copy a case into the project: its files into CCC's folder, its ``+activities``,
    ``+narratives`` and ``+registers`` folders where they belong (symbolic links kept)."""
    folder = CORPUS / case
    for entry in sorted(folder.iterdir()):
        if entry.name in ELSEWHERE:
            shutil.copytree(entry, project / ELSEWHERE[entry.name], symlinks=True,
                            dirs_exist_ok=True)
        else:
            target = project / CCC / entry.name
            target.parent.mkdir(parents=True, exist_ok=True)
            if entry.is_symlink():
                target.symlink_to(entry.readlink())
            elif entry.is_dir():
                shutil.copytree(entry, target, symlinks=True)
            else:
                shutil.copy2(entry, target)


def hashes(folder: Path) -> dict[str, str]:
    return {f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.rglob("*")) if f.is_file() and not f.is_symlink()}


@pytest.fixture(autouse=True)
def _no_key(monkeypatch):
    monkeypatch.delenv("EXCEED_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("EXCEED_MODE", raising=False)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_gives_exactly_its_messages(project, case):
    want = EXPECTED[case]
    place(case, project)
    before = hashes(project / "data" / "raw")
    result = store.ingest(today=TODAY)
    assert [str(p) for p in result.problems] == want["messages"], want["what"]
    got = {c.label.rsplit("/", 1)[-1]: [c.read, c.stored] for c in result.counts}
    assert got == want["counts"]
    for c in result.counts:
        assert c.read == c.stored + c.rejected
    for (city, partner), (read, stored, rejected) in result.folder_totals().items():
        assert read == stored + rejected, (city, partner)
    rejected_rows = {(p.file, p.sheet, p.row) for p in result.problems if p.rejected and p.row}
    assert len(rejected_rows) <= result.rows_rejected
    assert hashes(project / "data" / "raw") == before  # raw files are never written


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_leaks_no_personal_value(project, case, capsys):
    place(case, project)
    assert cli.main(["ingest", "--max-problems", "1000"]) == 0
    printed = capsys.readouterr()
    processed = paths().processed
    blob = "\n".join(f.read_bytes().decode("utf-8", errors="replace")
                     for f in processed.rglob("*") if f.is_file())
    blob += printed.out + printed.err
    assert [v for v in PERSONAL if v in blob] == []


def test_whole_corpus_at_once_is_reproducible(project):
    """Several cases in several partner folders: raw files untouched, the store (Parquet,
    quarantine, summary, quality page) byte-identical on a second run."""
    reg = project / "data" / "raw" / "registers"
    layout = {"bandar-lampung/CCC": "xlsx-indonesian", "bandar-lampung/LAdA": "later-submission",
              "surabaya/SBY1": "windows-1252", "surabaya/SBY2": "semicolon",
              "pontianak/PTK1": "service-after-exit", "pontianak/PTK2": "duplicate-id",
              "bandung/BDG1": "not-a-csv", "sambas/SBS1": "unknown-column-personal",
              "sanggau/SGU1": "ragged-row", "semarang/SMG1": "bom"}
    for target, case in layout.items():
        shutil.copytree(CORPUS / case, reg / target)
    before = hashes(project / "data" / "raw")
    first = store.ingest(today=TODAY)
    store1 = hashes(paths().processed)
    second = store.ingest(today=TODAY)
    assert hashes(paths().processed) == store1
    assert hashes(project / "data" / "raw") == before
    assert first.rows_read == first.rows_stored + first.rows_rejected
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems]
    assert {"quality.html", "quality.json", "quarantine.csv", "intake-summary.json"} <= set(store1)
