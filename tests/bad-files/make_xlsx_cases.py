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


def main() -> None:
    save_reproducibly(indonesian_workbook(), HERE / "xlsx-indonesian" / "anak_2010-12-31.xlsx")
    save_reproducibly(no_sheet_workbook(), HERE / "xlsx-no-sheet" / "register.xlsx")
    broken = HERE / "xlsx-broken" / "anak.xlsx"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"PK\x03\x04 this zip was cut off in an email attachment")


if __name__ == "__main__":
    main()
