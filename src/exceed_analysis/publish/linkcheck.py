"""Check every link of a built ``outputs/`` folder: none broken, none to any host.

Every HTML page under ``outputs/`` is parsed; each ``href``, ``src``, ``srcset``,
``action``, ``poster`` and ``data`` attribute, each CSS ``url()`` and each
``<meta http-equiv="refresh">`` is checked:

- it names no scheme and no host (``https://``, ``//host``, ``file:``, ``data:`` and
  ``javascript:`` included): the folder must work offline, copied anywhere;
- it is relative (no ``/`` at the start) and stays inside ``outputs/``;
- the file it points to exists, and a ``#fragment`` names an ``id`` (or ``name``) in the
  target page.

Run ``python -m exceed_analysis.publish.linkcheck [OUTPUTS]``: it prints every problem and
exits 1 if there is one.

Examples
--------
>>> Problem("index.html", "a", "href", "https://example.org/", "names a host").line()
'index.html: <a href="https://example.org/">: names a host'
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Problem", "check_links", "main"]

URL_ATTRS = {"href", "src", "action", "poster", "data", "formaction", "background", "cite"}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I)


@dataclass(frozen=True)
class Problem:
    page: str  # relative to outputs/
    tag: str
    attr: str
    url: str
    reason: str

    def line(self) -> str:
        return f'{self.page}: <{self.tag} {self.attr}="{self.url}">: {self.reason}'


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        for key in ("id", "name"):
            if d.get(key):
                self.ids.add(d[key])
        for attr, value in attrs:
            if value is None:
                continue
            if attr in URL_ATTRS:
                self.urls.append((tag, attr, value.strip()))
            elif attr == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.urls.append((tag, attr, part.split()[0]))
            elif attr == "style":
                self.urls += [(tag, "style", m[2]) for m in _CSS_URL.finditer(value)]
        if tag == "meta" and (d.get("http-equiv") or "").lower() == "refresh":
            target = (d.get("content") or "").partition("url=")[2]
            if target:
                self.urls.append((tag, "content", target.strip()))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [("style", "url()", m[2]) for m in _CSS_URL.finditer(data)]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def check_links(outputs: Path) -> tuple[list[Problem], int]:
    """Every problem of every page under ``outputs`` and the number of links checked."""
    outputs = Path(outputs).resolve()
    problems: list[Problem] = []
    parsed: dict[Path, _Page] = {}

    def page_of(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    checked = 0
    for path in sorted(outputs.rglob("*.html")):
        if any(part.startswith(".") for part in path.relative_to(outputs).parts):
            continue  # work folders of a build in progress
        rel = path.relative_to(outputs).as_posix()
        for tag, attr, url in page_of(path).urls:
            checked += 1
            parts = urlsplit(url)

            def bad(reason: str, rel=rel, tag=tag, attr=attr, url=url) -> None:
                problems.append(Problem(rel, tag, attr, url, reason))

            if parts.scheme or parts.netloc or url.startswith("//"):
                bad("names a host or scheme: the folder must work offline")
                continue
            if url.startswith("/"):
                bad("absolute path: links must be relative")
                continue
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if outputs != target and outputs not in target.parents:
                bad("points outside outputs/")
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                bad("broken: no such file")
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in page_of(target).ids:
                    bad(f"broken: no id {unquote(parts.fragment)!r} in {target.name}")
    return problems, checked


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        outputs = Path(args[0])
    else:
        from exceed_analysis.config import paths

        outputs = paths().outputs
    problems, checked = check_links(outputs)
    for p in problems:
        print(p.line())
    print(f"{checked} links checked in {outputs}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
