"""Write the workbook cases of the bad-file corpus (reproducibly):

    .venv/bin/python tests/bad-files/make_xlsx_cases.py

The CSV cases are plain files written by hand; workbooks are binary, so they are made here.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "make_partner_template", HERE.parents[1] / "scripts" / "make_partner_template.py")
_template = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_template)
save_reproducibly = _template.save_reproducibly


def indonesian_workbook() -> Workbook:
    """Sheets 'Anak' and 'Layanan' as a partner types them: Indonesian headers and codes,
    dates typed by hand (DD/MM/YYYY text), real date cells and an Excel serial number; two bad
    rows of children and one bad service."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Anak"
    ws.append(["ID Anak", "Nama", "Nama Wali", "Jenis Kelamin", "Tanggal Lahir", "Sektor",
               "Tanggal Masuk", "Tanggal Keluar", "Status Sekolah", "Tinggal dengan Keluarga",
               "Kontak Keluarga", "Korban Perdagangan"])
    ws.append(["CCC-0201", "Putri Ayuningtyas", "Suparman", "P", "02/03/1994", "ESKA",
               dt.datetime(2010, 5, 3), None, "tidak sekolah", "ya", "setiap hari", "tidak"])
    ws.append(["CCC-0202", "Wulan Sari", "Sumini", "P", dt.date(1995, 7, 19), "eska",
               "01-06-2010", "30/09/2010", "Kejar Paket", "Tidak", "berkala", "Ya"])
    ws.append(["CCC-0203", "Bagus Pratama", "Slamet", "L ", 34700, "eska", 40330, None,
               "Sekolah Formal", "ya", None, None])
    ws.append(["CCC-0204", "Ratna Dewi", "Painem", "W", "31/02/1995", "eska", "15/07/2010",
               None, "tidak sekolah", "ya", None, None])                      # bad: sex, date
    ws.append(["CCC-0205", "Indah Permata", "Karyo", "P", "12/12/2006", "eska", "01/08/2010",
               None, "putus sekolah", "ya", None, None])                      # bad: age 3
    ws2 = wb.create_sheet("Layanan")
    ws2.append(["ID Anak", "Tanggal", "Layanan", "Keterangan"])
    ws2.append(["CCC-0201", "04/05/2010", "Konseling", None])
    ws2.append(["CCC-0201", dt.datetime(2010, 6, 1), "Pemeriksaan Kesehatan", "puskesmas"])
    ws2.append(["CCC-0202", "02-06-2010", "kursus keterampilan", "Menjahit"])
    ws2.append(["CCC-0202", "15/10/2010", "konseling", None])                 # bad: after exit
    ws2.append(["CCC-0204", "16/07/2010", "konseling", None])                 # its child rejected
    return wb


def no_sheet_workbook() -> Workbook:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["child_id", "sex"])
    wb.active.append(["CCC-0301", "F"])
    return wb


def small_workbook(rows: int = 4) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "anak"
    ws.append(["child_id", "name", "sex", "birth_date", "sector", "intake_date", "school_status",
               "lives_with_family"])
    for i in range(rows):
        ws.append([f"CCC-04{i:02d}", f"Anak Nomor {i}", "F", dt.date(1994, 3, 2 + i), "eska",
                   dt.date(2010, 6, 1 + i), "formal", "yes"])
    return wb


def shrink_dimension(path: Path, ref: str) -> None:
    """Rewrite the sheet's recorded used range (<dimension>) to ``ref``, as some exporters
    leave it: smaller than the data."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
            z.writestr(info, data)


def mac_1904_workbook() -> Workbook:
    """A workbook in the 1904 date system: one date typed as a serial number (38837 is
    2010-05-01 in that system, 2006-04-30 in the usual one) and one real date cell."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = small_workbook(0)
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["CCC-0501", "Anak Satu", "F", "02/03/1994", "eska", 38837, "formal", "yes"])
    ws.append(["CCC-0502", "Anak Dua", "F", "02/03/1994", "eska", dt.date(2010, 6, 1), "formal",
               "yes"])
    return wb


def main() -> None:
    save_reproducibly(indonesian_workbook(), HERE / "xlsx-indonesian" / "anak_2010-12-31.xlsx")
    save_reproducibly(no_sheet_workbook(), HERE / "xlsx-no-sheet" / "register.xlsx")
    save_reproducibly(small_workbook(4), HERE / "xlsx-dimension" / "anak.xlsx")
    shrink_dimension(HERE / "xlsx-dimension" / "anak.xlsx", "A1:H2")
    save_reproducibly(mac_1904_workbook(), HERE / "xlsx-1904" / "anak.xlsx")
    broken = HERE / "xlsx-broken" / "anak.xlsx"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"PK\x03\x04 this zip was cut off in an email attachment")


if __name__ == "__main__":
    main()
