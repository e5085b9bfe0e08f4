"""The data-quality page: what intake rejected and why, per city and partner.

``ingest`` writes ``data/processed/quality.json`` (:func:`build`) and the same data as an
offline, escaped HTML page ``data/processed/quality.html`` (:func:`render_html`, ``lang="id"``,
no script, no fetched asset). Both are byte-identical for the same input (no timestamps). They
carry no personal data: problems quote values only as intake made them safe (a child_id as its
pseudonym), and the page lists counts by rule and the first problems of each partner.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from exceed_analysis.intake.problems import IntakeResult

__all__ = ["build", "render_html", "FIRST_ROWS"]

FIRST_ROWS = 20
"""Problems listed per partner (all of them are in quarantine.csv)."""

_LOCAL = "(kota / city)"


def _where(file: str) -> tuple[str | None, str | None]:
    """(city, partner) from a raw file's path, for problems of files intake could not read."""
    parts = file.split("/")
    if "registers" in parts:
        i = parts.index("registers")
        rest = parts[i + 1 :]
        return (rest[0] if rest else None), (rest[1] if len(rest) > 2 else None)
    if "activities" in parts and file.endswith(".csv"):
        return parts[-1][:-4], None
    return None, None


def build(result: IntakeResult) -> dict:
    """The page's data: totals, then per city and partner the files with their counts, the
    problems counted by rule, and the first :data:`FIRST_ROWS` problems."""
    groups: dict[tuple[str, str], dict] = {}

    def group(city: str | None, partner: str | None) -> dict:
        key = (city or "", partner or "")
        if key not in groups:
            groups[key] = {
                "city": city,
                "partner": partner,
                "read": 0,
                "stored": 0,
                "rejected": 0,
                "superseded": 0,
                "files": [],
                "rules": [],
                "problems": 0,
                "first_problems": [],
            }
        return groups[key]

    for c in result.counts:
        g = group(c.city, c.partner)
        g["files"].append(
            {
                "file": c.file,
                "sheet": c.sheet,
                "table": c.table,
                "read": c.read,
                "stored": c.stored,
                "rejected": c.rejected,
                "superseded": c.superseded,
            }
        )
        g["read"] += c.read
        g["stored"] += c.stored
        g["rejected"] += c.rejected
        g["superseded"] += c.superseded
    by_rule: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for p in result.problems:
        city, partner = (p.city, p.partner) if p.city else _where(p.file)
        g = group(city, partner)
        g["problems"] += 1
        by_rule[(city or "", partner or "")][(p.check, p.column or "", p.aturan, p.rule, p.rejected)] += 1
        if len(g["first_problems"]) < FIRST_ROWS:
            g["first_problems"].append(
                {
                    "file": p.file,
                    "sheet": p.sheet,
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "aturan": p.aturan,
                    "rule": p.rule,
                    "rejected": p.rejected,
                }
            )
    for key, counter in by_rule.items():
        groups[key]["rules"] = [
            {
                "check": check,
                "column": column or None,
                "aturan": aturan,
                "rule": rule,
                "rejected": rejected,
                "count": n,
            }
            for (check, column, aturan, rule, rejected), n in sorted(
                counter.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1], kv[0][3])
            )
        ]
    ordered = [groups[k] for k in sorted(groups, key=lambda k: (k[0] == "", k[0], k[1] == "", k[1]))]
    return {
        "title": "Kualitas data intake / Intake data quality",
        "rows_read": result.rows_read,
        "rows_stored": result.rows_stored,
        "rows_rejected": result.rows_rejected,
        "problems": len(result.problems),
        "pseudonym_key": result.key_source,
        "groups": ordered,
    }


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1d2430;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #d62828}
h3{font-size:1rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.9rem;width:100%}
th,td{border:1px solid #c9ced6;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eef1f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1b7f3b;font-weight:600}.bad{color:#b3261e;font-weight:600}.note{color:#555}
.en{color:#555;font-style:italic}.warn{background:#fff4e5;border:1px solid #f0b45b;padding:.6rem}
code{font-size:.85rem}
"""


def _e(value) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def render_html(data: dict) -> str:
    """The page as one offline HTML document (everything escaped, no script)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="id">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(data['title'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<h1>Kualitas data intake <span class="en">/ Intake data quality</span></h1>',
        "<p>Baris dibaca = disimpan + ditolak, per file. Setiap baris yang ditolak ada di "
        "<code>quarantine.csv</code> beserta alasannya. Nilai data pribadi tidak pernah "
        'ditampilkan; child_id ditampilkan sebagai pseudonim.<br><span class="en">Rows read = '
        "stored + rejected, per file. Every rejected row is in <code>quarantine.csv</code> with "
        "its reasons. No personal-data value is ever shown; child_ids are shown as "
        "pseudonyms.</span></p>",
        "<table><tr><th>dibaca / read</th><th>disimpan / stored</th><th>ditolak / rejected</th>"
        "<th>masalah / problems</th></tr>",
        f'<tr><td class="n">{_num(data["rows_read"])}</td>'
        f'<td class="n">{_num(data["rows_stored"])}</td>'
        f'<td class="n">{_num(data["rows_rejected"])}</td>'
        f'<td class="n">{_num(data["problems"])}</td></tr></table>',
    ]
    if data.get("pseudonym_key") == "test":
        out.append(
            '<p class="warn">Pseudonim dibuat dengan kunci UJI yang publik (data '
            'sintetis saja). <span class="en">Pseudonyms were made with the public TEST '
            "key (synthetic data only).</span></p>"
        )
    city = object()
    for g in data["groups"]:
        if g["city"] != city:
            city = g["city"]
            out.append(f"<h2>{_e(city or 'lainnya / other')}</h2>")
        name = g["partner"] or ("kegiatan / activities" if g["city"] and g["files"] else _LOCAL)
        status = (
            ("ok", "semua baris disimpan / every row stored")
            if not g["rejected"]
            else ("bad", f"{_num(g['rejected'])} baris ditolak / rows rejected")
        )
        out.append(f'<h3>{_e(name)}: <span class="{status[0]}">{_e(status[1])}</span></h3>')
        if g["files"]:
            out.append(
                "<table><tr><th>file</th><th>lembar / sheet</th><th>tabel / table</th>"
                "<th>dibaca / read</th><th>disimpan / stored</th><th>ditolak / rejected</th>"
                "<th>diganti / superseded</th></tr>"
            )
            for f in g["files"]:
                out.append(
                    f"<tr><td><code>{_e(f['file'])}</code></td><td>{_e(f['sheet'])}</td>"
                    f'<td>{_e(f["table"])}</td><td class="n">{_num(f["read"])}</td>'
                    f'<td class="n">{_num(f["stored"])}</td>'
                    f'<td class="n">{_num(f["rejected"])}</td>'
                    f'<td class="n">{_num(f["superseded"])}</td></tr>'
                )
            out.append("</table>")
        if g["rules"]:
            out.append(
                "<table><tr><th>jumlah / count</th><th>kolom / column</th>"
                "<th>aturan / rule</th><th>akibat / effect</th></tr>"
            )
            for r in g["rules"]:
                effect = "ditolak / rejected" if r["rejected"] else "catatan / note"
                out.append(
                    f'<tr><td class="n">{_num(r["count"])}</td><td>{_e(r["column"])}</td>'
                    f'<td>{_e(r["aturan"])}<br><span class="en">{_e(r["rule"])}</span></td>'
                    f"<td>{_e(effect)}</td></tr>"
                )
            out.append("</table>")
        if g["first_problems"]:
            shown = len(g["first_problems"])
            more = (
                (f" ({shown} pertama dari {_num(g['problems'])} / first {shown} of {_num(g['problems'])})")
                if g["problems"] > shown
                else ""
            )
            out.append(f"<p>Masalah / problems{_e(more)}:</p>")
            out.append(
                "<table><tr><th>file</th><th>lembar / sheet</th><th>baris / row</th>"
                "<th>kolom / column</th><th>nilai / value</th><th>aturan / rule</th></tr>"
            )
            for p in g["first_problems"]:
                out.append(
                    f"<tr><td><code>{_e(p['file'])}</code></td><td>{_e(p['sheet'])}</td>"
                    f'<td class="n">{_e(p["row"])}</td><td>{_e(p["column"])}</td>'
                    f"<td><code>{_e(p['value'])}</code></td><td>{_e(p['aturan'])}<br>"
                    f'<span class="en">{_e(p["rule"])}</span></td></tr>'
                )
            out.append("</table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
