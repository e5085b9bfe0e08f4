"""The loopback server a :class:`~exceed_analysis.publish.printing.PdfPrinter` loads its
pages from: one folder, read-only, on 127.0.0.1 at a free port, in a daemon thread; plus
a warm-up page that loads the given scripts (the printer's shared page loads plotly.js
from it before the first report)."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse
from pathlib import Path
from typing import Any

__all__ = ["WARMUP_PATH", "serve_loopback"]

WARMUP_PATH = "/__exceed_warmup__.html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one folder, read-only, without logging every request; plus a warm-up page
    that loads the given scripts (the shared page loads them before the first report)."""

    warm_scripts: tuple[str, ...] = ()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path != WARMUP_PATH:
            return super().do_GET()
        tags = "".join(f'<script src="/{urllib.parse.quote(src)}"></script>' for src in self.warm_scripts)
        body = f"<!DOCTYPE html><html><head>{tags}</head><body></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve_loopback(root: Path, warm_scripts: tuple[str, ...] = ()) -> tuple[Any, str]:
    """Serve ``root`` on 127.0.0.1 at a free port, in a daemon thread."""
    handler_class = type("_Handler", (_QuietHandler,), {"warm_scripts": tuple(warm_scripts)})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # a short poll: shutdown() waits for the loop's next turn (half a second by default)
    serve = functools.partial(server.serve_forever, poll_interval=0.05)
    threading.Thread(target=serve, name="exceed-pdf-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
