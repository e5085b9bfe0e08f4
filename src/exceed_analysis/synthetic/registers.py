"""Synthetic partner registers, activity logs and narratives for every EXCEED city.

The project has no real case data (and must never hold any). This module writes a
complete, *invented* ``data/raw/`` tree that follows ``docs/data-dictionary.md``:

* ``registers/<city>/<partner>/children.csv`` and ``services.csv`` for every partner in
  ``config/cities.yml``, May 2010 - December 2012;
* ``activities/<city>.csv`` for every city;
* a handful of ``narratives/<city>/<period>.md``, and every city's latest quarter from
  :mod:`exceed_analysis.synthetic.narratives`.

Two parts are calibrated to the only real figures the project has:

* the Bandar Lampung registers reproduce, for the period 2010-05-01..2010-12-31, every count
  of the seed report "Pelaksanaan EXCEED di Lampung tahun 2010" (``tests/reference-figures.yml``);
* the children enrolled up to 2010-09-30 reproduce, per sector, the family-contact shares
  of the September 2010 baseline table (daily / periodic / never, whole percent).

Everything else (other cities, 2011-2012, names, addresses, phone numbers) is invented.
The personal-data columns hold invented values but must be handled as if they were real.

The output is byte-for-byte reproducible for a given seed: every random draw comes from a
``random.Random`` seeded with a string derived from the seed, nothing depends on the clock,
on hash randomisation or on set iteration order.

Usage::

    python -m exceed_analysis.synthetic.registers              # rewrites the project's data/raw
    python -m exceed_analysis.synthetic.registers --out DIR --seed 2010
    python -m exceed_analysis.synthetic.registers --size national --out DIR   # a scale project root
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from exceed_analysis.synthetic import activities, cohort, draws, narratives, people, profiles
from exceed_analysis.synthetic.cohort import Child
from exceed_analysis.synthetic.profiles import (
    ACTIVITIES_COLUMNS,
    CHILDREN_COLUMNS,
    DATA_END,
    DEFAULT_OUT,
    LAMPUNG,
    SERVICES_COLUMNS,
)

__all__ = ["generate", "main", "DEFAULT_OUT", "CHILDREN_COLUMNS", "SERVICES_COLUMNS", "ACTIVITIES_COLUMNS"]


# --------------------------------------------------------------------------- writing


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _child_row(c: Child, sex: str, blank_type: bool, blank_traffic: bool) -> list[str]:
    age = str(c.age) if c.age_mode in ("age", "both") else ""
    if c.birth_date is not None:
        assert draws.completed_years(c.birth_date, c.intake) == c.age
    return [
        c.child_id,
        c.name,
        c.guardian,
        c.address,
        c.phone,
        sex,
        c.birth_date.isoformat() if c.birth_date else "",
        age,
        c.sector,
        "" if blank_type else c.beneficiary_type,
        c.intake.isoformat(),
        c.exit.isoformat() if c.exit else "",
        c.school,
        c.lwf or "",
        "" if c.contact == "unknown" and c.unknown_blank else (c.contact or ""),
        "" if blank_traffic else ("yes" if c.trafficking else "no"),
    ]


def generate(raw_dir: Path, seed: int = 2010) -> list[Path]:
    """Write the synthetic ``data/raw`` tree under ``raw_dir``; return the paths, sorted."""
    raw_dir = Path(raw_dir)
    reg = profiles.load_registry()
    slugs = [c["slug"] for c in reg["cities"]]
    assert LAMPUNG in slugs
    lampung = reg["cities"][slugs.index(LAMPUNG)]
    assert [p["code"] for p in lampung["partners"]] == ["CCC", "LAdA"]

    first = cohort.lampung_2010(seed)
    new = cohort.new_children(seed, reg, start_seq=len(first))
    cohort.describe(seed, new)
    kids = first + new
    cohort.family_contact(seed, kids)
    cohort.plan_services(seed, kids)
    kids = cohort.assign_ids_and_ages(seed, kids, reg)
    people.personal_data(seed, kids)

    rng = draws.rng(seed, "writing")
    written: list[Path] = []
    for city in reg["cities"]:
        for partner in city["partners"]:
            code = partner["code"]
            mine = [c for c in kids if c.city == city["slug"] and c.partner == code]
            # sex aliases P/L in a few rows of one non-Lampung partner (PTK2)
            aliases = {"F": 8, "M": 2} if code == "PTK2" else {"F": 0, "M": 0}
            rows, services = [], []
            for c in mine:
                sex = c.sex
                if aliases[sex] > 0:
                    aliases[sex] -= 1
                    sex = {"F": "P", "M": "L"}[sex]
                loose = city["slug"] != LAMPUNG
                blank_type = loose and c.beneficiary_type == "withdrawn" and rng.random() < 0.03
                blank_traffic = loose and not c.trafficking and rng.random() < 0.1
                c.unknown_blank = rng.random() < 0.5
                rows.append(_child_row(c, sex, blank_type, blank_traffic))
                for d, service, detail in c.services:
                    assert c.intake <= d <= min(c.exit or DATA_END, DATA_END), (c.child_id, d)
                    services.append([c.child_id, d.isoformat(), service, detail])
            rows.sort(key=lambda r: r[0])
            services.sort()
            folder = raw_dir / "registers" / city["slug"] / code
            written.append(_write_csv(folder / "children.csv", CHILDREN_COLUMNS, rows))
            written.append(_write_csv(folder / "services.csv", SERVICES_COLUMNS, services))
        written.append(
            _write_csv(
                raw_dir / "activities" / f"{city['slug']}.csv",
                ACTIVITIES_COLUMNS,
                activities.activities(seed, city),
            )
        )
    every = {**activities.NARRATIVES, **narratives.PARTIAL, **narratives.LATEST}
    for (slug, period), text in every.items():
        path = raw_dir / "narratives" / slug / f"{period}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    return sorted(written)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m exceed_analysis.synthetic.registers",
        description="Write the synthetic EXCEED registers, activities and narratives.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="raw-data folder to write (default: the project's data/raw); "
        "with --size, the new project root to write",
    )
    parser.add_argument("--seed", type=int, default=2010, help="random seed (default 2010)")
    parser.add_argument(
        "--size",
        metavar="NAME",
        help="instead, write a whole synthetic project root of a named size "
        "(small, medium, national) with exceed_analysis.synthetic.scale; needs "
        "--out; --districts, --children, --years, --start and "
        "--overwrite are passed on",
    )
    args, rest = parser.parse_known_args(argv)
    if args.size is not None:
        if args.out is None:
            parser.error("--size needs --out DIR (a new project root, never data/raw)")
        from exceed_analysis.synthetic import scale

        scale.main(["--size", args.size, "--out", str(args.out), "--seed", str(args.seed), *rest])
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    out = DEFAULT_OUT if args.out is None else args.out
    written = generate(out, seed=args.seed)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files ({size / 1e6:.1f} MB) under {out}")


if __name__ == "__main__":
    main()
