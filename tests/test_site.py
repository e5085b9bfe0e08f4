"""The reviewers' site (exceed_analysis.publish.site): index.html and <period>/programme.html.

Every test builds a small outputs/ tree by hand (no kernel): two cities x two periods, one
report built, one skipped as up to date, one failed with its error notebook beside the
previous good output, one never built.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from exceed_analysis.publish import render
from exceed_analysis.publish import site
from exceed_analysis.reports.formatting import fmt_count

XSS_ERROR = "cell 7: NameError: name '<script>alert(1)</script>' is not defined & more"


# --------------------------------------------------------------------------- fixtures


def _indicators(city: str, period: str, n: int) -> dict:
    """An indicators.json with the keys the reports write; figures derived from ``n``."""
    return {
        "city": city, "period": period,
        "beneficiaries": {"total": n, "by_partner": {"A": n - 3, "B": 3},
                          "by_sex": {"F": n - 4, "M": 4},
                          "by_age_at_intake": {"13": 0, "14": 1, "15": n - 1},
                          "trafficking_victims": 2, "new_intakes": n // 2, "exits": 5},
        "counseling": {"children": n - 1, "sessions": 3 * n, "mean_sessions_per_child": 3.0},
        "health_check": {"children": 40, "sti_screening": 3},
        "basic_needs": {"children": 42},
        "living_with_family": {"children": 66},
        "schooling_at_intake": {"formal": 4, "kejar_paket": 20, "not_in_school": n - 24},
        "education_services": {"bridging_course": 42, "remedial": 1, "skills_course": 82},
        "internship": {"children": 27},
    }


def _report(outputs: Path, period: str, city: str, n: int, built_at: str, *,
            pdf: bool = False, start: str = "2012-10-01", end: str = "2012-12-31") -> Path:
    folder = outputs / period / city
    (folder / "tables").mkdir(parents=True)
    manifest = {"city": city, "period": period, "period_start": start, "period_end": end,
                "parameters": {"city": city, "period": period, "language": "id"},
                "inputs": {}, "built_at": built_at, "seconds": 2.51}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "indicators.json").write_text(json.dumps(_indicators(city, period, n)),
                                            encoding="utf-8")
    (folder / "report.html").write_text("<html lang='id'><body>laporan</body></html>",
                                        encoding="utf-8")
    (folder / "report.ipynb").write_text("{}", encoding="utf-8")
    for name in ("tabel-2-age.csv", "tabel-1-sex.csv"):
        (folder / "tables" / name).write_text("a,b\n1,2\n", encoding="utf-8")
    if pdf:
        (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


STATUS = {
    "reports": {
        "2012Q4/bandar-lampung": {"city": "bandar-lampung", "period": "2012Q4", "status": "built",
                                  "checked_at": "2026-11-28T04:22:31+00:00", "seconds": 3.2,
                                  "error": None},
        "2012Q4/surabaya": {"city": "surabaya", "period": "2012Q4", "status": "failed",
                            "checked_at": "2026-11-28T04:22:31+00:00", "seconds": 1.5,
                            "error": XSS_ERROR},
        "2010/bandar-lampung": {"city": "bandar-lampung", "period": "2010", "status": "skipped",
                                "checked_at": "2026-11-28T04:22:31+00:00", "seconds": 0.1,
                                "error": None},
    },
    "last_build": {"at": "2026-11-28T04:22:31+00:00", "seconds": 5.0},
}


@pytest.fixture
def outputs(project: Path) -> Path:
    """outputs/ of a throw-away project (real registry): 2012Q4 and 2010 for two cities."""
    out = project / "outputs"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "plotly.min.js").write_text("/* plotly */", encoding="utf-8")
    (out / "README.md").write_text("generated\n", encoding="utf-8")
    _report(out, "2012Q4", "bandar-lampung", 1200, "2026-11-28T04:22:30+00:00", pdf=True)
    # failed on the last build: the previous good output stays, the error notebook beside it
    old = _report(out, "2012Q4", "surabaya", 213, "2026-11-20T10:05:00+00:00")
    (old / "report.error.ipynb").write_text("{}", encoding="utf-8")
    _report(out, "2010", "bandar-lampung", 82, "2026-11-27T08:00:00+00:00",
            start="2010-05-01", end="2010-12-31")
    # 2010/surabaya: never built; a half-built work folder must be ignored
    (out / "2010" / ".building-surabaya-x1").mkdir()
    (out / "2010" / ".building-surabaya-x1" / "manifest.json").write_text("{}", encoding="utf-8")
    return out


# --------------------------------------------------------------------------- HTML helpers


class _Page(HTMLParser):
    """Links, ids and tables of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.title = ""
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.urls.append((tag, name, a[name]))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def row_of(table: list[list[str]], first_cell_start: str) -> list[str]:
    rows = [r for r in table if r and r[0].startswith(first_cell_start)]
    assert len(rows) == 1, (first_cell_start, table)
    return rows[0]


def section(html: str, period: str) -> str:
    m = re.search(rf'<section id="periode-{period}"[^>]*>(.*?)</section>', html, re.S)
    assert m, period
    return m.group(1)


def table_row(html: str, city: str) -> str:
    rows = [r for r in html.split("<tr")[1:] if f">{city}<" in r]
    assert len(rows) == 1, city
    return rows[0]


# --------------------------------------------------------------------------- tests


def test_pages_written(outputs):
    pages = site.build_site(outputs, STATUS)
    assert pages == [outputs / "index.html", outputs / "2012Q4" / "programme.html",
                     outputs / "2010" / "programme.html"]
    for page in pages:
        p = parse(page)
        assert p.lang == "id"
        assert "Data sintetis — untuk pengujian sistem" in page.read_text(encoding="utf-8")
    assert parse(outputs / "index.html").title == "Laporan EXCEED: semua kota dan periode"
    # hidden work folders and non-period folders are not reports or periods
    assert not (outputs / "assets" / "programme.html").exists()
    assert ".building" not in (outputs / "index.html").read_text(encoding="utf-8")


def test_the_site_is_built_without_the_data_libraries(outputs):
    # a build imports pandas and pandera only for the site otherwise (half a second of its
    # own process): the figures' definitions and the formatting import neither
    probe = ("import sys; from pathlib import Path; from exceed_analysis.publish import site; "
             f"site.build_site(Path({str(outputs)!r})); "
             "print(sorted(m for m in ('pandas', 'pandera', 'pyarrow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert (outputs / "index.html").is_file()


def test_links_are_relative_and_resolve(outputs):
    pages = site.build_site(outputs, STATUS)
    checked = 0
    for page in pages:
        p = parse(page)
        for tag, attr, url in p.urls:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, (page, url)
            assert not url.startswith("/"), (page, url)
            if not parts.path:  # a fragment within the page
                assert parts.fragment in p.ids, (page, url)
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page, url)
            assert outputs.resolve() in target.parents, (page, url)
            checked += 1
    assert checked > 20
    index = parse(outputs / "index.html")
    hrefs = {url for _t, _a, url in index.urls}
    assert {"2012Q4/bandar-lampung/report.html", "2012Q4/bandar-lampung/report.pdf",
            "2012Q4/bandar-lampung/indicators.json", "2012Q4/bandar-lampung/tables/tabel-1-sex.csv",
            "2012Q4/bandar-lampung/tables/tabel-2-age.csv", "2012Q4/surabaya/report.error.ipynb",
            "2012Q4/surabaya/report.html", "2012Q4/programme.html", "2010/programme.html",
            "2010/bandar-lampung/report.html"} <= hrefs
    assert not any(h.startswith("2010/surabaya") for h in hrefs)  # never built: no links
    assert "2012Q4/surabaya/report.pdf" not in hrefs  # no PDF there: no link
    prog = parse(outputs / "2012Q4" / "programme.html")
    assert {"../index.html", "bandar-lampung/report.html", "surabaya/report.html"} <= {
        url for _t, _a, url in prog.urls}


def test_no_network_urls_no_script_no_absolute_paths(outputs, project):
    for page in site.build_site(outputs, STATUS):
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, page
        scripts = re.findall(r"<script\b[^>]*>", text, re.I)
        if page.name == "index.html":  # the offline filter: one inline script, no src
            assert scripts == ["<script>"], page
            assert "fetch(" not in text and "XMLHttpRequest" not in text, page
        else:
            assert scripts == [], page
        assert "url(" not in text, page
        assert "<style>" in text and "<link" not in text, page  # CSS inlined
        assert str(project) not in text and str(project.resolve()) not in text, page


def test_statuses_times_and_errors(outputs):
    site.build_site(outputs, STATUS)
    html = (outputs / "index.html").read_text(encoding="utf-8")
    q4, y2010 = section(html, "2012Q4"), section(html, "2010")

    built = table_row(q4, "Bandar Lampung")
    assert 'title="built">Dibuat<' in built
    assert "28 Nov 2026 04:22 UTC" in built  # built_at 04:22:30, shown to the minute

    failed = table_row(q4, "Surabaya")
    assert 'title="failed">Gagal<' in failed
    assert "Pembuatan terakhir gagal" in failed
    assert "20 Nov 2026 10:05 UTC" in failed  # the previous output's time
    assert 'href="2012Q4/surabaya/report.error.ipynb"' in failed
    assert 'href="2012Q4/surabaya/report.html"' in failed
    # the error text is shown, escaped
    assert ("cell 7: NameError: name &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; "
            "is not defined &amp; more") in failed

    skipped = table_row(y2010, "Bandar Lampung")
    assert 'title="skipped: already up to date">Mutakhir<' in skipped
    assert "27 Nov 2026 08:00 UTC" in skipped

    missing = table_row(y2010, "Surabaya")
    assert 'title="not built">Belum dibuat<' in missing
    assert "href=" not in missing.split("</th>", 1)[1]

    # every registry city has a row in every period, in registry order
    from exceed_analysis.config import registry
    names = [c.name for c in registry().cities]
    for sec in (q4, y2010):
        positions = [sec.index(f">{n}<") for n in names]
        assert positions == sorted(positions)
        assert sec.count("Belum dibuat") >= len(names) - 2
    # newest period first
    assert html.index('id="periode-2012Q4"') < html.index('id="periode-2010"')
    assert "<script>alert" not in html


def test_error_text_escaped_everywhere(outputs):
    status = json.loads(json.dumps(STATUS))
    status["reports"]["2012Q4/surabaya"]["error"] = "<script>alert('x')</script>\nsecond line"
    for page in site.build_site(outputs, status):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text.lower()
    index = (outputs / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; second line" in index


def test_programme_totals_are_the_sum_of_cities(outputs):
    site.build_site(outputs, STATUS)
    page = parse(outputs / "2012Q4" / "programme.html")
    table = page.tables[0]
    header = table[0]
    assert header[0].startswith("Indikator")
    assert header[1].startswith("Bandar Lampung") and header[2].startswith("Surabaya")
    assert header[-1] == "Jumlah 2 kota bukan total program: 2 dari 8 kota"
    assert all("belum dibuat" in h for h in header[3:-1])  # the six other cities
    a = _indicators("bandar-lampung", "2012Q4", 1200)
    b = _indicators("surabaya", "2012Q4", 213)
    expected = {
        "Penerima manfaat": lambda d: d["beneficiaries"]["total"],
        "Anak perempuan": lambda d: d["beneficiaries"]["by_sex"]["F"],
        "Anak laki-laki": lambda d: d["beneficiaries"]["by_sex"]["M"],
        "Anak baru masuk program": lambda d: d["beneficiaries"]["new_intakes"],
        "Anak keluar dari program": lambda d: d["beneficiaries"]["exits"],
        "Mendapat konseling": lambda d: d["counseling"]["children"],
        "Pemeriksaan kesehatan dan IMS": lambda d: d["health_check"]["children"],
        "Pemberian kebutuhan dasar": lambda d: d["basic_needs"]["children"],
        "Tinggal bersama keluarga": lambda d: d["living_with_family"]["children"],
        "Tidak bersekolah saat masuk": lambda d: d["schooling_at_intake"]["not_in_school"],
        "Bridging course": lambda d: d["education_services"]["bridging_course"],
        "Kursus keterampilan": lambda d: d["education_services"]["skills_course"],
        "Magang": lambda d: d["internship"]["children"],
    }
    assert [r[0] for r in table[1:]] == list(expected)
    for label, get in expected.items():
        row = row_of(table, label)
        assert row[1] == fmt_count(get(a)) and row[2] == fmt_count(get(b)), label
        assert row[3:-1] == ["–"] * 6, label
        assert row[-1] == fmt_count(get(a) + get(b)), label
    assert row_of(table, "Penerima manfaat")[-1] == "1.413"  # Indonesian thousands separator
    text = (outputs / "2012Q4" / "programme.html").read_text(encoding="utf-8")
    assert "keluaran sebelumnya" in text  # Surabaya's figures come from the older output

    one_city = parse(outputs / "2010" / "programme.html").tables[0]
    row = row_of(one_city, "Penerima manfaat")
    assert row[1] == "82" and row[2] == "–" and row[-1] == "82"


def test_deterministic_and_relocatable(outputs, tmp_path):
    first = {p: p.read_bytes() for p in site.build_site(outputs, STATUS)}
    second = {p: p.read_bytes() for p in site.build_site(outputs, STATUS)}
    assert first == second
    # the same tree elsewhere gives the same bytes: nothing depends on where it lives
    copy = tmp_path / "elsewhere" / "outputs"
    shutil.copytree(outputs, copy)
    for p in site.build_site(copy, STATUS):
        assert p.read_bytes() == first[outputs / p.relative_to(copy)]


def test_status_read_from_file_or_taken_from_manifests(outputs):
    (outputs / site.STATUS_FILE).write_text(json.dumps(STATUS), encoding="utf-8")
    site.build_site(outputs)
    html = (outputs / "index.html").read_text(encoding="utf-8")
    assert ">Gagal<" in html and ">Mutakhir<" in html
    assert "28 Nov 2026 04:22 UTC" in html  # last_build.at

    (outputs / site.STATUS_FILE).unlink()
    site.build_site(outputs)
    html = (outputs / "index.html").read_text(encoding="utf-8")
    sections = section(html, "2012Q4") + section(html, "2010")
    assert ">Gagal<" not in sections and ">Mutakhir<" not in sections
    assert sections.count('title="built">Dibuat<') == 3
    row = table_row(section(html, "2012Q4"), "Surabaya")
    assert 'href="2012Q4/surabaya/report.error.ipynb"' in row  # the file is still linked
    assert "notebook galat" in row.lower()

    (outputs / site.STATUS_FILE).write_text("{not json", encoding="utf-8")
    site.build_site(outputs)
    html = (outputs / "index.html").read_text(encoding="utf-8")
    assert "build-status.json tidak dapat dibaca" in html


def test_failed_first_build_and_status_only_period(outputs):
    # a report that never built: only its error notebook, status failed
    first = outputs / "2012Q4" / "semarang"
    first.mkdir()
    (first / "report.error.ipynb").write_text("{}", encoding="utf-8")
    status = json.loads(json.dumps(STATUS))
    status["reports"]["2012Q4/semarang"] = {"city": "semarang", "period": "2012Q4",
                                            "status": "failed", "checked_at": None,
                                            "seconds": 0.5, "error": "boom"}
    # a period known only from the status file (its folder is gone), and junk entries
    status["reports"]["2011H2/sambas"] = {"city": "sambas", "period": "2011H2",
                                          "status": "failed", "error": "no data"}
    status["reports"]["../../etc/passwd"] = {"city": "../x", "period": "../..", "status": "built"}
    pages = site.build_site(outputs, status)
    assert outputs / "2011H2" / "programme.html" in pages
    assert not (outputs.parent / "etc").exists()
    html = (outputs / "index.html").read_text(encoding="utf-8")
    row = table_row(section(html, "2012Q4"), "Semarang")
    assert ">Gagal<" in row and "boom" in row and "Belum ada keluaran yang berhasil" in row
    assert 'href="2012Q4/semarang/report.error.ipynb"' in row
    assert 'href="2012Q4/semarang/report.html"' not in row
    assert "passwd" not in html
    prog = parse(outputs / "2012Q4" / "programme.html").tables[0]
    assert "gagal" in prog[0][3]  # Semarang column: failed, no figures
    assert row_of(prog, "Penerima manfaat")[3] == "–"


def test_failed_entry_superseded_by_later_single_build(outputs):
    status = json.loads(json.dumps(STATUS))
    status["reports"]["2012Q4/surabaya"]["checked_at"] = "2026-11-19T00:00:00+00:00"
    (outputs / "2012Q4" / "surabaya" / "report.error.ipynb").unlink()
    site.build_site(outputs, status)
    row = table_row(section((outputs / "index.html").read_text(encoding="utf-8"), "2012Q4"),
                    "Surabaya")
    assert ">Dibuat<" in row and "NameError" not in row


def test_period_order_newest_first(project):
    out = project / "outputs"
    for name in ("2012", "2012H1", "2012Q4", "2011Q4", "2010-05-01_2010-12-31"):
        _report(out, name, "bandar-lampung", 10, "2026-11-28T04:22:30+00:00")
    pages = site.build_site(out)
    assert [p.parent.name for p in pages[1:]] == [
        "2012Q4", "2012", "2012H1", "2011Q4", "2010-05-01_2010-12-31"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Mei - Desember 2010" in html and "Oktober - Desember 2012" in html


def test_empty_outputs_and_language(project):
    out = project / "outputs"
    pages = site.build_site(out)
    assert pages == [out / "index.html"]
    assert "Belum ada laporan" in pages[0].read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="language"):
        site.build_site(out, language="xx")


@pytest.mark.slow
def test_index_screenshot(outputs, tmp_path):
    if render.find_chromium() is None:
        pytest.skip("no Chromium found (install with `apt-get install chromium`)")
    site.build_site(outputs, STATUS)
    with render.PdfPrinter() as printer:  # also fails if the page reaches for the network
        png = printer.screenshot(outputs / "index.html", tmp_path / "index.png")
        prog = printer.screenshot(outputs / "2012Q4" / "programme.html", tmp_path / "prog.png")
    for shot in (png, prog):
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_city_outside_registry_is_listed_last(outputs):
    _report(outputs, "2012Q4", "kupang", 10, "2026-11-28T04:22:30+00:00")
    site.build_site(outputs, STATUS)
    html = section((outputs / "index.html").read_text(encoding="utf-8"), "2012Q4")
    row = table_row(html, "kupang")
    assert "tidak ada di registri kota" in row and 'href="2012Q4/kupang/report.html"' in row
    assert html.index(">Sanggau<") < html.index(">kupang<")
    prog = parse(outputs / "2012Q4" / "programme.html").tables[0]
    assert prog[0][-2].startswith("kupang")
    assert row_of(prog, "Penerima manfaat")[-1] == fmt_count(1200 + 213 + 10)
    # a period only in the 2010 section: kupang has no row there
    assert ">kupang<" not in section((outputs / "index.html").read_text(encoding="utf-8"), "2010")


def _programme_report(outputs: Path, period: str, cities: dict[str, int]) -> None:
    """A programme report's indicators.json: every city's figures, computed from the store."""
    folder = outputs / period / "programme"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<html lang='id'><body>program</body></html>",
                                        encoding="utf-8")
    blocks = {c: {"beneficiaries": {"total": n, "by_sex": {"F": n - 1, "M": 1}},
                  "counseling": {"children": n}} for c, n in cities.items()}
    data = {"period": period, "beneficiaries": {"total": sum(cities.values())}, "cities": blocks}
    (folder / "indicators.json").write_text(json.dumps(data), encoding="utf-8")


def test_programme_page_gives_the_programme_reports_totals(outputs):
    """Regression: 2010 said "Total program 82" (the one city report built) while the
    programme report said 755. The page now takes the cities without a report from the
    programme report, and says so."""
    from exceed_analysis.config import registry
    slugs = list(registry().slugs)
    figures = {c: 82 if c == "bandar-lampung" else 100 + i for i, c in enumerate(slugs)}
    _programme_report(outputs, "2010", figures)
    site.build_site(outputs, STATUS)
    table = parse(outputs / "2010" / "programme.html").tables[0]
    assert table[0][-1] == "Total program semua 8 kota"
    total = sum(figures.values())
    assert row_of(table, "Penerima manfaat")[-1] == fmt_count(total)
    assert row_of(table, "Mendapat konseling")[-1] == fmt_count(81 + total - 82)  # Lampung's own report: n - 1
    # rows the programme report does not carry are not summed as if complete
    assert row_of(table, "Magang")[-1].endswith("*")
    text = (outputs / "2010" / "programme.html").read_text(encoding="utf-8")
    assert f"{fmt_count(total)} penerima manfaat</a>, sama dengan total" in text
    assert "dari laporan program ‡" in text


def test_draft_marks_edition_links_and_filter(outputs):
    rep = outputs / "2012Q4" / "bandar-lampung" / "report.html"
    rep.write_text('<html lang="id"><body><div class="exceed-draft" id="draf">DRAF</div>'
                   '</body></html>', encoding="utf-8")
    en = outputs / "en" / "2012Q4" / "bandar-lampung"
    en.mkdir(parents=True)
    (en / "report.html").write_text("<html lang='en'></html>", encoding="utf-8")
    site.build_site(outputs, STATUS)
    html = (outputs / "index.html").read_text(encoding="utf-8")
    row = table_row(section(html, "2012Q4"), "Bandar Lampung")
    assert 'data-draft="draft"' in row and ">draf</span>" in row
    grid = html[html.index('id="matrix"'):html.index("</table>", html.index('id="matrix"'))]
    assert 'href="en/2012Q4/bandar-lampung/report.html"' in grid  # every edition from the grid
    assert 'href="2012Q4/bandar-lampung/report.pdf"' in grid
    assert 'data-draft="complete"' in table_row(section(html, "2010"), "Bandar Lampung")
    assert '<form class="filter" id="filter" hidden>' in html and 'id="f-city"' in html


def test_reports_link_to_the_index_and_their_neighbours(outputs):
    nav = '<nav class="exceed-nav" id="exceed-nav"><!--exceed-nav--><!--/exceed-nav--></nav>'
    for period in ("2012Q3", "2012Q4"):
        folder = outputs / period / "sambas"
        folder.mkdir(parents=True)
        (folder / "report.html").write_text(f"<html><body>{nav}</body></html>", encoding="utf-8")
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
    public = outputs / "public" / "2012Q4" / "sambas"
    public.mkdir(parents=True)
    (public / "report.html").write_text(f"<html><body>{nav}</body></html>", encoding="utf-8")
    site.build_site(outputs, STATUS)
    q4 = (outputs / "2012Q4" / "sambas" / "report.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in q4
    assert 'href="../../2012Q3/sambas/report.html"' in q4 and "Sebelumnya" in q4
    assert 'href="../../public/2012Q4/sambas/report.html"' in q4
    q3 = (outputs / "2012Q3" / "sambas" / "report.html").read_text(encoding="utf-8")
    assert 'href="../../2012Q4/sambas/report.html"' in q3 and "Sebelumnya" not in q3
    pub = (public / "report.html").read_text(encoding="utf-8")
    # a public page links only inside public/ (published on its own): no internal edition
    assert "../../../" not in pub and "Edisi internal" not in pub
    site.build_site(outputs / "public")  # the public site's own index
    pub = (public / "report.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in pub and "../../../" not in pub
    # idempotent: a second build changes nothing
    assert site.build_site(outputs, STATUS) and (
        outputs / "2012Q4" / "sambas" / "report.html").read_text(encoding="utf-8") == q4
    from exceed_analysis.publish.linkcheck import check_links
    problems, checked = check_links(outputs)
    assert problems == [] and checked > 30
