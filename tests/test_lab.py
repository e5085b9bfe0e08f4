"""`make lab` runs `exceed lab`: JupyterLab on loopback at the explore notebook."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as r:  # loopback only
        return r.status, r.read()


def test_lab_starts_on_loopback_at_the_explore_notebook(tmp_path):
    port, token = free_port(), "exceed-test-token"
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "exceed_analysis.cli", "lab", "--port", str(port),
                             "--token", token], stdout=log, stderr=subprocess.STDOUT,
                            cwd=tmp_path)
    try:
        status = None
        for _ in range(120):
            if proc.poll() is not None:
                break
            try:
                code, body = get(f"http://127.0.0.1:{port}/api/status?token={token}")
                status = json.loads(body)
                break
            except OSError:
                time.sleep(0.5)
        assert status is not None, (tmp_path / "lab.log").read_text()[-2000:]
        assert "started" in status
        code, body = get(f"http://127.0.0.1:{port}/api/contents/explore.ipynb?token={token}&content=0")
        assert code == 200 and json.loads(body)["name"] == "explore.ipynb"
        code, body = get(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}")
        assert "python3" in json.loads(body)["kernelspecs"]
        code, _ = get(f"http://127.0.0.1:{port}/lab/tree/explore.ipynb?token={token}")
        assert code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    assert proc.returncode is not None
