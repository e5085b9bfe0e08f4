"""``exceed narratives``: which staff sections exist per city and period; ``--new`` writes a
narrative skeleton."""

from __future__ import annotations

import argparse
import sys

from exceed_analysis.config import paths

__all__ = ["add_parser", "cmd_narratives"]


def cmd_narratives(args: argparse.Namespace) -> int:
    """Which staff sections exist per city and period; ``--new`` writes a skeleton."""
    from exceed_analysis.reports import narrative as nar

    p = paths()
    if args.new:
        if not args.city or not args.period or len(args.city) != 1 or len(args.period) != 1:
            raise nar.DraftError("exceed narratives --new needs one --city and one --period")
        from exceed_analysis.figures.registry import compute
        from exceed_analysis.reports.city import resolve_parameters
        from exceed_analysis.store.parquet import load_city

        c, per = resolve_parameters(args.city[0], args.period[0])
        data = load_city(c.slug, p.processed)
        fig = compute(data.children, data.services, per, c.partner_codes).as_dict()
        acts = data.activities
        in_period = acts.loc[(acts["date"].dt.date >= per.start) & (acts["date"].dt.date <= per.end)]
        ben = fig["beneficiaries"]
        figures = {
            "penerima manfaat": f"{ben['total']} anak ({ben['by_sex'].get('F', 0)} perempuan, "
            f"{ben['by_sex'].get('M', 0)} laki-laki)",
            "anak baru masuk / keluar program": f"{ben['new_intakes']} / {ben['exits']}",
            "mendapat konseling": f"{fig['counseling']['children']} anak",
            "bridging course / kursus keterampilan / magang": f"{fig['education_services']['bridging_course']} / "
            f"{fig['education_services']['skills_course']} / {fig['internship']['children']} anak",
            "rapat gugus tugas": f"{int((in_period['activity'] == 'task_force_meeting').sum())}",
        }
        text = nar.new_narrative(c.slug, c.name, per.name, per.months_label(), figures)
        path = nar.write_new_narrative(p.narratives, c.slug, per.name, text)
        print(
            f"wrote {path.relative_to(p.root)}: write under each heading; "
            f"comments (<!-- -->) are never printed"
        )
        return 0

    from rich.console import Console
    from rich.table import Table

    from exceed_analysis.config import registry
    from exceed_analysis.periods import parse_period, periods_between
    from exceed_analysis.store.parquet import last_data_date

    reg = registry()
    cities = [reg.city(slug) for slug in args.city] if args.city else list(reg.cities)
    last = last_data_date(p.processed)
    table = Table(title="staff narratives (data/raw/narratives/): sections written", title_justify="left")
    for col in ("city", "period", "status", *nar.STAFF_SECTIONS):
        table.add_column(col)
    drafts, problems = 0, []
    for c in cities:
        if args.period:
            names = [parse_period(x).name for x in args.period]
        else:
            names = [x.name for x in periods_between(c.programme_start, last)] if last else []
        for row in nar.narrative_status(p.narratives, c.slug, names):
            drafts += row.is_draft
            if row.problem:
                problems.append(row.problem)
            table.add_row(
                c.slug,
                row.period,
                "draft" if row.is_draft else "complete",
                *("yes" if k in row.present else "-" for k in nar.STAFF_SECTIONS),
            )
    Console(width=max(100, Console().width)).print(table)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"{drafts} draft(s); start one with: exceed narratives --new --city CITY --period PERIOD")
    return 0


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    nar = sub.add_parser(
        "narratives",
        parents=[common],
        help="which staff sections exist per city and period; --new writes a narrative skeleton",
    )
    nar.add_argument("--city", action="append", help="city slug (repeatable); default: every city")
    nar.add_argument(
        "--period",
        action="append",
        help="period (repeatable); default: every quarter, half-year and year with data",
    )
    nar.add_argument(
        "--new",
        action="store_true",
        help="write data/raw/narratives/CITY/PERIOD.md with the section headings "
        "and the period's key figures as prompts (never overwrites)",
    )
    nar.set_defaults(func=cmd_narratives)
