"""The data contract as code: codes, aliases, rule texts and pandera schemas.

Two layers:

* The input side is declarative: the columns of each partner table, the header aliases
  (Indonesian headers such as ``jenis_kelamin``), the codes of each coded column with their
  aliases (``P``/``L``, ``ya``/``tidak``, ``tidak sekolah``, ...), the accepted date formats
  and :data:`RULES`, every rule in plain Indonesian and English. ``intake`` checks partner
  files against these with vectorised pandas code, reporting every problem at once.
* ``*Stored`` models describe the processed store (typed columns); intake validates its own
  output against them before writing, so the analysis library can trust the store.

See ``docs/data-dictionary.md`` for the contract these implement.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame, Series

__all__ = [
    "Children",
    "Services",
    "Activities",
    "PERSONAL_DATA_COLUMNS",
    "SEXES",
    "SECTORS",
    "BENEFICIARY_TYPES",
    "SCHOOL_STATUSES",
    "FAMILY_CONTACTS",
    "SERVICES",
    "SKILLS_COURSES",
    "ACTIVITIES",
    "CHILDREN_COLUMNS",
    "SERVICES_COLUMNS",
    "ACTIVITIES_COLUMNS",
    "PERSONAL_DATA_ALIASES",
    "HEADER_ALIASES",
    "CODE_ALIASES",
    "COLUMN_CODES",
    "DATE_FORMATS",
    "RULES",
    "header_key",
    "code_key",
    "code_map",
    "header_map",
    "rule_text",
    "ChildrenStored",
    "ServicesStored",
    "ActivitiesStored",
    "empty_frame",
]

PERSONAL_DATA_COLUMNS = ("name", "guardian_name", "address", "phone")
"""Dropped at intake: never stored in data/processed/ nor shown in any output."""

SEXES = ("F", "M")
SEX_ALIASES = {"P": "F", "L": "M"}
SECTORS = ("eska", "prta", "anak_jalanan_perempuan", "perkebunan")
BENEFICIARY_TYPES = ("withdrawn", "prevented")
SCHOOL_STATUSES = ("formal", "kejar_paket", "not_in_school")
YES_NO = ("yes", "no")
FAMILY_CONTACTS = ("daily", "periodic", "never", "unknown")
SERVICES = (
    "counseling",
    "health_check",
    "sti_screening",
    "basic_needs",
    "bridging_course",
    "remedial",
    "skills_course",
    "internship",
    "alternative_care",
    "family_support",
)
SKILLS_COURSES = ("tata_boga", "komputer", "tata_busana", "kecantikan")
ACTIVITIES = (
    "outreach",
    "awareness",
    "community_dialogue",
    "radio",
    "task_force_meeting",
    "field_visit",
    "training",
)

CHILDREN_COLUMNS = (
    "child_id", "sex", "birth_date", "age_at_intake", "sector", "beneficiary_type",
    "intake_date", "exit_date", "school_status", "lives_with_family", "family_contact",
    "trafficking_victim",
)  # fmt: skip
CHILDREN_REQUIRED = ("child_id", "sex", "sector", "intake_date", "school_status",
                     "lives_with_family")  # fmt: skip
SERVICES_COLUMNS = ("child_id", "date", "service", "detail")
SERVICES_REQUIRED = ("child_id", "date", "service")
ACTIVITIES_COLUMNS = ("date", "partner", "activity", "participants", "description")
ACTIVITIES_REQUIRED = ("date", "activity")

PERSONAL_DATA_ALIASES = {
    "name": ("nama", "nama_anak", "nama_lengkap", "nama_panggilan", "full_name", "child_name"),
    "guardian_name": (
        "nama_wali",
        "wali",
        "nama_orang_tua",
        "orang_tua",
        "nama_ortu",
        "ortu",
        "nama_ibu",
        "nama_ayah",
        "guardian",
        "parent_name",
    ),
    "address": ("alamat", "alamat_rumah", "alamat_lengkap", "tempat_tinggal"),
    "phone": (
        "telepon",
        "telp",
        "no_telp",
        "no_telepon",
        "nomor_telepon",
        "hp",
        "no_hp",
        "nomor_hp",
        "handphone",
        "telephone",
        "phone_number",
        "mobile",
    ),
}
"""Indonesian (and other common) headers of the personal-data columns: dropped like them."""

HEADER_ALIASES = {
    # children and services
    "child_id": (
        "id_anak",
        "kode_anak",
        "kode_kasus",
        "no_kasus",
        "nomor_kasus",
        "id_kasus",
        "nomor_anak",
        "no_anak",
        "case_id",
        "child_code",
    ),
    "sex": ("jenis_kelamin", "kelamin", "jk", "l_p", "gender"),
    "birth_date": ("tanggal_lahir", "tgl_lahir", "tgl_lhr", "date_of_birth", "dob"),
    "age_at_intake": (
        "umur",
        "usia",
        "umur_saat_masuk",
        "usia_saat_masuk",
        "umur_masuk",
        "usia_masuk",
        "age",
    ),
    "sector": ("sektor", "bidang"),
    "beneficiary_type": (
        "jenis_penerima_manfaat",
        "jenis_penerima",
        "tipe_penerima_manfaat",
        "status_penerima_manfaat",
        "jenis_manfaat",
    ),
    "intake_date": (
        "tanggal_masuk",
        "tgl_masuk",
        "tanggal_penerimaan",
        "tanggal_registrasi",
        "tanggal_daftar",
        "date_of_intake",
    ),
    "exit_date": ("tanggal_keluar", "tgl_keluar", "tanggal_selesai", "date_of_exit"),
    "school_status": ("status_sekolah", "status_pendidikan", "pendidikan", "sekolah"),
    "lives_with_family": (
        "tinggal_dengan_keluarga",
        "tinggal_bersama_keluarga",
        "tinggal_dgn_keluarga",
        "tinggal_dengan_orang_tua",
        "tinggal_bersama_orang_tua",
    ),
    "family_contact": (
        "kontak_keluarga",
        "kontak_dengan_keluarga",
        "hubungan_dengan_keluarga",
        "frekuensi_kontak_keluarga",
    ),
    "trafficking_victim": (
        "korban_perdagangan",
        "korban_perdagangan_anak",
        "korban_trafficking",
        "korban_perdagangan_orang",
        "trafficking",
    ),
    # services
    "date": ("tanggal", "tgl", "tanggal_layanan", "tgl_layanan", "service_date"),
    "service": ("layanan", "jenis_layanan", "nama_layanan", "service_type"),
    "detail": ("keterangan", "rincian", "detail_layanan", "jenis_kursus", "ket", "details"),
}
"""Header aliases of contract columns (after :func:`header_key`), per contract name."""


def header_key(text: str) -> str:
    """A header as intake compares it: trimmed, lower case, runs of spaces, dots, hyphens and
    slashes as one ``_``.

    >>> header_key(" Tanggal  Lahir ")
    'tanggal_lahir'
    >>> header_key("L/P")
    'l_p'
    """
    out = re.sub(r"[\s./\-]+", "_", str(text).replace("\ufeff", "").strip().lower())
    return out.strip("_")


def code_key(text: str) -> str:
    """A coded value as intake compares it: trimmed, lower case, runs of spaces, hyphens and
    underscores as one ``_``.

    >>> code_key("  Tidak   Sekolah ")
    'tidak_sekolah'
    """
    return re.sub(r"[\s\-_]+", "_", str(text).strip().lower()).strip("_")


YES_NO_ALIASES = {
    "ya": "yes",
    "y": "yes",
    "iya": "yes",
    "true": "yes",
    "benar": "yes",
    "tidak": "no",
    "tdk": "no",
    "n": "no",
    "false": "no",
    "bukan": "no",
}

CODE_ALIASES: dict[str, dict[str, str]] = {
    "sex": {
        "f": "F",
        "m": "M",
        "p": "F",
        "l": "M",
        "perempuan": "F",
        "wanita": "F",
        "female": "F",
        "laki_laki": "M",
        "lakilaki": "M",
        "laki": "M",
        "pria": "M",
        "male": "M",
    },
    "sector": {
        "eksploitasi_seksual_komersial_anak": "eska",
        "esk_anak": "eska",
        "csec": "eska",
        "pekerja_rumah_tangga_anak": "prta",
        "prt_anak": "prta",
        "pekerja_rumah_tangga": "prta",
        "anak_jalanan": "anak_jalanan_perempuan",
        "anjal_perempuan": "anak_jalanan_perempuan",
        "anak_perempuan_di_jalanan": "anak_jalanan_perempuan",
        "pekerja_anak_perkebunan": "perkebunan",
        "anak_perkebunan": "perkebunan",
    },
    "beneficiary_type": {
        "ditarik": "withdrawn",
        "penarikan": "withdrawn",
        "ditarik_keluar": "withdrawn",
        "dicegah": "prevented",
        "pencegahan": "prevented",
    },
    "school_status": {
        "sekolah_formal": "formal",
        "sekolah": "formal",
        "bersekolah": "formal",
        "kejar_paket_a": "kejar_paket",
        "kejar_paket_b": "kejar_paket",
        "kejar_paket_c": "kejar_paket",
        "paket_a": "kejar_paket",
        "paket_b": "kejar_paket",
        "paket_c": "kejar_paket",
        "pendidikan_kesetaraan": "kejar_paket",
        "kesetaraan": "kejar_paket",
        "tidak_sekolah": "not_in_school",
        "tidak_bersekolah": "not_in_school",
        "putus_sekolah": "not_in_school",
        "belum_sekolah": "not_in_school",
    },
    "lives_with_family": YES_NO_ALIASES,
    "trafficking_victim": YES_NO_ALIASES,
    "family_contact": {
        "setiap_hari": "daily",
        "harian": "daily",
        "tiap_hari": "daily",
        "berkala": "periodic",
        "kadang_kadang": "periodic",
        "periodik": "periodic",
        "sesekali": "periodic",
        "tidak_pernah": "never",
        "tidak_diketahui": "unknown",
        "tidak_tahu": "unknown",
    },
    "service": {
        "counselling": "counseling",
        "konseling": "counseling",
        "konsultasi": "counseling",
        "pemeriksaan_kesehatan": "health_check",
        "cek_kesehatan": "health_check",
        "layanan_kesehatan": "health_check",
        "kesehatan": "health_check",
        "pemeriksaan_ims": "sti_screening",
        "skrining_ims": "sti_screening",
        "tes_ims": "sti_screening",
        "ims": "sti_screening",
        "kebutuhan_dasar": "basic_needs",
        "paket_kebutuhan_dasar": "basic_needs",
        "kursus_jembatan": "bridging_course",
        "kelas_jembatan": "bridging_course",
        "bridging": "bridging_course",
        "les_remedial": "remedial",
        "kelas_remedial": "remedial",
        "perbaikan": "remedial",
        "kursus_keterampilan": "skills_course",
        "pelatihan_keterampilan": "skills_course",
        "kursus": "skills_course",
        "magang": "internship",
        "pengasuhan_alternatif": "alternative_care",
        "rumah_aman": "alternative_care",
        "rumah_singgah": "alternative_care",
        "dukungan_keluarga": "family_support",
        "pendampingan_keluarga": "family_support",
    },
    "detail": {
        "memasak": "tata_boga",
        "masak": "tata_boga",
        "boga": "tata_boga",
        "catering": "tata_boga",
        "komputer": "komputer",
        "computer": "komputer",
        "menjahit": "tata_busana",
        "jahit": "tata_busana",
        "busana": "tata_busana",
        "dressmaking": "tata_busana",
        "salon": "kecantikan",
        "salon_kecantikan": "kecantikan",
        "tata_rias": "kecantikan",
        "rias": "kecantikan",
        "beauty": "kecantikan",
    },
}
"""Indonesian and other accepted spellings of each coded column's codes (after
:func:`code_key`); ``detail`` aliases apply to skills courses only."""

COLUMN_CODES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "sector": SECTORS,
    "beneficiary_type": BENEFICIARY_TYPES,
    "school_status": SCHOOL_STATUSES,
    "lives_with_family": YES_NO,
    "family_contact": FAMILY_CONTACTS,
    "trafficking_victim": YES_NO,
    "service": SERVICES,
    "activity": ACTIVITIES,
}
"""The codes each coded column accepts, as stored."""

CODE_DEFAULTS = {"beneficiary_type": "withdrawn", "family_contact": "unknown", "trafficking_victim": "no"}
"""What an empty cell of an optional coded column means."""

CHILDREN_DATES = ("birth_date", "intake_date", "exit_date")
SERVICES_DATES = ("date",)

DATE_FORMATS = ("YYYY-MM-DD", "DD/MM/YYYY", "DD-MM-YYYY")
"""Accepted ways of writing a date in a text cell (day first, never month first); date cells of
a workbook and Excel serial day numbers (e.g. 40299 = 2010-05-01) are accepted too."""


def code_map(column: str) -> dict[str, str]:
    """Every accepted spelling (as :func:`code_key` gives it) -> the stored code."""
    codes = COLUMN_CODES.get(column, SKILLS_COURSES if column == "detail" else ())
    out = {code_key(c): c for c in codes}
    out.update(CODE_ALIASES.get(column, {}))
    return out


def header_map(columns: tuple[str, ...]) -> dict[str, str]:
    """Header key -> contract name, for a table's columns and the personal-data columns."""
    out: dict[str, str] = {}
    for col in (*columns, *PERSONAL_DATA_COLUMNS):
        out[header_key(col)] = col
        for alias in HEADER_ALIASES.get(col, ()) + PERSONAL_DATA_ALIASES.get(col, ()):
            out[header_key(alias)] = col
    return out


class ChildrenStored(pa.DataFrameModel):
    """data/processed/children: one row per child, typed, no personal data."""

    city: Series[str] = pa.Field()
    partner: Series[str] = pa.Field()
    child_id: Series[str] = pa.Field()
    sex: Series[str] = pa.Field(isin=SEXES)
    age_at_intake: Series[int] = pa.Field(ge=0, le=30)
    sector: Series[str] = pa.Field(isin=SECTORS)
    beneficiary_type: Series[str] = pa.Field(isin=BENEFICIARY_TYPES)
    intake_date: Series[pa.DateTime] = pa.Field()
    exit_date: Series[pa.DateTime] = pa.Field(nullable=True)
    school_status: Series[str] = pa.Field(isin=SCHOOL_STATUSES)
    lives_with_family: Series[bool] = pa.Field()
    family_contact: Series[str] = pa.Field(isin=FAMILY_CONTACTS)
    trafficking_victim: Series[bool] = pa.Field()
    source_file: Series[str] = pa.Field()
    source_sheet: Series[str] = pa.Field(nullable=True)
    source_row: Series[int] = pa.Field(ge=2)

    class Config:
        strict = True

    @pa.dataframe_check(error="child_id must be unique within a partner")
    def unique_per_partner(cls, df):
        return ~df.duplicated(["city", "partner", "child_id"], keep=False)


class ServicesStored(pa.DataFrameModel):
    """data/processed/services: one row per session or delivery."""

    city: Series[str] = pa.Field()
    partner: Series[str] = pa.Field()
    child_id: Series[str] = pa.Field()
    date: Series[pa.DateTime] = pa.Field()
    service: Series[str] = pa.Field(isin=SERVICES)
    detail: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field()
    source_sheet: Series[str] = pa.Field(nullable=True)
    source_row: Series[int] = pa.Field(ge=2)

    class Config:
        strict = True


class ActivitiesStored(pa.DataFrameModel):
    """data/processed/activities: community and government-level activities."""

    city: Series[str] = pa.Field()
    date: Series[pa.DateTime] = pa.Field()
    partner: Series[str] = pa.Field(nullable=True)
    activity: Series[str] = pa.Field(isin=ACTIVITIES)
    participants: Series[float] = pa.Field(nullable=True, ge=0)
    description: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field()
    source_row: Series[int] = pa.Field(ge=2)

    class Config:
        strict = True


Children = DataFrame[ChildrenStored]
"""A frame of stored children (``data/processed/children``, or rows of it)."""
Services = DataFrame[ServicesStored]
"""A frame of stored services (``data/processed/services``, or rows of it)."""
Activities = DataFrame[ActivitiesStored]
"""A frame of stored activities (``data/processed/activities``, or rows of it)."""


def empty_frame(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``model``."""
    schema = model.to_schema()
    schema.coerce = True
    return schema.validate(pd.DataFrame({c: [] for c in schema.columns}))


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
