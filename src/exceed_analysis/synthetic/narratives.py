"""Synthetic staff narratives of the latest quarter (2012Q4), one per city.

Each narrative has the four staff sections of a city report (``## Kendala dan hambatan``,
``## Rekomendasi``, ``## Capaian gugus tugas``, ``## Penutup``), so that the default build
(every city, the latest complete quarter) gives complete reports; older periods keep only
the few narratives of :data:`exceed_analysis.synthetic.registers.NARRATIVES` and stay drafts.
The texts state no counts: the figures belong to the registers. Some carry a staff note as
an HTML comment, which a report never shows.
"""

from __future__ import annotations

__all__ = ["LATEST_PERIOD", "LATEST", "PARTIAL"]

LATEST_PERIOD = "2012Q4"


def _narrative(
    author: str,
    city: str,
    place: str,
    date: str,
    kendala: str,
    rekomendasi: str,
    gugus: str,
    penutup: str,
    note: str = "",
) -> str:
    head = (
        f"---\nauthor: {author}\n"
        f"title: Laporan Triwulan Program EXCEED di {city}, Oktober - Desember 2012\n"
        f"place: {place}\ndate: {date}\n---\n\n"
    )
    note = f"<!-- {note} -->\n\n" if note else ""
    return (
        head + note + f"## Kendala dan hambatan\n\n{kendala.strip()}\n\n"
        f"## Rekomendasi\n\n{rekomendasi.strip()}\n\n"
        f"## Capaian gugus tugas\n\n{gugus.strip()}\n\n## Penutup\n\n{penutup.strip()}\n"
    )


LATEST: dict[tuple[str, str], str] = {
    ("bandar-lampung", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Lampung",
        "Bandar Lampung",
        "Bandar Lampung",
        "2013-01-21",
        """
1. Beberapa lokasi dampingan di sekitar pelabuhan ditertibkan aparat, sehingga anak
   berpindah ke tempat yang belum dikenal pendamping CCC dan LAdA.
2. Jadwal kursus keterampilan bertabrakan dengan jam kerja malam anak yang belum
   sepenuhnya keluar dari ESKA.
""",
        """
1. Memetakan ulang lokasi dampingan bersama gugus tugas kota setelah penertiban.
2. Menyediakan kelas kursus pada siang hari dan mendampingi anak ke tempat kursus.
""",
        """
SK Walikota tentang gugus tugas rehabilitasi sosial korban trafficking dan ESKA telah
disahkan; gugus tugas kota mulai menyusun rencana aksi kota (RAK).
""",
        """
Triwulan terakhir 2012 ditutup dengan dasar hukum baru bagi gugus tugas kota. Kami berharap
dasar ini memperkuat layanan bagi anak korban ESKA pada 2013.
""",
        note="Catatan staf: angka penjangkauan dicek ulang dengan register CCC sebelum dikirim.",
    ),
    ("surabaya", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Jawa Timur",
        "Surabaya",
        "Surabaya",
        "2013-01-22",
        """
1. Penutupan sebagian lokalisasi membuat anak dampingan tersebar ke tempat kos dan
   warung di pinggir kota.
2. Puskesmas di dua kecamatan masih meminta kartu identitas untuk pemeriksaan kesehatan.
""",
        """
1. Menambah pendamping lapangan di kecamatan tujuan perpindahan anak.
2. Meneruskan kesepakatan rujukan tanpa dokumen ke semua puskesmas wilayah dampingan.
""",
        """
Gugus tugas kota menyepakati rencana aksi kota penghapusan ESKA dan membagi peran
dinas/instansi dalam pelaksanaannya.
""",
        """
Pengalaman triwulan ini menunjukkan pentingnya menjangkau anak segera setelah tempat kerja
mereka berubah. Hal ini menjadi prioritas pada awal 2013.
""",
    ),
    ("semarang", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Jawa Tengah",
        "Semarang",
        "Semarang",
        "2013-01-17",
        """
1. Anak jalanan perempuan yang berjualan di perempatan sering dipindahkan oleh petugas
   ketertiban, sehingga jadwal pendampingan berubah-ubah.
2. Sebagian orang tua masih mengandalkan penghasilan anak dari jalan.
""",
        """
1. Menyepakati lokasi dan waktu pendampingan tetap dengan petugas ketertiban kota.
2. Menghubungkan keluarga dengan program usaha ekonomi produktif dari Dinas Sosial.
""",
        """
Gugus tugas kota menyusun prosedur rujukan bersama antara Satpol PP, Dinas Sosial dan
lembaga mitra untuk anak jalanan perempuan yang terjaring razia.
""",
        """
Kerja sama dengan dinas terkait makin baik pada triwulan ini; tantangannya adalah
memastikan keluarga ikut menjaga anak tetap di luar jalan.
""",
    ),
    ("yogyakarta", LATEST_PERIOD): _narrative(
        "Koordinator Program EXCEED - DI Yogyakarta",
        "Yogyakarta",
        "Yogyakarta",
        "2013-01-15",
        """
1. Musim hujan membuat jadwal penjangkauan malam hari sering dibatalkan.
2. Koordinasi antara Dinas Sosial & Dinas Pendidikan mengenai kelas transisi belum rutin;
   beberapa anak menunggu lebih dari satu bulan untuk mulai belajar.
""",
        """
1. Menjadwalkan rapat bulanan Dinas Sosial & Dinas Pendidikan untuk membahas penempatan
   anak di kelas transisi.
2. Menambah sesi konseling kelompok bagi anak yang **baru** bergabung pada triwulan ini.
""",
        """
Gugus tugas kota menyelesaikan pemetaan lokasi rawan anak jalanan perempuan dan membagikan
hasilnya kepada kecamatan.
""",
        """
Triwulan ini ditutup dengan evaluasi bersama kedua lembaga mitra; hasilnya menjadi bahan
perencanaan tahun 2013.
""",
    ),
    ("bandung", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Jawa Barat",
        "Bandung",
        "Bandung",
        "2013-01-18",
        """
1. Jam kerja PRTA yang panjang tetap membatasi waktu mereka untuk belajar.
2. Beberapa majikan menolak dikunjungi pendamping di rumah.
""",
        """
1. Melanjutkan kelas akhir pekan dan menambah kelas sore di kelurahan.
2. Melibatkan ketua RT dalam memperkenalkan pendamping kepada majikan.
""",
        """
Rancangan peraturan walikota tentang perlindungan PRTA telah selesai dibahas gugus tugas
dan diajukan ke Bagian Hukum Pemerintah Kota Bandung.
""",
        """
Sepanjang 2012 semakin banyak majikan yang mengizinkan PRTA belajar. Kami berharap
peraturan walikota memperkuat perubahan ini pada 2013.
""",
    ),
    ("pontianak", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Kalimantan Barat",
        "Pontianak",
        "Pontianak",
        "2013-01-18",
        """
1. Banyak PRTA dikirim orang tua dari desa dengan harapan dapat bersekolah di kota,
   sehingga reintegrasi ke keluarga di desa sulit disepakati.
2. Sebagian majikan belum mengizinkan PRTA mengikuti kursus pada jam kerja.
""",
        """
1. Melanjutkan dialog dengan majikan tentang jam belajar PRTA.
2. Menjalin komunikasi dengan pemerintah desa asal anak untuk mendukung reintegrasi.
""",
        """
Gugus tugas kota mengadakan rapat koordinasi dengan pemerintah desa asal PRTA di Kabupaten
Kubu Raya dan menyepakati jalur komunikasi untuk rencana reintegrasi anak.
""",
        """
Triwulan ini memperlihatkan bahwa reintegrasi PRTA memerlukan kerja sama dengan desa asal
anak. Kerja sama ini akan dilanjutkan pada 2013.
""",
        note="Catatan staf: bagian capaian gugus tugas dilengkapi setelah rapat gugus tugas "
        "bulan Januari; mohon diperiksa ulang oleh koordinator.",
    ),
    ("sambas", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Kalimantan Barat",
        "Sambas",
        "Sambas",
        "2013-01-23",
        """
1. Musim panen membuat banyak anak kembali membantu orang tua di kebun sawit.
2. Jarak antara desa dampingan dan tempat kursus jauh, dan transportasi terbatas.
""",
        """
1. Menyesuaikan jadwal belajar dengan musim panen bersama sekolah dan orang tua.
2. Mengadakan kursus keliling di desa-desa dampingan.
""",
        """
Gugus tugas kabupaten bertemu dengan perusahaan perkebunan untuk membahas larangan
mempekerjakan anak di kebun plasma.
""",
        """
Dukungan perusahaan perkebunan menjadi kunci agar anak tidak kembali bekerja di kebun.
Dialog ini akan diteruskan pada 2013.
""",
    ),
    ("sanggau", LATEST_PERIOD): _narrative(
        "Program Officer Save the Children - Kalimantan Barat",
        "Sanggau",
        "Sanggau",
        "2013-01-24",
        """
1. Sebagian keluarga berpindah mengikuti pembukaan lahan baru, sehingga anak putus
   pendampingan.
2. Sekolah terdekat dari beberapa kebun masih berjarak jauh.
""",
        """
1. Mencatat rencana perpindahan keluarga agar pendampingan dapat diteruskan di lokasi baru.
2. Mengusulkan kelas jauh kepada Dinas Pendidikan kabupaten.
""",
        """
Gugus tugas kabupaten menyusun daftar kebun yang menjadi sasaran pemantauan pekerja anak
bersama Dinas Tenaga Kerja.
""",
        """
Triwulan ini menegaskan bahwa pendidikan dekat kebun adalah cara utama untuk menjauhkan
anak dari pekerjaan perkebunan.
""",
    ),
}
"""The latest quarter's narrative of every city, by (city slug, period)."""


PARTIAL: dict[tuple[str, str], str] = {
    ("pontianak", "2012Q3"): """\
---
author: Program Officer Save the Children - Kalimantan Barat
title: Laporan Triwulan Program EXCEED di Pontianak, Juli - September 2012
place: Pontianak
date: 2012-10-19
---

<!-- Catatan staf: rekomendasi dan penutup menunggu rapat evaluasi mitra bulan Oktober. -->

## Kendala dan hambatan

1. Libur Lebaran membuat banyak PRTA pulang ke desa & belum kembali ke kota.
2. Kelas bridging course kekurangan tutor pada bulan Agustus.

## Capaian gugus tugas

Gugus tugas kota menyepakati jadwal rapat koordinasi setiap dua bulan.
""",
}
"""A narrative staff have started but not finished: the report stays a draft and its cover
lists the two sections still missing."""
