"""`make lab` runs `exceed lab`: JupyterLab on loopback at the explore notebook."""

from __future__ import annotations

import json
import os
import shutil
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


def test_lab_serves_the_project_root_at_the_analysts_copy(tmp_path, monkeypatch):
    """`exceed lab` serves the project root (outputs/, data/processed/ reachable) and opens
    lab/explore.ipynb, a git-ignored copy made on first start: the template is never touched."""
    root = tmp_path / "project"
    for name in ("config", "notebooks"):
        shutil.copytree(PROJECT / name, root / name)
    (root / "outputs").mkdir()
    (root / "outputs" / "index.html").write_text("<html></html>", encoding="utf-8")
    template = (root / "notebooks" / "explore.ipynb").read_bytes()
    monkeypatch.setenv("EXCEED_PROJECT_ROOT", str(root))
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
        assert (root / "lab" / "explore.ipynb").read_bytes() == template
        code, body = get(f"http://127.0.0.1:{port}/api/contents/lab/explore.ipynb?token={token}&content=0")
        assert code == 200 and json.loads(body)["name"] == "explore.ipynb"
        code, body = get(f"http://127.0.0.1:{port}/api/contents/outputs?token={token}")
        assert code == 200 and [f["name"] for f in json.loads(body)["content"]] == ["index.html"]
        code, body = get(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}")
        assert "python3" in json.loads(body)["kernelspecs"]
        code, _ = get(f"http://127.0.0.1:{port}/lab/tree/lab/explore.ipynb?token={token}")
        assert code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    assert proc.returncode is not None
    assert (root / "notebooks" / "explore.ipynb").read_bytes() == template


def test_lab_keeps_the_analysts_copy(tmp_path, monkeypatch):
    """A second start opens the analyst's saved copy as it is; it is never overwritten."""
    from exceed_analysis import cli

    root = tmp_path / "project"
    shutil.copytree(PROJECT / "notebooks", root / "notebooks")
    (root / "lab").mkdir()
    (root / "lab" / "explore.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("EXCEED_PROJECT_ROOT", str(root))
    calls = []
    monkeypatch.setattr(os, "execv", lambda exe, cmd: calls.append(cmd))
    assert cli.main(["lab", "--port", "1"]) in (0, None)
    assert (root / "lab" / "explore.ipynb").read_text(encoding="utf-8") == "{}"
    (cmd,) = calls
    assert f"--ServerApp.root_dir={root.resolve()}" in cmd
    assert "--LabApp.default_url=/lab/tree/lab/explore.ipynb" in cmd
