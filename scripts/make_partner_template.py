"""Write docs/partner-template.xlsx: the blank workbook partners fill in.

    python scripts/make_partner_template.py            # writes docs/partner-template.xlsx
    python scripts/make_partner_template.py OUT.xlsx   # somewhere else

Two data sheets with the data contract's headers, ``children`` and ``services`` (intake also
accepts them named ``anak`` and ``layanan``), a drop-down list (data validation) on every coded
column, date cells formatted YYYY-MM-DD, and a ``petunjuk`` (instructions) sheet in Indonesian
and English. The personal-data columns (name, guardian, address, phone) are left out on
purpose: intake drops them, so they should not travel at all.

The output is byte for byte reproducible (fixed timestamps inside the zip), so the committed
file can be checked against this script (tests/test_intake_template.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from exceed_analysis import schemas  # noqa: E402

OUT = ROOT / "docs" / "partner-template.xlsx"
ROWS = 2000
"""Rows (below the header) that carry the drop-down lists and date formats."""
FIXED_TIME = dt.datetime(2010, 5, 1)

HELP = {
    "child_id": ("Kode kasus mitra, unik per mitra (mis. LADA-0042). Wajib.",
                 "The partner's own case code, unique within the partner. Required."),
    "sex": ("F = perempuan (P), M = laki-laki (L). Wajib.", "F or M (P/L accepted). Required."),
    "birth_date": ("Tanggal lahir, YYYY-MM-DD. Isi ini atau age_at_intake.",
                   "Date of birth. Give it or age_at_intake."),
    "age_at_intake": ("Umur saat masuk (tahun penuh), bila tanggal lahir tidak diketahui.",
                      "Completed years at intake, when the birth date is unknown."),
    "sector": ("Sektor pekerjaan terburuk anak. Wajib.", "Worst form of child labour. Required."),
    "beneficiary_type": ("withdrawn = ditarik (bawaan), prevented = dicegah.",
                         "withdrawn (default) or prevented."),
    "intake_date": ("Tanggal masuk program, YYYY-MM-DD. Wajib.", "Date of intake. Required."),
    "exit_date": ("Tanggal keluar; kosong bila masih dilayani.", "Date of exit; empty while served."),
    "school_status": ("Status sekolah saat masuk. Wajib.", "Schooling at intake. Required."),
    "lives_with_family": ("Tinggal dengan keluarga saat masuk (yes/no). Wajib.",
                          "Lives with family at intake. Required."),
    "family_contact": ("Kontak dengan keluarga saat masuk; kosong = unknown.",
                       "Family contact at intake; empty is unknown."),
    "trafficking_victim": ("Korban perdagangan anak (yes/no); kosong = no.",
                           "Trafficking victim; empty is no."),
    "date": ("Tanggal layanan diberikan, YYYY-MM-DD. Wajib.", "Date of the service. Required."),
    "service": ("Jenis layanan; satu baris = satu sesi. Wajib.", "Service; one row per session. Required."),
    "detail": ("Untuk skills_course: tata_boga, komputer, tata_busana, kecantikan. Lainnya: teks bebas "
               "tanpa nama orang.", "For skills_course: the course type. Otherwise free text, no names."),
}

CODED = {
    "sex": schemas.SEXES,
    "sector": schemas.SECTORS,
    "beneficiary_type": schemas.BENEFICIARY_TYPES,
    "school_status": schemas.SCHOOL_STATUSES,
    "lives_with_family": ("yes", "no"),
    "family_contact": schemas.FAMILY_CONTACTS,
    "trafficking_victim": ("yes", "no"),
    "service": schemas.SERVICES,
}
DATES = set(schemas.CHILDREN_DATES) | set(schemas.SERVICES_DATES)

INSTRUCTIONS = [
    ("Templat register mitra EXCEED", "EXCEED partner register template"),
    ("", ""),
    ("Isi lembar 'children' (satu baris per anak) dan 'services' (satu baris per sesi layanan).",
     "Fill in 'children' (one row per child) and 'services' (one row per service session)."),
    ("Jangan ubah baris judul. Kolom berwarna abu-abu wajib diisi.",
     "Do not change the header row. Grey headers are required columns."),
    ("Jangan tulis nama, nama wali, alamat atau nomor telepon: data itu tidak dipakai.",
     "Do not enter names, guardians, addresses or phone numbers: they are not used."),
    ("Tanggal: YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY (hari dulu), atau sel tanggal Excel.",
     "Dates: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (day first), or Excel date cells."),
    ("Simpan di data/raw/registers/<kota>/<mitra>/ dengan tanggal kirim di nama file, "
     "mis. anak_2011-03-31.xlsx. Kiriman yang lebih baru menggantikan data anak yang sama.",
     "Save in data/raw/registers/<city>/<partner>/ with the submission date in the file name, "
     "e.g. anak_2011-03-31.xlsx. A later submission replaces the same child's earlier data."),
    ("Kirim riwayat layanan lengkap anak setiap kali anak itu muncul di file layanan.",
     "Send a child's whole service history whenever the child appears in a services file."),
    ("", ""),
    ("Kode / codes", ""),
] + [(f"{col}: " + ", ".join(codes), "") for col, codes in CODED.items()] + [
    ("detail (skills_course): " + ", ".join(schemas.SKILLS_COURSES), ""),
    ("", ""),
    ("Lihat docs/data-dictionary.md untuk arti setiap kolom dan kode.",
     "See docs/data-dictionary.md for the meaning of every column and code."),
]

HEAD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="D9D9D9")


def _sheet(wb: Workbook, title: str, columns: tuple[str, ...], required: tuple[str, ...]) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col)
        cell.font = HEAD
        cell.alignment = Alignment(horizontal="center")
        if col in required:
            cell.fill = REQUIRED_FILL
        ind, eng = HELP[col]
        cell.comment = Comment(f"{ind}\n{eng}", "EXCEED")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(14, len(col) + 4)
        rng = f"{letter}2:{letter}{ROWS + 1}"
        if col in CODED:
            dv = DataValidation(type="list", formula1='"' + ",".join(CODED[col]) + '"',
                                allow_blank=True, showErrorMessage=True, errorTitle="Kode / code",
                                error="Pilih dari daftar / choose from the list",
                                promptTitle=col, prompt=ind[:250], showInputMessage=True)
        elif col == "detail":
            dv = DataValidation(type="list", formula1='"' + ",".join(schemas.SKILLS_COURSES) + '"',
                                allow_blank=True, showErrorMessage=False, promptTitle=col,
                                prompt=ind[:250], showInputMessage=True)
        elif col in DATES:
            dv = DataValidation(type="date", operator="between", formula1="18264", formula2="73051",
                                allow_blank=True, showErrorMessage=True, errorTitle="Tanggal / date",
                                error="Tanggal / a date, YYYY-MM-DD", promptTitle=col,
                                prompt=ind[:250], showInputMessage=True)
            for row in range(2, ROWS + 2):
                ws.cell(row=row, column=i).number_format = "yyyy-mm-dd"
        elif col == "age_at_intake":
            dv = DataValidation(type="whole", operator="between", formula1=str(5), formula2=str(17),
                                allow_blank=True, showErrorMessage=True, errorTitle="Umur / age",
                                error="5-17", promptTitle=col, prompt=ind[:250], showInputMessage=True)
        else:
            continue
        dv.add(rng)
        ws.add_data_validation(dv)


def build() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "children", schemas.CHILDREN_COLUMNS, schemas.CHILDREN_REQUIRED)
    _sheet(wb, "services", schemas.SERVICES_COLUMNS, schemas.SERVICES_REQUIRED)
    ws = wb.create_sheet("petunjuk")
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 100
    for r, (ind, eng) in enumerate(INSTRUCTIONS, start=1):
        ws.cell(row=r, column=1, value=ind or None)
        ws.cell(row=r, column=2, value=eng or None)
    ws["A1"].font = Font(bold=True, size=14)
    wb.properties.creator = "exceed-analysis"
    wb.properties.created = FIXED_TIME
    return wb


def save_reproducibly(wb: Workbook, path: Path) -> None:
    """Save ``wb`` with fixed timestamps (zip entries and document properties)."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    save_reproducibly(build(), out)
    try:
        shown = out.resolve().relative_to(ROOT)
    except ValueError:
        shown = out
    print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
