"""Scale benchmark: does a report's cost stay flat while the caseload grows?

Run with ``make bench-scale`` (or ``python bench/bench_scale.py``). In one run, side by side:

1. intake, rows per second and peak memory: the committed ("small") data and a generated
   larger caseload (``--size medium`` by default; ``--size national`` = 500 districts,
   one million children, ~15 million service rows: the documented command for the
   national figures);
2. one report's data step (everything before rendering) for one city-quarter, on the
   small store and on the large one, with the files the Parquet reader opened;
3. every district's headline figures for one quarter in one pass, against district by
   district;
4. the batch of the small store's eight reports, sequential against parallel;
5. where one report's time goes (kernel start, imports, data, execution, HTML, PDF) and
   the floor: a kernel that starts and imports the library.

Figures are measurements, never assertions: the script exits 0 and says whether each
target (data step ratio <= 1.2, intake < 4 GB, a report < 1 GB) was met.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent
QUARTER = "2012Q4"


def copy_project(root: Path) -> Path:
    for part in ("config", "notebooks", "data/raw"):
        shutil.copytree(PROJECT / part, root / part)
    return root


def measured(cmd: list[str], env: dict, log: Path) -> tuple[float, float]:
    """Run ``cmd``; its wall time and the peak RSS (MB) of its largest process."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    t0 = time.perf_counter()
    with open(log, "a") as fh:
        out = subprocess.run([PY, "-c", probe, *cmd], env=env, stdout=subprocess.PIPE,
                             stderr=fh, text=True, check=True)
    seconds = time.perf_counter() - t0
    return seconds, int(out.stdout.strip().splitlines()[-1]) / 1024


def python_json(code: str, env: dict, log: Path) -> dict:
    """Run a Python snippet in a fresh process; it prints one JSON object last."""
    with open(log, "a") as fh:
        out = subprocess.run([PY, "-c", textwrap.dedent(code)], env=env, stdout=subprocess.PIPE,
                             stderr=fh, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def env_for(root: Path) -> dict:
    env = dict(os.environ, EXCEED_PROJECT_ROOT=str(root))
    env.pop("EXCEED_MODE", None)
    return env


def intake(root: Path, log: Path) -> dict:
    seconds, rss = measured([str(BIN / "exceed"), "ingest"], env_for(root), log)
    summary = json.loads((root / "data/processed/intake-summary.json").read_text())
    rows = summary["rows_read"]
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "peak_mb": rss,
            "stored": summary["rows_stored"]}


DATA_STEP = """
    import json, resource, statistics, time
    from exceed_analysis import config
    from exceed_analysis.reports.city import CityReport
    from exceed_analysis.store.parquet import counting_filesystem, load_city
    import exceed_analysis.store.parquet as store

    city, period = {city!r}, {period!r}
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        rep = CityReport.load(city, period)
        for key in rep.tables():
            rep.table(key) if key in rep._ORDER else None
        for key in ("sex", "age", "courses", "partner_services"):
            rep.chart(key)._repr_mimebundle_()
        rep.indicators_json()
        times.append(time.perf_counter() - t0)
    fs = counting_filesystem()
    data = load_city(city, filesystem=fs)
    stored = sum(1 for _ in config.paths().processed.glob("*/*.parquet"))
    print(json.dumps({{"median_s": statistics.median(times), "children": len(data.children),
                      "files_opened": sorted(set(fs.handler.opened)), "store_files": stored,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def data_step(root: Path, city: str, log: Path) -> dict:
    return python_json(DATA_STEP.format(city=city, period=QUARTER), env_for(root), log)


ONE_PASS = """
    import json, time
    import pandas as pd
    from exceed_analysis import config
    from exceed_analysis.figures import registry as figures_registry
    from exceed_analysis.periods import parse_period
    from exceed_analysis.store.parquet import load_city

    period = parse_period({period!r})
    slugs = config.registry().slugs
    t0 = time.perf_counter()
    for slug in slugs:
        d = load_city(slug)
        figures_registry.compute(d.children, d.services, period, config.city(slug).partner_codes)
    one_by_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    processed = config.paths().processed
    kids = pd.read_parquet(processed / "children")
    svc = pd.read_parquet(processed / "services", columns=["city", "partner", "child_id", "date", "service"])
    table = figures_registry.headlines_by_city(kids, svc, period)
    one_pass = time.perf_counter() - t0
    print(json.dumps({{"districts": len(slugs), "one_by_one_s": one_by_one, "one_pass_s": one_pass,
                      "rows": int(len(table))}}))
"""


def all_districts(root: Path, log: Path) -> dict:
    return python_json(ONE_PASS.format(period=QUARTER), env_for(root), log)


def batch(root: Path, workers: int, log: Path) -> float:
    cmd = [str(BIN / "exceed"), "build", "--period", QUARTER, "--force", "--no-pdf",
           "--no-programme", "--quiet", "--workers", str(workers)]
    seconds, _ = measured(cmd, env_for(root), log)
    return seconds


PROFILE = """
    import json, time, shutil
    from pathlib import Path
    t0 = time.perf_counter()
    from exceed_analysis.batch import build
    from exceed_analysis.batch import runner
    from exceed_analysis.publish import render
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="python3")
    t = time.perf_counter(); km.start_kernel(); kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)
    kernel_start = time.perf_counter() - t
    t = time.perf_counter(); kc.execute_interactive("import exceed_analysis.reports.city", timeout=120)
    imports = time.perf_counter() - t
    t = time.perf_counter(); kc.execute_interactive("from exceed_analysis.reports.city import CityReport; rep = CityReport.load('sambas', {period!r})", timeout=120)
    data = time.perf_counter() - t
    kc.stop_channels()
    job = runner.plan_report("sambas", {period!r})
    render.copy_plotly_js(runner.paths().outputs / "assets")
    work = runner.new_work_dir(job)
    nb = runner._execute(job, work, km=km)  # first run pays papermill's and nbconvert's imports
    html = runner._to_html(job, nb, work, False, runner.assets_href(job, runner.paths()))
    t = time.perf_counter(); nb = runner._execute(job, work, km=km); execute = time.perf_counter() - t
    t = time.perf_counter(); html = runner._to_html(job, nb, work, False, runner.assets_href(job, runner.paths()))
    to_html = time.perf_counter() - t
    pdf = None
    if render.find_chromium():
        with render.PdfPrinter(serve_root=runner.paths().outputs, warm_scripts=("assets/plotly.min.js",)) as pr:
            pr.print_pdf(html, work / "warm.pdf")
            t = time.perf_counter(); pr.print_pdf(html, work / "report.pdf"); pdf = time.perf_counter() - t
    shutil.rmtree(work)
    km.shutdown_kernel(now=True)
    print(json.dumps({{"kernel_start": kernel_start, "import_library": imports, "data_step": data,
                      "execute_notebook_warm_kernel": execute, "html": to_html, "pdf_warm_browser": pdf}}))
"""


def profile(root: Path, log: Path) -> dict:
    return python_json(PROFILE.format(period=QUARTER), env_for(root), log)


def closest_district(root: Path, size: int) -> str:
    """The large store's district whose caseload is closest to ``size`` children."""
    code = f"""
        import json, pandas as pd
        from exceed_analysis import config
        p = config.paths().processed / "children"
        sizes = {{f.stem: pd.read_parquet(f, columns=["child_id"]).shape[0] for f in sorted(p.glob("*.parquet"))}}
        print(json.dumps(min(sizes, key=lambda s: (abs(sizes[s] - {size}), s))))
    """
    with tempfile.TemporaryFile("w+") as log:
        out = subprocess.run([PY, "-c", textwrap.dedent(code)], env=env_for(root),
                             stdout=subprocess.PIPE, stderr=log, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def row(label: str, value: str, note: str = "") -> str:
    return f"  {label:<58} {value:>16}  {note}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium", "national"),
                        help="the large caseload to generate (default medium)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args(argv)

    from exceed_analysis.synthetic import scale

    tmp = Path(tempfile.mkdtemp(prefix="exceed-bench-scale-"))
    log = tmp / "bench.log"
    small, large = tmp / "small", tmp / "large"
    results: dict = {"size": args.size, "cores": os.cpu_count()}
    try:
        copy_project(small)
        t0 = time.perf_counter()
        gen = scale.generate_project(large, seed=2010, **scale.SIZES[args.size])
        results["generate_s"] = time.perf_counter() - t0
        results["generated"] = {k: v for k, v in gen.items() if isinstance(v, (int, float, str))}

        results["intake_small"] = intake(small, log)
        results["intake_large"] = intake(large, log)

        small_city = "sambas"
        small_step = data_step(small, small_city, log)
        large_city = closest_district(large, small_step["children"])
        large_step = data_step(large, large_city, log)
        results["data_step"] = {"small": small_step, "large": large_step,
                                "ratio": large_step["median_s"] / small_step["median_s"]}
        results["all_districts"] = all_districts(large, log)
        results["batch"] = {"sequential_s": batch(small, 1, log),
                            "parallel_s": batch(small, os.cpu_count() or 2, log)}
        results["profile"] = profile(small, log)
    finally:
        (tmp / "results.json").write_text(json.dumps(results, indent=2) + "\n")

    r = results
    il, is_ = r["intake_large"], r["intake_small"]
    ds = r["data_step"]
    ad = r["all_districts"]
    print(f"exceed-analysis scale benchmark ({r['cores']} cores; large = {args.size}: "
          f"{r['generated'].get('districts')} districts, {r['generated'].get('children')} children, "
          f"{r['generated'].get('services')} service rows; generated in {r['generate_s']:.0f} s)")
    print(row("intake small: rows/s (rows)", f"{is_['rows_per_s']:,.0f}", f"{is_['rows']:,} rows in {is_['seconds']:.1f} s"))
    print(row("intake small: peak memory", f"{is_['peak_mb']:,.0f} MB"))
    print(row(f"intake {args.size}: rows/s (rows)", f"{il['rows_per_s']:,.0f}", f"{il['rows']:,} rows in {il['seconds']:.1f} s"))
    print(row(f"intake {args.size}: peak memory", f"{il['peak_mb']:,.0f} MB",
              "target < 4 GB: " + ("met" if il["peak_mb"] < 4096 else "MISSED")))
    print(row(f"data step, small store ({small_city}, {ds['small']['children']} children)",
              f"{ds['small']['median_s']:.3f} s", f"opened {len(ds['small']['files_opened'])} of {ds['small']['store_files']} store files"))
    print(row(f"data step, {args.size} store ({large_city}, {ds['large']['children']} children)",
              f"{ds['large']['median_s']:.3f} s", f"opened {len(ds['large']['files_opened'])} of {ds['large']['store_files']} store files"))
    print(row("data step ratio large/small", f"{ds['ratio']:.2f}", "target <= 1.2: " + ("met" if ds["ratio"] <= 1.2 else "MISSED")))
    print(row("data step peak memory (large store)", f"{ds['large']['peak_mb']:,.0f} MB",
              "target < 1 GB: " + ("met" if ds["large"]["peak_mb"] < 1024 else "MISSED")))
    print(row(f"headlines of {ad['districts']} districts, one pass", f"{ad['one_pass_s']:.2f} s"))
    print(row(f"headlines of {ad['districts']} districts, one by one", f"{ad['one_by_one_s']:.2f} s",
              f"x{ad['one_by_one_s'] / ad['one_pass_s']:.1f}"))
    b = r["batch"]
    print(row("batch of 8 reports (HTML), sequential", f"{b['sequential_s']:.1f} s"))
    print(row(f"batch of 8 reports (HTML), {r['cores']} workers", f"{b['parallel_s']:.1f} s",
              f"x{b['sequential_s'] / b['parallel_s']:.2f}"))
    pr = r["profile"]
    floor = pr["kernel_start"] + pr["import_library"]
    print("  one report, where the time goes:")
    for k in ("kernel_start", "import_library", "data_step", "execute_notebook_warm_kernel", "html", "pdf_warm_browser"):
        if pr.get(k) is not None:
            print(row(f"  {k.replace('_', ' ')}", f"{pr[k]:.2f} s"))
    print(row("  floor (kernel start + import), paid once per worker", f"{floor:.2f} s"))
    print(f"results: {tmp / 'results.json'}" if args.keep else "")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
