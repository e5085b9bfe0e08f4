"""The synthetic raw data: reproducible, and calibrated to the seed's published figures.

Every count is recomputed here with plain pandas straight from the CSVs, following the
indicator definitions of docs/data-dictionary.md, independently of the analysis library.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from exceed_analysis.synthetic import registers as synthetic

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
REFERENCE = yaml.safe_load((ROOT / "tests" / "reference-figures.yml").read_text(encoding="utf-8"))
REGISTRY = yaml.safe_load((ROOT / "config" / "cities.yml").read_text(encoding="utf-8"))

START, END = pd.Timestamp("2010-05-01"), pd.Timestamp("2010-12-31")
DATA_END = pd.Timestamp("2012-12-31")
SERVICES = {"counseling", "health_check", "sti_screening", "basic_needs", "bridging_course",
            "remedial", "skills_course", "internship", "alternative_care", "family_support"}
SKILLS = {"tata_boga", "komputer", "tata_busana", "kecantikan"}
ACTIVITIES = {"outreach", "awareness", "community_dialogue", "radio", "task_force_meeting",
              "field_visit", "training"}
SECTIONS = ["Kendala dan hambatan", "Rekomendasi", "Capaian gugus tugas", "Penutup"]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _partners():
    for city in REGISTRY["cities"]:
        for partner in city["partners"]:
            yield city["slug"], partner["code"]


@pytest.fixture(scope="module")
def children() -> pd.DataFrame:
    frames = []
    for city, partner in _partners():
        df = _read(RAW / "registers" / city / partner / "children.csv")
        frames.append(df.assign(city=city, partner=partner))
    df = pd.concat(frames, ignore_index=True)
    df["sex_code"] = df["sex"].replace({"P": "F", "L": "M"})
    df["intake"] = pd.to_datetime(df["intake_date"], format="%Y-%m-%d")
    df["exit"] = pd.to_datetime(df["exit_date"].replace("", None), format="%Y-%m-%d")
    born = pd.to_datetime(df["birth_date"].replace("", None), format="%Y-%m-%d")
    years = df["intake"].dt.year - born.dt.year
    before = (df["intake"].dt.month < born.dt.month) | (
        (df["intake"].dt.month == born.dt.month) & (df["intake"].dt.day < born.dt.day))
    from_birth = years - before.astype(int)
    given = pd.to_numeric(df["age_at_intake"].replace("", None))
    df["age"] = from_birth.where(born.notna(), given)
    df["contact"] = df["family_contact"].replace("", "unknown")
    return df


@pytest.fixture(scope="module")
def services() -> pd.DataFrame:
    frames = []
    for city, partner in _partners():
        df = _read(RAW / "registers" / city / partner / "services.csv")
        frames.append(df.assign(city=city, partner=partner))
    df = pd.concat(frames, ignore_index=True)
    df["day"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    return df


@pytest.fixture(scope="module")
def lampung(children, services):
    """Beneficiaries of Bandar Lampung 2010-05-01..2010-12-31 and their services in it."""
    kids = children[(children["city"] == "bandar-lampung") & (children["intake"] <= END)
                    & (children["exit"].isna() | (children["exit"] >= START))]
    svc = services[(services["city"] == "bandar-lampung") & services["day"].between(START, END)]
    svc = svc.merge(kids[["partner", "child_id"]], on=["partner", "child_id"])
    return kids, svc


def _served(kids, svc, *names) -> pd.Series:
    """Distinct children per partner with at least one row of one of the services."""
    hit = svc[svc["service"].isin(names)].drop_duplicates(["partner", "child_id"])
    return hit.groupby("partner").size().reindex(["CCC", "LAdA"], fill_value=0)


# --------------------------------------------------------------------------- (1) reproducible

def test_regenerating_reproduces_the_committed_files_byte_for_byte(tmp_path):
    written = synthetic.generate(tmp_path / "raw")
    assert written == sorted(written)
    relative = [p.relative_to(tmp_path / "raw") for p in written]
    for rel in relative:
        committed = RAW / rel
        assert committed.is_file(), f"{rel} is generated but not in data/raw"
        assert committed.read_bytes() == (tmp_path / "raw" / rel).read_bytes(), rel
    on_disk = [p.relative_to(RAW) for sub in ("registers", "activities", "narratives")
               for p in sorted((RAW / sub).rglob("*")) if p.is_file()]
    missing = [p for p in on_disk if p not in relative]
    assert not missing, f"committed files the generator does not write: {missing}"


def test_files_follow_the_contract_layout_and_format():
    for city, partner in _partners():
        folder = RAW / "registers" / city / partner
        for name, header in (("children.csv", synthetic.CHILDREN_COLUMNS),
                             ("services.csv", synthetic.SERVICES_COLUMNS)):
            data = (folder / name).read_bytes()
            assert b"\r" not in data
            assert data.decode("utf-8").split("\n", 1)[0] == ",".join(header)
    for city in REGISTRY["cities"]:
        text = (RAW / "activities" / f"{city['slug']}.csv").read_text(encoding="utf-8")
        assert text.split("\n", 1)[0] == ",".join(synthetic.ACTIVITIES_COLUMNS)
    size = sum(p.stat().st_size for p in RAW.rglob("*") if p.is_file())
    assert size < 6_000_000


# --------------------------------------------------------------------------- (2) Lampung 2010

def test_lampung_2010_beneficiaries(lampung):
    kids, _ = lampung
    ref = REFERENCE["lampung_2010"]
    assert len(kids) == ref["beneficiaries_total"] == 82
    assert kids.groupby("partner").size().to_dict() == ref["partners"]
    assert kids["sex_code"].value_counts().to_dict() == ref["table_1_sex"]
    ages = kids["age"].astype(int).value_counts()
    assert {a: int(ages.get(a, 0)) for a in range(13, 18)} == ref["table_2_age_at_intake"]
    assert set(ages.index) <= set(range(13, 18))
    assert (kids["sector"] == "eska").all() and (kids["beneficiary_type"] == "withdrawn").all()
    # both age paths are exercised in Lampung
    assert (kids["birth_date"] == "").sum() >= 5
    assert (kids["birth_date"] != "").sum() >= 60
    # exits inside 2010 exist (and still count)
    assert (kids["exit"] <= END).sum() >= 3


def test_lampung_2010_counseling(lampung):
    kids, svc = lampung
    counsel = svc[svc["service"] == "counseling"]
    per_child = counsel.groupby(["partner", "child_id"]).size()
    assert len(per_child) == 82
    assert len(counsel) == 246
    assert len(counsel) / len(per_child) == 3.0
    victims = kids[kids["trafficking_victim"] == "yes"].set_index(["partner", "child_id"]).index
    assert len(victims) >= 1
    assert (per_child.loc[victims] > 3).all()
    assert (per_child.drop(victims) <= 3).all()


def test_lampung_2010_services(lampung):
    kids, svc = lampung
    ref = REFERENCE["lampung_2010"]
    assert _served(kids, svc, "health_check", "sti_screening").to_dict() == \
        ref["health_check_and_sti_screening"]["by_partner"]
    assert _served(kids, svc, "health_check").to_dict() == {"CCC": 40, "LAdA": 0}
    assert _served(kids, svc, "sti_screening").to_dict() == {"CCC": 40, "LAdA": 0}
    assert _served(kids, svc, "basic_needs").to_dict() == ref["basic_needs_kits"]["by_partner"]
    assert _served(kids, svc, "internship").to_dict() == ref["internship"]["by_partner"]
    assert _served(kids, svc, "internship").sum() == ref["internship"]["children"]
    education = {s: int(_served(kids, svc, s).sum())
                 for s in ("bridging_course", "remedial", "skills_course")}
    assert education == ref["table_4_education_services"]
    assert _served(kids, svc, "bridging_course").to_dict() == {"CCC": 0, "LAdA": 42}


def test_lampung_2010_skills_courses(lampung):
    _, svc = lampung
    skills = svc[svc["service"] == "skills_course"]
    assert set(skills["detail"]) <= SKILLS
    types = skills.drop_duplicates(["partner", "child_id", "detail"])
    assert not types.duplicated(["partner", "child_id"]).any(), "one course type per child"
    assert types["detail"].value_counts().to_dict() == ref_skills()
    assert types["partner"].nunique() == 2


def ref_skills() -> dict:
    return REFERENCE["lampung_2010"]["table_5_skills_course_type"]


def test_lampung_2010_family_and_schooling(lampung):
    kids, svc = lampung
    ref = REFERENCE["lampung_2010"]
    at_home = int((kids["lives_with_family"] == "yes").sum())
    assert at_home == 66
    assert round(100 * at_home / len(kids)) == ref["reintegration"]["living_with_family_pct"]
    assert f"{100 * at_home / len(kids):.2f}" == "80.49"
    school = kids["school_status"].value_counts().to_dict()
    breakdown = ref["table_3_schooling_at_intake"]
    assert school == {"formal": breakdown["in_school_breakdown"]["formal"],
                      "kejar_paket": breakdown["in_school_breakdown"]["kejar_paket"],
                      "not_in_school": breakdown["not_in_school"]}
    # alternative care: only children away from their family, within 3 months of intake
    care = svc[svc["service"] == "alternative_care"].merge(
        kids[["partner", "child_id", "lives_with_family", "intake"]], on=["partner", "child_id"])
    assert len(care) > 0
    assert (care["lives_with_family"] == "no").all()
    assert ((care["day"] - care["intake"]).dt.days < 92).all()
    assert care.drop_duplicates(["partner", "child_id"]).shape[0] < 16
    support = svc[svc["service"] == "family_support"].merge(
        kids[["partner", "child_id", "lives_with_family"]], on=["partner", "child_id"])
    assert len(support) > 0 and (support["lives_with_family"] == "yes").all()


def test_lampung_2010_services_fall_within_each_stay(children, services):
    merged = services.merge(children[["city", "partner", "child_id", "intake", "exit"]],
                            on=["city", "partner", "child_id"], how="left", validate="m:1")
    assert merged["intake"].notna().all(), "every service belongs to a registered child"
    assert (merged["day"] >= merged["intake"]).all()
    assert (merged["exit"].isna() | (merged["day"] <= merged["exit"])).all()
    assert (merged["day"] <= DATA_END).all()
    # children enrolled in Lampung after 2010 never touch the 2010 counts
    lampung = children[children["city"] == "bandar-lampung"]
    late = lampung[lampung["intake"] > END]
    assert (late["intake"] >= pd.Timestamp("2011-01-01")).all() and len(late) > 0


# --------------------------------------------------------------------------- (3) baseline

def test_family_contact_baseline(children):
    early = children[children["intake"] <= pd.Timestamp("2010-09-30")]
    ref = REFERENCE["workshop_2011_family_contact_baseline"]
    assert ref["columns"] == ["pulang_tiap_hari", "pulang_waktu_tertentu", "tidak_pernah_pulang"]
    for sector in ("anak_jalanan_perempuan", "eska", "prta"):
        group = early[early["sector"] == sector]
        shares = [100 * (group["contact"] == k).mean() for k in ("daily", "periodic", "never")]
        assert [math.floor(s + 0.5) for s in shares] == ref[sector], (sector, shares)
    eska_cities = set(early.loc[early["sector"] == "eska", "city"])
    assert eska_cities == {"bandar-lampung", "surabaya"}
    # unknown written both ways
    assert (children["family_contact"] == "").any()
    assert (children["family_contact"] == "unknown").any()


def test_codes_are_consistent(children, services):
    assert set(children["sex"]) <= {"F", "M", "P", "L"}
    aliased = children[children["sex"].isin(["P", "L"])]
    assert len(aliased) > 0 and set(aliased["city"]) == {"pontianak"}
    assert set(children["beneficiary_type"]) <= {"withdrawn", "prevented", ""}
    assert set(children["contact"]) <= {"daily", "periodic", "never", "unknown"}
    assert not ((children["lives_with_family"] == "yes") & (children["contact"] == "never")).any()
    assert set(children["trafficking_victim"]) <= {"yes", "no", ""}
    assert children["age"].between(10, 17).all()
    assert (children["birth_date"] == "").mean() == pytest.approx(0.10, abs=0.04)
    assert services["service"].isin(SERVICES).all()
    skills = services[services["service"] == "skills_course"]
    assert skills["detail"].isin(SKILLS).all()
    sector = services.merge(children[["city", "partner", "child_id", "sector"]],
                            on=["city", "partner", "child_id"])["sector"]
    assert set(sector[services["service"] == "sti_screening"]) == {"eska"}
    for (city, partner), ids in children.groupby(["city", "partner"])["child_id"]:
        assert ids.is_unique
        assert ids.str.fullmatch(re.escape(partner.upper()) + r"-\d{4}").all(), partner
    assert 2500 <= len(children) <= 4000
    assert 30_000 <= len(services) <= 60_000
    assert children["intake"].min() >= START
    assert (children["exit"].dropna() <= DATA_END).all()


# --------------------------------------------------------------------------- (4) personal data

def test_personal_data_is_unique_and_greppable(children):
    for column in ("name", "guardian_name", "address"):
        values = children.loc[children[column] != "", column]
        assert len(values) > 0.9 * len(children)
        assert values.is_unique, column
        assert (values.str.split().str.len() >= 2).all(), column
    names = pd.concat([children["name"], children["guardian_name"]])
    names = names[names != ""]
    assert names.is_unique, "no child shares a name with a guardian"
    phones = children.loc[children["phone"] != "", "phone"]
    assert len(phones) > 0.85 * len(children)
    assert phones.is_unique
    assert phones.str.fullmatch(r"0\d{3}-\d{4}-\d{3,4}").all()
    assert (children[["name", "guardian_name", "address", "phone"]] == "").any().all()


def test_no_real_person_from_the_seed(children):
    seed_people = ["Renvi", "Liasari", "Akbar", "Kanya", "Shanti", "Tuti", "Kartika"]
    names = " ".join(pd.concat([children["name"], children["guardian_name"]]))
    for token in seed_people + ["Halim", "Eka"]:
        assert re.search(rf"\b{token}\b", names) is None, token
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.rglob("*"))
                     if p.is_file() and p.suffix in (".csv", ".md"))
    for token in seed_people:
        assert token not in text, token
    digits = re.sub(r"\D", "", "".join(children["phone"]))
    assert "08121242120" not in digits and "081379415072" not in digits


def test_the_name_lists_are_package_data():
    """The invented names live in a data file shipped with the package, each list without
    repeats and without a word of the seed's people."""
    import fnmatch
    import tomllib

    from exceed_analysis.synthetic import names

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["setuptools"]["package-data"]["exceed_analysis"]
    rel = names.NAMES_FILE.relative_to(ROOT / "src" / "exceed_analysis").as_posix()
    assert any(fnmatch.fnmatch(rel, pattern) for pattern in shipped), rel
    pools = [names.FIRST_F, names.FIRST_M, names.ADULT_F, names.ADULT_M, names.LAST_F, names.LAST_M,
             names.LAST_ANY, names.STREETS, names.DUSUN, names.PHONE_PREFIXES,
             *(places for _, places in names.PLACES.values())]
    for pool in pools:
        assert pool and len(set(pool)) == len(pool), pool
    words = {w for pool in pools[:7] for name in pool for w in name.split()}
    assert not words & set(names.SEED_PERSON_TOKENS)
    assert set(names.PLACES) == {c["slug"] for c in REGISTRY["cities"]}


# --------------------------------------------------------------------------- activities, narratives

def test_activities(children):
    for city in REGISTRY["cities"]:
        df = _read(RAW / "activities" / f"{city['slug']}.csv")
        assert df["activity"].isin(ACTIVITIES).all()
        codes = {p["code"] for p in city["partners"]}
        assert df["partner"].isin(codes | {""}).all()
        assert df["date"].between("2010-05-01", "2012-12-31").all()
        assert df["participants"].str.fullmatch(r"\d*").all()
        assert (df["partner"][df["activity"].isin(["task_force_meeting", "field_visit"])]
                == "").all()
        assert list(df.sort_values(["date", "activity"], kind="stable").index) == list(df.index)
    lampung = _read(RAW / "activities" / "bandar-lampung.csv")
    year = lampung[lampung["date"].str.startswith("2010")]
    tf = year[year["activity"] == "task_force_meeting"]
    assert tf["description"].str.startswith("Gugus tugas provinsi").sum() == 2
    assert tf["description"].str.startswith("Gugus tugas kota").sum() == 3
    visits = year[year["activity"] == "field_visit"]["description"]
    assert visits.str.startswith("Gugus tugas provinsi").sum() == 2
    assert visits.str.startswith("Gugus tugas kota").sum() == 4
    radio = lampung[lampung["activity"] == "radio"]
    assert radio["date"].min() >= "2011-11-01" and radio["date"].max() <= "2012-10-31"
    assert radio["description"].str.contains("Pelangi 107,8 FM").all()
    assert lampung["description"].str.contains("Pantai Harapan").any()
    assert lampung["description"].str.contains("Pemandangan").any()
    assert lampung["description"].str.contains("&").any()
    assert lampung["description"].str.contains("<").any()


def _front_matter_and_sections(path: Path) -> tuple[dict, list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    sections = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    return yaml.safe_load(head), sections


def test_narratives():
    meta, sections = _front_matter_and_sections(RAW / "narratives" / "bandar-lampung" / "2010.md")
    assert sections == SECTIONS
    assert meta["place"] == "Bandar Lampung"
    assert str(meta["date"]) == "2011-01-25"
    assert "Program Officer" in meta["author"] and "Renvi" not in meta["author"]
    assert {"author", "title", "place", "date"} <= set(meta)
    incomplete = 0
    for path in sorted((RAW / "narratives").rglob("*.md")):
        meta, sections = _front_matter_and_sections(path)
        assert {"author", "title", "place", "date"} <= set(meta), path
        assert set(sections) <= set(SECTIONS), path
        incomplete += len(sections) < len(SECTIONS)
    assert incomplete >= 1
    texts = "".join(p.read_text(encoding="utf-8") for p in (RAW / "narratives").rglob("*.md"))
    # free text to escape, and staff notes that reports never print
    assert "&" in texts and "<!--" in texts


def test_lampung_narrative_is_not_copied_from_the_seed():
    seed = (ROOT / "docs" / "seed" / "exceed-blog-posts-2011.txt").read_text(encoding="utf-8")
    seed_words = re.sub(r"\s+", " ", seed).lower().split(" ")
    seed_runs = {" ".join(seed_words[i:i + 8]) for i in range(len(seed_words) - 7)}
    text = (RAW / "narratives" / "bandar-lampung" / "2010.md").read_text(encoding="utf-8")
    words = re.sub(r"\s+", " ", text).lower().split(" ")
    copied = [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
              if " ".join(words[i:i + 8]) in seed_runs]
    assert not copied, copied[:3]
