"""The scale generator: synthetic project roots of any size (exceed_analysis.synthetic.scale).

Fast: the "small" size (8 districts, 3,000 children, ~45 thousand services) or smaller, in
tmp_path. Speed and memory are measured in bench/, never asserted here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exceed_analysis.synthetic import scale, scale_rows
from exceed_analysis import schemas
from exceed_analysis.synthetic import registers as synthetic
from exceed_analysis.config import load_registry

SMALL = scale.SIZES["small"]
HEADERS = {
    "children.csv": ",".join(synthetic.CHILDREN_COLUMNS),
    "services.csv": ",".join(synthetic.SERVICES_COLUMNS),
}
ACTIVITIES_HEADER = ",".join(synthetic.ACTIVITIES_COLUMNS)
COMMITTED = Path(__file__).resolve().parents[1] / "data" / "raw" / "registers" / "bandar-lampung" / "CCC"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The "small" project root, written once for the module: (root, returned counts)."""
    root = tmp_path_factory.mktemp("scale") / "small"
    counts = scale.generate_project(root, **SMALL, progress=False)
    return root, counts


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables(small):
    """Every children.csv and services.csv of the small root, with city and partner."""
    root, _ = small
    kids, svc = [], []
    for folder in sorted((root / "data" / "raw" / "registers").glob("*/*")):
        for name, out in (("children.csv", kids), ("services.csv", svc)):
            df = _read(folder / name)
            df.insert(0, "partner", folder.name)
            df.insert(0, "city", folder.parent.name)
            out.append(df)
    return pd.concat(kids, ignore_index=True), pd.concat(svc, ignore_index=True)


def _data_files(root: Path) -> list[Path]:
    """The generated data (the notebooks are copies of this project's, edited elsewhere)."""
    return sorted(p for sub in ("config", "data") for p in (root / sub).rglob("*") if p.is_file())


# --------------------------------------------------------------------------- layout


def test_sizes():
    assert scale.SIZES["national"] == dict(districts=500, children=1_000_000, years=4)
    assert set(scale.SIZES) == {"small", "medium", "national"}
    assert scale.SIZES["small"]["children"] < scale.SIZES["medium"]["children"] \
        < scale.SIZES["national"]["children"]


def test_registry_loads_with_the_library(small):
    root, counts = small
    reg = load_registry(root / "config" / "cities.yml")
    assert len(reg.cities) == SMALL["districts"] == counts["districts"]
    assert reg.slugs == tuple(f"district-{i:03d}" for i in range(1, SMALL["districts"] + 1))
    assert reg.city("district-001").name == "Kabupaten Sintetis 001"
    assert set(reg.sectors) == set(schemas.SECTORS)
    assert reg.programme["name"] == "EXCEED"
    partners = [p.code for c in reg.cities for p in c.partners]
    assert len(partners) == len(set(partners)) == counts["partners"]
    for c in reg.cities:
        assert 1 <= len(c.partners) <= 3
        assert all(re.fullmatch(rf"D{c.slug[-3:]}[A-C]", p.code) for p in c.partners)
        assert c.programme_start == dt.date(2010, 1, 1)
        assert c.sectors and set(c.sectors) <= set(schemas.SECTORS)
        assert c.province.startswith("Provinsi Sintetis ")
    assert len({c.province for c in reg.cities}) == SMALL["districts"]   # min(30, districts)
    # the four sectors are spread over the districts
    assert {s for c in reg.cities for s in c.sectors} == set(schemas.SECTORS)
    # one register folder per registered partner, one activity log per district
    registers = root / "data" / "raw" / "registers"
    folders = sorted(f"{p.parent.name}/{p.name}" for p in registers.glob("*/*"))
    assert folders == sorted(f"{c.slug}/{p.code}" for c in reg.cities for p in c.partners)
    logs = sorted(p.stem for p in (root / "data" / "raw" / "activities").glob("*.csv"))
    assert logs == list(reg.slugs)
    assert (root / "notebooks" / "city_report.ipynb").is_file()


def test_many_districts_spread_over_thirty_provinces(tmp_path):
    scale.generate_project(tmp_path / "p", districts=90, children=900, years=1,
                           notebooks=False, progress=False)
    reg = load_registry(tmp_path / "p" / "config" / "cities.yml")
    provinces = [c.province for c in reg.cities]
    assert len(set(provinces)) == 30
    assert provinces == sorted(provinces)         # neighbouring districts share a province
    assert set(pd.Series(provinces).value_counts()) == {3}


# --------------------------------------------------------------------------- files


def test_every_file_has_the_contract_header_and_unix_lines(small):
    root, counts = small
    files = [p for p in _data_files(root) if p.suffix == ".csv"]
    assert len(files) == 2 * counts["partners"] + counts["districts"]
    for path in files:
        data = path.read_bytes()
        assert b"\r" not in data and data.endswith(b"\n"), path
        header = data.decode("utf-8").split("\n", 1)[0]
        assert header == HEADERS.get(path.name, ACTIVITIES_HEADER), path
    # same column order as the committed registers
    for name, header in HEADERS.items():
        assert (COMMITTED / name).read_text(encoding="utf-8").split("\n", 1)[0] == header


def test_deterministic_for_a_seed(small, tmp_path):
    root, counts = small
    again = scale.generate_project(tmp_path / "again", **SMALL, progress=False)
    first, second = _data_files(root), _data_files(tmp_path / "again")
    assert [p.relative_to(root) for p in first] == [p.relative_to(tmp_path / "again") for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.relative_to(root)
    assert {k: v for k, v in again.items() if k != "seconds"} == \
        {k: v for k, v in counts.items() if k != "seconds"}
    # another seed, other data (same number of children)
    other = scale.generate_project(tmp_path / "other", **SMALL, seed=7, notebooks=False,
                                   progress=False)
    assert other["children"] == counts["children"]
    assert (tmp_path / "other" / "config" / "cities.yml").read_bytes() != \
        (root / "config" / "cities.yml").read_bytes()


def test_counts_match_the_request(small, tables):
    root, counts = small
    kids, svc = tables
    assert counts["children"] == len(kids) == SMALL["children"]
    assert counts["services"] == len(svc)
    assert counts["districts"] == kids["city"].nunique() == SMALL["districts"]
    # about fifteen services per child
    assert 13 <= len(svc) / len(kids) <= 17
    acts = sum(len(_read(p)) for p in (root / "data" / "raw" / "activities").glob("*.csv"))
    assert counts["activities"] == acts
    assert counts["bytes"] == sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert counts["files"] == sum(1 for p in root.rglob("*") if p.is_file())
    assert counts["seconds"] >= 0
    marker = json.loads((root / scale.MARKER).read_text(encoding="utf-8"))
    assert marker == dict(SMALL, seed=2010, start="2010-01-01")


def test_tiny_and_empty_partners(tmp_path):
    """More partners than children: some registers hold a header only."""
    counts = scale.generate_project(tmp_path / "t", districts=5, children=4, years=1,
                                    notebooks=False, progress=False)
    assert counts["children"] == 4 and counts["districts"] == 5
    sizes = [len(_read(p)) for p in (tmp_path / "t").rglob("children.csv")]
    assert sum(sizes) == 4 and 0 in sizes


# --------------------------------------------------------------------------- consistency


def test_codes_are_valid(tables):
    kids, svc = tables
    assert kids["sex"].isin(schemas.SEXES).all()
    assert kids["sector"].isin(schemas.SECTORS).all()
    assert kids["beneficiary_type"].isin(schemas.BENEFICIARY_TYPES).all()
    assert kids["school_status"].isin(schemas.SCHOOL_STATUSES).all()
    assert kids["lives_with_family"].isin(["yes", "no"]).all()
    assert kids["family_contact"].isin(list(schemas.FAMILY_CONTACTS) + [""]).all()
    assert kids["trafficking_victim"].isin(["yes", "no"]).all()
    assert not ((kids["lives_with_family"] == "yes") & (kids["family_contact"] == "never")).any()
    assert svc["service"].isin(schemas.SERVICES).all()
    assert set(svc["service"]) == set(schemas.SERVICES)
    for (city, partner), ids in kids.groupby(["city", "partner"])["child_id"]:
        assert ids.is_unique, partner
        assert ids.str.fullmatch(re.escape(partner) + r"-\d{4,}").all(), partner
    # personal data: present but cheap, and unique where filled
    assert kids["name"].str.fullmatch(r"Nama Fiktif \d+").all() and kids["name"].is_unique
    # no word of a person's name or address occurs in a service detail (intake would hide it)
    words = set(" ".join(kids[["name", "guardian_name", "address"]].to_numpy().ravel()).casefold()
                .replace(".", " ").split())
    details = set(" ".join(svc["detail"].unique()).casefold().split())
    assert not {w for w in words & details if len(w) >= 3}
    assert (kids["guardian_name"] == "").mean() > 0.5
    assert (kids["phone"] == "").mean() > 0.5
    phones = kids.loc[kids["phone"] != "", "phone"]
    assert phones.is_unique and phones.str.fullmatch(r"0800-\d{4}-\d{4}").all()


def test_sectors_belong_to_the_district(small, tables):
    root, _ = small
    kids, svc = tables
    reg = load_registry(root / "config" / "cities.yml")
    allowed = {c.slug: set(c.sectors) for c in reg.cities}
    assert all(s in allowed[c] for c, s in zip(kids["city"], kids["sector"]))
    sti = svc[svc["service"] == "sti_screening"].merge(
        kids[["city", "partner", "child_id", "sector"]], on=["city", "partner", "child_id"])
    assert set(sti["sector"]) == {"eska"}


def test_services_fall_within_each_stay(tables):
    kids, svc = tables
    end = pd.Timestamp(scale.data_end(dt.date(2010, 1, 1), SMALL["years"]))
    kids = kids.assign(intake=pd.to_datetime(kids["intake_date"], format="%Y-%m-%d"),
                       exit=pd.to_datetime(kids["exit_date"].replace("", None), format="%Y-%m-%d"))
    assert kids["intake"].between(pd.Timestamp("2010-01-01"), end).all()
    assert (kids["exit"].isna() | (kids["exit"] >= kids["intake"])).all()
    assert (kids["exit"].dropna() <= end).all()
    assert kids["exit"].notna().any() and kids["exit"].isna().any()
    merged = svc.merge(kids[["city", "partner", "child_id", "intake", "exit", "lives_with_family"]],
                       on=["city", "partner", "child_id"], how="left", validate="m:1")
    assert merged["intake"].notna().all(), "every service belongs to a registered child"
    day = pd.to_datetime(merged["date"], format="%Y-%m-%d")
    assert (day >= merged["intake"]).all()
    assert (merged["exit"].isna() | (day <= merged["exit"])).all()
    assert (day <= end).all() and (day <= pd.Timestamp(dt.date.today())).all()
    # every child is counselled on the day of intake
    first = merged[day == merged["intake"]]
    counselled = first[first["service"] == "counseling"].drop_duplicates(
        ["city", "partner", "child_id"])
    assert len(counselled) == len(kids)
    # alternative care: away from the family, first three months; family support: at home
    care = merged[merged["service"] == "alternative_care"]
    assert len(care) and (care["lives_with_family"] == "no").all()
    assert ((day[care.index] - care["intake"]).dt.days < 92).all()
    support = merged[merged["service"] == "family_support"]
    assert len(support) and (support["lives_with_family"] == "yes").all()
    # rows are sorted by child, then date
    for _, part in svc.groupby(["city", "partner"], sort=False):
        key = list(zip(part["child_id"].map(lambda s: int(s.split("-")[1])), part["date"]))
        assert key == sorted(key)


def test_ages_at_intake(tables):
    kids, _ = tables
    born = kids["birth_date"] != ""
    assert 0.8 < born.mean() < 0.95 and (kids["age_at_intake"] != "").mean() > 0.05
    assert ((kids["birth_date"] != "") | (kids["age_at_intake"] != "")).all()
    b = pd.to_datetime(kids.loc[born, "birth_date"], format="%Y-%m-%d")
    i = pd.to_datetime(kids.loc[born, "intake_date"], format="%Y-%m-%d")
    computed = i.dt.year - b.dt.year - ((i.dt.month < b.dt.month)
                                        | ((i.dt.month == b.dt.month) & (i.dt.day < b.dt.day)))
    given = pd.to_numeric(kids["age_at_intake"].replace("", None))
    age = given.copy()
    age[born] = computed
    assert age.notna().all() and age.between(5, 17).all()
    both = born & (kids["age_at_intake"] != "")
    assert both.any() and (computed[both] == given[both]).all()


def test_birth_dates_give_the_age_on_leap_days():
    rng = np.random.default_rng(1)
    days = np.array([np.datetime64(d) for d in ("2012-02-29", "2012-02-28", "2012-03-01",
                                                "2011-12-31", "2013-01-01")] * 400)
    days = (days - np.datetime64("1970-01-01")).astype(np.int64)
    ages = np.tile(np.arange(5, 18), len(days) // 13 + 1)[:len(days)]
    born = scale_rows.birth_dates(rng, days, ages)
    assert (scale_rows.completed_years(born, days) == ages).all()


def test_skills_course_rows_carry_their_type(tables):
    _, svc = tables
    skills = svc[svc["service"] == "skills_course"]
    assert len(skills) and skills["detail"].isin(schemas.SKILLS_COURSES).all()
    one_type = skills.drop_duplicates(["city", "partner", "child_id", "detail"])
    assert not one_type.duplicated(["city", "partner", "child_id"]).any(), "one type per child"
    assert set(skills["detail"]) == set(schemas.SKILLS_COURSES)
    assert not svc["detail"].str.contains(",").any()


def test_activities(small):
    root, _ = small
    reg = load_registry(root / "config" / "cities.yml")
    end = scale.data_end(dt.date(2010, 1, 1), SMALL["years"]).isoformat()
    for c in reg.cities:
        df = _read(root / "data" / "raw" / "activities" / f"{c.slug}.csv")
        assert df["activity"].isin(schemas.ACTIVITIES).all()
        assert df["partner"].isin(set(c.partner_codes) | {""}).all()
        assert df["date"].between("2010-01-01", end).all()
        assert df["participants"].str.fullmatch(r"\d*").all()
        gov = df["activity"].isin(["task_force_meeting", "field_visit"])
        assert (df.loc[gov, "partner"] == "").all()
        quarters = pd.PeriodIndex(pd.to_datetime(df["date"]), freq="Q")
        assert quarters.nunique() == 4 * SMALL["years"]           # a few rows every quarter
        assert pd.Series(quarters).value_counts().between(2, 6).all()
        assert list(df.sort_values(["date", "activity"], kind="stable").index) == list(df.index)


# --------------------------------------------------------------------------- intake


def test_intake_accepts_every_row(small, monkeypatch):
    root, counts = small
    store = pytest.importorskip("exceed_analysis.store.parquet")
    monkeypatch.setenv("EXCEED_PROJECT_ROOT", str(root))
    result = store.ingest()
    assert result.rows_read == counts["children"] + counts["services"] + counts["activities"]
    assert result.rows_rejected == 0
    assert result.rows_stored == result.rows_read
    assert not [p for p in result.problems if p.rejected]
    # clean data: no row-level problem at all, not even a kept row with a removed detail
    assert not [str(p) for p in result.problems if p.row is not None][:5]
    assert len(result.tables["children"]) == counts["children"]
    assert len(result.tables["services"]) == counts["services"]


# --------------------------------------------------------------------------- safety and CLI


def test_refuses_to_overwrite_what_it_did_not_write(small, tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        scale.generate_project(foreign, districts=1, children=1, years=1, progress=False)
    with pytest.raises(FileExistsError):
        scale.generate_project(foreign, districts=1, children=1, years=1, overwrite=True,
                               progress=False)
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(ValueError, match="this project"):
        scale.generate_project(scale.PROJECT_ROOT, districts=1, children=1, years=1,
                               progress=False)
    with pytest.raises(ValueError, match="this project"):
        scale.generate_project(scale.PROJECT_ROOT / "data" / "raw", districts=1, children=1,
                               years=1, progress=False)
    # a root it wrote may be replaced
    own = tmp_path / "own"
    scale.generate_project(own, districts=3, children=30, years=1, notebooks=False, progress=False)
    with pytest.raises(FileExistsError):
        scale.generate_project(own, districts=2, children=20, years=1, progress=False)
    scale.generate_project(own, districts=2, children=20, years=1, overwrite=True,
                           notebooks=False, progress=False)
    assert sorted(p.name for p in (own / "data" / "raw" / "registers").iterdir()) == \
        ["district-001", "district-002"]


def test_never_in_the_future(tmp_path):
    with pytest.raises(ValueError, match="future"):
        scale.generate_project(tmp_path / "f", districts=1, children=1, years=2,
                               start=dt.date.today(), progress=False)
    assert not (tmp_path / "f").exists()


def test_command_line(tmp_path, capsys):
    counts = scale.main(["--size", "small", "--districts", "3", "--children", "60",
                         "--years", "2", "--out", str(tmp_path / "cli")])
    assert (counts["districts"], counts["children"]) == (3, 60)
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["children"] == 60 and summary["years"] == 2 and summary["peak_rss_mb"] > 0
    assert "[scale] 3/3 districts" in err
    # the committed generator delegates --size to scale.py (and needs --out)
    synthetic.main(["--size", "small", "--out", str(tmp_path / "syn"), "--districts", "2",
                    "--children", "10", "--years", "1"])
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (first["districts"], first["children"]) == (2, 10)
    assert load_registry(tmp_path / "syn" / "config" / "cities.yml").slugs == \
        ("district-001", "district-002")
    with pytest.raises(SystemExit):
        synthetic.main(["--size", "small"])
    with pytest.raises(SystemExit):
        synthetic.main(["--out", str(tmp_path / "x"), "--districts", "2"])
    assert not (tmp_path / "x").exists()


def test_progress_every_fifty_districts(tmp_path, capsys):
    scale.generate_project(tmp_path / "p", districts=120, children=240, years=1, notebooks=False)
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split()[1] for line in lines] == ["50/120", "100/120", "120/120"]
