"""The processed store: one file per table and city, and a report reads only its own."""

from pathlib import Path

import pytest

from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.config import paths
from exceed_analysis.store.parquet import counting_filesystem, load_city


def test_a_city_reads_only_its_own_files(small_registers):
    from conftest import CHILDREN_HEADER, write

    # a second city in the store, which a Bandar Lampung report must not touch
    write(small_registers / "data/raw/registers/sambas/SBS1/children.csv", f"""
        {CHILDREN_HEADER}
        SBS1-0001,,,,,F,1996-01-01,,perkebunan,,2010-05-10,,not_in_school,yes,daily,no
        """)
    store.ingest()
    processed = paths().processed
    assert sorted(f.name for f in (processed / "children").glob("*.parquet")) == [
        "bandar-lampung.parquet", "sambas.parquet"]
    fs = counting_filesystem()
    data = load_city("bandar-lampung", filesystem=fs)
    assert len(data.children) == 4
    opened = {Path(f).relative_to(processed).as_posix() for f in fs.handler.opened}
    assert opened == {"children/bandar-lampung.parquet", "services/bandar-lampung.parquet",
                      "activities/bandar-lampung.parquet"}
    # each file is opened twice (footer, then data): never more than twice its size
    assert fs.handler.bytes_read <= 2 * sum((processed / f).stat().st_size for f in opened)


def test_streamed_intake_keeps_no_tables_when_asked(small_registers):
    result = store.ingest(keep_tables=False)
    assert result.tables == {}
    assert result.rows_read == result.rows_stored + result.rows_rejected
    assert len(load_city("bandar-lampung").children) == 4


def _tamper(path: Path, change) -> None:
    """Rewrite a store file with ``change`` applied (in place, or the frame it returns)."""
    import pandas as pd

    frame = pd.read_parquet(path)
    result = change(frame)
    (frame if result is None else result).to_parquet(path, index=False)


@pytest.mark.parametrize(
    ("table", "change", "message"),
    [
        ("children", lambda f: f.__setitem__("sex", ["F", "X", "F", "F"]), "column 'sex', row 2: 'X' is not one of"),
        ("children", lambda f: f.__setitem__("name", "Rina"), "unexpected ['name']"),
        ("children", lambda f: f.drop(columns=["intake_date"]), "columns missing ['intake_date']"),
        ("services", lambda f: f.__setitem__("date", f["date"].astype(str)), "column 'date' holds"),
        ("children", lambda f: f.__setitem__("partner", [None, "CCC", "CCC", "CCC"]), "column 'partner' is empty in row 1"),
    ],
)
def test_the_store_is_checked_when_read(small_registers, table, change, message):
    """A store file changed after intake (a column added, dropped or retyped, a code or a
    required value broken) stops the reader with one message naming file, column and rule."""
    from exceed_analysis.errors import StoreInvalidError

    intake.ingest()
    assert len(load_city("bandar-lampung").children) == 4
    path = paths().processed / table / "bandar-lampung.parquet"
    _tamper(path, change)
    with pytest.raises(StoreInvalidError) as err:
        load_city("bandar-lampung")
    text = str(err.value)
    assert str(path) in text and message in text and "exceed ingest" in text
