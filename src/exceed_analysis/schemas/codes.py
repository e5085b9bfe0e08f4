"""Code aliases: the accepted spellings of each coded column's codes (``P``/``L``,
``ya``/``tidak``, ``tidak sekolah``, ...), what an empty optional cell means, and how intake
compares a value (:func:`code_key`, :func:`code_map`)."""

from __future__ import annotations

import re

from exceed_analysis.schemas.columns import (
    ACTIVITIES,
    BENEFICIARY_TYPES,
    FAMILY_CONTACTS,
    SCHOOL_STATUSES,
    SECTORS,
    SERVICES,
    SEXES,
    SKILLS_COURSES,
    YES_NO,
)


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


def code_map(column: str) -> dict[str, str]:
    """Every accepted spelling (as :func:`code_key` gives it) -> the stored code."""
    codes = COLUMN_CODES.get(column, SKILLS_COURSES if column == "detail" else ())
    out = {code_key(c): c for c in codes}
    out.update(CODE_ALIASES.get(column, {}))
    return out
