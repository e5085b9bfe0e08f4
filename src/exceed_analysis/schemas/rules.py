"""Every rule intake checks, in plain Indonesian and English (:data:`RULES`)."""

from __future__ import annotations

RULES: dict[str, tuple[str, str]] = {
    # code: (Indonesian, English). {placeholders} are filled in by intake.
    "not_allowed": ("harus salah satu dari: {allowed}", "must be one of: {allowed}"),
    "required": ("wajib diisi tetapi kosong", "is required but empty"),
    "bad_date": (
        "harus tanggal yang ditulis YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY (atau tanggal Excel)",
        "must be a date written YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (or an Excel date)",
    ),
    "not_calendar_date": ("bukan tanggal yang ada di kalender", "is not a real calendar date"),
    "future_date": ("ada di masa depan", "is in the future"),
    "whole_number": ("harus bilangan bulat", "must be a whole number"),
    "age_required": ("birth_date atau age_at_intake wajib diisi", "birth_date or age_at_intake is required"),
    "exit_before_intake": ("lebih awal dari intake_date", "is before intake_date"),
    "birth_after_intake": ("lebih lambat dari intake_date (masuk sebelum lahir)", "is after intake_date"),
    "age_range": (
        "menghasilkan umur saat masuk di luar {min}-{max} tahun",
        "gives an age at intake outside {min}-{max} years",
    ),
    "duplicate_id": (
        "harus unik dalam file (child_id ganda)",
        "must be unique within the file (duplicate child_id)",
    ),
    "superseded": ("diganti oleh kiriman yang lebih baru: {by}", "replaced by a later submission: {by}"),
    "skills_detail": (
        "kursus keterampilan (skills_course) perlu detail, salah satu dari: {allowed}",
        "a skills_course needs a detail, one of: {allowed}",
    ),
    "unknown_child": (
        "bukan anak (yang sah) dalam daftar anak mitra ini",
        "is not a (valid) child in this partner's children register",
    ),
    "before_intake": ("lebih awal dari intake_date anak", "is before the child's intake_date"),
    "after_exit": ("lebih lambat dari exit_date anak", "is after the child's exit_date"),
    "unknown_partner": (
        "bukan mitra yang terdaftar untuk kota ini: {allowed}",
        "is not a partner registered for this city: {allowed}",
    ),
    "ragged_row": (
        "baris ini berisi {cells} sel, baris judul hanya {header}",
        "has {cells} cells but the header has {header}",
    ),
    "detail_personal": (
        "berisi data pribadi: detail dihapus, baris tetap disimpan",
        "holds personal data: detail removed, row kept",
    ),
    # whole columns and files
    "missing_column": (
        "kolom wajib tidak ada: semua baris file ditolak",
        "required column is missing: every row of the file is rejected",
    ),
    "unknown_column": (
        "tidak ada dalam kamus data: kolom dibuang, tidak disimpan",
        "is not in the data dictionary: column dropped, not stored",
    ),
    "duplicate_column": (
        "kolom ini muncul dua kali ({headers}): semua baris file ditolak",
        "appears twice ({headers}): every row of the file is rejected",
    ),
    "no_header": (
        "baris pertama bukan baris judul kolom kamus data: semua baris file ditolak",
        "the first row is not a header of data-dictionary columns: every row of the file is rejected",
    ),
    "empty_file": ("file kosong: tidak ada baris judul", "is empty: no header row"),
    "not_csv": (
        "bukan file teks CSV ({why}): simpan sebagai CSV atau .xlsx",
        "is not a CSV text file ({why}): save it as CSV or .xlsx",
    ),
    "not_xlsx": (
        "tidak dapat dibuka sebagai buku kerja Excel .xlsx",
        "cannot be opened as an Excel .xlsx workbook",
    ),
    "no_sheet": (
        "tidak punya lembar bernama children/anak atau services/layanan (lembar: {sheets}): tidak dibaca",
        "has no sheet named children/anak or services/layanan (sheets: {sheets}): not read",
    ),
    "sheet_ignored": (
        "lembar ini bukan children/anak atau services/layanan: tidak dibaca",
        "is not a children/anak or services/layanan sheet: not read",
    ),
    "file_name": (
        "nama file tidak menunjukkan isinya: beri nama children*.csv atau anak*.csv, "
        "services*.csv atau layanan*.csv: tidak dibaca",
        "file name does not say what it holds: name it children*.csv or anak*.csv, "
        "services*.csv or layanan*.csv: not read",
    ),
    "format": (
        "format file tidak diterima: simpan sebagai .xlsx atau .csv: tidak dibaca",
        "file format not accepted: save it as .xlsx or .csv: not read",
    ),
    "windows_1252": ("bukan UTF-8: dibaca sebagai Windows-1252", "is not UTF-8: read as Windows-1252"),
    "unknown_city": (
        "bukan kota dalam registri (config/cities.yml): {allowed}",
        "is not a city of the registry (config/cities.yml): {allowed}",
    ),
    "unregistered_partner": (
        "bukan mitra yang terdaftar untuk {city}: {allowed}",
        "is not a partner registered for {city}: {allowed}",
    ),
    "activities_name": (
        "nama file bukan nama kota dalam registri: {allowed}",
        "is not named after a city of the registry: {allowed}",
    ),
}
"""Every rule intake checks, in plain Indonesian and English (the quarantine, the printed
problems and the data-quality page show both)."""


def rule_text(code: str, **fmt) -> tuple[str, str]:
    """(Indonesian, English) text of a rule, placeholders filled.

    >>> rule_text("not_allowed", allowed="F, M")[1]
    'must be one of: F, M'
    """
    ind, eng = RULES[code]
    return ind.format(**fmt), eng.format(**fmt)
