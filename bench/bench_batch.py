"""Time ``exceed build`` against a fair plain papermill / nbconvert / chromium chain, then
the whole archive and a no-op rebuild of it.

Usage (``make bench`` runs the first line, ``make bench-quick`` the second)::

    python bench/bench_batch.py
    python bench/bench_batch.py --quick          # 2 cities, a 1-city archive: checks the script
    python bench/bench_batch.py --period 2012Q4 --repeat 3 --keep

Everything runs on a throw-away copy of the project (``config/``, ``notebooks/``,
``data/raw/``) in a temporary folder that ``EXCEED_PROJECT_ROOT`` points at, after an
``exceed ingest`` there, so the real ``data/processed/`` and ``outputs/`` are never touched.
For every city of one period it times, in this order (the median of ``--repeat`` runs):

1. the plain chain, report by report: ``papermill`` (CLI), ``jupyter nbconvert --to html
   --no-input`` (CLI), one ``chromium --headless --print-to-pdf`` process per report. To be
   fair its PDFs draw the charts too: a ``<script src="plotly.min.js">`` is added to the
   page's head (nbconvert's stock page loads no plotly.js) and Chromium is given a virtual
   time budget to run the scripts before printing;
2. ``exceed build --period P --force`` with PDFs;
3. ``exceed build --period P`` right after: nothing changed, every report is skipped;
4. ``exceed build --period P --force --no-pdf``, to separate HTML from PDF;
5. ``exceed build --archive --force`` with PDFs: every city for every quarter, half-year
   and year with data, and the programme reports (once, not repeated);
6. ``exceed build --archive`` right after: the no-op archive rebuild (median of 3).

It prints a table and the verdicts on the targets (batch / plain chain <= 0.10, archive
with PDFs <= 120 s, no-op archive <= 1.5 s), writes the
same figures as JSON into the system's temporary folder and prints that file's path. It
exits 0 whether the target is met or not: it is a measurement, not a test. It exits 1 only
when a step fails (and then keeps the temporary folder, with the log of every subprocess).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

TARGET_RATIO = 0.10
"""The batch with PDFs should take at most this fraction of the plain chain's time."""
TARGET_ARCHIVE_S = 120.0
"""The whole archive with PDFs, on 2 cores."""
TARGET_NOOP_ARCHIVE_S = 1.5
"""A rebuild of the archive when nothing changed."""

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

PLAIN_CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--no-first-run",
    # nbconvert's stock page links require.js and MathJax on CDNs; with this Chromium
    # resolves no host at all, so the plain chain stays offline (like the reports) and
    # fails those loads at once instead of waiting on the network. It only makes the
    # plain chain cheaper, never dearer.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # let plotly.js draw the charts before printing (the batch waits for them too)
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=10000",
]


class StepFailed(RuntimeError):
    """A subprocess of the benchmark exited non-zero."""


@dataclass
class Run:
    """One subprocess: how long it took, and the peak memory of its process tree."""

    seconds: float
    maxrss_kb: int = 0  # largest single process in the tree (wait4's ru_maxrss)
    tree_peak_kb: int = 0  # largest PSS summed over the tree, sampled (0 without psutil)


@dataclass
class Step:
    """A timed step: one entry per repetition."""

    key: str
    label: str
    seconds: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reports: int = 0  # when not the period's city reports
    maxrss_kb: list[int] = field(default_factory=list)
    tree_peak_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


# ------------------------------------------------------------------ running things


class Bench:
    def __init__(self, root: Path, log: Path):
        self.root = root
        self.log_path = log
        self.log = open(log, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.env = {**os.environ, "EXCEED_PROJECT_ROOT": str(root),
                    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

    def close(self) -> None:
        self.log.close()

    def run(self, cmd: list[str], sample_tree: bool = False) -> Run:
        """Run ``cmd`` in the project copy, output to the log; raise StepFailed on failure."""
        shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))
        self.log.write(f"\n$ {shown}\n")
        self.log.flush()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                stdout=self.log, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(proc.pid) if sample_tree else None
        # wait4 gives this child's own rusage (with its reaped descendants), unlike
        # getrusage(RUSAGE_CHILDREN), which would mix in every earlier subprocess
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = sampler.stop() if sampler else 0
        if proc.returncode != 0:
            raise StepFailed(f"`{shown}` exited with {proc.returncode}; see {self.log_path}")
        return Run(seconds, maxrss_kb=usage.ru_maxrss, tree_peak_kb=peak)


class _TreeSampler:
    """Sample the summed PSS of a process and its descendants every half second (cheap:
    one /proc/<pid>/smaps_rollup read each), so the batch's workers, kernels and browser
    count together. PSS, not RSS: pages shared by forked workers or by the browser's
    processes are split among them instead of counted once per process."""

    def __init__(self, pid: int, interval: float = 0.5):
        self.peak = 0
        try:
            import psutil
        except ImportError:
            self.thread = None
            return
        self._stop = threading.Event()

        def sample() -> None:
            try:
                top = psutil.Process(pid)
            except psutil.Error:
                return
            while not self._stop.is_set():
                total = 0
                try:
                    procs = [top, *top.children(recursive=True)]
                except psutil.Error:
                    return
                for p in procs:
                    try:
                        total += p.memory_full_info().pss
                    except (psutil.Error, AttributeError):  # AttributeError: no PSS here
                        try:
                            total += p.memory_info().rss
                        except psutil.Error:
                            pass
                self.peak = max(self.peak, total // 1024)
                self._stop.wait(interval)

        self.thread = threading.Thread(target=sample, daemon=True)
        self.thread.start()

    def stop(self) -> int:
        if self.thread is not None:
            self._stop.set()
            self.thread.join()
        return self.peak


def _find_chromium() -> str | None:
    try:
        from exceed_analysis.publish.render import find_chromium
    except ImportError:
        return shutil.which("chromium")
    return find_chromium()


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (out.stdout.strip() or "unknown").splitlines()[0]


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def _git_describe() -> str:
    return _version(["git", "-C", str(PROJECT), "describe", "--always", "--dirty"])


# ------------------------------------------------------------------ the steps


def make_copy(work: Path, name: str = "project", only: list[str] | None = None) -> Path:
    """A throw-away project: config, notebooks and raw data, empty store and outputs;
    with ``only``, a registry of those cities alone."""
    root = work / name
    for rel in ("config", "notebooks", "data/raw"):
        shutil.copytree(PROJECT / rel, root / rel)
    if only:
        import yaml

        reg_file = root / "config" / "cities.yml"
        reg = yaml.safe_load(reg_file.read_text(encoding="utf-8"))
        reg["cities"] = [c for c in reg["cities"] if c["slug"] in only]
        reg_file.write_text(yaml.safe_dump(reg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        targets_file = root / "config" / "targets.yml"  # the programme report checks the sums
        if targets_file.is_file():
            targets = yaml.safe_load(targets_file.read_text(encoding="utf-8"))
            targets["cities"] = {k: v for k, v in targets["cities"].items() if k in only}
            targets["total"] = {m: sum(v[m] for v in targets["cities"].values())
                                for m in targets["total"]}
            targets_file.write_text(yaml.safe_dump(targets, sort_keys=False), encoding="utf-8")
    (root / "data" / "processed").mkdir(parents=True)
    (root / "outputs").mkdir()
    return root


def cities(root: Path) -> list[str]:
    os.environ["EXCEED_PROJECT_ROOT"] = str(root)
    from exceed_analysis.config import registry

    return list(registry().slugs)


def plain_report(bench: Bench, city: str, period: str, out: Path,
                 chromium: str | None) -> tuple[float, float, float]:
    """One report by the plain chain: (papermill, nbconvert, chromium) seconds."""
    nb = out / f"{city}.ipynb"
    t_pm = bench.run([str(BIN / "papermill"), "notebooks/city_report.ipynb", str(nb),
                      "-p", "city", city, "-p", "period", period]).seconds
    t_nbc = bench.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                       str(nb)]).seconds
    t_pdf = 0.0
    if chromium:
        t0 = time.perf_counter()
        html = out / f"{city}.html"
        html.write_text(html.read_text(encoding="utf-8").replace(
            "<head>", '<head><script src="plotly.min.js"></script>', 1), encoding="utf-8")
        t_pdf = time.perf_counter() - t0 + bench.run(
            [chromium, *PLAIN_CHROMIUM_FLAGS, f"--print-to-pdf={out / f'{city}.pdf'}",
             str(html)]).seconds
    return t_pm, t_nbc, t_pdf


def run_archive(work: Path, log: Path, chromium: str | None, quick: bool) -> dict[str, Step]:
    """The archive with PDFs (once), then the no-op archive rebuild (median of 3), in a
    project copy of their own (a 1-city registry with --quick)."""
    root = make_copy(work, "archive", only=["sambas"] if quick else None)
    bench = Bench(root, log)
    try:
        bench.run([str(BIN / "exceed"), "ingest"])
        cmd = [str(BIN / "exceed"), "build", "--archive"]
        if quick or not chromium:
            cmd.append("--no-pdf")
        full = Step("archive", "archive: exceed build --archive --force"
                    + (" --no-pdf" if "--no-pdf" in cmd else ""))
        r = bench.run([*cmd, "--force"], sample_tree=True)
        counts = build_counts(root)
        if counts["failed"]:
            raise StepFailed(f"archive: {counts['failed']} report(s) failed; see {log}")
        full.seconds.append(r.seconds)
        full.reports = counts["built"]
        full.notes.append(_counts_note(counts))
        print(f"  {full.label}: {r.seconds:.1f} s ({full.notes[-1]})", flush=True)
        noop = Step("noop_archive", "no-op: exceed build --archive (unchanged)", reports=full.reports)
        for _ in range(3):
            r = bench.run(cmd)
            counts = build_counts(root)
            noop.seconds.append(r.seconds)
            noop.notes.append(_counts_note(counts))
        print(f"  {noop.label}: {noop.median:.2f} s ({noop.notes[-1]})", flush=True)
        return {"archive": full, "noop_archive": noop}
    finally:
        bench.close()


def build_counts(root: Path) -> dict[str, int]:
    status = json.loads((root / "outputs" / "build-status.json").read_text(encoding="utf-8"))
    last = status.get("last_build", {})
    return {k: int(last.get(k, 0)) for k in ("built", "skipped", "failed")}


def _counts_note(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in counts.items() if n)


# ------------------------------------------------------------------ reporting


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def _size_row(label: str, path: Path) -> tuple[str, int]:
    size = path.stat().st_size if path.is_file() else 0
    return label, size


def _plain_page_facts(html: Path) -> dict:
    """What nbconvert's stock page loads: chart divs, plotly.js, scripts on hosts."""
    text = html.read_text(encoding="utf-8", errors="replace")
    srcs = re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", text)
    return {"chart_divs": text.count('class="plotly-graph-div"'),
            # a <script src> of plotly, or the bundle inlined (its banner)
            "loads_plotly_js": any("plotly" in s.lower() for s in srcs) or "plotly.js v" in text,
            "remote_scripts": sorted({re.sub(r"^https?://([^/]+)/.*", r"\1", s)
                                      for s in srcs if s.startswith(("http:", "https:", "//"))})}


def table(rows: list[list[str]], header: list[str], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(r: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()

    return "\n".join([fmt(header), "  ".join("-" * w for w in widths), *map(fmt, rows)])


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--period", default="2012Q4", help="the period to build (default 2012Q4)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of every step; the median is reported (default 1; each run "
                         "takes about 1.5 min on 2 cores)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary folder (project copy, outputs, log)")
    ap.add_argument("--quick", action="store_true",
                    help="2 cities, 1 run, and the archive of a 1-city registry without PDFs: "
                         "checks that the script works, says nothing of the targets")
    ap.add_argument("--no-archive", action="store_true", help="skip the archive steps")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat = 1
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    load_start = _loadavg()
    work = Path(tempfile.mkdtemp(prefix="exceed-bench-"))
    log = work / "bench.log"
    t_start = time.perf_counter()
    print(f"exceed bench: period {args.period}, {args.repeat} run(s); work folder {work}",
          flush=True)
    bench = None
    try:
        root = make_copy(work)
        bench = Bench(root, log)
        chromium = _find_chromium()
        t_ingest = bench.run([str(BIN / "exceed"), "ingest"]).seconds
        slugs = cities(root)[:2] if args.quick else cities(root)
        n = len(slugs)
        print(f"  ingest {t_ingest:.1f} s; {n} cities: {', '.join(slugs)}", flush=True)
        plain_out = work / "plain"
        plain_out.mkdir()
        # the same plotly.js the batch links (plotly.js's basic bundle, see
        # publish/vendor/README.md), untimed: both sides load and draw with the same file
        from exceed_analysis.publish.html_export import plotly_js_source

        (plain_out / "plotly.min.js").write_text(plotly_js_source(), encoding="utf-8")

        # warm-up, untimed: the first kernel / browser start pays for a cold disk cache,
        # which would be charged to whichever side ran first
        plain_report(bench, slugs[0], args.period, plain_out, chromium)
        print("  warm-up done (one plain report, untimed)", flush=True)

        steps = {k: Step(k, label) for k, label in [
            ("papermill", "plain: papermill CLI"),
            ("nbconvert", "plain: jupyter nbconvert --to html"),
            ("chromium", "plain: chromium --print-to-pdf"),
            ("plain", "plain chain, total"),
            ("batch", "batch: exceed build --force"),
            ("noop", "no-op: exceed build (unchanged)"),
            ("batch_html", "batch: exceed build --force --no-pdf"),
        ]}
        exceed = str(BIN / "exceed")
        base = [exceed, "build", "--period", args.period, "--no-programme"]  # the city reports only
        for city in slugs:
            base += ["--city", city]
        for rep in range(args.repeat):
            tag = f"run {rep + 1}/{args.repeat}: " if args.repeat > 1 else ""
            t_pm = t_nbc = t_pdf = 0.0
            for city in slugs:
                a, b, c = plain_report(bench, city, args.period, plain_out, chromium)
                t_pm, t_nbc, t_pdf = t_pm + a, t_nbc + b, t_pdf + c
            for key, s in (("papermill", t_pm), ("nbconvert", t_nbc), ("chromium", t_pdf),
                           ("plain", t_pm + t_nbc + t_pdf)):
                steps[key].seconds.append(s)
            print(f"  {tag}plain chain {t_pm + t_nbc + t_pdf:.1f} s", flush=True)

            for key, extra, tree in (("batch", ["--force"], True), ("noop", [], False),
                                     ("batch_html", ["--force", "--no-pdf"], True)):
                if key != "batch_html" and not chromium:
                    extra = [*extra, "--no-pdf"]
                r = bench.run(base + extra, sample_tree=tree)
                counts = build_counts(root)
                if counts["failed"]:
                    raise StepFailed(f"{steps[key].label}: {counts['failed']} report(s) "
                                     f"failed; see {log}")
                st = steps[key]
                st.seconds.append(r.seconds)
                st.notes.append(_counts_note(counts))
                if key == "batch":
                    # the --no-pdf batch runs last and removes the PDFs: size one now
                    pdf = next((root / "outputs").glob(f"*/{slugs[0]}/report.pdf"), None)
                    pdf_bytes = pdf.stat().st_size if pdf else 0
                if tree:
                    st.maxrss_kb.append(r.maxrss_kb)
                    st.tree_peak_kb.append(r.tree_peak_kb)
                print(f"  {tag}{st.label}: {r.seconds:.1f} s ({st.notes[-1]})", flush=True)
        archive = None if args.no_archive else run_archive(work, log, chromium, args.quick)
    except (StepFailed, OSError, ValueError, KeyError) as exc:
        if not isinstance(exc, StepFailed):
            traceback.print_exc()
        print(f"\nexceed bench: FAILED: {exc}", file=sys.stderr)
        if log.is_file():
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
            print("--- last lines of the log ---\n" + "\n".join(tail), file=sys.stderr)
        print(f"kept {work}", file=sys.stderr)
        return 1
    finally:
        if bench is not None:
            bench.close()

    # ---------------------------------------------------------------- figures
    if archive is not None:
        steps.update(archive)
    plain = steps["plain"].median
    batch = steps["batch"].median
    ratio = batch / plain
    html_ratio = steps["batch_html"].median / (steps["papermill"].median
                                               + steps["nbconvert"].median)
    met = ratio <= TARGET_RATIO and bool(chromium)

    rows = []
    for key in ("papermill", "nbconvert", "chromium", "plain", "batch", "noop", "batch_html",
                "archive", "noop_archive"):
        st = steps.get(key)
        if st is None or (key == "chromium" and not chromium):
            continue
        vs = {"batch": f"{ratio:.2f}", "batch_html": f"{html_ratio:.2f} *",
              "plain": "1.00"}.get(key, "")
        note = st.notes[-1] if st.notes else f"{n} reports, one process each"
        if key == "plain":
            note = "sum of the three above"
        count = st.reports or n
        rows.append([st.label, f"{st.median:.2f}" if st.median < 10 else f"{st.median:.1f}",
                     f"{count / st.median:.2f}", vs, note])
    spread = ""
    if args.repeat > 1:
        spread = "; ".join(f"{steps[k].label}: " + ", ".join(f"{s:.1f}" for s in steps[k].seconds)
                           for k in ("plain", "batch", "noop", "batch_html"))

    city0 = slugs[0]
    html0 = next((root / "outputs").glob(f"*/{city0}/report.html"), root / "missing")
    sizes = [_size_row(f"batch  {city0} report.html", html0)]
    if chromium:
        sizes.append((f"batch  {city0} report.pdf", pdf_bytes))
    sizes.append(_size_row("batch  shared assets/plotly.min.js (once for all reports)",
                           root / "outputs" / "assets" / "plotly.min.js"))
    sizes.append(_size_row(f"plain  {city0} .html", plain_out / f"{city0}.html"))
    if chromium:
        sizes.append(_size_row(f"plain  {city0} .pdf", plain_out / f"{city0}.pdf"))
    facts = _plain_page_facts(plain_out / f"{city0}.html")

    load_end = _loadavg()
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    maxrss = max(steps["batch"].maxrss_kb, default=0)
    tree_peak = max(steps["batch"].tree_peak_kb, default=0)

    print()
    print(f"exceed bench, {n} reports of {args.period}, median of {args.repeat} run(s)")
    print(table(rows, ["step", "seconds", "reports/s", "vs plain", "note"], {1, 2, 3}))
    print("* HTML only: batch --no-pdf / (papermill + nbconvert)")
    if spread:
        print(f"runs (s): {spread}")
    print()
    print(f"ratio batch / plain chain: {ratio:.2f} (target <= {TARGET_RATIO:.2f}): "
          + ("target met" if met else "target missed"))
    if "archive" in steps:
        a, z = steps["archive"], steps["noop_archive"]
        print(f"archive: {a.reports} reports in {a.median:.1f} s (target <= {TARGET_ARCHIVE_S:g} s "
              f"with PDFs{', not judged: --quick' if args.quick else ''}): "
              + ("target met" if a.median <= TARGET_ARCHIVE_S and not args.quick else "target missed"
                 if not args.quick else "not judged"))
        print(f"no-op archive rebuild: {z.median:.2f} s (target <= {TARGET_NOOP_ARCHIVE_S:g} s): "
              + ("target met" if z.median <= TARGET_NOOP_ARCHIVE_S else "target missed"))
    print(f"PDFs in the batch: {max(0.0, batch - steps['batch_html'].median):.1f} s "
          f"(batch with PDFs - batch --no-pdf)")
    print()
    print(table([[label, f"{size:,}", _kb(size)] for label, size in sizes],
                ["file", "bytes", "KB"], {1, 2}))
    print()
    print(f"machine: {cores} cores ({usable} usable), Python {platform.python_version()}, "
          f"chromium {_version([chromium, '--version']).replace('Chromium ', '') if chromium else 'not found'}")
    if load_start is not None and load_end is not None:
        print(f"load average (1 min) at start {load_start:.2f}, at end {load_end:.2f}: "
              f"other work on the machine above ~0.5 skews the figures")
    rss = f"peak RSS of the batch: largest process {_mb(maxrss)}"
    if tree_peak:
        rss += f"; whole process tree {_mb(tree_peak)} (PSS summed, sampled every 0.5 s)"
    print(rss)
    print()
    print("notes:")
    if not facts["loads_plotly_js"]:
        print(f"- nbconvert's stock page loads no plotly.js ({facts['chart_divs']} chart divs "
              "per report stay empty), so the plain chain's PDFs have no drawn charts: it is "
              "cheaper than a fair equivalent, and the ratio flatters the plain chain.")
    else:
        print("- nbconvert's stock page loads plotly.js here: the plain chain draws charts.")
    if facts["remote_scripts"]:
        print(f"- the stock page also links scripts on {', '.join(facts['remote_scripts'])}; "
              "the plain chain's chromium resolves no host (--host-resolver-rules), so they "
              "fail at once and cost no network time.")
    if not chromium:
        print("- Chromium was not found: no PDFs on either side, so the target cannot be judged.")
    noop_notes = set(steps["noop"].notes)
    if any("built" in s for s in noop_notes):
        print(f"- the no-op rebuild rebuilt reports ({'; '.join(sorted(noop_notes))}): an "
              "input (e.g. a library file of the editable install) changed during the run.")
    print("- the batch's own time per report is in the log (one line per report).")

    results = {
        "utc": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "period": args.period, "reports": n, "cities": slugs, "repeat": args.repeat,
        "git": _git_describe(), "python": platform.python_version(),
        "chromium": _version([chromium, "--version"]) if chromium else None,
        "cores": cores, "cores_usable": usable,
        "loadavg_1min_start": load_start, "loadavg_1min_end": load_end,
        "steps": {k: {"label": st.label, "seconds": [round(s, 3) for s in st.seconds],
                      "median_s": round(st.median, 3),
                      "reports_per_s": round((st.reports or n) / st.median, 3), "notes": st.notes}
                  for k, st in steps.items() if st.seconds},
        "ratio_batch_over_plain": round(ratio, 4),
        "ratio_html_only": round(html_ratio, 4),
        "target_ratio": TARGET_RATIO, "target_met": met, "quick": args.quick,
        "target_archive_s": TARGET_ARCHIVE_S, "target_noop_archive_s": TARGET_NOOP_ARCHIVE_S,
        "sizes_bytes": {label: size for label, size in sizes},
        "batch_maxrss_kb": maxrss, "batch_tree_peak_rss_kb": tree_peak,
        "plain_page": facts,
        "plain_chromium_flags": PLAIN_CHROMIUM_FLAGS,
        "wall_s": round(time.perf_counter() - t_start, 1),
    }
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out_json = Path(tempfile.gettempdir()) / f"exceed-bench-{stamp}.json"
    out_json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(f"results: {out_json}")
    if args.keep:
        print(f"kept {work} (project copy, outputs, plain chain files, bench.log)")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"bench took {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
