"""The ``exceed`` command: ingest registers, build reports.

Examples::

    exceed ingest
    exceed report --city bandar-lampung --period 2010
    exceed build                      # every city, latest complete quarter
    exceed build --period 2012Q4 --period 2010 --city bandar-lampung
    exceed build --archive --log-file logs/exceed.log --quiet
    exceed verify outputs/2012Q4/sambas

Exit status: 0 done; 1 a report failed (the others were built); 2 a set-up or usage error
(nothing was built); 130 / 143 stopped by SIGINT / SIGTERM (outputs left as they were).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from exceed_analysis.config import paths
from exceed_analysis.errors import BuildInterrupted, ExceedError
from exceed_analysis.params import EDITION_HELP, EDITIONS, LANGUAGE_HELP, LANGUAGES, PERIOD_HELP

__all__ = ["main", "setup_logging"]

log = logging.getLogger("exceed_analysis.cli")
summary_log = logging.getLogger("exceed_analysis.summary")  # to the log file only

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _UTCFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's naming
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test may have replaced it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class _NotSummary(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith("exceed_analysis.summary")


def setup_logging(verbose: int = 0, quiet: bool = False, log_file: str | None = None) -> None:
    """Log to stderr (messages only: INFO, or WARNING with ``quiet``, DEBUG with
    ``verbose``) and, with ``log_file``, append every INFO line (DEBUG with ``verbose``)
    with a UTC timestamp to that file. Rotation is left to logrotate (``copytruncate``)
    or journald; the file is reopened on each run."""
    root = logging.getLogger("exceed_analysis")
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = _Stderr()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    console.setFormatter(logging.Formatter("%(message)s"))
    console.addFilter(_NotSummary())
    root.addHandler(console)
    if log_file:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = logging.FileHandler(path, encoding="utf-8")
        fh.setLevel(logging.DEBUG if verbose else logging.INFO)
        fh.setFormatter(_UTCFormatter(LOG_FORMAT))
        root.addHandler(fh)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from exceed_analysis.store.parquet import ingest

    result = ingest(keep_tables=False)  # intake into the store, streamed city by city
    p = paths()
    lines = [
        *result.summary_lines(),
        f"rows read {result.rows_read} = stored {result.rows_stored} + rejected {result.rows_rejected}",
    ]
    shown = result.problems[: args.max_problems]
    for prob in shown:  # on the terminal only: a problem may quote a register's personal data
        print(("REJECTED " if prob.rejected else "NOTE     ") + str(prob), file=sys.stderr)
    quarantine = (p.processed / "quarantine.csv").relative_to(p.root)
    if len(result.problems) > len(shown):
        print(f"... {len(result.problems) - len(shown)} more problems in {quarantine}", file=sys.stderr)
    if result.problems:
        lines.append(f"{len(result.problems)} problems, listed in {quarantine}")
    lines.append(f"processed store written to {p.processed.relative_to(p.root)}/")
    for line in lines:
        summary_log.info("%s", line)
    if not args.quiet:
        print("\n".join(lines))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
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


def _print_summary(summary, quiet: bool) -> None:
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


def _refuse_public_drafts(cities, periods, jobs=None) -> None:
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


def _cmd_build(args: argparse.Namespace) -> int:
    from exceed_analysis.batch.build import build

    jobs = None
    if args.archive:
        if args.city or args.period or args.programme_only:
            raise _UsageError(
                "--archive builds every city and period: drop --city, --period and --programme-only"
            )
        from exceed_analysis.batch.archive import plan_archive

        with _interruptible():
            jobs = plan_archive(args.language, args.edition, programme=not args.no_programme)
    cities = [] if args.programme_only else args.city
    if args.edition == "public" and not args.allow_draft and not args.programme_only:
        _refuse_public_drafts(args.city, args.period, jobs)
    programme = True if args.programme_only else (False if args.no_programme else None)
    summary = build(
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
    _print_summary(summary, args.quiet)
    return summary.exit_code


def _cmd_narratives(args: argparse.Namespace) -> int:
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


def _interruptible():
    from exceed_analysis.batch.guard import interruptible

    return interruptible()


def _cmd_verify(args: argparse.Namespace) -> int:
    from exceed_analysis.batch.guard import interruptible
    from exceed_analysis.batch.verify import verify_report

    with interruptible():
        result = verify_report(
            Path(args.folder), pdf=False if args.no_pdf else None, timeout=args.timeout, wait=args.wait
        )
    lines = result.lines()
    for line in lines:
        summary_log.info("%s", line)
    if not args.quiet:
        print("\n".join(lines))
    return 0 if result.identical else 1


class _UsageError(ExceedError):
    """Options that cannot be used together."""


def _cmd_lab(args: argparse.Namespace) -> int:
    """JupyterLab on loopback, in the project's environment, serving the project root
    (outputs/, error notebooks and data/processed/ reachable) at the analyst's own copy of
    the explore notebook in lab/ (git-ignored; copied from notebooks/ on first start), so
    saving it never changes the tested template."""
    import os
    import shutil

    p = paths()
    mine = p.lab / args.notebook
    if not mine.exists():
        template = p.notebooks / args.notebook
        if not template.is_file():
            print(
                f"exceed lab: no notebook {template}; use --notebook with a file of notebooks/",
                file=sys.stderr,
            )
            return 2
        mine.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, mine)
        print(f"exceed lab: your copy of {args.notebook} is lab/{args.notebook} (not in git)")
    url = mine.relative_to(p.root).as_posix()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ip=127.0.0.1",
        f"--port={args.port}",
        "--no-browser",
        f"--ServerApp.root_dir={p.root}",
        f"--LabApp.default_url=/lab/tree/{url}",
    ]
    cmd.append("--LabApp.extension_manager=readonly")  # no extension look-ups on PyPI
    if args.token is not None:
        cmd.append(f"--IdentityProvider.token={args.token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root
    os.execv(sys.executable, cmd)  # replaces this process: Ctrl-C stops JupyterLab
    return 0


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--verbose",
        "-v",
        action="count",
        default=0,
        help="debug messages too (on stderr and in the log file)",
    )
    common.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing but warnings and errors (the log file still gets all)",
    )
    common.add_argument(
        "--log-file",
        default=os.environ.get("EXCEED_LOG_FILE") or None,
        metavar="FILE",
        help="append timestamped (UTC) log lines to FILE (default: "
        "EXCEED_LOG_FILE); rotate it with logrotate, see docs/operations.md",
    )
    return common


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop a report that runs longer (default: EXCEED_TIMEOUT, else 600)",
    )
    p.add_argument(
        "--wait",
        action="store_true",
        help="if another build is running on the same outputs, wait for it instead of stopping",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="exceed", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    common = _common()

    ing = sub.add_parser("ingest", parents=[common], help="validate data/raw/ and write the processed store")
    ing.add_argument(
        "--max-problems",
        type=int,
        default=50,
        help="problems to print (all are in quarantine.csv); default 50",
    )
    ing.set_defaults(func=_cmd_ingest)

    rep = sub.add_parser("report", parents=[common], help="build one city report for one period")
    _run_options(rep)
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
    rep.set_defaults(func=_cmd_report)

    bld = sub.add_parser(
        "build", parents=[common], help="build many reports in parallel, incrementally, with the site"
    )
    _run_options(bld)
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
    bld.set_defaults(func=_cmd_build)

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
    nar.set_defaults(func=_cmd_narratives)

    ver = sub.add_parser(
        "verify",
        parents=[common],
        help="rebuild a report from its manifest and say whether every output is identical",
    )
    ver.add_argument("folder", help="a report's folder, e.g. outputs/2012Q4/sambas")
    ver.add_argument("--no-pdf", action="store_true", help="do not re-print the PDF")
    _run_options(ver)
    ver.set_defaults(func=_cmd_verify)

    lab = sub.add_parser(
        "lab", parents=[common], help="start JupyterLab on 127.0.0.1 at your copy of the explore notebook"
    )
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--token", default=None, help="access token (default: JupyterLab makes one)")
    lab.add_argument(
        "--notebook",
        default="explore.ipynb",
        help="template in notebooks/ whose copy in lab/ to open (copied on first start)",
    )
    lab.set_defaults(func=_cmd_lab)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every deliberate error ends as one line on stderr and an exit code
    (see the module's note), never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(getattr(args, "verbose", 0), getattr(args, "quiet", False), getattr(args, "log_file", None))
    log.debug("exceed %s", " ".join(sys.argv[1:] if argv is None else argv))
    try:
        return args.func(args)
    except ExceedError as exc:
        return _fail(args, exc, exc.exit_code)
    except KeyboardInterrupt:  # a Ctrl-C outside a build's own handling
        return _fail(args, BuildInterrupted(signal.SIGINT), 130)


def _fail(args: argparse.Namespace, exc: BaseException, code: int) -> int:
    line = f"exceed {args.command}: {'stopped' if code >= 128 else 'error'}: {exc}"
    print(line, file=sys.stderr, flush=True)
    summary_log.error("%s (exit %d)", line, code)
    return code


if __name__ == "__main__":
    sys.exit(main())
