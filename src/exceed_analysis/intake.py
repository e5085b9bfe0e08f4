"""Intake: partner registers in data/raw/ -> validated processed store in data/processed/.

The recipe (:func:`ingest`) reads each partner folder, normalises codes, validates every row
against the data contract, drops personal data, and writes one Parquet file per table and
city. Nothing is silently dropped: each file's rows read = rows stored + rows rejected, and
each rejected row is listed in ``quarantine.csv`` with file, row, column, value and rule.
Raw files are only ever opened for reading.

Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import schemas
from .config import Paths, Registry, paths, registry
from .errors import IntakeError

__all__ = ["Problem", "FileCount", "IntakeResult", "ingest", "read_children", "read_services",
           "read_activities"]

TABLES = ("children", "services", "activities")


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it is and what it breaks. ``row`` is None for a file-level
    problem (a missing or unknown column)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    rejected: bool = True

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        col = f", column {self.column}" if self.column else ""
        val = f": value {self.value!r}" if self.value is not None else ":"
        return f"{where}{col}{val} {self.rule}"


@dataclass
class FileCount:
    """Rows read, stored and rejected for one raw file."""

    file: str
    table: str
    read: int
    stored: int = 0

    @property
    def rejected(self) -> int:
        return self.read - self.stored


@dataclass
class IntakeResult:
    """What intake did: the stored tables, the per-file counts and every problem."""

    tables: dict[str, pd.DataFrame]
    counts: list[FileCount] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.counts)

    @property
    def rows_stored(self) -> int:
        return sum(c.stored for c in self.counts)

    @property
    def rows_rejected(self) -> int:
        return sum(c.rejected for c in self.counts)


# --------------------------------------------------------------------------- reading


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_text_table(path: Path) -> pd.DataFrame:
    """A CSV as text cells (empty cell -> missing), header names normalised."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                         encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise IntakeError(str(path), f"cannot be read as UTF-8 CSV: {exc}") from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    for col in df.columns:
        df[col] = df[col].str.strip().replace("", pd.NA)
    df.index = pd.RangeIndex(2, len(df) + 2)  # spreadsheet row numbers
    return df


def _conform_columns(df: pd.DataFrame, file: str, known: Iterable[str],
                     required: Iterable[str], problems: list[Problem]) -> tuple[pd.DataFrame, bool]:
    """Drop personal data and unknown columns (reporting the unknown ones), add missing
    optional columns. Returns the frame and whether every required column is present."""
    known = tuple(known)
    pii = [c for c in df.columns if c in schemas.PERSONAL_DATA_COLUMNS]
    df = df.drop(columns=pii)
    for col in df.columns:
        if col not in known:
            problems.append(Problem(file, None, col, None,
                                    "is not in the data dictionary: column dropped, not stored",
                                    rejected=False))
    df = df[[c for c in df.columns if c in known]]
    missing = [c for c in required if c not in df.columns]
    for col in missing:
        problems.append(Problem(file, None, col, None,
                                "required column is missing: every row of the file is rejected"))
    for col in known:
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="str")
    return df[list(known)], not missing


def _rule_text(model: type[pa.DataFrameModel], column: str | None, check: str) -> str:
    name = check.split("(", 1)[0]
    if name == "isin" and column:
        return "must be one of: " + ", ".join(schemas.allowed_codes(model, column))
    if name == "str_matches":
        if schemas.ISO_DATE in check:
            return "must be a date written YYYY-MM-DD"
        if schemas.WHOLE_NUMBER in check:
            return "must be a whole number"
    return schemas.RULE_TEXT.get(name, check)


def _validate(df: pd.DataFrame, model: type[pa.DataFrameModel], file: str) -> list[Problem]:
    """Every failure of ``model`` on ``df``, as problems naming file, row and column."""
    try:
        model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        out = []
        for rec in fc.itertuples(index=False):
            row = None if pd.isna(rec.index) else int(rec.index)
            value = None if pd.isna(rec.failure_case) else str(rec.failure_case)
            if rec.check == "not_nullable":
                value = None
            out.append(Problem(file, row, rec.column, value, _rule_text(model, rec.column, str(rec.check))))
        return out
    return []


def _parse_dates(df: pd.DataFrame, columns: Iterable[str], file: str,
                 problems: list[Problem]) -> dict[str, pd.Series]:
    """Parse ISO dates; a well-formed but impossible date (2010-02-30) is a problem."""
    parsed = {}
    today = pd.Timestamp(dt.date.today())
    for col in columns:
        values = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
        bad = df[col].notna() & values.isna()
        for row in df.index[bad]:
            problems.append(Problem(file, int(row), col, df.at[row, col], "is not a real calendar date"))
        future = values > today
        for row in df.index[future]:
            problems.append(Problem(file, int(row), col, df.at[row, col], "is in the future"))
        parsed[col] = values
    return parsed


def _completed_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Completed years between two date columns (birthday counted on the day)."""
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day))
    return years - before_birthday.astype(int)


def _rejected_rows(problems: Iterable[Problem]) -> set[int]:
    return {p.row for p in problems if p.rejected and p.row is not None}


MIN_AGE, MAX_AGE = 5, 17


def read_children(path: Path, *, city: str, partner: str, root: Path) -> tuple[pd.DataFrame, list[Problem], int]:
    """Read and validate one children.csv; returns (valid rows typed, problems, rows read)."""
    file = _relative(path, root)
    problems: list[Problem] = []
    raw = _read_text_table(path)
    n = len(raw)
    df, complete = _conform_columns(raw, file, schemas.CHILDREN_COLUMNS,
                                    schemas.CHILDREN_REQUIRED, problems)
    if not complete:
        return _empty_children(), problems, n
    df["sex"] = df["sex"].str.upper().replace(schemas.SEX_ALIASES)
    for col in ("sector", "beneficiary_type", "school_status", "lives_with_family",
                "family_contact", "trafficking_victim"):
        df[col] = df[col].str.lower()
    df["beneficiary_type"] = df["beneficiary_type"].fillna("withdrawn")
    df["family_contact"] = df["family_contact"].fillna("unknown")
    df["trafficking_victim"] = df["trafficking_victim"].fillna("no")
    problems += _validate(df, schemas.ChildrenInput, file)
    dates = _parse_dates(df, ("birth_date", "intake_date", "exit_date"), file, problems)
    born, intake, exit_ = dates["birth_date"], dates["intake_date"], dates["exit_date"]

    def flag(mask: pd.Series, column: str, rule: str) -> None:
        for row in df.index[mask.fillna(False).astype(bool)]:
            problems.append(Problem(file, int(row), column, None if pd.isna(df.at[row, column])
                                    else str(df.at[row, column]), rule))

    flag(df["birth_date"].isna() & df["age_at_intake"].isna(), "age_at_intake",
         "birth_date or age_at_intake is required")
    flag(exit_ < intake, "exit_date", "is before intake_date")
    flag(born > intake, "birth_date", "is after intake_date")
    given_age = pd.to_numeric(df["age_at_intake"], errors="coerce")
    age = _completed_years(born, intake).where(born.notna(), given_age)
    out_of_range = (age < MIN_AGE) | (age > MAX_AGE)
    age_rule = f"gives an age at intake outside {MIN_AGE}-{MAX_AGE} years"
    flag(out_of_range & born.notna(), "birth_date", age_rule)
    flag(out_of_range & born.isna(), "age_at_intake", age_rule)
    bad = _rejected_rows(problems)
    keep = ~df.index.isin(sorted(bad))
    out = pd.DataFrame({
        "city": city,
        "partner": partner,
        "child_id": df["child_id"],
        "sex": df["sex"],
        "age_at_intake": age,
        "sector": df["sector"],
        "beneficiary_type": df["beneficiary_type"],
        "intake_date": intake,
        "exit_date": exit_,
        "school_status": df["school_status"],
        "lives_with_family": df["lives_with_family"].eq("yes"),
        "family_contact": df["family_contact"],
        "trafficking_victim": df["trafficking_victim"].eq("yes"),
        "source_file": file,
        "source_row": df.index.to_series(index=df.index),
    })[keep]
    out["age_at_intake"] = out["age_at_intake"].astype("int64")
    return out.reset_index(drop=True), problems, n


def _empty_children() -> pd.DataFrame:
    return schemas.empty_frame(schemas.ChildrenStored)


def read_services(path: Path, children: pd.DataFrame, *, city: str, partner: str,
                  root: Path) -> tuple[pd.DataFrame, list[Problem], int]:
    """Read and validate one services.csv against the partner's stored children."""
    file = _relative(path, root)
    problems: list[Problem] = []
    raw = _read_text_table(path)
    n = len(raw)
    df, complete = _conform_columns(raw, file, schemas.SERVICES_COLUMNS,
                                    schemas.SERVICES_REQUIRED, problems)
    if not complete:
        return pd.DataFrame(), problems, n
    df["service"] = df["service"].str.lower()
    is_skills = df["service"].eq("skills_course")
    df.loc[is_skills, "detail"] = df.loc[is_skills, "detail"].str.lower()
    problems += _validate(df, schemas.ServicesInput, file)
    date = _parse_dates(df, ("date",), file, problems)["date"]

    def flag(mask: pd.Series, column: str, rule: str) -> None:
        for row in df.index[mask.fillna(False).astype(bool)]:
            val = df.at[row, column]
            problems.append(Problem(file, int(row), column, None if pd.isna(val) else str(val), rule))

    flag(is_skills & ~df["detail"].isin(schemas.SKILLS_COURSES), "detail",
         "a skills_course needs a detail, one of: " + ", ".join(schemas.SKILLS_COURSES))
    kids = children.set_index("child_id") if len(children) else None
    known = df["child_id"].isin(children["child_id"]) if kids is not None else df["child_id"].isna() & False
    flag(df["child_id"].notna() & ~known, "child_id",
         "is not a (valid) child of this partner's children.csv")
    if kids is not None:
        intake = df["child_id"].map(kids["intake_date"])
        exit_ = df["child_id"].map(kids["exit_date"])
        flag(known & (date < intake), "date", "is before the child's intake_date")
        flag(known & exit_.notna() & (date > exit_), "date", "is after the child's exit_date")
    bad = _rejected_rows(problems)
    keep = ~df.index.isin(sorted(bad))
    out = pd.DataFrame({
        "city": city,
        "partner": partner,
        "child_id": df["child_id"],
        "date": date,
        "service": df["service"],
        "detail": df["detail"],
        "source_file": file,
        "source_row": df.index.to_series(index=df.index),
    })[keep]
    return out.reset_index(drop=True), problems, n


def read_activities(path: Path, *, city: str, partners: tuple[str, ...],
                    root: Path) -> tuple[pd.DataFrame, list[Problem], int]:
    """Read and validate one activities/<city>.csv."""
    file = _relative(path, root)
    problems: list[Problem] = []
    raw = _read_text_table(path)
    n = len(raw)
    df, complete = _conform_columns(raw, file, schemas.ACTIVITIES_COLUMNS,
                                    schemas.ACTIVITIES_REQUIRED, problems)
    if not complete:
        return pd.DataFrame(), problems, n
    df["activity"] = df["activity"].str.lower()
    problems += _validate(df, schemas.ActivitiesInput, file)
    date = _parse_dates(df, ("date",), file, problems)["date"]
    unknown_partner = df["partner"].notna() & ~df["partner"].isin(partners)
    for row in df.index[unknown_partner]:
        problems.append(Problem(file, int(row), "partner", df.at[row, "partner"],
                                "is not a partner registered for this city: " + ", ".join(partners)))
    bad = _rejected_rows(problems)
    keep = ~df.index.isin(sorted(bad))
    out = pd.DataFrame({
        "city": city,
        "date": date,
        "partner": df["partner"],
        "activity": df["activity"],
        "participants": pd.to_numeric(df["participants"], errors="coerce").astype("float64"),
        "description": df["description"],
        "source_file": file,
        "source_row": df.index.to_series(index=df.index),
    })[keep]
    return out.reset_index(drop=True), problems, n


# --------------------------------------------------------------------------- the recipe


def _partner_folders(p: Paths, reg: Registry, problems: list[Problem]):
    """Yield (city slug, partner code, folder) for every registered partner folder found;
    unregistered folders are reported, not read."""
    if not p.registers.is_dir():
        return
    for city_dir in sorted(d for d in p.registers.iterdir() if d.is_dir()):
        if city_dir.name not in reg.slugs:
            problems.append(Problem(_relative(city_dir, p.root), None, None, None,
                                    "is not a city of the registry (config/cities.yml): "
                                    + ", ".join(reg.slugs), rejected=False))
            continue
        codes = reg.city(city_dir.name).partner_codes
        for partner_dir in sorted(d for d in city_dir.iterdir() if d.is_dir()):
            if partner_dir.name not in codes:
                problems.append(Problem(_relative(partner_dir, p.root), None, None, None,
                                        f"is not a partner registered for {city_dir.name}: "
                                        + ", ".join(codes), rejected=False))
                continue
            yield city_dir.name, partner_dir.name, partner_dir


def ingest(p: Paths | None = None, reg: Registry | None = None, *, write: bool = True) -> IntakeResult:
    """Read every raw register, validate, drop personal data and write the processed store.

    Returns an :class:`IntakeResult`; row-level problems do not raise (they are
    quarantined), a file that cannot be read at all raises :class:`IntakeError`.
    """
    p = p or paths()
    reg = reg or registry()
    problems: list[Problem] = []
    counts: list[FileCount] = []
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}

    for city, partner, folder in _partner_folders(p, reg, problems):
        children_csv, services_csv = folder / "children.csv", folder / "services.csv"
        kids = _empty_children()
        if children_csv.exists():
            kids, probs, n = read_children(children_csv, city=city, partner=partner, root=p.root)
            problems += probs
            counts.append(FileCount(_relative(children_csv, p.root), "children", n, len(kids)))
            parts["children"].append(kids)
        if services_csv.exists():
            svc, probs, n = read_services(services_csv, kids, city=city, partner=partner, root=p.root)
            problems += probs
            counts.append(FileCount(_relative(services_csv, p.root), "services", n, len(svc)))
            parts["services"].append(svc)

    if p.activities.is_dir():
        for csv in sorted(p.activities.glob("*.csv")):
            city = csv.stem
            if city not in reg.slugs:
                problems.append(Problem(_relative(csv, p.root), None, None, None,
                                        "is not named after a city of the registry: "
                                        + ", ".join(reg.slugs), rejected=False))
                continue
            act, probs, n = read_activities(csv, city=city, partners=reg.city(city).partner_codes,
                                            root=p.root)
            problems += probs
            counts.append(FileCount(_relative(csv, p.root), "activities", n, len(act)))
            parts["activities"].append(act)

    tables = {t: _concat(parts[t], t) for t in TABLES}
    schemas.ChildrenStored.validate(tables["children"])
    schemas.ServicesStored.validate(tables["services"])
    schemas.ActivitiesStored.validate(tables["activities"])
    result = IntakeResult(tables=tables, counts=counts, problems=problems)
    if write:
        write_store(result, p.processed)
    return result


_SORT = {
    "children": ["city", "partner", "child_id"],
    "services": ["city", "partner", "child_id", "date", "service", "source_row"],
    "activities": ["city", "date", "activity", "source_row"],
}

_EMPTY_DTYPES = {
    "children": schemas.ChildrenStored,
    "services": schemas.ServicesStored,
    "activities": schemas.ActivitiesStored,
}


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return schemas.empty_frame(_EMPTY_DTYPES[table])
    df = pd.concat(frames, ignore_index=True)
    return df.sort_values(_SORT[table], kind="stable").reset_index(drop=True)


def write_store(result: IntakeResult, processed: Path) -> None:
    """Write the store atomically: build it in a temporary folder, then swap it in."""
    processed.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".intake-", dir=processed))
    try:
        for table, df in result.tables.items():
            (tmp / table).mkdir()
            for city, part in df.groupby("city", sort=True):
                part.reset_index(drop=True).to_parquet(tmp / table / f"{city}.parquet", index=False)
        quarantine = pd.DataFrame([asdict(pr) for pr in result.problems],
                                  columns=["file", "row", "column", "value", "rule", "rejected"])
        quarantine["row"] = quarantine["row"].astype("Int64")
        quarantine.to_csv(tmp / "quarantine.csv", index=False, lineterminator="\n")
        summary = {
            "rows_read": result.rows_read,
            "rows_stored": result.rows_stored,
            "rows_rejected": result.rows_rejected,
            "files": [dict(asdict(c), rejected=c.rejected) for c in result.counts],
        }
        (tmp / "intake-summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        for entry in sorted(tmp.iterdir()):
            target = processed / entry.name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(entry, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
