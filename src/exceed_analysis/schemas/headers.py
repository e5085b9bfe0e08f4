"""Header aliases: the Indonesian (and other common) headers partners write, per contract
column, and how intake compares a header (:func:`header_key`, :func:`header_map`)."""

from __future__ import annotations

import re

from exceed_analysis.schemas.columns import PERSONAL_DATA_COLUMNS

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


def header_map(columns: tuple[str, ...]) -> dict[str, str]:
    """Header key -> contract name, for a table's columns and the personal-data columns."""
    out: dict[str, str] = {}
    for col in (*columns, *PERSONAL_DATA_COLUMNS):
        out[header_key(col)] = col
        for alias in HEADER_ALIASES.get(col, ()) + PERSONAL_DATA_ALIASES.get(col, ()):
            out[header_key(alias)] = col
    return out
