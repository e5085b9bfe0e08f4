"""What a report depends on, and one hash of it.

A report's digest covers its input files (registers, activities, narrative, store files,
template, text catalogues, the library's code), the versions of every package that shapes
it (as installed from ``requirements.lock``), the Python version, and its parameters.
Equal digests mean an identical report, so the batch skips it.

Within one build every file is hashed once, however many reports read it, and the
library's file list is walked once: :func:`new_build` starts a build's caches.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exceed_analysis.config import Paths, paths

if TYPE_CHECKING:
    from exceed_analysis.batch.runner import ReportJob

__all__ = [
    "REPORT_PACKAGES",
    "combined_digest",
    "input_digest",
    "input_files",
    "new_build",
    "package_versions",
    "package_version",
    "git_version",
    "sha256",
    "hash_stats",
    "store_paths",
    "load_raw_keys",
    "save_raw_keys",
]

log = logging.getLogger(__name__)

REPORT_PACKAGES = (
    "pandas",
    "numpy",
    "pyarrow",
    "pandera",
    "plotly",
    "nbconvert",
    "nbformat",
    "nbclient",
    "papermill",
    "ipykernel",
    "jupyter-client",
    "jinja2",
    "mistune",
    "bleach",
    "babel",
    "markdown-it-py",
    "pyyaml",
    "playwright",
    "traitlets",
)
"""Packages whose version can change a report's HTML, CSV, figures or PDF."""

PROGRAMME = "programme"

_LIBRARY_SUFFIXES = {".py", ".yml", ".j2", ".css", ".json"}
# modules that drive or index reports but do not shape their content
_NOT_IN_A_REPORT = {
    "batch/build.py",
    "batch/archive.py",
    "batch/status.py",
    "batch/signals.py",
    "batch/verify.py",
    "cli.py",
    "logs.py",
    "publish/site.py",
}

# (path, size, mtime_ns, inode) -> sha256, for the current build
_HASHES: dict[tuple[str, int, int, int], str] = {}
_HASH_STATS = {"calls": 0, "hashed": 0, "bytes": 0}


_KEYS: dict[str, str] = {}
_LIBRARY_DIGEST: dict[str, dict[str, str]] = {}


def new_build() -> None:
    """Forget the hashes and file lists of an earlier build in this process."""
    _HASHES.clear()
    _KEYS.clear()
    _LIBRARY_DIGEST.clear()
    _RAW_STATE["secret"] = None
    _HASH_STATS.update(calls=0, hashed=0, bytes=0)
    _library_files.cache_clear()


def hash_stats() -> dict[str, int]:
    """How many hashes were asked for in this build, how many files were read, and bytes."""
    return dict(_HASH_STATS)


def sha256(path: Path) -> str:
    """SHA-256 of a file, read once per build (keyed by size, mtime and inode)."""
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    _HASH_STATS["calls"] += 1
    found = _HASHES.get(key)
    if found is not None:
        return found
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    _HASH_STATS["hashed"] += 1
    _HASH_STATS["bytes"] += st.st_size
    _HASHES[key] = digest = h.hexdigest()
    return digest


def input_files(job: ReportJob, p: Paths | None = None, library: bool = True) -> list[Path]:
    """Every file a report depends on: its city's raw registers, activities and narrative,
    its processed store files, the template notebook and the library (code, text
    catalogues, templates)."""
    p = p or paths()
    files: list[Path] = []
    if job.kind == PROGRAMME:  # every city's store, the targets, the template, the library
        files += store_paths(p)
        files += [f for f in (p.cities_file, p.config_dir / "targets.yml", job.template) if f.is_file()]
        return files + list(_library_files() if library else ())
    reg_dir = p.registers / job.city.slug
    if reg_dir.is_dir():
        files += sorted(f for f in reg_dir.rglob("*") if f.is_file())
    for f in (
        p.activities / f"{job.city.slug}.csv",
        p.narratives / job.city.slug / f"{job.period.name}.md",
        p.cities_file,
        job.template,
    ):
        if f.is_file():
            files.append(f)
    files += store_paths(p, job.city.slug)
    return files + list(_library_files() if library else ())


def store_paths(p: Paths, city: str | None = None) -> list[Path]:
    """The store's files (``<table>/<city>.parquet``), of one city or of all, sorted; found
    without importing the store's reader (pandas), so that a no-op build stays light."""
    return sorted(p.processed.glob(f"*/{city}.parquet" if city else "*/*.parquet"))


@functools.lru_cache(maxsize=1)
def _library_files() -> tuple[Path, ...]:
    """The library a report runs: code, text catalogues, templates."""
    package = Path(__file__).resolve().parents[1]
    return tuple(
        sorted(
            f
            for f in package.rglob("*")
            if f.is_file()
            and f.suffix in _LIBRARY_SUFFIXES
            and f.relative_to(package).as_posix() not in _NOT_IN_A_REPORT
            and not f.relative_to(package).as_posix().startswith(("templates/site/", "synthetic/", "cli/"))
        )
    )


def input_digest(job: ReportJob, p: Paths | None = None) -> dict[str, str]:
    """Path (relative to the project root) -> SHA-256 of each input file. Within a build
    the library's files are hashed and named once for every report."""
    p = p or paths()
    root = p.root.resolve()
    library = _LIBRARY_DIGEST.get(str(root))
    if library is None:
        library = _LIBRARY_DIGEST[str(root)] = {_key(f, root): sha256(f) for f in _library_files()}
    out = {}
    for f in input_files(job, p, library=False):
        out[_key(f, root)] = sha256(f)
    out.update(library)
    return out


def _key(f: Path, root: Path) -> str:
    """A file's name in a manifest: relative to the project root, else its name."""
    s = str(f)
    found = _KEYS.get(s)
    if found is None:
        r = f.resolve()
        rel = r.relative_to(root).as_posix() if root in r.parents else None
        if rel is not None and rel.startswith("data/raw/"):
            rel = _raw_key(rel, root)  # by key, never by name (a file may be named after a child)
        found = _KEYS[s] = rel if rel is not None else f.name
    return found


# raw file keys remembered between builds (outputs/.input-keys.json), each under an HMAC of
# its path with the pseudonym secret and the registry: computing one loads intake (pandas)
_RAW_KEYS: dict[str, str] = {}
_RAW_STATE: dict[str, Any] = {"dirty": False, "secret": None}


def _raw_key(rel: str, root: Path) -> str:
    import hmac

    if _RAW_STATE["secret"] is None:
        from exceed_analysis.intake import pseudonym

        try:
            secret = pseudonym.load_key(root).secret
        except pseudonym.PseudonymKeyError:
            secret = b""
        cities = root / "config" / "cities.yml"
        _RAW_STATE["secret"] = secret + (sha256(cities).encode() if cities.is_file() else b"")
    tag = hmac.new(_RAW_STATE["secret"], rel.encode(), hashlib.sha256).hexdigest()[:32]
    found = _RAW_KEYS.get(tag)
    if found is None:
        from exceed_analysis.intake.pipeline import raw_file_key  # loads pandas: only when new

        found = _RAW_KEYS[tag] = raw_file_key(rel, root)
        _RAW_STATE["dirty"] = True
    return found


def load_raw_keys(path: Path) -> None:
    """Read the remembered raw file keys (a missing or broken file is ignored)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            _RAW_KEYS.update({str(k): str(v) for k, v in data.items()})
    except (OSError, ValueError):
        pass


def save_raw_keys(path: Path) -> None:
    """Write the raw file keys if new ones were computed (call with the output lock held)."""
    if not _RAW_STATE["dirty"]:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(_RAW_KEYS, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    _RAW_STATE["dirty"] = False


@functools.lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """Installed version of each of :data:`REPORT_PACKAGES` (``"absent"`` if missing)."""
    out = {}
    for name in REPORT_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


@functools.lru_cache(maxsize=1)
def package_version() -> str:
    try:
        return metadata.version("exceed-analysis")
    except metadata.PackageNotFoundError:
        return "unknown"


def git_version(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def combined_digest(job: ReportJob, inputs: dict[str, str], self_contained: bool = False) -> str:
    """One hash of everything a report depends on: input files, package versions, Python,
    the report's own parameters. Equal digests mean an identical report."""
    h = hashlib.sha256()
    for key, value in sorted(inputs.items()):
        h.update(f"{key}\0{value}\n".encode())
    for name, version in sorted(package_versions().items()):
        h.update(f"pkg:{name}\0{version}\n".encode())
    h.update(
        f"{package_version()}|{platform.python_version()}|{job.city.slug}|{job.period.name}|"
        f"{job.language}|{job.edition}|{self_contained}".encode()
    )
    return h.hexdigest()
