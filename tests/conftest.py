"""Shared fixtures: a throw-away project root with the real registry and hand-made registers."""

from __future__ import annotations

import shutil
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

CHILDREN_HEADER = ("child_id,name,guardian_name,address,phone,sex,birth_date,age_at_intake,sector,"
                   "beneficiary_type,intake_date,exit_date,school_status,lives_with_family,"
                   "family_contact,trafficking_victim")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project root (registry copied) that the library uses for its paths."""
    root = tmp_path / "project"
    (root / "config").mkdir(parents=True)
    shutil.copy(PROJECT / "config" / "cities.yml", root / "config" / "cities.yml")
    monkeypatch.setenv("EXCEED_PROJECT_ROOT", str(root))
    return root


@pytest.fixture
def small_registers(project) -> Path:
    """Two partners of Bandar Lampung with a handful of children, one bad row of each kind."""
    reg = project / "data" / "raw" / "registers" / "bandar-lampung"
    write(reg / "CCC" / "children.csv", f"""
        {CHILDREN_HEADER}
        CCC-0001,Rina Wulandari,Budi Santoso,Jl. Kenanga 1,0812-0000-0001,F,1993-06-15,,eska,,2010-05-10,,not_in_school,yes,daily,no
        CCC-0002,Sari Puspita,Agus Salim,Jl. Kenanga 2,0812-0000-0002,P,,16,eska,withdrawn,2010-06-01,2010-09-30,formal,no,never,yes
        CCC-0003,Dewi Lestari,Hadi Susanto,Jl. Kenanga 3,0812-0000-0003,X,1994-01-01,,eska,,2010-07-01,,formal,yes,,no
        CCC-0004,Lina Marlina,Joko Widodo,Jl. Kenanga 4,0812-0000-0004,F,1995-03-01,,eska,,2011-02-01,,kejar_paket,yes,daily,no
        """)
    write(reg / "CCC" / "services.csv", """
        child_id,date,service,detail
        CCC-0001,2010-05-11,counseling,
        CCC-0001,2010-06-11,counseling,
        CCC-0001,2010-06-12,skills_course,tata_boga
        CCC-0002,2010-06-02,counseling,
        CCC-0002,2010-06-03,health_check,
        CCC-0002,2010-10-15,counseling,
        CCC-0003,2010-07-02,counseling,
        CCC-9999,2010-07-02,counseling,
        """)
    write(reg / "LAdA" / "children.csv", f"""
        {CHILDREN_HEADER}
        LADA-0001,Maya Sari,Ahmad Yani,Jl. Melati 1,0813-0000-0001,M,1993-12-31,,eska,,2010-12-31,,not_in_school,yes,periodic,no
        """)
    write(reg / "LAdA" / "services.csv", """
        child_id,date,service,detail
        LADA-0001,2010-12-31,basic_needs,paket mandi
        LADA-0001,2011-01-05,counseling,
        """)
    write(project / "data" / "raw" / "activities" / "bandar-lampung.csv", """
        date,partner,activity,participants,description
        2010-06-01,CCC,awareness,30,Sosialisasi di Pantai Harapan & <Pemandangan>
        2010-07-01,,task_force_meeting,12,Pertemuan gugus tugas kota
        2010-08-01,XYZ,outreach,5,Mitra tak dikenal
        """)
    return project


@contextmanager
def ingested_copy(root: Path):
    """A throw-away copy of the project (registry, targets, notebooks, raw data) that the
    library uses for its paths while the context lasts, with its store already ingested."""
    from exceed_analysis import cli

    for part in ("config", "notebooks", "data/raw"):
        shutil.copytree(PROJECT / part, root / part)
    mp = pytest.MonkeyPatch()
    mp.setenv("EXCEED_PROJECT_ROOT", str(root))
    try:
        assert cli.main(["ingest"]) == 0
        yield root
    finally:
        mp.undo()
