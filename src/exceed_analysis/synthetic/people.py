"""Invented personal data of the synthetic children (names, guardians, addresses,
phones): never colliding with the seed report's people or the service details."""

from __future__ import annotations

from exceed_analysis.synthetic import draws
from exceed_analysis.synthetic.cohort import Child

# --------------------------------------------------------------------------- personal data

FIRST_F = [
    "Siti",
    "Dewi",
    "Sri",
    "Nur",
    "Ayu",
    "Putri",
    "Rina",
    "Wulan",
    "Indah",
    "Fitri",
    "Yuni",
    "Ratna",
    "Novi",
    "Dian",
    "Mega",
    "Rani",
    "Lina",
    "Tika",
    "Nia",
    "Dwi",
    "Intan",
    "Maya",
    "Sinta",
    "Yanti",
    "Ani",
    "Rika",
    "Desi",
    "Winda",
    "Anisa",
    "Nurul",
    "Rizka",
    "Fadila",
    "Salsabila",
    "Nabila",
    "Aulia",
    "Zahra",
    "Amelia",
    "Citra",
    "Dina",
    "Elsa",
    "Febri",
    "Gita",
    "Hani",
    "Ira",
    "Jihan",
    "Kiki",
    "Laras",
    "Melati",
    "Nanda",
    "Oktavia",
    "Puspita",
    "Ratih",
    "Sari",
    "Tiara",
    "Umi",
    "Vina",
    "Yulia",
    "Zulaikha",
    "Anggun",
    "Bunga",
    "Cahya",
    "Endah",
    "Fitria",
    "Galuh",
    "Hesti",
    "Ika",
    "Juwita",
    "Kurnia",
    "Lilis",
    "Marlina",
    "Neneng",
    "Pipit",
    "Rosita",
    "Septi",
    "Titin",
    "Wati",
    "Yeni",
    "Reni",
    "Lia",
    "Mira",
    "Nisa",
    "Okta",
    "Sela",
    "Tari",
    "Vera",
    "Widya",
]
FIRST_M = [
    "Budi",
    "Agus",
    "Andi",
    "Rudi",
    "Joko",
    "Dedi",
    "Hendra",
    "Rizki",
    "Fajar",
    "Bayu",
    "Dimas",
    "Eko",
    "Hadi",
    "Irfan",
    "Yusuf",
    "Arif",
    "Bagus",
    "Dani",
    "Fikri",
    "Gilang",
    "Ilham",
    "Rama",
    "Reza",
    "Wahyu",
    "Yoga",
    "Aldi",
    "Bima",
    "Candra",
    "Dodi",
    "Feri",
    "Galih",
    "Hafiz",
    "Imam",
    "Jaka",
    "Lukman",
    "Muhammad",
    "Oki",
    "Pandu",
    "Raka",
    "Satria",
    "Taufik",
    "Umar",
    "Wawan",
    "Yogi",
    "Zaki",
    "Doni",
    "Rio",
    "Sandi",
    "Tono",
]
ADULT_F = [
    "Sumiati",
    "Suparmi",
    "Sumarni",
    "Sulastri",
    "Sukarti",
    "Painem",
    "Wartini",
    "Rusmini",
    "Aminah",
    "Fatimah",
    "Maryam",
    "Rohani",
    "Salmah",
    "Zubaidah",
    "Nursiah",
    "Masitah",
    "Rukiah",
    "Suwarni",
    "Darsih",
    "Tumini",
    "Sarinah",
    "Juleha",
    "Mariyam",
    "Kasiyem",
    "Marni",
    "Jumiati",
    "Ngatini",
    "Sutinah",
    "Yati",
    "Eni",
]
ADULT_M = [
    "Sutrisno",
    "Suparman",
    "Slamet",
    "Sugeng",
    "Bambang",
    "Darmawan",
    "Heru",
    "Iwan",
    "Rahmat",
    "Syaiful",
    "Ujang",
    "Asep",
    "Sarno",
    "Paijo",
    "Karyo",
    "Sukirman",
    "Tukijo",
    "Ngadiman",
    "Wagimin",
    "Jumadi",
    "Mulyono",
    "Sumarno",
    "Darsono",
    "Suwarno",
    "Abdul",
    "Ahmad",
    "Hasan",
    "Husin",
    "Ismail",
    "Zainal",
]
LAST_F = [
    "Lestari",
    "Rahayu",
    "Susanti",
    "Purnamasari",
    "Handayani",
    "Wulandari",
    "Permatasari",
    "Anggraini",
    "Maharani",
    "Safitri",
    "Rahmawati",
    "Kurniawati",
    "Oktaviani",
    "Hasanah",
    "Fitriani",
    "Puspitasari",
    "Novitasari",
    "Utami",
    "Yuliani",
    "Saputri",
    "Agustina",
    "Damayanti",
    "Pertiwi",
    "Septiani",
    "Wahyuni",
    "Ningsih",
    "Sulistiawati",
    "Aprilia",
]
LAST_M = [
    "Saputra",
    "Pratama",
    "Setiawan",
    "Hidayat",
    "Nugroho",
    "Santoso",
    "Ramadhan",
    "Firmansyah",
    "Gunawan",
    "Hermawan",
    "Irawan",
    "Kurniawan",
    "Prasetyo",
    "Wibowo",
    "Hartono",
    "Syahputra",
    "Maulana",
    "Efendi",
    "Sanjaya",
    "Fauzi",
    "Mulyadi",
    "Setiadi",
    "Wahyudi",
    "Haryanto",
    "Hakim",
]
LAST_ANY = [
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Sitompul",
    "Hutapea",
    "Sinaga",
    "Tarigan",
    "Ginting",
    "Manurung",
    "Pardede",
    "Panjaitan",
    "Sembiring",
    "Hasibuan",
    "Daulay",
    "Rangkuti",
    "Batubara",
    "Marpaung",
    "Situmorang",
    "Wijaya",
    "Kusuma",
    "Tanjung",
    "Pohan",
    "Rambe",
]
# Real people named in the seed document: never part of a generated name.
SEED_PERSON_TOKENS = (
    "Renvi",
    "Liasari",
    "Akbar",
    "Halim",
    "Kanya",
    "Eka",
    "Shanti",
    "Tuti",
    "Kartika",
    "Ekan",
)
SEED_PHONES = ("08121242120", "081379415072")

STREETS = [
    "Melati",
    "Mawar",
    "Kenanga",
    "Anggrek",
    "Flamboyan",
    "Cempaka",
    "Dahlia",
    "Kamboja",
    "Teratai",
    "Seroja",
    "Bougenville",
    "Nusa Indah",
    "Pisang",
    "Mangga",
    "Rambutan",
    "Durian",
    "Jambu",
    "Sawo",
    "Nangka",
    "Kelapa",
    "Pala",
    "Cengkeh",
    "Merpati",
    "Kutilang",
    "Cendrawasih",
    "Rajawali",
    "Elang",
    "Merak",
    "Nuri",
    "Pelita",
    "Harapan",
    "Sejahtera",
    "Damai",
    "Bahagia",
    "Swadaya",
    "Gotong Royong",
    "Pendidikan",
    "Pramuka",
    "Bambu",
    "Beringin",
    "Cemara",
    "Akasia",
    "Kenari",
    "Manggis",
    "Salak",
    "Belimbing",
]
PLACES = {
    "bandar-lampung": (
        "Kel.",
        [
            "Way Halim",
            "Panjang Utara",
            "Panjang Selatan",
            "Pesawahan",
            "Kangkung",
            "Bumi Waras",
            "Sukaraja",
            "Gedong Pakuon",
            "Kedaton",
            "Rajabasa",
            "Kemiling",
            "Sukarame",
            "Kota Karang",
            "Garuntang",
            "Pidada",
            "Srengsem",
            "Way Lunik",
            "Karang Maritim",
        ],
    ),
    "surabaya": (
        "Kel.",
        [
            "Putat Jaya",
            "Sawahan",
            "Dupak",
            "Tambak Rejo",
            "Kedung Doro",
            "Pakis",
            "Banyu Urip",
            "Simolawang",
            "Kenjeran",
            "Wonokusumo",
            "Sidotopo",
            "Tegalsari",
            "Wonokromo",
        ],
    ),
    "semarang": (
        "Kel.",
        [
            "Bandarharjo",
            "Tanjung Mas",
            "Kuningan",
            "Purwosari",
            "Bulu Lor",
            "Pindrikan Kidul",
            "Kembangsari",
            "Sekayu",
            "Jagalan",
            "Rejosari",
            "Gayamsari",
            "Sawah Besar",
            "Kemijen",
        ],
    ),
    "yogyakarta": (
        "Kel.",
        [
            "Gowongan",
            "Sosromenduran",
            "Pringgokusuman",
            "Ngampilan",
            "Notoprajan",
            "Wirobrajan",
            "Patangpuluhan",
            "Brontokusuman",
            "Keparakan",
            "Prawirodirjan",
            "Suryatmajan",
            "Terban",
            "Kotabaru",
            "Klitren",
        ],
    ),
    "bandung": (
        "Kel.",
        [
            "Babakan Ciparay",
            "Cibadak",
            "Cicadas",
            "Kebon Jeruk",
            "Kebon Kangkung",
            "Sukahaji",
            "Arjuna",
            "Cigondewah",
            "Antapani",
            "Kiaracondong",
            "Babakan Sari",
            "Pasirluyu",
            "Tamansari",
        ],
    ),
    "pontianak": (
        "Kel.",
        [
            "Siantan Hulu",
            "Siantan Tengah",
            "Batu Layang",
            "Sungai Jawi",
            "Sungai Bangkong",
            "Darat Sekip",
            "Benua Melayu Darat",
            "Parit Tokaya",
            "Akcaya",
            "Tanjung Hulu",
            "Dalam Bugis",
            "Tambelan Sampit",
        ],
    ),
    "sambas": (
        "Desa",
        [
            "Tebas Kuala",
            "Sempalai",
            "Lumbang",
            "Sebayan",
            "Tanjung Bugis",
            "Dalam Kaum",
            "Pendawan",
            "Jagur",
            "Sejangkung",
            "Semparuk",
            "Tebas Sungai",
        ],
    ),
    "sanggau": (
        "Desa",
        [
            "Beringin",
            "Ilir Kota",
            "Tanjung Kapuas",
            "Bunut",
            "Sungai Sengkuang",
            "Semuntai",
            "Kedukul",
            "Meliau Hulu",
            "Balai Karangan",
            "Sosok",
            "Tayan",
            "Kembayan",
        ],
    ),
}
DUSUN = [
    "Sungai Baru",
    "Parit Baru",
    "Karya Bakti",
    "Sido Mulyo",
    "Suka Maju",
    "Harapan Jaya",
    "Mekar Sari",
    "Sumber Rejeki",
    "Tanjung Harapan",
    "Bukit Indah",
]
PHONE_PREFIXES = ["0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0878", "0819", "0838"]


class _Unique:
    """Draws until a value not yet used (membership tests only; no set iteration)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def draw(self, make) -> str:
        for _ in range(10_000):
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value
        raise AssertionError("value space exhausted")


def personal_data(seed: int, kids: list[Child]) -> None:
    rng = draws.rng(seed, "personal-data")
    names, addresses, phones = _Unique(), _Unique(), _Unique()
    for token in SEED_PERSON_TOKENS:
        assert all(
            token not in pool for pool in (FIRST_F, FIRST_M, ADULT_F, ADULT_M, LAST_F, LAST_M, LAST_ANY)
        )

    def person(female: bool, adult: bool, family: str | None = None) -> str:
        firsts = (ADULT_F if female else ADULT_M) if adult else (FIRST_F if female else FIRST_M)
        lasts = (LAST_F if female else LAST_M) + LAST_ANY

        def make() -> str:
            parts = [rng.choice(firsts)]
            if rng.random() < 0.35:
                middle = rng.choice(FIRST_F if female else FIRST_M)
                if middle != parts[0]:
                    parts.append(middle)
            parts.append(family if family and rng.random() < 0.5 else rng.choice(lasts))
            return " ".join(parts)

        return names.draw(make)

    def address(city: str) -> str:
        kind, places = PLACES.get(city, ("Kel.", ["Sukamaju"]))

        def make() -> str:
            place = f"{kind} {rng.choice(places)}"
            if kind == "Desa" and rng.random() < 0.5:
                return (
                    f"Dusun {rng.choice(DUSUN)} RT {rng.randint(1, 12):02d}/"
                    f"RW {rng.randint(1, 6):02d}, {place}"
                )
            street = f"Jl. {rng.choice(STREETS)}"
            if rng.random() < 0.5:
                street += f" Gg. {rng.randint(1, 12)}"
            return f"{street} No. {rng.randint(1, 150)}, {place}"

        return addresses.draw(make)

    def phone() -> str:
        def make() -> str:
            while True:
                tail = f"{rng.randint(0, 9999):04d}" if rng.random() < 0.85 else f"{rng.randint(0, 999):03d}"
                value = f"{rng.choice(PHONE_PREFIXES)}-{rng.randint(1000, 9999)}-{tail}"
                if value.replace("-", "") not in SEED_PHONES:
                    return value

        return phones.draw(make)

    for c in kids:
        c.name = person(c.sex == "F", adult=False) if rng.random() > 0.01 else ""
        family = c.name.split()[-1] if c.name else None
        c.guardian = person(rng.random() < 0.6, adult=True, family=family) if rng.random() > 0.04 else ""
        c.address = address(c.city) if rng.random() > 0.03 else ""
        c.phone = phone() if rng.random() > 0.08 else ""
