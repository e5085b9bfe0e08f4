"""``exceed report`` (one city report) and ``exceed build`` (many reports, incrementally,
with the site)."""

from __future__ import annotations

import argparse

from exceed_analysis.cli.logs import summary_log
from exceed_analysis.cli.options import run_options
from exceed_analysis.config import paths
from exceed_analysis.errors import UsageError
from exceed_analysis.params import EDITION_HELP, EDITIONS, LANGUAGE_HELP, LANGUAGES, PERIOD_HELP

__all__ = [
    "add_build_parser",
    "add_report_parser",
    "cmd_build",
    "cmd_report",
    "print_summary",
    "refuse_public_drafts",
]


def cmd_report(args: argparse.Namespace) -> int:
    from exceed_analysis.batch import guard
    from exceed_analysis.batch.build import check_pdf
    from exceed_analysis.batch.runner import plan_report, report_timeout, run_report
    from exceed_analysis.layout import layout
    from exceed_analysis.reports.narrative import refuse_public_draft

    with guard.interruptible():
        job = plan_report(args.city, args.period, args.language, edition=args.edition)
        refuse_public_draft(
            paths().narratives, job.city.slug, job.period.name, args.edition, args.allow_draft
        )
        want_pdf = check_pdf(True) if args.pdf else False
        report_timeout(args.timeout)
        with guard.output_lock(layout(), wait=args.wait):
            guard.clean_leftovers(layout())
            if want_pdf:
                from exceed_analysis.publish.render import PdfPrinter

                with PdfPrinter() as printer:
                    result = run_report(
                        job, printer=printer, self_contained=args.self_contained, timeout=args.timeout
                    )
            else:
                result = run_report(job, self_contained=args.self_contained, timeout=args.timeout)
            from exceed_analysis.publish.site import build_site

            outputs = paths().outputs
            build_site(outputs)  # the index lists it; it and its neighbours link each other
            if (outputs / "public").is_dir():  # the public site: its own folder and index
                build_site(outputs / "public")
    rel = job.out_dir.relative_to(paths().outputs.resolve().parent)
    if not args.quiet:
        print(f"built {job.label} in {result.seconds:.1f} s -> {rel}/")
    summary_log.info("built %s in %.1f s -> %s/", job.label, result.seconds, rel)
    return 0


def print_summary(summary, quiet: bool) -> None:
    """The summary: on stdout (unless quiet) and in the log file, one report a line."""
    from exceed_analysis.publish.render import find_chromium

    lines = summary.lines()
    if not summary.pdf and find_chromium() is None:
        lines.append(
            "PDFs were skipped: Chromium was not found (apt-get install chromium, "
            "or set EXCEED_CHROMIUM to a Chromium or Chrome executable)."
        )
    site = paths().outputs / "index.html"
    if site.exists():
        lines.append(f"site: {site.relative_to(paths().root)}")
    for line in lines:
        summary_log.info("%s", line)
    if not quiet:
        print("\n".join(lines), flush=True)


def refuse_public_drafts(cities, periods, jobs=None) -> None:
    """A public edition of a draft is refused unless --allow-draft: check before any kernel
    (the planned ``jobs`` of --archive, else every city and period asked for)."""
    from exceed_analysis.batch.build import default_period
    from exceed_analysis.config import registry
    from exceed_analysis.params import check_public_period
    from exceed_analysis.periods import parse_period
    from exceed_analysis.reports.narrative import DraftError, load_narrative

    reg = registry()
    if jobs is not None:
        pairs = [
            (j.city.slug, j.period.name)
            for j in jobs
            if getattr(j, "kind", "city") == "city" and j.city.slug in reg.slugs
        ]
    else:
        names = [check_public_period(parse_period(x), "public").name for x in (periods or [default_period()])]
        pairs = [(c, per) for c in (cities or reg.slugs) for per in names if c in reg.slugs]
    drafts = [f"{c} {per}" for c, per in pairs if load_narrative(paths().narratives, c, per).missing]
    if drafts:
        shown = ", ".join(drafts[:8]) + (f" and {len(drafts) - 8} more" if len(drafts) > 8 else "")
        raise DraftError(
            f"public edition refused for {len(drafts)} draft report(s) "
            f"(staff sections not written): {shown}; write their narratives "
            f"(exceed narratives shows which), or pass --allow-draft"
        )


def cmd_build(args: argparse.Namespace) -> int:
    from exceed_analysis.batch.local import drop_early_zygote, zygote_while_planning

    jobs = None
    try:
        if args.archive:
            if args.city or args.period or args.programme_only:
                raise UsageError(
                    "--archive builds every city and period: drop --city, --period and --programme-only"
                )
            from exceed_analysis.batch.archive import plan_archive
            from exceed_analysis.batch.guard import interruptible

            with interruptible(), zygote_while_planning(args.scheduler is None):
                jobs = plan_archive(args.language, args.edition, programme=not args.no_programme)
        summary = _build(args, jobs)
    finally:
        drop_early_zygote()  # started while planning the archive, if no build took it
    print_summary(summary, args.quiet)
    return summary.exit_code


def _build(args: argparse.Namespace, jobs):
    from exceed_analysis.batch.build import build

    cities = [] if args.programme_only else args.city
    if args.edition == "public" and not args.allow_draft and not args.programme_only:
        refuse_public_drafts(args.city, args.period, jobs)
    programme = True if args.programme_only else (False if args.no_programme else None)
    return build(
        cities,
        args.period,
        language=args.language,
        edition=args.edition,
        programme=programme,
        jobs=jobs,
        workers=args.workers,
        pdf=False if args.no_pdf else None,
        self_contained=args.self_contained,
        force=args.force,
        progress=not args.quiet,
        scheduler=args.scheduler,
        wait=args.wait,
        timeout=args.timeout,
    )


def add_report_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    rep = sub.add_parser("report", parents=[common], help="build one city report for one period")
    run_options(rep)
    rep.add_argument("--city", required=True, help="city slug, e.g. bandar-lampung")
    rep.add_argument("--period", required=True, help=PERIOD_HELP)
    rep.add_argument("--language", default="id", choices=LANGUAGES, help=LANGUAGE_HELP)
    rep.add_argument("--edition", default="internal", choices=EDITIONS, help=EDITION_HELP)
    rep.add_argument(
        "--allow-draft",
        action="store_true",
        help="make a public edition even when staff sections are missing (a draft)",
    )
    rep.add_argument("--pdf", action="store_true", help="also print report.pdf with headless Chromium")
    rep.add_argument(
        "--self-contained", action="store_true", help="inline plotly.js: a single-file HTML for emailing"
    )
    rep.set_defaults(func=cmd_report)


def add_build_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    bld = sub.add_parser(
        "build", parents=[common], help="build many reports in parallel, incrementally, with the site"
    )
    run_options(bld)
    bld.add_argument(
        "--archive",
        action="store_true",
        help="every city for every quarter, half-year and year with data, and "
        "the programme report of each of those periods",
    )
    bld.add_argument("--city", action="append", help="city slug (repeatable); default: every city")
    bld.add_argument(
        "--period",
        action="append",
        help="period (repeatable); default: the latest complete quarter in the data",
    )
    bld.add_argument("--language", default="id", choices=LANGUAGES, help=LANGUAGE_HELP)
    bld.add_argument("--edition", default="internal", choices=EDITIONS, help=EDITION_HELP)
    bld.add_argument(
        "--allow-draft",
        action="store_true",
        help="make public editions of drafts too (staff sections missing)",
    )
    bld.add_argument("--workers", type=int, default=None, help="parallel reports; default: the cores")
    bld.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    bld.add_argument("--no-pdf", action="store_true", help="HTML only, even if Chromium is there")
    bld.add_argument(
        "--self-contained",
        action="store_true",
        help="inline plotly.js in each report: single-file HTML for emailing",
    )
    bld.add_argument(
        "--programme-only",
        action="store_true",
        help="only the programme report of each period (all cities together)",
    )
    bld.add_argument(
        "--no-programme", action="store_true", help="no programme report (it is built when every city is)"
    )
    bld.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the reports on the Dask cluster at ADDRESS (tcp://host:8786)",
    )
    bld.set_defaults(func=cmd_build)
