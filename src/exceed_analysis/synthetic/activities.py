"""Synthetic activity logs of every city, and the staff narratives."""

from __future__ import annotations

import datetime as dt

from exceed_analysis.synthetic import draws, profiles
from exceed_analysis.synthetic.people import PLACES
from exceed_analysis.synthetic.profiles import DATA_END, LAMPUNG

# --------------------------------------------------------------------------- activities


def activities(seed: int, city: dict) -> list[list[str]]:
    """Community and government-level activities of one city, 2010-05 .. 2012-12."""
    slug = city["slug"]
    rng = draws.rng(seed, f"activities:{slug}")
    start = profiles.as_date(city["programme_start"])
    codes = [p["code"] for p in city["partners"]]
    sector = city["sectors"][0]
    kind, places = PLACES.get(slug, ("Kel.", ["Sukamaju"]))
    rows: list[tuple] = []

    def add(date, partner, activity, participants, description):
        assert start <= date <= DATA_END
        rows.append(
            (
                date.isoformat(),
                partner or "",
                activity,
                "" if participants is None else str(participants),
                description,
            )
        )

    outreach = {
        "eska": [
            "Penjangkauan anak di lokasi mangkal sekitar {p}",
            "Pendataan anak korban ESKA bersama Dinas Sosial, {p}",
            "Penjangkauan malam hari di tempat hiburan sekitar {p}",
        ],
        "anak_jalanan_perempuan": [
            "Penjangkauan anak perempuan di jalanan sekitar {p}",
            "Penjangkauan di terminal dan pasar, {p}",
            "Pendataan anak jalanan perempuan di perempatan, {p}",
        ],
        "prta": [
            "Pendataan PRTA melalui pengurus RT dan majelis taklim, {p}",
            "Penjangkauan PRTA dan majikan, {p}",
            "Kunjungan rumah majikan PRTA, {p}",
        ],
        "perkebunan": [
            "Penjangkauan pekerja anak di kebun sawit, {p}",
            "Penjangkauan pekerja anak di kebun karet, {p}",
            "Pendataan pekerja anak bersama perangkat desa, {p}",
        ],
    }[sector]
    awareness = {
        "eska": [
            "Sosialisasi bahaya ESKA bagi warga, {p}",
            "Sosialisasi pentingnya pendidikan bagi orang tua, {p}",
        ],
        "anak_jalanan_perempuan": [
            "Sosialisasi hak anak bagi orang tua anak jalanan, {p}",
            "Sosialisasi bahaya kerja di jalanan bagi anak perempuan, {p}",
        ],
        "prta": ["Sosialisasi hak PRTA bagi majikan, {p}", "Sosialisasi pentingnya sekolah bagi anak, {p}"],
        "perkebunan": [
            "Sosialisasi bahaya kerja anak di perkebunan, {p}",
            "Sosialisasi pentingnya sekolah bagi orang tua pekerja kebun, {p}",
        ],
    }[sector]
    if slug == LAMPUNG:
        awareness = [
            "Sosialisasi bahaya ESKA bagi warga sekitar lokalisasi Pantai Harapan",
            "Sosialisasi bahaya ESKA bagi warga sekitar lokalisasi Pemandangan",
            "Sosialisasi pentingnya pendidikan anak di sekitar lokalisasi Pantai Harapan",
            "Sosialisasi pentingnya pendidikan anak di sekitar lokalisasi Pemandangan",
        ]

    def place() -> str:
        return f"{kind} {rng.choice(places)}"

    for ms, me in draws.months(start, DATA_END):
        for code in codes:
            for _ in range(rng.randint(1, 2)):
                add(
                    draws.rand_date(rng, ms, me),
                    code,
                    "outreach",
                    rng.randint(5, 30),
                    rng.choice(outreach).format(p=place()),
                )
            if rng.random() < 0.5:
                add(
                    draws.rand_date(rng, ms, me),
                    code,
                    "awareness",
                    rng.randint(20, 80),
                    rng.choice(awareness).format(p=place()),
                )
    for qs, qe in draws.quarters(start, DATA_END):
        for code in codes:
            text = (
                f"Forum dialog warga tentang pencegahan ESKA, {place()}"
                if slug == LAMPUNG
                else f"Dialog warga tentang perlindungan anak, {place()}"
            )
            add(draws.rand_date(rng, qs, qe), code, "community_dialogue", rng.randint(15, 40), text)
        # government-led: city-level task force every quarter
        level = "kota" if kind == "Kel." else "kabupaten"
        add(
            draws.rand_date(rng, qs, qe),
            "",
            "task_force_meeting",
            rng.randint(12, 25),
            f"Gugus tugas {level}: rapat koordinasi triwulanan {city['name']}",
        )
    if slug == LAMPUNG:
        add(
            dt.date(2010, 8, 14),
            "LAdA",
            "community_dialogue",
            27,
            "Dialog warga RT 05 & RT 06 <Kel. Panjang>",
        )
        # province-level task force every 6 months
        for y in (2010, 2011, 2012):
            for month in (6, 12):
                add(
                    draws.rand_date(rng, dt.date(y, month, 1), dt.date(y, month, 20)),
                    "",
                    "task_force_meeting",
                    rng.randint(18, 30),
                    "Gugus tugas provinsi: rapat koordinasi semesteran, Dinas Sosial Provinsi Lampung",
                )
        # field visits: 2 a year (province), 4 a year (city)
        for y in (2010, 2011, 2012):
            first = dt.date(y, 5, 1) if y == 2010 else dt.date(y, 1, 1)
            for d in draws.distinct_dates(rng, first, dt.date(y, 12, 15), 2):
                add(
                    d,
                    "",
                    "field_visit",
                    rng.randint(6, 12),
                    "Gugus tugas provinsi: kunjungan lapangan ke lembaga mitra " + rng.choice(codes),
                )
            for d in draws.distinct_dates(rng, first, dt.date(y, 12, 15), 4):
                add(
                    d,
                    "",
                    "field_visit",
                    rng.randint(5, 10),
                    f"Gugus tugas kota: kunjungan lapangan ke lokasi dampingan, {place()}",
                )
        # community radio with JRKL, Pelangi 107,8 FM, November 2011 - October 2012
        radio = [
            "Talkshow pencegahan ESKA di Pelangi 107,8 FM (JRKL)",
            "Iklan layanan masyarakat tentang bahaya ESKA, Pelangi 107,8 FM",
            "Liputan jurnalisme warga Kecamatan Panjang, Pelangi 107,8 FM",
            "Radio diary anak dan remaja, Pelangi 107,8 FM",
        ]
        for ms, me in draws.months(dt.date(2011, 11, 1), dt.date(2012, 10, 31)):
            for d in draws.distinct_dates(rng, ms, me, rng.randint(2, 4)):
                add(d, "", "radio", None, rng.choice(radio))
            if ms.month in (11, 2, 5, 8):
                add(
                    draws.rand_date(rng, ms, me),
                    "",
                    "radio",
                    rng.randint(10, 20),
                    "Pertemuan komite penyiaran warga Kecamatan Panjang, Pelangi 107,8 FM",
                )
    else:
        for y in (2010, 2011, 2012):
            first = max(start, dt.date(y, 1, 1))
            for d in draws.distinct_dates(rng, first, dt.date(y, 12, 15), 2):
                add(
                    d,
                    "",
                    "field_visit",
                    rng.randint(5, 10),
                    f"Kunjungan lapangan gugus tugas ke lokasi dampingan, {place()}",
                )
    for y in (2010, 2011, 2012):
        first = max(start, dt.date(y, 1, 1))
        for d in draws.distinct_dates(rng, first, dt.date(y, 12, 15), rng.randint(2, 3)):
            add(
                d,
                rng.choice(codes),
                "training",
                rng.randint(10, 30),
                rng.choice(
                    [
                        "Pelatihan konseling bagi staf lapangan",
                        "Pelatihan manajemen kasus dan reintegrasi",
                        "Pelatihan pencatatan data anak dampingan",
                        "Pelatihan perlindungan anak bagi pendamping",
                    ]
                ),
            )
    rows.sort(key=lambda r: (r[0], r[2], r[1], r[4], r[3]))  # date, activity, ...
    return [list(r) for r in rows]


# --------------------------------------------------------------------------- narratives

NARRATIVES = {
    ("bandar-lampung", "2010"): """\
---
author: Program Officer Save the Children - Lampung
title: Laporan Pelaksanaan Program EXCEED di Lampung, Mei - Desember 2010
place: Bandar Lampung
date: 2011-01-25
---

## Kendala dan hambatan

Sepanjang 2010 ada beberapa hal yang menghambat jalannya program di Lampung:

1. Keinginan anak dampingan terhadap jenis kursus sering berganti, sehingga lembaga mitra
   sulit memutuskan kursus mana yang paling tepat untuk setiap anak.
2. Anak korban ESKA bekerja di bawah pengawasan mucikari atau germo, dan tempat kerja
   maupun tempat tinggal mereka kerap berpindah-pindah. Hal ini menyulitkan pendamping CCC
   dan LAdA untuk menjangkau mereka.
3. Masyarakat sipil belum banyak berperan dalam memperluas akses pendidikan dan
   pendampingan keluarga. Hanya sedikit lembaga pendidikan yang siap menerima anak-anak
   yang terpinggirkan, termasuk anak korban ESKA, dan fasilitator atau pekerja sosial yang
   mampu mendampingi keluarga masih jarang.
4. Perda tentang trafficking, Perda tentang pelayanan hak anak, dan RAD Trafficking
   2009-2013 belum tersosialisasi dengan baik dari provinsi ke kabupaten/kota. Akibatnya
   banyak dinas/instansi belum memahami peran dan tugasnya dalam rehabilitasi sosial
   korban trafficking dan ESKA, baik di Provinsi Lampung maupun di Kota Bandar Lampung.
5. Belum ada dasar hukum yang khusus mengatur rehabilitasi anak korban ESKA dan
   trafficking (Perda, Peraturan Gubernur atau SK Walikota), sehingga layanan dari
   dinas/instansi maupun lembaga mitra belum berjalan optimal.
6. Dinas/instansi terkait belum mempunyai anggaran tersendiri untuk melayani anak korban
   ESKA dan trafficking.

## Rekomendasi

Jumlah anak yang didampingi CCC dan LAdA pada 2010 kemungkinan besar hanya bagian yang
tampak dari sebuah gunung es: masih banyak anak korban ESKA yang belum terjangkau. Mereka
bekerja berjam-jam hingga larut malam di bawah kendali mucikari, rentan mengalami kekerasan
fisik, psikis dan seksual, serta berisiko tertular infeksi menular seksual dan HIV/AIDS.
Berdasarkan pengalaman tahun 2010, kami mengusulkan langkah-langkah berikut:

1. Memperkuat peran masyarakat sipil agar lembaga pendidikan mampu melayani anak-anak
   yang terpinggirkan, termasuk anak korban ESKA, dan agar tersedia lebih banyak
   fasilitator serta pekerja sosial yang dapat mendampingi keluarga menjalankan tanggung
   jawabnya terhadap anak.
2. Mengoptimalkan kerja gugus tugas rehabilitasi sosial korban trafficking dan ESKA di
   tingkat provinsi dan Kota Bandar Lampung dalam mendukung layanan langsung yang
   diberikan lembaga mitra.
3. Mempercepat terbitnya SK Walikota yang membentuk gugus tugas kota untuk rehabilitasi
   sosial bagi korban trafficking dan ESKA, sebagai pijakan hukum bagi dinas/instansi
   dalam melayani anak.
4. Mendorong penyusunan rencana aksi tingkat kota (RAK) untuk menghapus trafficking dan
   ESKA di Bandar Lampung, karena provinsi sudah memilikinya, serta RAD-BPPTA, yaitu
   rencana aksi daerah untuk menghapus bentuk-bentuk pekerjaan terburuk bagi anak.
5. Mendorong lahirnya Peraturan Daerah Kota Bandar Lampung tentang rehabilitasi sosial
   korban trafficking dan ESKA.
6. Mendorong pemerintah daerah, melalui dinas/instansi terkait, menyusun program kerja
   yang memperbaiki layanan bagi pemenuhan hak anak korban trafficking dan ESKA.
7. Mendorong alokasi anggaran untuk rehabilitasi anak korban trafficking dan ESKA di
   setiap dinas/instansi terkait.

## Capaian gugus tugas

**Tingkat Provinsi Lampung.** Gugus tugas mendorong penerbitan Peraturan Gubernur yang
merevisi SK gugus tugas penanganan trafficking. Rancangannya masih dibahas oleh para
anggota gugus tugas dan sedang dikonsultasikan dengan Biro Hukum Provinsi Lampung.

**Tingkat Kota Bandar Lampung.** Gugus tugas mendorong penerbitan Surat Keputusan yang
membentuk gugus tugas kota untuk rehabilitasi anak yang menjadi korban trafficking dan
ESKA. Rancangan SK
tersebut kini sedang diproses di Bagian Hukum Pemerintah Kota Bandar Lampung.

## Penutup

Laporan ini menggambarkan pelaksanaan program EXCEED di Lampung selama 2010 bagi anak
korban ESKA, lengkap dengan kendala yang dihadapi dan rekomendasi yang diusulkan. Kami
berharap gambaran ini menjadi pegangan dalam melaksanakan program pada 2011, sehingga mutu
layanan bagi anak korban ESKA terus meningkat. Dengan kerja sama semua pihak, semakin
banyak anak yang dapat dikeluarkan dari ESKA dan memperoleh masa depan yang lebih baik.
""",
    ("surabaya", "2011"): """\
---
author: Program Officer Save the Children - Jawa Timur
title: Laporan Pelaksanaan Program EXCEED di Surabaya, Januari - Desember 2011
place: Surabaya
date: 2012-01-20
---

## Kendala dan hambatan

1. Sebagian anak dampingan berpindah tempat kerja dan tempat kos tanpa kabar, sehingga
   pendampingan lanjutan sering terputus.
2. Sekolah formal di beberapa kelurahan masih enggan menerima kembali anak yang pernah
   putus sekolah, terutama bila usia anak sudah melewati usia kelas.
3. Rujukan ke layanan kesehatan berjalan lambat karena anak tidak memiliki kartu identitas
   atau jaminan kesehatan.

## Rekomendasi

1. Menyusun kesepakatan rujukan dengan puskesmas di wilayah dampingan agar anak tanpa
   dokumen tetap dapat diperiksa.
2. Memperluas kerja sama dengan penyelenggara kejar paket untuk anak yang tidak dapat
   kembali ke sekolah formal.
3. Melibatkan pengurus RT/RW dalam memantau anak yang sudah kembali ke keluarga.

## Capaian gugus tugas

Gugus tugas kota menyepakati format pencatatan kasus bersama dan mulai membahas rancangan
rencana aksi kota penghapusan ESKA.

## Penutup

Pengalaman selama 2011 menunjukkan bahwa pendampingan keluarga sama pentingnya dengan
layanan langsung bagi anak. Hal ini akan menjadi perhatian utama pada 2012.
""",
    ("bandung", "2012H1"): """\
---
author: Program Officer Save the Children - Jawa Barat
title: Laporan Semester Program EXCEED di Bandung, Januari - Juni 2012
place: Bandung
date: 2012-07-16
---

## Kendala dan hambatan

1. Jam kerja PRTA yang panjang membatasi waktu mereka untuk mengikuti bridging course.
2. Data anak dari kelurahan dan dari lembaga mitra belum selalu cocok.

## Rekomendasi

1. Menyediakan kelas bridging course pada akhir pekan.
2. Menyepakati satu format pendataan antara kelurahan dan lembaga mitra.

## Capaian gugus tugas

Gugus tugas kota membahas rancangan peraturan walikota tentang perlindungan PRTA.

## Penutup

Semester pertama 2012 memperlihatkan minat PRTA yang tinggi terhadap kursus keterampilan;
semester berikutnya akan difokuskan pada magang dan kembali ke sekolah.
""",
}
